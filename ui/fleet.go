package ui

import (
	"strconv"
	"strings"

	"infercost/model"
	"infercost/theme"
	"infercost/ui/text"

	tea "github.com/charmbracelet/bubbletea"
)

// fleetResult is one side's fleet for the target load.
type fleetResult struct {
	f   model.Fleet
	err error
}

// sizeFleets sizes both sides' fleets for in's load.
func sizeFleets(in inputs, c model.Comparison) [2]fleetResult {
	var out [2]fleetResult
	for i := range out {
		if c.Errs[i] != nil {
			out[i].err = c.Errs[i]
			continue
		}
		g, w, err := in.Scenario.Workload(i)
		if err != nil {
			out[i].err = err
			continue
		}
		out[i].f, out[i].err = model.SizeFleetAtLoad(g, w, c.Results[i], model.Load{OutputTokensPerDay: in.Scenario.TargetTokensPerDay})
	}
	return out
}

// fleetPanel shows how many replicas and GPUs the target load needs on
// each side and what they cost a month.
type fleetPanel struct {
	th   *theme.Theme
	w, h int
	c    computed
	view string
}

func newFleetPanel(th *theme.Theme) fleetPanel { return fleetPanel{th: th} }

// SetSize sets the block's size.
func (f fleetPanel) SetSize(w, h int) fleetPanel {
	f.w, f.h = w, h
	f.view = f.render()
	return f
}

// SetTheme re-styles the block.
func (f fleetPanel) SetTheme(th *theme.Theme) fleetPanel {
	f.th = th
	f.view = f.render()
	return f
}

// Update takes a recompute.
func (f fleetPanel) Update(msg tea.Msg) (fleetPanel, tea.Cmd) {
	if m, ok := msg.(computedMsg); ok {
		f.c = m.c
		f.view = f.render()
	}
	return f, nil
}

// View is the rendered block, exactly w x h.
func (f fleetPanel) View() string { return f.view }

func (f fleetPanel) render() string {
	if f.w <= 0 || f.h <= 0 {
		return ""
	}
	th := f.th
	title := th.Title.Render("Fleet") + th.Muted.Render(" for "+fmtSI(f.c.in.Scenario.TargetTokensPerDay)+" output tokens/day at "+
		utilizationText(f.c.in.Scenario)+" utilization")
	lines := []string{title, f.side(0), f.side(1)}
	if a, b := f.sideLines(0), f.sideLines(1); 1+len(a)+len(b) <= f.h { // why a side cannot serve, whole
		lines = append(append([]string{title}, a...), b...)
	}
	if f.h < 3 {
		lines = []string{th.Title.Render("Fleet ") + f.side(0), th.Muted.Render(fmtSI(f.c.in.Scenario.TargetTokensPerDay)+"/d ") + f.side(1)}
	}
	return strings.Join(fitBlock(strings.Join(lines, "\n"), f.w, f.h), "\n")
}

// side is "A ● 24 GPUs (12 replicas) · $43,800/month", with B's % vs A.
func (f fleetPanel) side(i int) string {
	th, r := f.th, f.c.fleet[i]
	mark := th.SideBold[i].Render(th.Marks.Letter[i] + " " + th.Marks.Glyph[i] + " ")
	if r.err != nil { // on one line, its clauses after a comma go whole where it is too long
		msg := r.err.Error()
		forms := []string{msg}
		for j := strings.LastIndex(msg, ", "); j > 0; j = strings.LastIndex(msg[:j], ", ") {
			forms = append(forms, msg[:j])
		}
		return mark + th.Bad.Render(firstFits(f.w-text.Width(mark)-len("Fleet "), forms...))
	}
	s := mark + th.Text.Render(plural(r.f.GPUs, "GPU")+" ("+plural(r.f.Replicas, "replica")+" at batch "+
		strconv.Itoa(r.f.Batch)+") · "+fmtUSD(r.f.USDPerMonth)+"/month")
	if a := f.c.fleet[0]; i == 1 && a.err == nil && a.f.USDPerMonth > 0 {
		s += th.Muted.Render("  " + fmtPct(model.Diff(a.f.USDPerMonth, r.f.USDPerMonth)) + " vs " + th.Marks.Letter[0])
	}
	return s
}

// sideLines is side i wrapped at the block's width under its mark.
func (f fleetPanel) sideLines(i int) []string {
	th, r := f.th, f.c.fleet[i]
	if r.err == nil {
		return []string{f.side(i)}
	}
	mark := th.SideBold[i].Render(th.Marks.Letter[i] + " " + th.Marks.Glyph[i] + " ")
	indent := text.Width(mark)
	var out []string
	for j, l := range wrap(r.err.Error(), f.w-indent) {
		if j == 0 {
			out = append(out, mark+th.Bad.Render(l))
			continue
		}
		out = append(out, strings.Repeat(" ", indent)+th.Bad.Render(l))
	}
	return out
}

// fleetSummary is the fleet in one line, for the status line when the
// fleet panel is not on screen: "fleet for 1B tok/day: A 4 GPUs
// $7,300/mo · B 1 GPU $3,285/mo (at batch 59|158)".
func fleetSummary(c computed, th *theme.Theme) string {
	parts := make([]string, 0, 2)
	var batches [2]int
	for i, r := range c.fleet {
		l := th.Marks.Letter[i] + " "
		if r.err != nil {
			parts = append(parts, l+"cannot serve it")
			continue
		}
		batches[i] = r.f.Batch
		parts = append(parts, l+plural(r.f.GPUs, "GPU")+" "+fmtUSD(r.f.USDPerMonth)+"/mo")
	}
	b := strconv.Itoa(batches[0])
	if batches[1] != batches[0] {
		b += "|" + strconv.Itoa(batches[1])
	}
	return "fleet for " + fmtSI(c.in.Scenario.TargetTokensPerDay) + " tok/day: " + strings.Join(parts, " · ") + " (at batch " + b + ")"
}

// plural is "1 GPU", "2 GPUs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
