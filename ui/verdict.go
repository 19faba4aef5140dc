package ui

import (
	"strings"

	"infercost/model"
	"infercost/model/advice"
	"infercost/theme"
	"infercost/ui/text"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// maxBatchNote is the honest footnote for figures at max batch.
const maxBatchNote = "* max batch: every slot always busy; queueing delay under saturation is outside this roofline model"

// verdictPanel shows model.Verdict: headline, reason, break-even price and
// utilization, and the decision factors when there is room.
type verdictPanel struct {
	th   *theme.Theme
	w, h int
	c    computed
	view string
}

func newVerdictPanel(th *theme.Theme) verdictPanel { return verdictPanel{th: th} }

// SetSize sets the block's size.
func (v verdictPanel) SetSize(w, h int) verdictPanel {
	v.w, v.h = w, h
	v.view = v.render()
	return v
}

// SetTheme re-styles the block.
func (v verdictPanel) SetTheme(th *theme.Theme) verdictPanel {
	v.th = th
	v.view = v.render()
	return v
}

// Update takes a recompute.
func (v verdictPanel) Update(msg tea.Msg) (verdictPanel, tea.Cmd) {
	if m, ok := msg.(computedMsg); ok {
		v.c = m.c
		v.view = v.render()
	}
	return v, nil
}

// View is the rendered block, exactly w x h.
func (v verdictPanel) View() string { return v.view }

func (v verdictPanel) render() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	th, vd := v.th, v.c.cmp.Verdict
	if v.c.err != nil {
		return strings.Join(fitBlock(th.Bad.Render(v.c.err.Error()), v.w, v.h), "\n")
	}
	head := th.Bold
	if vd.Winner >= 0 {
		head = th.SideBold[vd.Winner]
	}
	if v.h <= 3 {
		return strings.Join(fitBlock(strings.Join(v.short(head.Style), "\n"), v.w, v.h), "\n")
	}
	reason, even := 4, 3    // the panels show the reason's figures
	if !fitsBoth(v.c.cmp) { // why it cannot serve matters more than a price
		reason, even = 3, 4
	}
	paras := []para{{v.para(head.Style, "Verdict: "+vd.Headline), 0}}
	if vd.AtTarget != "" {
		// The question planning asks comes first: who serves more at the
		// latency the product needs.
		paras = append(paras, para{v.para(th.Accent.Style, atTargetText(vd)), 1})
	}
	paras = append(paras, para{v.para(th.Accent.Style, adviceLine(v.c)), 2},
		para{v.para(th.Text.Style, vd.Reason), reason}, para{v.para(th.Muted.Style, v.breakEven()), even})
	if v.h >= 8 {
		for _, f := range v.factors() {
			paras = append(paras, para{[]string{f}, 5})
		}
	}
	lines := keepRanked(paras, v.h)
	return strings.Join(fitBlock(strings.Join(lines, "\n"), v.w, v.h), "\n")
}

// para is a paragraph's lines and its rank (0 first) for keepRanked.
type para struct {
	lines []string
	rank  int
}

// keepRanked lays paragraphs in reading order on room rows: when they do
// not all fit, the lowest ranked go whole rather than one being cut (the
// first is always kept).
func keepRanked(paras []para, room int) []string {
	keep, top := make([]bool, len(paras)), 0
	for _, p := range paras {
		top = max(top, p.rank)
	}
	for rank := 0; rank <= top; rank++ {
		for i, p := range paras {
			if p.rank == rank && len(p.lines) > 0 && (len(p.lines) <= room || i == 0) {
				keep[i], room = true, room-len(p.lines)
			}
		}
	}
	var lines []string
	for i, p := range paras {
		if keep[i] {
			lines = append(lines, p.lines...)
		}
	}
	return lines
}

// atTargetText is the verdict's comparison at the latency target, said
// to be about the target.
func atTargetText(vd model.Verdict) string {
	return "At the target: " + strings.TrimPrefix(vd.AtTarget, "at ")
}

// fitsBoth reports whether both GPUs can run the workload and hold it.
func fitsBoth(c model.Comparison) bool {
	return c.Errs[0] == nil && c.Errs[1] == nil && c.Results[0].Fits && c.Results[1].Fits
}

// short is the verdict in three lines that fit 80 columns whole: the
// headline, then B against A (or the comparison at the target) and the
// break-even, said shorter rather than cut.
func (v verdictPanel) short(head lipgloss.Style) []string {
	th, vd, l := v.th, v.c.cmp.Verdict, v.th.Marks.Letter
	headline := "Verdict: " + vd.Headline
	if i := strings.LastIndex(headline, ": "); i > len("Verdict:") { // "…as configured: the figures are…"
		headline = firstFits(v.w, headline, headline[:i])
	}
	lines := []string{head.Render(headline)}
	a, b := v.c.cmp.Results[0], v.c.cmp.Results[1]
	if v.c.cmp.Errs[0] != nil || v.c.cmp.Errs[1] != nil {
		return append(lines, th.Text.Render(vd.Reason))
	}
	compare := l[1] + " vs " + l[0] + ": " + fmtPct(model.Diff(a.TPOTSeconds, b.TPOTSeconds)) + " time/token, " +
		fmtPct(model.Diff(a.USDPerMillionOutputTokens, b.USDPerMillionOutputTokens)) + " $/M output"
	if vd.AtTarget != "" {
		compare = v.atTargetShort()
	}
	even := ""
	if vd.BreakEvenUSDPerHour[1] > 0 {
		even = "break-even: " + l[1] + " " + fmtUSD(vd.BreakEvenUSDPerHour[1]) + "/h, " + l[0] + " " + fmtUSD(vd.BreakEvenUSDPerHour[0]) + "/h"
	}
	if advice := adviceLine(v.c); advice != "" {
		// The seed's advice takes the second line; the comparison and
		// the break-even price share the third.
		lines = append(lines, th.Accent.Render(advice))
		if even != "" && vd.AtTarget == "" {
			compare += " · " + even
		}
		return append(lines, th.Text.Render(compare))
	}
	lines = append(lines, th.Text.Render(compare))
	if even != "" {
		lines = append(lines, th.Muted.Render(even))
	}
	return lines
}

// atTargetShort is the comparison at the target in v.w cells, whole: it
// drops the batches, then names the sides by letter, then says "At TPOT
// ≤ 40 ms" for "At the target: TPOT ≤ 40 ms", rather than cut a figure
// in half.
func (v verdictPanel) atTargetShort() string {
	vd, full := v.c.cmp.Verdict, atTargetText(v.c.cmp.Verdict)
	bare := func(s string) string { // without "(batch …)" or "; … misses by …"
		if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
			return s[:i]
		}
		if i := strings.Index(s, "; "); i > 0 {
			return s[:i]
		}
		return s
	}
	letters := func(s string) string { return s }
	if a, b := v.c.cmp.Results[0].GPU.Name, v.c.cmp.Results[1].GPU.Name; a != "" && b != "" && a != b {
		pairs := []string{a, v.th.Marks.Letter[0], b, v.th.Marks.Letter[1]}
		if len(b) > len(a) { // the longer name first: "H100 SXM" must not match inside "H100 SXM 80GB"
			pairs = []string{b, v.th.Marks.Letter[1], a, v.th.Marks.Letter[0]}
		}
		letters = strings.NewReplacer(pairs...).Replace
	}
	return firstFits(v.w, full, bare(full), letters(bare(full)), letters("A"+bare(vd.AtTarget)[1:]))
}

// firstFits is the first of forms (the fullest first) that fits in w
// cells, else the last cut at a word with "…".
func firstFits(w int, forms ...string) string {
	for _, f := range forms {
		if text.Width(f) <= w {
			return f
		}
	}
	if last := forms[len(forms)-1]; w > 1 {
		return wrap(last, w-1)[0] + "…"
	}
	return forms[len(forms)-1]
}

// para renders s in style st: wrapped when the block has room for more
// than one line per item, else one line cut at the width.
func (v verdictPanel) para(st lipgloss.Style, s string) []string {
	if s == "" {
		return nil
	}
	if v.h <= 3 {
		return []string{st.Render(s)}
	}
	var out []string
	for _, l := range wrap(s, v.w) {
		out = append(out, st.Render(l))
	}
	return out
}

// adviceLine is the seed's practical recommendation in one line, with
// its rule and whether the numbers agree (w opens the detail).
func adviceLine(c computed) string {
	r := c.advice
	if c.adviceErr != nil || r.Rule == "" {
		return ""
	}
	return "Seed: " + r.Text + " (" + string(r.Rule) + "; numbers " +
		map[advice.Judgement]string{advice.Holds: "agree", advice.DoesNotHold: "disagree", advice.Unknown: "cannot say"}[r.Agrees] + ")"
}

// breakEven words the verdict's break-even price and utilizations.
func (v verdictPanel) breakEven() string {
	vd, l := v.c.cmp.Verdict, v.th.Marks.Letter
	if vd.BreakEvenUSDPerHour[1] <= 0 {
		return ""
	}
	s := v.c.in.Scenario
	util := func(i int) string {
		u := vd.BreakEvenUtilization[i]
		switch {
		case u >= 9.995: // past 999 %, as the report says it
			return l[i] + " would need more than 1,000 %, out of reach"
		case u > 1:
			return l[i] + " would need " + fmtFrac(u) + ", out of reach"
		}
		return l[i] + " " + fmtFrac(u)
	}
	// Worded as the Markdown export words it: what equal cost needs, and
	// what each figure is now.
	return "break-even price (equal $/M output): " + l[1] + " " + fmtUSD(vd.BreakEvenUSDPerHour[1]) + "/GPU-h (now " +
		fmtUSD(s.Sides[1].USDPerGPUHour) + "), " + l[0] + " " + fmtUSD(vd.BreakEvenUSDPerHour[0]) + " (now " +
		fmtUSD(s.Sides[0].USDPerGPUHour) + ") · utilization: " + util(0) + "; " + util(1) + " (now " + utilizationText(s) + ")"
}

// factors is one line per decision factor with its winner's mark.
func (v verdictPanel) factors() []string {
	th, vd := v.th, v.c.cmp.Verdict
	var out []string
	for _, f := range vd.Factors {
		if f.Name == "" {
			continue
		}
		mark, reason := th.Muted.Render("  –  "), f.Reason
		if f.Winner >= 0 {
			mark = th.SideBold[f.Winner].Render(" " + th.Marks.Letter[f.Winner] + " " + th.Marks.Glyph[f.Winner] + " ")
			// The mark names the side; the GPU's name again only pushes
			// the reason off the edge.
			reason = strings.TrimPrefix(reason, v.c.cmp.Results[f.Winner].GPU.Name+": ")
		}
		out = append(out, fitLine(mark+th.Text.Render(f.Name)+th.Muted.Render(": "+reason), v.w))
	}
	return out
}

// sideName is a side's GPU name for text.
func sideName(c model.Comparison, in inputs, i int) string {
	if n := c.Results[i].GPU.Name; n != "" {
		return n
	}
	return in.Scenario.Sides[i].GPU
}
