package ui

import (
	"infercost/model"
	"infercost/theme"
	"infercost/ui/scenario"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// onKeys splits merged rune presses and handles each key in turn.
func (m Model) onKeys(k tea.KeyMsg) (Model, tea.Cmd) {
	var cmds []tea.Cmd
	for _, one := range splitKeys(k) {
		var cmd tea.Cmd
		m, cmd = m.onKey(one)
		cmds = append(cmds, cmd)
		m = m.finish() // the next key sees the bindings this one enabled
	}
	return m, tea.Batch(cmds...)
}

// onKey handles one key press. A meeting notice has been read by then.
func (m Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	m.meet.notice = ""
	if key.Matches(k, m.keys.Interrupt) {
		return m, tea.Quit
	}
	if m.entry.active {
		var cmd tea.Cmd
		m.entry, cmd = m.entry.Update(k)
		return m, cmd
	}
	km := m.keys
	if !key.Matches(k, km.Quit) {
		m.quitArmed = false
	}
	if m.confirm != nil && !key.Matches(k, km.Quit) {
		return m.onConfirmKey(k)
	}
	if m.rank.open && !key.Matches(k, km.Quit) && !key.Matches(k, km.Theme) {
		return m.onRankKey(k)
	}
	if m.showClaims {
		return m.onClaimsKey(k)
	}
	if m.showSens {
		return m.onSensitivityKey(k)
	}
	if m.showHelp {
		return m.onHelpKey(k)
	}
	switch {
	case key.Matches(k, km.Quit):
		return m.onQuitKey()
	case key.Matches(k, km.SaveAs):
		return m.onSaveAsKey()
	case key.Matches(k, km.Help):
		m.showHelp, m.helpTop = true, 0
	case key.Matches(k, km.Close):
		if m.presentation {
			m.presentation = false
			return m.applyLayout(), nil
		}
	case key.Matches(k, km.Advanced):
		m.advanced = !m.advanced
		m = m.syncMode()
	case key.Matches(k, km.Context):
		m.showContext = !m.showContext
		m.ctl = m.ctl.SetContext(m.showContext)
	case key.Matches(k, km.Claims):
		return m.openClaims(), nil
	case key.Matches(k, km.Sensitivity):
		return m.openSensitivity(), nil
	case key.Matches(k, km.Share):
		return m.onShareKey()
	case key.Matches(k, km.Chart):
		m.chart0 = (m.chart0 + len(m.shownCharts())) % int(numCharts)
		m = m.applyLayout()
	case key.Matches(k, km.Theme):
		m = m.setTheme(theme.Next(m.th.Name))
	case key.Matches(k, km.Presentation):
		m.presentation = !m.presentation
		m = m.applyLayout()
	case key.Matches(k, km.Baseline):
		m = m.toggleBaseline()
	case key.Matches(k, km.Save):
		return m.onSaveKey()
	case key.Matches(k, km.Export):
		return m.onExportKey()
	case key.Matches(k, km.PresentToMeeting):
		return m.onPresentToMeetingKey()
	case key.Matches(k, km.Follow):
		return m.onFollowKey()
	case key.Matches(k, km.Rank):
		m.rank = m.rank.Open(m.in.Scenario, m.ctl.UserGPUs())
	default:
		return m.onEditKey(k)
	}
	return m, nil
}

// onEditKey handles the keys that change the scenario.
func (m Model) onEditKey(k tea.KeyMsg) (Model, tea.Cmd) {
	km := m.keys
	switch {
	case key.Matches(k, km.Reset):
		return m.onResetKey()
	case key.Matches(k, km.CalibratePin):
		return m.onCalibratePinKey()
	case key.Matches(k, km.Quote):
		return m.onQuoteKey()
	case key.Matches(k, km.Preset):
		return m.nextPreset()
	case key.Matches(k, km.LinkUtil):
		in := m.in
		in.Scenario = toggleUtilizationLink(in.Scenario)
		return m.apply(bindFleetUtilization(m.in, in))
	case key.Matches(k, km.Enter):
		text, _ := m.ctl.Selected().value(m.in, m.figures.cmp)
		m.entry = m.entry.Open(m.selectedLabel(), text)
		return m, nil
	}
	m.ctl, _ = m.ctl.Update(k)
	return m.applyControls()
}

// applyControls takes the controls' inputs when they changed.
func (m Model) applyControls() (Model, tea.Cmd) {
	if in := bindFleetUtilization(m.in, m.ctl.Inputs()); in != m.in {
		m.status = ""
		return m.apply(in)
	}
	return m, nil
}

// apply makes in current and recomputes; Update then publishes it when
// presenting.
func (m Model) apply(in inputs) (Model, tea.Cmd) {
	m.in = in
	m = m.recompute()
	return m, nil
}

// recompute runs the model and hands the outcome to every child shown.
func (m Model) recompute() Model {
	cmp, err := model.Compare(m.in.Scenario)
	m.figures = computed{in: m.in, cmp: cmp, err: err, base: m.base, fleet: sizeFleets(m.in, cmp)}
	m.figures.advice, m.figures.adviceErr = advise(m.in, cmp, err)
	if m.showClaims {
		m = m.refreshClaims()
	}
	if m.showSens {
		m = m.refreshSensitivity()
	}
	m.ctl = m.ctl.SetInputs(m.in, cmp)
	msg := computedMsg{m.figures}
	for i := range m.panels {
		m.panels[i], _ = m.panels[i].Update(msg)
		m.heads[i], _ = m.heads[i].Update(msg)
	}
	m.verdict, _ = m.verdict.Update(msg)
	m.fleet, _ = m.fleet.Update(msg)
	m.pres = m.presentFrame() // its header and verdict wrap to the new texts
	for _, s := range m.shownCharts() {
		m.charts[s.kind] = m.charts[s.kind].Show(m.figures, s.r.W, s.r.H)
	}
	return m
}

// shownChart is a chart on screen and its place.
type shownChart struct {
	kind chartKind
	r    rect
}

// shownCharts lists the charts the layout has room for, starting at chart0.
func (m Model) shownCharts() []shownChart {
	rs := m.lay.Charts
	if m.presentation {
		rs = m.pres.Charts
	}
	out := make([]shownChart, len(rs))
	for j, r := range rs {
		out[j] = shownChart{chartKind((m.chart0 + j) % int(numCharts)), r}
	}
	return out
}

func (m Model) onResize(w, h int) Model {
	m.w, m.h = w, h
	return m.applyLayout()
}

// applyLayout sizes every child for the current frame.
func (m Model) applyLayout() Model {
	m.lay, m.pres = layout(m.w, m.h), m.presentFrame()
	f := m.lay
	m.ctl = m.ctl.SetSize(f.Controls.W, f.Controls.H)
	for i := range m.panels {
		m.panels[i] = m.panels[i].SetSize(f.Panels[i].W, f.Panels[i].H, f.Compact)
		m.heads[i] = m.heads[i].SetSize(m.pres.Panels[i].W, m.pres.Panels[i].H)
	}
	m.verdict = m.verdict.SetSize(f.Verdict.W, f.Verdict.H)
	m.fleet = m.fleet.SetSize(f.Fleet.W, f.Fleet.H)
	m.entry = m.entry.SetSize(m.w)
	m.rank = m.rank.SetSize(m.w, m.h-headerRows-footerRows)
	m.help.Width = m.w
	for _, s := range m.shownCharts() {
		m.charts[s.kind] = m.charts[s.kind].Show(m.figures, s.r.W, s.r.H)
	}
	return m
}

// syncMode tells the controls about advanced knobs and follow mode.
func (m Model) syncMode() Model {
	m.ctl = m.ctl.SetMode(m.advanced, m.meet.following)
	return m
}

func (m Model) setTheme(name string) Model {
	th := theme.New(m.opts.Renderer, name)
	m.th, m.help = th, newHelp(th)
	m.help.Width = m.w
	m.ctl = m.ctl.SetTheme(th)
	for i := range m.panels {
		m.panels[i] = m.panels[i].SetTheme(th)
		m.heads[i] = m.heads[i].SetTheme(th)
	}
	m.verdict, m.fleet = m.verdict.SetTheme(th), m.fleet.SetTheme(th)
	for k := range m.charts {
		m.charts[k].th = th
	}
	m.entry = m.entry.SetTheme(th)
	m.rank = m.rank.SetTheme(th)
	m.status = "theme: " + th.Name
	return m.applyLayout()
}

func (m Model) toggleBaseline() Model {
	if m.base != nil {
		m.base, m.status = nil, "baseline cleared"
	} else {
		m.base = &baseline{in: m.in, cmp: m.figures.cmp}
		m.status = "baseline pinned: the panels show each figure's change against it"
	}
	return m.recompute()
}

// nextPreset loads the next of Options.Presets.
func (m Model) nextPreset() (Model, tea.Cmd) {
	n := len(m.opts.Presets)
	if n == 0 {
		m.status = "no presets"
		return m, nil
	}
	m.preset++
	switch {
	case m.preset == n && presetIndex(m.opts.Presets, m.start) < 0:
		// After the last preset comes the scenario the session opened with.
		m.preset, m.loaded = -1, m.start
		m.status = "back to the scenario this session opened with"
		return m.apply(inputs{Scenario: m.loaded})
	case m.preset >= n:
		m.preset = 0
	}
	m.loaded = withFleetLoad(m.opts.Presets[m.preset])
	m.status = ""
	return m.apply(inputs{Scenario: m.loaded})
}

// selectedLabel names the selected control with its side letter.
func (m Model) selectedLabel() string {
	c := m.ctl.Selected()
	if c.side >= 0 {
		return m.th.Marks.Letter[c.side] + " " + c.label
	}
	return c.label
}

// onEntrySubmit applies typed text, or keeps the entry open with why not.
func (m Model) onEntrySubmit(msg entrySubmitMsg) (Model, tea.Cmd) {
	switch {
	case strings.TrimSpace(msg.text) == "" && msg.path:
		m.entry, m.status = m.entry.Close(), "not saved: no file name typed"
		return m, nil
	case strings.TrimSpace(msg.text) == "":
		m.entry = m.entry.Close()
		m.status = m.selectedLabel() + " unchanged: nothing typed"
		return m, nil
	case msg.path:
		m.entry = m.entry.Close()
		return m.saveCmd(m.in.Scenario, strings.TrimSpace(msg.text), false)
	case scenario.IsShare(msg.text):
		return m.openShare(msg.text)
	}
	ctl, err := m.ctl.Set(msg.text)
	if err == nil && m.figures.err == nil {
		// Refuse what report would refuse (GPUs per replica that do not
		// divide the heads), with the model's reason.
		_, err = model.Compare(ctl.Inputs().Scenario)
	}
	if err != nil {
		m.entry = m.entry.Fail(err.Error()) // the entry line names the control
		return m, nil
	}
	m.ctl, m.entry = ctl, m.entry.Close()
	m, cmd := m.applyControls()
	c := m.ctl.Selected()
	text, _ := c.value(m.in, m.figures.cmp)
	m.status = m.selectedLabel() + " set to " + text
	if c.price && c.side >= 0 { // a published price says whose it is
		sd := m.in.Scenario.Sides[c.side]
		if g, err := sd.LookupGPU(); err == nil {
			if _, ok := model.PriceOrigin(g, sd); ok {
				m.status += ": " + model.PriceSource(g, sd) // both, if two quotes share the figure
			}
		}
	}
	return m, cmd
}

// onMouse selects a control by click and moves it by wheel; a click on a
// chart shows the next one.
func (m Model) onMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.presentation || m.showHelp || m.lay.Mode == tooSmall || msg.Action != tea.MouseActionPress {
		return m, nil
	}
	r := m.lay.Controls
	if r.contains(msg.X, msg.Y) {
		ctl, ok := m.ctl.Select(msg.Y - r.Y)
		if !ok {
			return m, nil
		}
		m.ctl = ctl
		switch msg.Button {
		case tea.MouseButtonLeft:
			if f, ok := m.ctl.TrackFrac(msg.X - r.X); ok {
				m.ctl = m.ctl.SetFrac(f)
			}
		case tea.MouseButtonWheelUp:
			m.ctl = m.ctl.Step(1, false)
		case tea.MouseButtonWheelDown:
			m.ctl = m.ctl.Step(-1, false)
		}
		return m.applyControls()
	}
	for _, c := range m.lay.Charts {
		if c.contains(msg.X, msg.Y) && msg.Button == tea.MouseButtonLeft &&
			len(m.lay.Charts) < int(numCharts) {
			m.chart0 = (m.chart0 + 1) % int(numCharts)
			return m.applyLayout(), nil
		}
	}
	return m, nil
}

func nameOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
