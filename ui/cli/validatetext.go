package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"infercost/model"
	"infercost/model/cases"
	"infercost/ui/report"
	"infercost/ui/text"
)

// textWidth is the width the text output keeps within: an 80-column
// terminal.
const textWidth = 80

// writeValidateText prints two lines per case (figures, then the setup,
// which would not fit beside them in 80 columns), the summary, the
// targets, and the sources and notes as footnotes.
func writeValidateText(w io.Writer, v validation) error {
	bw := bufio.NewWriter(w)
	effName := "default efficiency"
	if v.custom {
		effName = "efficiency from the flags"
	}
	if v.scenario != "" {
		effName = "efficiency from " + v.scenario + " and the flags"
	}
	if v.eff.Engine.Calibrated() {
		effName += "; engine " + strings.TrimPrefix(v.eff.Engine.Label(), "calibrated: ") + " (calibrated)"
	}
	fmt.Fprintf(bw, "infercost validate: the estimator against %d published measurements,\nwith the %s.\n\n", len(v.rows), effName)
	sources := footnotes{}
	notes := footnotes{}
	for _, g := range v.regimes() {
		writeRegime(bw, g, &sources, &notes)
	}
	writeSummary(bw, v)
	if v.more != nil {
		writeMore(bw, v, &sources, &notes)
	}
	sources.write(bw, "Sources")
	notes.write(bw, "Notes")
	return bw.Flush()
}

// writeRegime prints one regime's cases, its summary and its H100/A100
// ratios.
func writeRegime(bw io.Writer, g regimeGroup, sources, notes *footnotes) {
	fmt.Fprintf(bw, "%s (%d cases)\n", strings.ToUpper(string(g.regime[:1]))+string(g.regime[1:]), len(g.rows))
	writeRows(bw, g.rows, sources, notes, 26)
	s := g.sum
	fmt.Fprintf(bw, "  median %.1f %%, worst %.1f %% (%s); %d/%d within 30 %%.\n",
		100*s.MedianError, 100*s.WorstError, s.WorstID, s.Within30, s.Count)
	if len(g.ratios) > 0 {
		fmt.Fprintf(bw, "  H100/A100:\n")
		for _, r := range g.ratios {
			fmt.Fprintf(bw, "    %-30s measured %5.2f, est. %5.2f (%+.1f %%)\n",
				strings.TrimSuffix(r.A100, "-a100")+pairSuffix(r.H100), r.Measured, r.Estimated, 100*r.Error())
		}
	}
	fmt.Fprintln(bw)
}

// pairSuffix marks a ratio against H100 in FP8.
func pairSuffix(h100 string) string {
	if strings.HasSuffix(h100, "fp8") {
		return " (H100 fp8)"
	}
	return ""
}

// writeRows prints each case: figures on one line, its setup below.
func writeRows(bw io.Writer, rows []cases.CaseResult, sources, notes *footnotes, idWidth int) {
	fmt.Fprintf(bw, "%-*s %-13s %10s %10s %8s  %s\n", idWidth, "case", "metric", "measured", "estimated", "error", "src")
	fmt.Fprintf(bw, "%s\n", strings.Repeat("-", 50+idWidth))
	for _, r := range rows {
		src := sources.add(r.Case.Source, "")
		if r.Case.Note != "" {
			notes.add(r.Case.Note, r.Case.ID)
		}
		est, errPct := report.FormatFigure(r.Estimated), fmt.Sprintf("%+.1f %%", 100*r.Error)
		if r.Err != nil {
			est, errPct = "failed", "-"
		}
		fmt.Fprintf(bw, "%-*s %-13s %10s %10s %8s  [%d]\n", idWidth, r.Case.ID, metricLabel(r.Case.Metric),
			formatNumber(r.Case.Measured), est, errPct, src)
		fmt.Fprintf(bw, "  %s\n", text.Clip(caseScenario(r.Case), textWidth-2))
		if r.Err != nil {
			fmt.Fprintf(bw, "  %s\n", text.Clip("failed: "+r.Err.Error(), textWidth-2))
		}
	}
}

// writeMore prints the wider TensorRT-LLM v0.9 rows and their summary;
// the targets apply to the shipped cases above, not to these.
func writeMore(bw io.Writer, v validation, sources, notes *footnotes) {
	fmt.Fprintf(bw, "\nMore published measurements: %d further rows of gpt-fast's README and\nthe TensorRT-LLM v0.9 tables (not counted in the targets above).\n\n", len(v.more))
	writeRows(bw, v.more, sources, notes, 24)
	s := v.moreSum
	fmt.Fprintf(bw, "\nSummary of these rows: %d cases; median error %.1f %%,\nworst %.1f %% (%s); %d within 15 %%, %d within 30 %%.\n",
		s.Count, 100*s.MedianError, 100*s.WorstError, s.WorstID, s.Within15, s.Within30)
}

func writeSummary(w io.Writer, v validation) {
	s := v.sum
	fmt.Fprintf(w, "Summary: %d cases", s.Count)
	if s.Failed > 0 {
		fmt.Fprintf(w, " (%d failed)", s.Failed)
	}
	fmt.Fprintf(w, "; median error %.1f %%, worst %.1f %% (%s);\n", 100*s.MedianError, 100*s.WorstError, s.WorstID)
	fmt.Fprintf(w, "%d within 15 %%, %d within 30 %%.\n", s.Within15, s.Within30)
	if v.ratioOK {
		fmt.Fprintf(w, "P9 H100/A100 throughput ratio: measured %.3f, estimated %.3f (%+.1f %%).\n",
			v.ratio[0], v.ratio[1], 100*model.Diff(v.ratio[0], v.ratio[1]))
	}
	fmt.Fprintf(w, "\nAccuracy targets (reported, not enforced: the run exits 0 either way):\n")
	met := 0
	for _, t := range v.targets {
		status := "MISSED"
		if t.Met {
			status, met = "met", met+1
		}
		fmt.Fprintf(w, "  %-38s %-6s  %.1f %%\n", t.Name, status, t.Value)
		if t.Detail != "" {
			for _, line := range text.Wrap(t.Detail, textWidth-6) {
				fmt.Fprintf(w, "      %s\n", line)
			}
		}
	}
	verdict := "all targets met."
	if met < len(v.targets) {
		verdict = fmt.Sprintf("%d of %d targets met; the misses are listed above.", met, len(v.targets))
	}
	fmt.Fprintf(w, "Result: %s\n", verdict)
}

// footnotes numbers distinct texts in order of first use, and remembers
// which cases each applies to.
type footnotes struct {
	texts []string
	ids   [][]string
}

func (f *footnotes) add(text, id string) int {
	for i, t := range f.texts {
		if t == text {
			if id != "" {
				f.ids[i] = append(f.ids[i], id)
			}
			return i + 1
		}
	}
	f.texts = append(f.texts, text)
	f.ids = append(f.ids, nil)
	if id != "" {
		f.ids[len(f.ids)-1] = []string{id}
	}
	return len(f.texts)
}

func (f footnotes) write(w io.Writer, title string) {
	if len(f.texts) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	for i, t := range f.texts {
		head := fmt.Sprintf("[%d] ", i+1)
		if len(f.ids[i]) > 0 {
			head = strings.Join(f.ids[i], ", ") + ": "
		}
		for j, line := range text.Wrap(head+t, textWidth-6) {
			indent := "  "
			if j > 0 {
				indent = "      "
			}
			fmt.Fprintf(w, "%s%s\n", indent, line)
		}
	}
}
