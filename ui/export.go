package ui

import (
	"strconv"
	"strings"

	"infercost/model"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// copiedMsg reports that the summary went to the clipboard.
type copiedMsg struct{}

// exportedMsg reports Options.Export's outcome.
type exportedMsg struct {
	path string
	err  error
}

// savedMsg reports Options.Save's outcome.
type savedMsg struct {
	path string
	err  error
}

// markdown is the comparison as one table a planning doc can paste.
func markdown(in inputs, c model.Comparison, cerr error) string {
	var b strings.Builder
	s := in.S
	name := s.Name
	if name == "" {
		name = "custom scenario"
	}
	b.WriteString("## infercost: " + name + "\n\n")
	b.WriteString(workloadLine(s) + "\n\n")
	if cerr != nil {
		b.WriteString("No figures: " + cerr.Error() + "\n")
		return b.String()
	}
	a, bb := sideName(c, in, 0), sideName(c, in, 1)
	b.WriteString("| | A: " + a + " | B: " + bb + " | B vs A |\n|---|---:|---:|---:|\n")
	for _, r := range summaryRows(s, c) {
		b.WriteString("| " + r[0] + " | " + r[1] + " | " + r[2] + " | " + r[3] + " |\n")
	}
	v := c.Verdict
	b.WriteString("\n**Verdict:** " + v.Headline + ". " + v.Reason + ".\n")
	if v.BreakEvenUSDPerHour[1] > 0 {
		b.WriteString("\nBreak-even: B at " + fmtUSD(v.BreakEvenUSDPerHour[1]) + "/GPU-hour matches A's $ per million output tokens; " +
			"same cost by utilization: A " + fmtFrac(v.BreakEvenUtilization[0]) + ", B " + fmtFrac(v.BreakEvenUtilization[1]) + ".\n")
	}
	if s.Batch == 0 {
		b.WriteString("\n" + maxBatchNote + ".\n")
	}
	return b.String()
}

// workloadLine states the shared assumptions in one sentence.
func workloadLine(s model.Scenario) string {
	m := s.Model
	if a, err := s.Arch(); err == nil {
		m = a.Name
	}
	tp := "auto"
	if s.GPUsPerReplica > 0 {
		tp = strconv.Itoa(s.GPUsPerReplica)
	}
	batch := "max"
	if s.Batch > 0 {
		batch = strconv.Itoa(s.Batch)
	}
	return "Model " + m + ", " + string(s.Weights) + " weights, " + string(s.KV) + " KV cache; batch " + batch +
		"; GPUs per replica " + tp + "; " + strconv.Itoa(s.InputTokens) + " prompt / " + strconv.Itoa(s.OutputTokens) +
		" output tokens; utilization " + fmtFrac(s.Utilization) + "; A $" + strconv.FormatFloat(s.Sides[0].USDPerGPUHour, 'f', 2, 64) +
		"/GPU-hour, B $" + strconv.FormatFloat(s.Sides[1].USDPerGPUHour, 'f', 2, 64) + "/GPU-hour."
}

// summaryRows are the table rows: figure, A, B, B vs A.
func summaryRows(s model.Scenario, c model.Comparison) [][4]string {
	cell := func(i int, f func(model.Result) string) string {
		if c.Errs[i] != nil {
			return "cannot run: " + strings.ReplaceAll(c.Errs[i].Error(), "|", "/")
		}
		return f(c.Results[i])
	}
	diff := func(get func(model.Result) float64) string {
		if get == nil || c.Errs[0] != nil || c.Errs[1] != nil {
			return ""
		}
		return fmtPct(model.Diff(get(c.Results[0]), get(c.Results[1])))
	}
	rows := []struct {
		name string
		f    func(model.Result) string
		get  func(model.Result) float64
	}{
		{"GPUs per replica", func(r model.Result) string { return strconv.Itoa(r.GPUsPerReplica) }, nil},
		{"Decode per token", func(r model.Result) string { return fmtMs(r.TPOTSeconds) }, tpot},
		{"Time to first token", func(r model.Result) string { return fmtMs(r.TTFTSeconds) }, ttft},
		{"Output tokens/s per replica", func(r model.Result) string { return tpsWord(r) }, tps},
		{"Output tokens/s per GPU", func(r model.Result) string { return fmtNum(r.TokensPerSecondPerGPU) }, tpsGPU},
		{"$ per hour per replica", func(r model.Result) string { return fmtUSD(r.USDPerHour) }, usdHour},
		{"$ per million output tokens", func(r model.Result) string { return fmtUSD(r.USDPerMillionOutputTokens) }, usdOut},
		{"$ per million input tokens", func(r model.Result) string { return fmtUSD(r.USDPerMillionInputTokens) }, usdIn},
		{"$ per million tokens, blended", func(r model.Result) string { return fmtUSD(r.USDPerMillionTokens) }, usdMix},
		{"Batch (max that fits)", func(r model.Result) string {
			return strconv.Itoa(r.Batch) + " (" + strconv.Itoa(r.MaxBatch) + ")"
		}, nil},
		{"Bound", func(r model.Result) string { return string(r.Bound) }, nil},
		{"Fits in memory", func(r model.Result) string {
			if r.Fits {
				return "yes"
			}
			return "no, short by " + fmtGB(r.ShortfallBytes) + " per GPU"
		}, nil},
	}
	out := make([][4]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, [4]string{r.name, cell(0, r.f), cell(1, r.f), diff(r.get)})
	}
	return out
}

func tpsWord(r model.Result) string {
	if r.Pinned {
		return fmtNum(r.TokensPerSecond) + " (pinned)"
	}
	return fmtNum(r.TokensPerSecond)
}

// copyCmd writes the OSC 52 clipboard sequence to the program's output
// (the renderer's: the local terminal, or the SSH session), which the
// viewer's terminal turns into a clipboard copy.
func copyCmd(r *lipgloss.Renderer, text string) tea.Cmd {
	return func() tea.Msg {
		r.Output().Copy(text)
		return copiedMsg{}
	}
}

// onExportKey copies the summary and, when the program may write files,
// exports it.
func (m Model) onExportKey() (Model, tea.Cmd) {
	md := markdown(m.in, m.cmp, m.err)
	cmds := []tea.Cmd{copyCmd(m.opts.Renderer, md)}
	if exp := m.opts.Export; exp != nil {
		cmds = append(cmds, func() tea.Msg {
			p, err := exp(md)
			return exportedMsg{path: p, err: err}
		})
	}
	m.status, m.exportNote = "copying the Markdown summary…", ""
	return m, tea.Batch(cmds...)
}

// onSaveKey saves the scenario, or says why it cannot.
func (m Model) onSaveKey() (Model, tea.Cmd) {
	save := m.opts.Save
	if save == nil {
		m.status = "saving is off over SSH: press e to copy a Markdown summary"
		return m, nil
	}
	s := m.in.S
	m.status = "saving…"
	return m, func() tea.Msg {
		p, err := save(s)
		return savedMsg{path: p, err: err}
	}
}

// onResult words a save, export or copy outcome in the status line.
func (m Model) onResult(msg tea.Msg) Model {
	// The copy and the export finish in either order: both write the
	// same combined words.
	const copied = "copied the Markdown summary (OSC 52)"
	switch msg := msg.(type) {
	case copiedMsg:
		m.status = copied + m.exportNote
	case exportedMsg:
		if msg.err != nil {
			m.exportNote = "; writing it failed: " + msg.err.Error()
		} else {
			m.exportNote = "; wrote " + msg.path
		}
		m.status = copied + m.exportNote
	case savedMsg:
		if msg.err != nil {
			m.status = "save failed: " + msg.err.Error()
		} else {
			m.status = "saved to " + msg.path
		}
	}
	return m
}
