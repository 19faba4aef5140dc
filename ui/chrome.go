package ui

import (
	"slices"
	"strconv"
	"strings"

	"infercost/theme"
	"infercost/ui/text"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// newHelp builds the help bubble with the theme's styles (help.New would
// take the global renderer's).
func newHelp(th *theme.Theme) help.Model {
	return help.Model{
		ShortSeparator: " · ", FullSeparator: "   ", Ellipsis: "…",
		Styles: help.Styles{
			Ellipsis: th.Sep.Style, ShortKey: th.Key.Style, ShortDesc: th.Desc.Style, ShortSeparator: th.Sep.Style,
			FullKey: th.Key.Style, FullDesc: th.Desc.Style, FullSeparator: th.Sep.Style,
		},
	}
}

// headerView is two lines: the title with the scenario, then the status
// line (meeting role, notices, baseline, the last action's result).
func (m Model) headerView() string {
	th, w := m.th, m.w
	name := m.in.Scenario.Name
	if name == "" {
		name = "custom scenario"
	}
	modified := ""
	if m.in.Scenario != m.loaded {
		modified = " (modified)"
	}
	var tags []string
	if m.opts.Remote {
		tags = append(tags, "ssh")
	}
	if n := len(m.opts.Presets); n > 0 && m.preset >= 0 {
		tags = append(tags, "preset "+strconv.Itoa(m.preset+1)+"/"+strconv.Itoa(n))
	}
	right := ""
	if len(tags) > 0 {
		right = th.Muted.Render(strings.Join(tags, " · "))
	}
	// A long name is cut before "(modified)" and the tags are: they say
	// what the figures are, the rest of the name is on the controls.
	room := w - text.Width("infercost · "+modified) - text.Width(right) - 1
	if room < minTitleName {
		right, room = "", w-text.Width("infercost · "+modified)
	}
	if text.Width(name) > room {
		name = ansi.Truncate(name, max(room, 1), "…")
	}
	left := th.Title.Render("infercost") + th.Muted.Render(" · ") + th.Text.Render(name)
	if modified != "" {
		left += th.Muted.Render(modified)
	}
	return spread(left, right, w) + "\n" + fitLine(m.statusLine(), w)
}

// minTitleName is the fewest cells of the scenario's name the title
// keeps before it drops the ssh and preset tags.
const minTitleName = 16

// statusLine joins what the user should know now. When it does not fit
// the width, the least urgent parts go whole (a standing note first, then
// the baseline reminder) before anything is cut mid-sentence.
func (m Model) statusLine() string {
	th := m.th
	if above := m.entry.ErrAbove(); m.entry.active && above != "" { // what the entry refused, and what it accepts
		return th.Bad.Render(above)
	}
	type part struct {
		text    string
		urgency int // the lowest goes first when the line is too long
	}
	var parts []part
	if role := m.meet.role(); role != "" {
		var news []string
		for _, s := range []string{m.meet.notice, m.status} {
			if s != "" {
				news = append(news, s)
			}
		}
		all := strings.Join(news, " · ")
		if all != "" && text.Width(role+" · "+all) > m.w {
			role = m.meet.roleShort() // the notice or the key's answer is the news; keep both
		}
		if all != "" && text.Width(role+" · "+all) > m.w && text.Width(all) <= m.w {
			role = "" // only the news fits whole: the role waits for the next line
		}
		if role != "" {
			parts = append(parts, part{th.Accent.Render(role), 3})
		}
	}
	for _, s := range []string{m.meet.notice, m.notice} {
		if s != "" {
			parts = append(parts, part{th.Warn.Render(s), 3})
		}
	}
	if m.base != nil {
		parts = append(parts, part{th.Accent.Render("baseline pinned") + th.Muted.Render(" (b clears)"), 1})
	}
	if m.status != "" {
		parts = append(parts, part{th.Text.Render(m.status), 2})
	}
	if m.ctl.Selected().label == loadLabel && m.lay.Fleet.H == 0 {
		// The fleet panel has no room at this size: the line it would
		// show goes where the slider's effect can be seen.
		parts = append(parts, part{th.Accent.Render(fleetSummary(m.figures, th)), 2})
	}
	if m.in.Scenario.Batch == 0 && !hasTarget(m.in.Scenario) {
		parts = append(parts, part{th.Muted.Render(maxBatchNote), 0})
	}
	if len(parts) == 0 {
		m := th.Marks
		return th.Muted.Render(m.Letter[0] + " " + m.Glyph[0] + " solid line · " + m.Letter[1] + " " + m.Glyph[1] +
			" dashed line · ←/→ move the selected control · enter types a value · ? help")
	}
	sep := th.Muted.Render(" · ")
	join := func() string {
		texts := make([]string, len(parts))
		for i, p := range parts {
			texts[i] = p.text
		}
		return strings.Join(texts, sep)
	}
	line := join()
	for len(parts) > 1 && text.Width(line) > m.w {
		least := 0
		for i, p := range parts {
			if p.urgency < parts[least].urgency || p.urgency == parts[least].urgency && i > least {
				least = i
			}
		}
		parts = slices.Delete(parts, least, least+1)
		line = join()
	}
	return line
}

// footerView is the short help, or the numeric entry while it is open.
func (m Model) footerView() string {
	if m.entry.active {
		return m.entry.View()
	}
	return fitLine(m.help.ShortHelpView(m.keys.ShortHelp()), m.w)
}

// helpNotes are the honest caveats shown on the help page.
func helpNotes(th *theme.Theme) []string {
	mk := th.Marks
	return []string{
		"Roofline model: a decode step takes bytes read (weights + KV cache) / effective bandwidth, or FLOPs / " +
			"effective compute if longer, plus all-reduces and a fixed overhead.",
		"At max batch (figures marked *) every slot is always busy: queueing delay under saturation is outside " +
			"a roofline model, so real latency at that load is higher.",
		"$/M tokens = replica $/h / (tokens/s x 3600 x utilization) x 1e6. Moving tok/s pins your own measurement.",
		"Sides: " + mk.Letter[0] + " " + mk.Glyph[0] + " solid line, " + mk.Letter[1] + " " + mk.Glyph[1] +
			" dashed. Mouse: click selects a control, the wheel moves it, a click on a chart shows the next.",
		"Share strings (y copies one, ic1.…) carry the whole scenario: paste one at enter on any control to open it.",
		"Keys of one control, listed while it is selected: $ on a price steps through its GPU's published prices " +
			"(source and date on the status line); C on a pinned tok/s calibrates the engine from it. " +
			"ctrl+c quits at any time, even while typing.",
	}
}

// helpPage is the full key list in as many columns as fit, and the
// notes, scrolled from m.helpTop when they do not fit.
func (m Model) helpPage(w, h int) string {
	return m.overlayPage(m.helpLines(w, h), m.helpTop, w, h, "?", false)
}

// helpLines are the help page's lines: the keys, in at most h-2 rows,
// and the notes wrapped to w.
func (m Model) helpLines(w, h int) []string {
	var flat []key.Binding
	for _, g := range m.keys.FullHelp() {
		for _, b := range g {
			if b.Enabled() {
				flat = append(flat, b)
			}
		}
	}
	// As many columns as fit the width; more (with descriptions cut to
	// their column) when one column would run past the screen, so every
	// key that works is listed at 80x24 too.
	hm := m.help
	hm.Width = 0
	var keys string
	for cols := 3; cols >= 1; cols-- {
		keys = hm.FullHelpView(splitColumns(flat, cols))
		if text.Width(keys) <= w {
			break
		}
	}
	if lipgloss.Height(keys) > h-2 {
		keys = m.compactKeys(flat, w, h-2)
	}
	lines := append([]string{m.th.Title.Render("Keys")}, strings.Split(keys, "\n")...)
	lines = append(lines, "")
	for _, n := range helpNotes(m.th) {
		for _, l := range wrap(n, w) {
			lines = append(lines, m.th.Muted.Render(l))
		}
	}
	return lines
}

// onHelpKey: the help page scrolls and closes; keys that would change
// the scenario unseen behind it do nothing.
func (m Model) onHelpKey(k tea.KeyMsg) (Model, tea.Cmd) {
	km := m.keys
	top, scrolled := m.scrollKey(k, m.helpTop)
	switch {
	case scrolled:
		m.helpTop = m.clampTop(top, len(m.helpLines(m.w, m.h-headerRows-footerRows)))
	case key.Matches(k, km.Quit):
		return m.onQuitKey()
	case key.Matches(k, km.Help, km.Close):
		m.showHelp = false
	case key.Matches(k, km.Theme):
		m = m.setTheme(theme.Next(m.th.Name))
	}
	return m, nil
}

// splitColumns deals bindings into cols columns, in order.
func splitColumns(flat []key.Binding, cols int) [][]key.Binding {
	per := (len(flat) + cols - 1) / cols
	var groups [][]key.Binding
	for i := 0; i < len(flat); i += per {
		groups = append(groups, flat[i:min(i+per, len(flat))])
	}
	return groups
}

// compactKeys lays bindings out in as many columns as it takes to fit
// rows lines. Each column is as wide as its widest "key description";
// when they do not fit side by side the last columns give way first, so
// the descriptions cut (with an ellipsis) are as few as possible.
func (m Model) compactKeys(flat []key.Binding, w, rows int) string {
	cols := max(1, (len(flat)+rows-1)/max(rows, 1))
	per := (len(flat) + cols - 1) / cols
	groups := splitColumns(flat, cols)
	keyW, natural := make([]int, len(groups)), make([]int, len(groups))
	for c, g := range groups {
		for _, b := range g {
			keyW[c] = max(keyW[c], text.Width(b.Help().Key))
		}
		for _, b := range g {
			natural[c] = max(natural[c], keyW[c]+1+text.Width(b.Help().Desc))
		}
	}
	colW := slices.Clone(natural)
	for c := len(colW) - 1; c >= 0; c-- {
		over := sum(colW) + len(colW) - 1 - w
		if over <= 0 {
			break
		}
		colW[c] = max(keyW[c]+4, colW[c]-over)
	}
	cells := make([][]string, per)
	for c, g := range groups {
		for r, b := range g {
			cell := m.th.Key.Render(fitLine(b.Help().Key, keyW[c])) + " " + m.th.Desc.Render(b.Help().Desc)
			cells[r] = append(cells[r], fitLine(cell, colW[c]))
		}
	}
	lines := make([]string, per)
	for r := range cells {
		lines[r] = strings.Join(cells[r], " ")
	}
	return strings.Join(lines, "\n")
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// tooSmallView asks for a larger terminal, centred.
func (m Model) tooSmallView() string {
	msg := []string{
		m.th.Title.Render("infercost"),
		m.th.Text.Render("enlarge the terminal to at least " + strconv.Itoa(minWidth) + "x" + strconv.Itoa(minHeight)),
		m.th.Muted.Render("now " + strconv.Itoa(m.w) + "x" + strconv.Itoa(m.h) + " · q quits"),
	}
	out := make([]string, m.h)
	top := max(0, (m.h-len(msg))/2)
	for i := range out {
		line := ""
		if j := i - top; j >= 0 && j < len(msg) {
			line = strings.Repeat(" ", max(0, (m.w-text.Width(msg[j]))/2)) + msg[j]
		}
		out[i] = fitLine(line, m.w)
	}
	return strings.Join(out, "\n")
}
