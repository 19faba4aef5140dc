package ui

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/theme"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// controlList is the column of sliders. It owns a copy of the inputs it
// edits; the root reads them back with Inputs after each Update.
type controlList struct {
	th       *theme.Theme
	keys     keyMap
	defs     []control
	user     []model.GPU // the GPUs of the user's own files, and those scenarios brought
	rows     []slider
	in       inputs
	cmp      model.Comparison
	sel      int // index into defs
	top      int // first visible row when scrolled
	advanced bool
	context  bool // the deployment-context controls are shown
	disabled bool // following a presenter: look, don't touch
	w, h     int
}

func newControlList(th *theme.Theme, keys keyMap, user []model.GPU) controlList {
	c := controlList{th: th, keys: keys, defs: controls(user), user: user}
	c.rows = make([]slider, len(c.defs))
	for i, d := range c.defs {
		c.rows[i] = newSlider(th, d.label, d.side)
	}
	return c
}

// SetSize sets the column's size.
func (c controlList) SetSize(w, h int) controlList {
	c.w, c.h = w, h
	c.rows = append([]slider(nil), c.rows...)
	for i := range c.rows {
		c.rows[i] = c.rows[i].SetSize(w)
	}
	return c.scroll()
}

// SetInputs shows in and its comparison (estimates, auto choices).
func (c controlList) SetInputs(in inputs, cmp model.Comparison) controlList {
	c.in, c.cmp = in, cmp
	return c.learnGPUs(in.Scenario).refresh()
}

// learnGPUs adds to the GPU choices a GPU of the user's own that arrived
// inside a scenario (a file, a preset, a share string, the presenter's),
// so a side stepped away from it can step back.
func (c controlList) learnGPUs(s model.Scenario) controlList {
	learnt := false
	for _, sd := range s.Sides {
		if sd.Spec == nil || slices.ContainsFunc(c.user, func(g model.GPU) bool { return g.ID == sd.Spec.ID }) {
			continue
		}
		c.user = append(slices.Clip(c.user), *sd.Spec)
		learnt = true
	}
	if learnt {
		c.defs = controls(c.user)
	}
	return c
}

// UserGPUs are the GPUs offered beside the catalog's.
func (c controlList) UserGPUs() []model.GPU { return c.user }

// SetTheme re-styles every row.
func (c controlList) SetTheme(th *theme.Theme) controlList {
	c.th = th
	c.rows = append([]slider(nil), c.rows...)
	for i := range c.rows {
		c.rows[i].th = th
		c.rows[i] = c.rows[i].SetSize(c.w)
	}
	return c.refresh()
}

// SetMode shows or hides the advanced knobs and disables editing.
func (c controlList) SetMode(advanced, disabled bool) controlList {
	c.advanced, c.disabled = advanced, disabled
	if !advanced && c.defs[c.sel].advanced {
		c.sel = c.visible()[len(c.visible())-1]
	}
	return c.refresh()
}

// SetContext shows or hides the deployment-context controls; shown, the
// first of them is selected.
func (c controlList) SetContext(on bool) controlList {
	c.context = on
	first := slices.IndexFunc(c.defs, func(d control) bool { return d.context })
	switch {
	case on && first >= 0:
		c.sel = first
	case !on && c.defs[c.sel].context:
		c.sel = c.visible()[len(c.visible())-1]
	}
	return c.scroll().refresh()
}

// SetKeys replaces the bindings (their enabled state changes).
func (c controlList) SetKeys(k keyMap) controlList { c.keys = k; return c }

// Inputs is the edited inputs.
func (c controlList) Inputs() inputs { return c.in }

// Selected is the selected control.
func (c controlList) Selected() control { return c.defs[c.sel] }

// visible lists the indexes of the shown controls.
func (c controlList) visible() []int {
	out := make([]int, 0, len(c.defs))
	for i, d := range c.defs {
		if (!d.advanced || c.advanced) && (!d.context || c.context) {
			out = append(out, i)
		}
	}
	return out
}

// Update moves the selection and the selected value.
func (c controlList) Update(msg tea.Msg) (controlList, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return c, nil
	}
	switch {
	case key.Matches(k, c.keys.Up, c.keys.Prev):
		c = c.move(-1)
	case key.Matches(k, c.keys.Down, c.keys.Next):
		c = c.move(1)
	case key.Matches(k, c.keys.First):
		c.sel = c.visible()[0]
		c = c.scroll().refresh()
	case key.Matches(k, c.keys.Last):
		vis := c.visible()
		c.sel = vis[len(vis)-1]
		c = c.scroll().refresh()
	case key.Matches(k, c.keys.Left):
		c = c.Step(-1, false)
	case key.Matches(k, c.keys.Right):
		c = c.Step(1, false)
	case key.Matches(k, c.keys.BigLeft):
		c = c.Step(-1, true)
	case key.Matches(k, c.keys.BigRight):
		c = c.Step(1, true)
	case key.Matches(k, c.keys.Unpin):
		c = c.unpin()
	}
	return c, nil
}

// move selects the visible control d rows away, wrapping around.
func (c controlList) move(d int) controlList {
	vis := c.visible()
	i := max(0, slices.Index(vis, c.sel))
	c.sel = vis[(i+d+len(vis))%len(vis)]
	return c.scroll().refresh()
}

// Select selects the visible row at y (0 = the first shown row); false
// when y is no row.
func (c controlList) Select(y int) (controlList, bool) {
	vis := c.visible()
	i := c.top + y
	if y < 0 || y >= c.rowsShown() || i >= len(vis) {
		return c, false
	}
	c.sel = vis[i]
	return c.refresh(), true
}

// Step moves the selected control one small or big step.
func (c controlList) Step(dir int, big bool) controlList {
	if c.disabled {
		return c
	}
	c.defs[c.sel].step(&c.in, c.cmp, dir, big)
	return c.refresh()
}

// Set parses text into the selected control.
func (c controlList) Set(text string) (controlList, error) {
	if err := c.defs[c.sel].set(&c.in, text); err != nil {
		return c, err
	}
	return c.refresh(), nil
}

// unpin returns the selected side's throughput to the estimate, or both
// when no throughput control is selected.
func (c controlList) unpin() controlList {
	if c.disabled {
		return c
	}
	d := c.defs[c.sel]
	for i := range c.in.Scenario.Sides {
		if !d.throughput || d.side == i {
			c.in.Scenario.Sides[i].PinnedTokensPerSecond = 0
		}
	}
	return c.refresh()
}

// scroll keeps the selection on screen.
func (c controlList) scroll() controlList {
	vis := c.visible()
	i := max(0, slices.Index(vis, c.sel))
	switch {
	case c.h <= 0:
	case i < c.top:
		c.top = i
	case i >= c.top+c.rowsShown():
		c.top = i - c.rowsShown() + 1
	}
	c.top = max(0, min(c.top, len(vis)-c.rowsShown()))
	return c
}

// rowsShown is how many control rows fit: all of the height, or all but
// the last line when some controls are off screen and that line says so.
func (c controlList) rowsShown() int {
	if len(c.visible()) > c.h && c.h >= 2 {
		return c.h - 1
	}
	return c.h
}

// foldCue says how many controls are above and below the shown window.
func (c controlList) foldCue() string {
	n := len(c.visible())
	above, below := c.top, max(0, n-c.top-c.rowsShown())
	var parts []string
	if above > 0 {
		parts = append(parts, "▴ "+strconv.Itoa(above)+" above")
	}
	if below > 0 {
		parts = append(parts, "▾ "+strconv.Itoa(below)+" more below")
	}
	// The keys go whole when the counts leave no room for them.
	cue := fitPartsLines([]string{strings.Join(parts, " · "), "(↑/↓, g/G)"}, " ", c.w-2, 1)[0]
	return fitLine("  "+c.th.Muted.Render(cue), c.w)
}

// refresh gives every row its value. Rows are copied first: a copy of
// the list must not change when the original moves on.
func (c controlList) refresh() controlList {
	c.rows = append([]slider(nil), c.rows...)
	for i, d := range c.defs {
		text, frac := d.value(c.in, c.cmp)
		c.rows[i], _ = c.rows[i].Update(sliderValueMsg{text: text, frac: frac, selected: i == c.sel, disabled: c.disabled})
	}
	return c
}

// View draws the visible window of rows.
func (c controlList) View() string {
	vis := c.visible()
	rows := c.rowsShown()
	lines := make([]string, 0, c.h)
	for _, i := range vis[min(c.top, len(vis)):] {
		if len(lines) == rows {
			break
		}
		lines = append(lines, c.rows[i].View())
	}
	if rows < c.h {
		lines = append(lines, c.foldCue())
	}
	return strings.Join(lines, "\n")
}

// maxTrackSteps bounds the steps a click on a track may take.
const maxTrackSteps = 400

// TrackFrac maps column x of a row (0 = the row's first cell) to a
// position on the selected slider's bar, 0..1; false when x is off the
// bar or the control is a stepper.
func (c controlList) TrackFrac(x int) (float64, bool) {
	s := c.rows[c.sel]
	labelW, barW, _ := s.columns()
	x0 := 2 + labelW + 1 // the mark, the label, a space
	if s.frac < 0 || barW < 2 || x < x0 || x >= x0+barW {
		return 0, false
	}
	return float64(x-x0) / float64(barW-1), true
}

// SetFrac moves the selected slider to the position nearest target by its
// own steps, so a click lands on a value the keys could reach.
func (c controlList) SetFrac(target float64) controlList {
	d := c.defs[c.sel]
	_, cur := d.value(c.in, c.cmp)
	if c.disabled || cur < 0 {
		return c
	}
	dir := 1
	if target < cur {
		dir = -1
	}
	in, best, bestIn := c.in, math.Abs(cur-target), c.in
	for range maxTrackSteps {
		d.step(&in, c.cmp, dir, false)
		_, f := d.value(in, c.cmp)
		if math.Abs(f-target) < best {
			best, bestIn = math.Abs(f-target), in
		}
		if float64(dir)*(f-target) >= 0 || f == cur {
			break // past the target, or at the end of the track
		}
		cur = f
	}
	c.in = bestIn
	return c.refresh()
}
