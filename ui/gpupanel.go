package ui

import (
	"math"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/model/advice"
	"infercost/theme"
	"infercost/ui/text"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// computed is one recompute's outcome, handed to every child that shows
// figures.
type computed struct {
	in    inputs
	cmp   model.Comparison
	err   error // the shared workload is invalid: no figures at all
	base  *baseline
	fleet [2]fleetResult
	// advice is the seed's practical recommendation for the context at
	// the fleet load; adviceErr says why there is none.
	advice    advice.Recommendation
	adviceErr error
}

// computedMsg carries a recompute to the children.
type computedMsg struct{ c computed }

// baseline is a pinned scenario that figures are compared against.
type baseline struct {
	in  inputs
	cmp model.Comparison
}

// gpuPanel shows one side's figures, with B's (or the baseline's)
// difference in %.
type gpuPanel struct {
	th      *theme.Theme
	side    int
	w, h    int
	compact bool
	c       computed
	view    string
}

func newGPUPanel(th *theme.Theme, side int) gpuPanel { return gpuPanel{th: th, side: side} }

// SetSize sets the panel's box; compact drops the border and pairs
// figures on a row.
func (p gpuPanel) SetSize(w, h int, compact bool) gpuPanel {
	p.w, p.h, p.compact = w, h, compact
	p.view = p.render()
	return p
}

// SetTheme re-styles the panel.
func (p gpuPanel) SetTheme(th *theme.Theme) gpuPanel {
	p.th = th
	p.view = p.render()
	return p
}

// Update takes a recompute.
func (p gpuPanel) Update(msg tea.Msg) (gpuPanel, tea.Cmd) {
	if m, ok := msg.(computedMsg); ok {
		p.c = m.c
		p.view = p.render()
	}
	return p, nil
}

// View is the rendered panel, exactly w x h.
func (p gpuPanel) View() string { return p.view }

// figure is a compared value and which way is better.
type figure struct {
	v           float64
	lowerBetter bool
}

func (p gpuPanel) render() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	inner := p.w - 4
	if p.compact {
		inner = p.w - 1
	}
	lines := []string{p.title(inner)}
	switch {
	case p.c.err != nil:
		lines = append(lines, p.wrapBad(p.c.err.Error(), inner)...)
	case p.c.cmp.Errs[p.side] != nil:
		lines = append(lines, p.wrapBad("cannot run this: "+p.c.cmp.Errs[p.side].Error(), inner)...)
	case p.compact:
		lines = append(lines, p.compactRows(inner)...)
	default:
		lines = append(lines, p.fullRows(inner)...)
	}
	if p.compact {
		return strings.Join(fitBlock(strings.Join(lines, "\n"), p.w, p.h), "\n")
	}
	return p.box(fitBlock(strings.Join(lines, "\n"), inner, p.h-2), inner)
}

// box draws Panel's rounded border and padding around lines, each
// exactly inner cells wide. By hand: lipgloss measures every line again
// to draw a border, and the panels redraw on every key.
func (p gpuPanel) box(lines []string, inner int) string {
	b := lipgloss.RoundedBorder()
	bs := p.th.PanelBorder
	bar := strings.Repeat(b.Top, inner+2)
	side, end := bs.Render(b.Left)+" ", " "+bs.Render(b.Right)
	var sb strings.Builder
	sb.WriteString(bs.Render(b.TopLeft + bar + b.TopRight))
	for _, l := range lines {
		sb.WriteString("\n" + side + l + end)
	}
	sb.WriteString("\n" + bs.Render(b.BottomLeft+bar+b.BottomRight))
	return sb.String()
}

func (p gpuPanel) wrapBad(s string, w int) []string {
	var out []string
	for _, l := range wrap(s, w) {
		out = append(out, p.th.Bad.Render(l))
	}
	return out
}

// title is "A ● A100 80GB SXM" and the heading of the % column.
func (p gpuPanel) title(w int) string {
	th, r := p.th, p.c.cmp.Results[p.side]
	name := p.c.in.Scenario.Sides[p.side].GPU
	if r.GPU.Name != "" {
		name = r.GPU.Name
	}
	t := th.SideBold[p.side].Render(th.Marks.Letter[p.side] + " " + th.Marks.Glyph[p.side] + " " + name)
	if p.compact && r.GPUsPerReplica > 0 {
		t += th.Muted.Render(" ×" + strconv.Itoa(r.GPUsPerReplica) + " " + fmtUSD(r.USDPerHour) + "/h")
	}
	return spread(t, th.Muted.Render(p.deltaHeading()), w)
}

// reference is the result figures are compared with: the baseline's
// same side, else side A (for B).
func (p gpuPanel) reference() (model.Result, bool) {
	if b := p.c.base; b != nil {
		return b.cmp.Results[p.side], b.cmp.Errs[p.side] == nil && p.c.cmp.Errs[p.side] == nil
	}
	return p.c.cmp.Results[0], p.side == 1 && p.c.cmp.Errs[0] == nil && p.c.cmp.Errs[1] == nil
}

func (p gpuPanel) deltaHeading() string {
	switch _, ok := p.reference(); {
	case !ok:
		return ""
	case p.c.base != nil:
		return "vs base"
	}
	return "vs " + p.th.Marks.Letter[0]
}

// delta renders the change of v against the reference's same figure.
func (p gpuPanel) delta(f figure, get func(model.Result) float64) string {
	ref, ok := p.reference()
	if !ok || get == nil {
		return ""
	}
	base := get(ref)
	if base == 0 || !model.Finite(base) || !model.Finite(f.v) {
		return p.th.Muted.Render("n/a") // no ratio from a $0 (or absent) figure
	}
	d := model.Diff(base, f.v)
	s := fmtPct(d)
	if math.Abs(d) >= 9.995 { // keep the column: "×12" past +999 %
		s = "×" + model.FormatRatio(f.v/base)
	}
	// Better or worse is said by a glyph too: it must read without
	// colour and for red-green colour-blind viewers.
	switch {
	case math.Abs(d) < 0.005:
		return p.th.Muted.Render(s)
	case (d < 0) == f.lowerBetter:
		return p.th.Good.Render(s + " ✓")
	}
	return p.th.Bad.Render(s + " ✗")
}

// row lays out label, value and delta in w cells.
func (p gpuPanel) row(label, value, delta string, w int) string {
	lw, dw := 13, 8
	if p.compact {
		lw = 9
	}
	// A change as wide as its column ("+104 % ✗") keeps a space before it.
	if n := text.Width(delta); n >= dw {
		dw = n + 1
	}
	vw := w - lw - dw
	if delta == "" && text.Width(value) > vw { // a long text takes the change's column
		vw, dw = vw+dw, 0
	}
	v := fitLine(value, vw)
	if text.Width(value) <= vw {
		v = strings.Repeat(" ", vw-text.Width(value)) + value
	}
	d := delta
	if n := text.Width(d); n < dw {
		d = strings.Repeat(" ", dw-n) + d
	}
	return fitLine(p.th.Muted.Render(fitLine(label, lw))+p.th.Text.Render(v)+d, w)
}

// Getters of the compared figures.
func tpot(r model.Result) float64     { return r.TPOTSeconds }
func ttft(r model.Result) float64     { return r.TTFTSeconds }
func ttftLoad(r model.Result) float64 { return r.TTFTAtLoadSeconds }
func tps(r model.Result) float64      { return r.TokensPerSecond }
func tpsGPU(r model.Result) float64   { return r.TokensPerSecondPerGPU }
func usdHour(r model.Result) float64  { return r.USDPerHour }
func usdOut(r model.Result) float64   { return r.USDPerMillionOutputTokens }
func usdIn(r model.Result) float64    { return r.USDPerMillionInputTokens }
func usdMix(r model.Result) float64   { return r.USDPerMillionTokens }

// tpsText is tokens/s with "pin" when the user pinned it and "*" at max
// batch (where the footnote says queueing is not modelled).
func (p gpuPanel) tpsText(v float64) string {
	r := p.c.cmp.Results[p.side]
	s := fmtNum(v)
	if r.Pinned {
		s += " pin"
	}
	if r.PinAboveCeiling() {
		s += "!" // past physics: the ceiling row says by how much
	}
	if p.c.in.Scenario.Batch == 0 && !hasTarget(p.c.in.Scenario) {
		s += "*"
	}
	return s
}

func (p gpuPanel) fullRows(w int) []string {
	r := p.c.cmp.Results[p.side]
	gpus := strconv.Itoa(r.GPUsPerReplica)
	if p.c.in.Scenario.GPUsPerReplica == 0 {
		gpus += " (auto)"
	}
	rows := []struct {
		label, text string
		lower       bool
		get         func(model.Result) float64
	}{
		{"GPUs/replica", gpus, false, nil},
		{"decode/token", p.tpotText(r), true, tpot},
		{"TTFT idle", fmtMs(r.TTFTSeconds), true, ttft},
		{"TTFT at load", fmtMs(r.TTFTAtLoadSeconds), true, ttftLoad},
		{"tok/s replica", p.tpsText(r.TokensPerSecond), false, tps},
		{"tok/s per GPU", fmtNum(r.TokensPerSecondPerGPU), false, tpsGPU},
		{"$/h replica", fmtUSD(r.USDPerHour), true, usdHour},
		{"$/M output", fmtUSD(r.USDPerMillionOutputTokens), true, usdOut},
		{"$/M input", fmtUSD(r.USDPerMillionInputTokens), true, usdIn},
		{"$/M blended", fmtUSD(r.USDPerMillionTokens), true, usdMix},
		{"batch / max", strconv.Itoa(r.Batch) + " / " + strconv.Itoa(r.MaxBatch), false, nil},
		{"target", targetText(r), false, nil},
	}
	out := make([]string, 0, len(rows)+5)
	if e := p.c.in.Scenario.Efficiency.Engine; e.Calibrated() {
		t := "engine: " + engineText(e, r.GPU)
		if text.Width(t) > w { // the label goes before the source does
			t = engineText(e, r.GPU)
		}
		out = append(out, fitLine(p.th.Accent.Render(t), w))
	}
	if r.PinAboveCeiling() {
		out = append(out, p.row("pin! ceiling", p.th.Bad.Render(fmtNum(r.CeilingTokensPerSecond)+" tok/s"), "", w))
	}
	for _, x := range rows {
		d := ""
		if x.get != nil {
			d = p.delta(figure{v: x.get(r), lowerBetter: x.lower}, x.get)
		}
		out = append(out, p.row(x.label, x.text, d, w))
	}
	out = append(out, p.row("bound", string(r.Bound)+", "+p.fitsText(r), "", w))
	return append(out, p.memBar(r, w), p.memLegend(r, w))
}

// engineText says where a calibrated engine's figures come from:
// "vLLM, measured 2026-11-20" on the GPU it was measured on ("..., on
// this GPU" without a date), "vLLM, predicted from A100 80GB SXM" on the
// others.
func engineText(e model.Engine, g model.GPU) string {
	name := e.Name
	if name == "" {
		name = "calibrated"
	}
	if m, err := model.LookupGPU(e.GPU); err == nil && m.ID != g.ID {
		return name + ", predicted from " + m.Name
	}
	if e.Date == "" {
		return name + ", on this GPU"
	}
	return name + ", measured " + e.Date
}

// targetText says how the latency target went: "off", "met (tpot)",
// "missed +3.1 ms".
func targetText(r model.Result) string {
	t := r.Target
	switch {
	case !t.Set:
		return "off"
	case t.Met:
		return "met (" + string(t.LimitedBy) + ")"
	}
	return "missed +" + fmtMs(t.MissSeconds)
}

func (p gpuPanel) fitsText(r model.Result) string {
	if r.Fits {
		return p.th.Good.Render("fits")
	}
	return p.th.Bad.Render("does not fit")
}

func (p gpuPanel) compactRows(w int) []string {
	r := p.c.cmp.Results[p.side]
	d := func(v float64, lower bool, get func(model.Result) float64) string {
		return p.delta(figure{v: v, lowerBetter: lower}, get)
	}
	batch := strconv.Itoa(r.Batch) + "/" + strconv.Itoa(r.MaxBatch) + " · " + string(r.Bound) + "-bound"
	if r.Target.Set {
		batch = strconv.Itoa(r.Batch) + "/" + strconv.Itoa(r.MaxBatch) + " · target " + targetText(r)
	}
	ttftText := fmtMs(r.TTFTSeconds)
	if r.Batch > 1 {
		ttftText = fmtMs(r.TTFTAtLoadSeconds) + " at load"
	}
	return []string{
		p.row("decode", fmtMs(r.TPOTSeconds)+"/tok", d(r.TPOTSeconds, true, tpot), w),
		p.row("TTFT", ttftText, d(r.TTFTAtLoadSeconds, true, ttftLoad), w),
		p.row("tok/s", p.tpsText(r.TokensPerSecond)+" ("+fmtNum(r.TokensPerSecondPerGPU)+"/GPU)", d(r.TokensPerSecond, false, tps), w),
		p.row("$/M out", fmtUSD(r.USDPerMillionOutputTokens)+" (in "+fmtUSD(r.USDPerMillionInputTokens)+")", d(r.USDPerMillionOutputTokens, true, usdOut), w),
		p.row("$/M mix", fmtUSD(r.USDPerMillionTokens), d(r.USDPerMillionTokens, true, usdMix), w),
		p.row("batch", batch, "", w),
		p.memBar(r, w),
	}
}

// memBar draws one GPU's memory: weights █, KV cache ▓, free ░, with
// "fits" or the shortfall after it.
func (p gpuPanel) memBar(r model.Result, w int) string {
	th := p.th
	tail := " " + th.Good.Render("fits")
	if !r.Fits {
		tail = " " + th.Bad.Render("short "+fmtGB(r.ShortfallBytes))
	}
	if !p.compact {
		tail = ""
	}
	label := th.Muted.Render(fitLine("memory/GPU", 13))
	if p.compact {
		label = th.Muted.Render(fitLine("memory", 9))
	}
	bw := w - text.Width(label) - text.Width(tail)
	usable := r.WeightBytesPerGPU + r.KVBytesPerGPU + math.Max(0, r.FreeBytesPerGPU)
	if usable <= 0 || bw < 3 {
		return fitLine(label+tail, w)
	}
	cells := func(b float64) int { return int(math.Round(b / usable * float64(bw))) }
	nw := min(bw, cells(r.WeightBytesPerGPU))
	nk := min(bw-nw, cells(r.KVBytesPerGPU))
	if r.KVBytesPerGPU > 0 && nk == 0 && nw < bw {
		nk = 1
		if nw+nk > bw {
			nw--
		}
	}
	bar := th.BarWeights.Render(strings.Repeat("█", nw)) + th.BarKV.Render(strings.Repeat("▓", nk)) +
		th.BarFree.Render(strings.Repeat("░", bw-nw-nk))
	return fitLine(label+bar+tail, w)
}

// memLegend names the bar's parts, or says by how much it does not fit.
func (p gpuPanel) memLegend(r model.Result, w int) string {
	th := p.th
	if !r.Fits {
		return fitLine(th.Bad.Render("does not fit: short by "+fmtGB(r.ShortfallBytes)+"/GPU"), w)
	}
	gb := func(b float64) string {
		if b < 1e9 {
			return strconv.FormatFloat(b/1e9, 'f', 2, 64)
		}
		return strconv.FormatFloat(b/1e9, 'f', 1, 64)
	}
	return fitLine(th.BarWeights.Render("█")+th.Muted.Render(" W "+gb(r.WeightBytesPerGPU)+" ")+
		th.BarKV.Render("▓")+th.Muted.Render(" KV "+gb(r.KVBytesPerGPU)+" ")+
		th.BarFree.Render("░")+th.Muted.Render(" free "+gb(r.FreeBytesPerGPU)+" GB"), w)
}

// tpotText is the estimated decode time, marked as such when the side's
// throughput is pinned to the user's own figure.
func (p gpuPanel) tpotText(r model.Result) string {
	if r.Pinned {
		return "est " + fmtMs(r.TPOTSeconds)
	}
	return fmtMs(r.TPOTSeconds)
}
