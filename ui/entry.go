package ui

import (
	"infercost/theme"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// entry is the one-line input that sets the selected control to an exact
// value. It answers with entrySubmitMsg or entryCancelMsg; the root
// validates and either closes it or shows the error (Fail).
type entry struct {
	th     *theme.Theme
	keys   keyMap
	active bool
	label  string
	hint   string // the current value, shown until typing starts
	text   []rune
	err    string
	w      int
}

// entrySubmitMsg is the typed text, sent on enter.
type entrySubmitMsg struct{ text string }

// entryCancelMsg closes the entry without a change.
type entryCancelMsg struct{}

func newEntry(th *theme.Theme, keys keyMap) entry { return entry{th: th, keys: keys} }

// SetSize sets the line width.
func (e entry) SetSize(w int) entry { e.w = w; return e }

// SetKeys replaces the bindings.
func (e entry) SetKeys(k keyMap) entry { e.keys = k; return e }

// Open starts editing the control named label, now at current.
func (e entry) Open(label, current string) entry {
	e.active, e.label, e.hint, e.text, e.err = true, label, current, nil, ""
	return e
}

// Close ends editing.
func (e entry) Close() entry { e.active = false; return e }

// Fail keeps the entry open with a one-line error.
func (e entry) Fail(err string) entry { e.err = err; return e }

// Update edits the text; enter submits, esc cancels.
func (e entry) Update(msg tea.Msg) (entry, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || !e.active {
		return e, nil
	}
	switch {
	case key.Matches(k, e.keys.Accept):
		text := string(e.text)
		return e, func() tea.Msg { return entrySubmitMsg{text: text} }
	case key.Matches(k, e.keys.Cancel):
		e.active = false
		return e, func() tea.Msg { return entryCancelMsg{} }
	case key.Matches(k, e.keys.EntryDelete):
		if len(e.text) > 0 {
			e.text = e.text[:len(e.text)-1]
		}
	case key.Matches(k, e.keys.EntryClear):
		e.text = nil
	case k.Type == tea.KeyRunes || k.Type == tea.KeySpace:
		e.text = append(append([]rune(nil), e.text...), k.Runes...)
		if k.Type == tea.KeySpace {
			e.text = append(e.text, ' ')
		}
	}
	e.err = ""
	return e, nil
}

// View is the input line: "set A $/GPU-hour: 4.5▏ (now $2.50/h)" and
// the error, if any.
func (e entry) View() string {
	th := e.th
	s := th.Accent.Render("set "+e.label+": ") + th.Input.Render(string(e.text)) + th.Accent.Render("▏")
	if len(e.text) == 0 {
		s += th.Muted.Render(" now " + e.hint)
	}
	if e.err != "" {
		s += "  " + th.Bad.Render(e.err)
	} else {
		s += th.Muted.Render("  enter apply · esc cancel")
	}
	return fitLine(s, e.w)
}
