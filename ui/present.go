package ui

import (
	"strconv"
	"strings"

	"infercost/model"
	"infercost/theme"

	tea "github.com/charmbracelet/bubbletea"
)

// presentFrame is the presentation-mode layout: a title line, two
// headline panels, the verdict, and up to two charts; no controls, help
// or status.
type presentFrame struct {
	Header  rect
	Panels  [2]rect
	Verdict rect
	Charts  []rect
}

const presentPanelRows = 9

// presentLayout places presentation mode's blocks for a w x h terminal:
// the header on headRows; the verdict on the verdictRows its text wraps
// to (at least 3) where the charts keep their minimum height, on every
// row left where no chart fits.
func presentLayout(w, h, headRows, verdictRows int) presentFrame {
	if w < minWidth || h < minHeight {
		return presentFrame{}
	}
	f := presentFrame{Header: rect{0, 0, w, headRows}}
	y := headRows
	f.Panels = [2]rect{{0, y, w / 2, presentPanelRows}, {w / 2, y, w - w/2, presentPanelRows}}
	y += presentPanelRows
	rest, vh := h-y, max(3, verdictRows)
	switch {
	case rest-vh >= minChartHeight:
	case rest-3 >= minChartHeight:
		vh = rest - minChartHeight
	default:
		vh = max(0, rest)
	}
	f.Verdict = rect{0, y, w, vh}
	y += vh
	if rest := h - y; rest >= minChartHeight {
		n := 1
		if w >= 2*minChartWidth {
			n = 2
		}
		for i := 0; i < n; i++ {
			f.Charts = append(f.Charts, rect{w * i / n, y, w*(i+1)/n - w*i/n, rest})
		}
	}
	return f
}

// presentFrame is presentLayout for the figures now: the header and the
// verdict take the rows their texts wrap to.
func (m Model) presentFrame() presentFrame {
	return presentLayout(m.w, m.h, 1+len(m.presentWorkload()), len(keepRanked(m.presentParas(), m.h)))
}

// headlinePanel is one side's few figures, large, for a projector.
type headlinePanel struct {
	th   *theme.Theme
	side int
	w, h int
	c    computed
	view string
}

func newHeadlinePanel(th *theme.Theme, side int) headlinePanel {
	return headlinePanel{th: th, side: side}
}

// SetSize sets the panel's size.
func (p headlinePanel) SetSize(w, h int) headlinePanel {
	p.w, p.h = w, h
	p.view = p.render()
	return p
}

// SetTheme re-styles the panel.
func (p headlinePanel) SetTheme(th *theme.Theme) headlinePanel {
	p.th = th
	p.view = p.render()
	return p
}

// Update takes a recompute.
func (p headlinePanel) Update(msg tea.Msg) (headlinePanel, tea.Cmd) {
	if m, ok := msg.(computedMsg); ok {
		p.c = m.c
		p.view = p.render()
	}
	return p, nil
}

// View is the rendered panel, exactly w x h.
func (p headlinePanel) View() string { return p.view }

func (p headlinePanel) render() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	th, i := p.th, p.side
	r := p.c.cmp.Results[i]
	title := th.SideBold[i].Render(th.Marks.Letter[i] + " " + th.Marks.Glyph[i] + " " + sideName(p.c.cmp, p.c.in, i))
	lines := []string{" " + title, ""}
	switch {
	case p.c.err != nil:
		lines = append(lines, " "+th.Bad.Render(p.c.err.Error()))
	case p.c.cmp.Errs[i] != nil:
		lines = append(lines, " "+th.Bad.Render("cannot run this: "+p.c.cmp.Errs[i].Error()))
	default:
		big := bigText(strconv.FormatFloat(r.USDPerMillionOutputTokens, 'f', 2, 64))
		unit := []string{"", th.Text.Render("$ per million"), th.Text.Render("output tokens")}
		for j, l := range big {
			lines = append(lines, " "+th.Headline.Render(l)+"  "+unit[j])
		}
		lines = append(lines, "")
		room := max(1, p.h-len(lines)-1) // rows left above the deltas
		for _, l := range fitPartsLines(p.figureParts(r), " · ", p.w-1, room) {
			lines = append(lines, " "+l)
		}
		lines = append(lines, " "+p.deltas(r))
	}
	return strings.Join(fitBlock(strings.Join(lines, "\n"), p.w, p.h), "\n")
}

// figureParts are the figures under the big $/M, each labelled and all
// of one accounting: a pinned throughput is the user's measurement, so
// the estimated time per token is not set beside it.
func (p headlinePanel) figureParts(r model.Result) []string {
	th := p.th
	gpus := th.Headline.Render(strconv.Itoa(r.GPUsPerReplica)) + th.Muted.Render(map[bool]string{true: " GPU", false: " GPUs"}[r.GPUsPerReplica == 1])
	if r.Pinned { // said shorter where half a panel cannot hold it whole
		rate := fmtNum(r.TokensPerSecond)
		unit := firstFits(p.w-1-len(rate), " tok/s per replica (your measurement)", " tok/s per replica (measured)")
		return []string{th.Headline.Render(rate) + th.Muted.Render(unit), gpus}
	}
	return []string{th.Headline.Render(fmtMs(r.TPOTSeconds)) + th.Muted.Render("/token at batch "+strconv.Itoa(r.Batch)),
		th.Headline.Render(fmtNum(r.TokensPerSecond)) + th.Muted.Render(" tok/s per replica"), gpus}
}

// deltas compares with the baseline (or B with A) in words.
func (p headlinePanel) deltas(r model.Result) string {
	th, ref, what := p.th, model.Result{}, ""
	switch {
	case p.c.base != nil && p.c.base.cmp.Errs[p.side] == nil:
		ref, what = p.c.base.cmp.Results[p.side], "vs baseline"
	case p.side == 1 && p.c.cmp.Errs[0] == nil:
		ref, what = p.c.cmp.Results[0], "vs "+th.Marks.Letter[0]
	default:
		return ""
	}
	speed := fmtPct(model.Diff(ref.TPOTSeconds, r.TPOTSeconds)) + " time per token"
	if r.Pinned || ref.Pinned { // measured rates: compare them, not estimates
		speed = fmtPct(model.Diff(ref.TokensPerSecond, r.TokensPerSecond)) + " tok/s"
	}
	return th.Accent.Render(fmtPct(model.Diff(ref.USDPerMillionOutputTokens, r.USDPerMillionOutputTokens))+" $/M · "+
		speed) + th.Muted.Render(" "+what)
}

// bigFont is a 3-row block font for digits and the decimal point.
func bigGlyph(c rune) [3]string {
	switch c {
	case '0':
		return [3]string{"█▀█", "█ █", "▀▀▀"}
	case '1':
		return [3]string{"▀█ ", " █ ", "▀▀▀"}
	case '2':
		return [3]string{"▀▀█", "█▀▀", "▀▀▀"}
	case '3':
		return [3]string{"▀▀█", " ▀█", "▀▀▀"}
	case '4':
		return [3]string{"█ █", "▀▀█", "  ▀"}
	case '5':
		return [3]string{"█▀▀", "▀▀█", "▀▀▀"}
	case '6':
		return [3]string{"█▀▀", "█▀█", "▀▀▀"}
	case '7':
		return [3]string{"▀▀█", "  █", "  ▀"}
	case '8':
		return [3]string{"█▀█", "█▀█", "▀▀▀"}
	case '9':
		return [3]string{"█▀█", "▀▀█", "▀▀▀"}
	case '.':
		return [3]string{" ", " ", "▀"}
	}
	return [3]string{" ", " ", " "}
}

// bigText renders digits three rows tall.
func bigText(s string) [3]string {
	var out [3]string
	for i, c := range s {
		g := bigGlyph(c)
		for j := range out {
			if i > 0 {
				out[j] += " "
			}
			out[j] += g[j]
		}
	}
	return out
}

// presentView assembles presentation mode.
func (m Model) presentView() string {
	f := m.pres
	s := newScreen(m.w, m.h)
	s.place(f.Header, m.presHeader)
	s.place(f.Panels[0], m.heads[0].View())
	s.place(f.Panels[1], m.heads[1].View())
	s.place(f.Verdict, m.presVerdict)
	for _, c := range m.shownCharts() {
		s.place(c.r, m.charts[c.kind].View())
	}
	for i := range s.rows {
		if len(s.rows[i]) == 0 {
			s.rows[i] = []string{strings.Repeat(" ", m.w)}
		}
	}
	return s.String()
}

// presentHeader names the scenario and its workload.
func (m Model) presentHeader() string {
	name := nameOr(m.in.Scenario.Name, "custom scenario")
	lines := []string{fitLine(" "+m.th.Title.Render("infercost")+m.th.Muted.Render(" · ")+m.th.Bold.Render(name), m.w)}
	for _, l := range m.presentWorkload() {
		lines = append(lines, fitLine(" "+m.th.Muted.Render(l), m.w))
	}
	return strings.Join(lines, "\n")
}

// presentWorkload is the shared workload on up to two lines: the room
// sees figures that depend on it, a latency target above all.
func (m Model) presentWorkload() []string {
	return fitPartsLines(workloadParts(m.in.Scenario), "; ", m.w-1, 2)
}

// presentVerdict is the verdict block on h rows, its paragraphs whole.
func (m Model) presentVerdict(w, h int) string {
	return strings.Join(fitBlock(strings.Join(keepRanked(m.presentParas(), h), "\n"), w, h), "\n")
}

// presentParas are the verdict's paragraphs, wrapped, with a left
// margin: the headline, the comparison at the latency target (it says
// what the headline figures were chosen for), the reason and the advice.
func (m Model) presentParas() []para {
	th, v := m.th, m.figures.cmp.Verdict
	head := th.Bold
	if v.Winner >= 0 {
		head = th.SideBold[v.Winner]
	}
	wrapped := func(st theme.Style, s string) []string {
		if s == "" {
			return nil
		}
		var out []string
		for _, l := range wrap(s, m.w-1) {
			out = append(out, " "+st.Render(l))
		}
		return out
	}
	paras := []para{{wrapped(head, "Verdict: "+v.Headline), 0}}
	if v.AtTarget != "" {
		paras = append(paras, para{wrapped(th.Accent, atTargetText(v)), 1})
	}
	return append(paras, para{wrapped(th.Text, v.Reason), 2}, para{wrapped(th.Accent, adviceLine(m.figures)), 3})
}
