package ui

import (
	"math"
	"strings"

	"infercost/model"
	"infercost/model/sensitivity"
	"infercost/theme"
	"infercost/ui/report"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// sensView is the overlay "what moves the answer" (m): each assumption
// moved alone across its range (sensitivity.Of) as horizontal bars
// of each GPU's $ per million output tokens on one shared scale, sorted
// by swing, with the assumptions that flip the verdict marked. It is
// computed when the overlay opens and on each recompute while open.
type sensView struct {
	x   report.SensitivityExport
	err error
	top int // first line shown
}

// sensValueWidth is the "$67.81 → $76.78" column.
const sensValueWidth = 17

// refreshSensitivity computes the rows for the current scenario, keeping
// the scroll position.
func (m Model) refreshSensitivity() Model {
	v := sensView{top: m.sens.top, err: m.figures.err}
	if v.err == nil {
		v.x, v.err = report.NewSensitivity(m.in.Scenario)
	}
	m.sens = v
	return m
}

func (m Model) openSensitivity() Model {
	m.showSens, m.sens.top = true, 0
	m.status = ""
	return m.refreshSensitivity()
}

// onSensitivityKey: the overlay scrolls, copies its table and closes; no
// key edits the scenario unseen behind it.
func (m Model) onSensitivityKey(k tea.KeyMsg) (Model, tea.Cmd) {
	km := m.keys
	top, scrolled := m.scrollKey(k, m.sens.top)
	switch {
	case scrolled:
		m.sens.top = top
	case key.Matches(k, km.Quit):
		return m.onQuitKey()
	case key.Matches(k, km.Sensitivity, km.Close):
		m.showSens = false
	case key.Matches(k, km.Theme):
		m = m.setTheme(theme.Next(m.th.Name))
	case key.Matches(k, km.Export):
		return m.onExportSensitivityKey()
	}
	m.sens.top = m.clampTop(m.sens.top, len(m.sensLines(m.w)))
	return m, nil
}

// onExportSensitivityKey copies the overlay as Markdown (report
// --sensitivity prints the same), and writes it locally like the summary.
func (m Model) onExportSensitivityKey() (Model, tea.Cmd) {
	if m.sens.err != nil {
		m.status = "nothing to copy: " + m.sens.err.Error()
		return m, nil
	}
	return m.copyOverlay(m.sens.x.Markdown(), "sensitivity table")
}

// sensPage is the overlay, exactly w x h, from line top.
func (m Model) sensPage(w, h int) string {
	return m.overlayPage(m.sensLines(w), m.sens.top, w, h, "m", true)
}

// sensLines lays the overlay out: a title, a legend, then per assumption
// a line of words and one bar per GPU.
func (m Model) sensLines(w int) []string {
	th, x := m.th, m.sens.x
	out := []string{th.Title.Render("What moves the answer") + th.Muted.Render(" · m or esc closes · e copies as Markdown")}
	if m.sens.err != nil {
		for _, l := range wrap("No figures: "+m.sens.err.Error(), max(10, w)) {
			out = append(out, th.Bad.Render(l))
		}
		return out
	}
	for _, l := range wrap("$/M output tokens, each assumption moved alone (the rest and GPUs per replica held), "+
		"largest swing first: █ low to high end on one scale, │ now, ⚑ flips the verdict.", max(10, w)) {
		out = append(out, th.Muted.Render(l))
	}
	lo, hi := sensScale(x)
	barW := max(8, w-6-sensValueWidth-2)
	for _, r := range x.Rows {
		out = append(out, m.sensHead(r, w))
		for i := range 2 {
			out = append(out, m.sensBar(r, i, lo, hi, barW))
		}
	}
	return out
}

// sensHead is a row's first line: the assumption, its range, the cost
// ratio at both ends and the flip.
func (m Model) sensHead(r sensitivity.Sensitivity, w int) string {
	th := m.th
	s := th.Bold.Render(r.Label) + th.Muted.Render(" "+report.RangeText(r)+" · B/A "+report.RatioText(r.Low)+" → "+
		report.RatioText(r.High)+" · swing "+report.SwingText(r))
	if f := report.FlipText(r); f != "" {
		s += th.Warn.Render(" · ⚑ " + f)
	}
	return fitLine(s, w)
}

// sensBar is side i's bar: "  A ● $5.65 → $2.24  ·····█████│██····".
func (m Model) sensBar(r sensitivity.Sensitivity, i int, lo, hi float64, barW int) string {
	th := m.th
	head := "  " + th.Side[i].Render(th.Marks.Letter[i]+" "+th.Marks.Glyph[i]) + " "
	vals := report.CostText(r.Low, i) + " → " + report.CostText(r.High, i)
	line := head + th.Text.Render(padRight(vals, sensValueWidth)) + " "
	if !r.Low.OK[i] || !r.High.OK[i] {
		return line + th.Muted.Render("n/a: cannot take this step")
	}
	cells := []rune(strings.Repeat("·", barW))
	pos := func(v float64) int {
		if hi <= lo {
			return 0
		}
		return min(barW-1, max(0, int(math.Round((v-lo)/(hi-lo)*float64(barW-1)))))
	}
	a, b := pos(r.Low.USDPerMillion[i]), pos(r.High.USDPerMillion[i])
	for c := min(a, b); c <= max(a, b); c++ {
		cells[c] = '█'
	}
	if now, ok := m.sensNow(i); ok {
		cells[pos(now)] = '│'
	}
	return line + th.Side[i].Render(string(cells))
}

// sensNow is side i's $ per million output tokens now.
func (m Model) sensNow(i int) (float64, bool) {
	f := m.figures
	if f.err != nil || f.cmp.Errs[i] != nil {
		return 0, false
	}
	return f.cmp.Results[i].USDPerMillionOutputTokens, true
}

// sensScale is the shared scale of every bar: the lowest and highest $
// per million any GPU reaches at any end.
func sensScale(x report.SensitivityExport) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range x.Rows {
		for _, e := range []sensitivity.SensitivityEnd{r.Low, r.High} {
			for i := range 2 {
				if e.OK[i] && model.Finite(e.USDPerMillion[i]) {
					lo, hi = math.Min(lo, e.USDPerMillion[i]), math.Max(hi, e.USDPerMillion[i])
				}
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	return lo, hi
}

func padRight(s string, w int) string {
	if n := len([]rune(s)); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}
