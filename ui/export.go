package ui

import (
	"strconv"
	"strings"

	"infercost/model"
	"infercost/ui/report"
	"infercost/ui/scenario"

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

// markdown is the summary a planning doc can paste: the same table
// `infercost report --format markdown` prints for this scenario, so the
// clipboard, the exported file and the report agree figure for figure.
func markdown(in inputs, c model.Comparison, cerr error) string {
	if cerr != nil {
		return "### " + in.Scenario.Name + "\n\nNo figures: " + cerr.Error() + "\n"
	}
	md := report.ExportComparison(in.Scenario, c, model.Load{OutputTokensPerDay: in.Scenario.TargetTokensPerDay}).Markdown()
	if in.Scenario.Batch == 0 && !hasTarget(in.Scenario) {
		md += "\n" + maxBatchNote + ".\n"
	}
	return md
}

// workloadParts are the shared assumptions, the most telling first.
func workloadParts(s model.Scenario) []string {
	m := s.Model
	if a, err := s.Arch(); err == nil {
		m = a.Name
	}
	tp := "auto"
	if s.GPUsPerReplica > 0 {
		tp = strconv.Itoa(s.GPUsPerReplica)
	}
	batch := "batch max"
	switch {
	case s.TPOTTargetSeconds > 0 || s.TTFTTargetSeconds > 0: // the target chooses it, not "max"
		batch = "batch: largest meeting " + report.TargetText(s.TPOTTargetSeconds, s.TTFTTargetSeconds)
	case s.Batch > 0:
		batch = "batch " + strconv.Itoa(s.Batch)
	}
	weights := string(s.SideWeights(0))
	if b := string(s.SideWeights(1)); b != weights {
		weights = "A " + weights + " / B " + b
	}
	kv := string(s.SideKV(0))
	if b := string(s.SideKV(1)); b != kv {
		kv = "A " + kv + " / B " + b
	}
	return []string{"Model " + m + ", " + weights + " weights, " + kv + " KV cache", batch,
		strconv.Itoa(s.InputTokens) + " prompt / " + strconv.Itoa(s.OutputTokens) + " output tokens",
		"A " + fmtUSD(s.Sides[0].USDPerGPUHour) + "/h, B " + fmtUSD(s.Sides[1].USDPerGPUHour) + "/h per GPU",
		"utilization " + utilizationText(s), "GPUs per replica " + tp}
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
	md := markdown(m.in, m.figures.cmp, m.figures.err)
	cmds := []tea.Cmd{copyCmd(m.opts.Renderer, md)}
	if exp := m.opts.Export; exp != nil {
		cmds = append(cmds, func() tea.Msg {
			p, err := exp(md)
			return exportedMsg{path: p, err: err}
		})
	}
	m.status, m.exportNote, m.copyWhat = "copying the Markdown summary…", "", "summary"
	return m, tea.Batch(cmds...)
}

// onResult words an export or copy outcome in the status line.
func (m Model) onResult(msg tea.Msg) Model {
	// The copy and the export finish in either order: both write the
	// same combined words.
	copied := "copied the Markdown summary (OSC 52)"
	if m.copyWhat != "" && m.copyWhat != "summary" {
		copied = "copied the " + m.copyWhat + " as Markdown (OSC 52)"
	}
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
	}
	return m
}

// sharedMsg reports that the share string went to the clipboard.
type sharedMsg struct{ chars int }

// onShareKey copies the scenario as a share string (OSC 52), which
// `infercost --open`, `report --open` and the typed-value entry read.
func (m Model) onShareKey() (Model, tea.Cmd) {
	str, err := scenario.Share(m.in.Scenario)
	if err != nil {
		m.status = "no share string: " + err.Error()
		return m, nil
	}
	r := m.opts.Renderer
	m.status = "copying the share string…"
	return m, func() tea.Msg {
		r.Output().Copy(str)
		return sharedMsg{chars: len(str)}
	}
}

// openShare loads a share string typed or pasted into the entry, as a
// preset loads: r then resets to it.
func (m Model) openShare(text string) (Model, tea.Cmd) {
	s, err := scenario.OpenShare(text)
	if err != nil {
		m.entry = m.entry.Fail(err.Error())
		return m, nil
	}
	m.entry = m.entry.Close()
	m.loaded = withFleetLoad(s)
	m.preset = presetIndex(m.opts.Presets, m.loaded)
	m.status = "opened the share string: " + s.Name
	return m.apply(inputs{Scenario: m.loaded})
}

// copyOverlay copies an overlay's Markdown (OSC 52) and, when the program
// may write files, exports it like the summary; what names it in the
// status line.
func (m Model) copyOverlay(md, what string) (Model, tea.Cmd) {
	cmds := []tea.Cmd{copyCmd(m.opts.Renderer, md)}
	if exp := m.opts.Export; exp != nil {
		cmds = append(cmds, func() tea.Msg {
			p, err := exp(md)
			return exportedMsg{path: p, err: err}
		})
	}
	m.status, m.exportNote, m.copyWhat = "copying the "+what+" as Markdown…", "", what
	return m, tea.Batch(cmds...)
}

// overlayPage is a scrolling overlay, exactly w x h, from line top, with
// a last line saying where it is when it does not fit; closeKey closes it
// and, when copyable, e copies it.
func (m Model) overlayPage(lines []string, top, w, h int, closeKey string, copyable bool) string {
	shown := h
	if len(lines) > h {
		shown = h - 1
	}
	top = min(top, max(0, len(lines)-shown))
	out := append([]string(nil), lines[min(top, len(lines)):min(top+shown, len(lines))]...)
	if len(lines) > h {
		below := max(0, len(lines)-top-shown)
		copyHint := ""
		if copyable {
			copyHint = "e copy as Markdown · "
		}
		out = append(out, fitLine(m.th.Muted.Render("  line "+strconv.Itoa(top+1)+"-"+strconv.Itoa(top+shown)+" of "+
			strconv.Itoa(len(lines))+", "+strconv.Itoa(below)+" below · ↑/↓ scroll · "+copyHint+closeKey+"/esc close"), w))
	}
	return strings.Join(fitBlock(strings.Join(out, "\n"), w, h), "\n")
}
