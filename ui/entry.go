package ui

import (
	"infercost/theme"
	"infercost/ui/scenario"
	"infercost/ui/text"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// entryCharLimit bounds the typed text: room for the longest share
// string (a pasted scenario), yet a runaway paste cannot grow a session
// without limit.
const entryCharLimit = scenario.MaxShareChars

// entry is the one-line input that sets the selected control to an exact
// value. It answers with entrySubmitMsg or entryCancelMsg; the root
// validates and either closes it or shows the error (Fail).
type entry struct {
	th     *theme.Theme
	keys   keyMap
	input  textinput.Model
	active bool
	// path: the entry takes a file name for "save as", not a value.
	path bool
	err  string
	w    int
}

// entrySubmitMsg is the typed text, sent on enter; path marks a file
// name for "save as".
type entrySubmitMsg struct {
	text string
	path bool
}

// entryCancelMsg closes the entry without a change.
type entryCancelMsg struct{}

func newEntry(th *theme.Theme, keys keyMap) entry {
	in := textinput.New()
	in.CharLimit = entryCharLimit
	// A blinking cursor wakes the program twice a second, for every SSH
	// session that has the entry open.
	in.Cursor.SetMode(cursor.CursorStatic)
	// ctrl+v would read the clipboard of the machine the program runs on:
	// over SSH, the server's. A terminal's own paste arrives as keys.
	in.KeyMap.Paste = key.NewBinding(key.WithDisabled())
	return entry{input: in}.SetTheme(th).SetKeys(keys)
}

// SetSize sets the line width.
func (e entry) SetSize(w int) entry { e.w = w; return e }

// SetKeys replaces the bindings; the input deletes with the ones the help
// shows.
func (e entry) SetKeys(k keyMap) entry {
	e.keys = k
	e.input.KeyMap.DeleteCharacterBackward = k.EntryDelete
	e.input.KeyMap.DeleteBeforeCursor = k.EntryClear
	return e
}

// SetTheme re-styles the input. Every style textinput draws with is set
// here: its defaults come from lipgloss's global renderer, which is the
// server's terminal, not an SSH viewer's.
func (e entry) SetTheme(th *theme.Theme) entry {
	e.th = th
	in := &e.input
	in.PromptStyle, in.TextStyle = th.Accent.Style, th.Input.Style
	in.PlaceholderStyle, in.CompletionStyle = th.Muted.Style, th.Muted.Style
	in.Cursor.Style, in.Cursor.TextStyle = th.Accent.Style, th.Input.Style
	return e
}

// Open starts editing the control named label, now at current.
func (e entry) Open(label, current string) entry {
	e.active, e.err, e.path = true, "", false
	e.input.Reset()
	e.input.Prompt = "set " + label + ": "
	e.input.Placeholder = " now " + current
	e.input.Focus() // a static cursor: no blink command to run
	return e
}

// OpenPath starts typing a file name to save to.
func (e entry) OpenPath(suggest string) entry {
	e = e.Open("", "")
	e.path = true
	e.input.Prompt = "save as: "
	e.input.Placeholder = " e.g. " + suggest
	return e
}

// Close ends editing.
func (e entry) Close() entry {
	e.active = false
	e.input.Blur()
	return e
}

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
		text, path := e.input.Value(), e.path
		return e, func() tea.Msg { return entrySubmitMsg{text: text, path: path} }
	case key.Matches(k, e.keys.Cancel):
		return e.Close(), func() tea.Msg { return entryCancelMsg{} }
	}
	// textinput appends in place: give this copy its own runes, so an
	// earlier copy of the Model keeps the text it had.
	e.input.SetValue(e.input.Value())
	var cmd tea.Cmd
	e.input, cmd = e.input.Update(k)
	e.err = ""
	return e, cmd
}

// View is the input line: "set A $/GPU-hour: 4.5█" (before typing, the
// current value: "█ now $2.50/h") and the error, if any.
func (e entry) View() string {
	s := e.input.View()
	if e.th.Plain {
		s = e.plainView()
	}
	if e.err != "" {
		if first, rest := e.errLines(); first != "" {
			if rest != "" {
				return fitLine(s+"  "+e.th.Bad.Render(rest), e.w)
			}
			return fitLine(s+"  "+e.th.Bad.Render("✗ not applied: why is on the second line")+e.th.Muted.Render(" · esc cancel"), e.w)
		}
		s += "  " + e.th.Bad.Render(e.err)
	} else {
		s += e.th.Muted.Render("  enter apply · esc cancel")
	}
	return fitLine(s, e.w)
}

// errLines splits an error too long for the line beside the input: the
// status line shows first, and the rest, when it fits, follows the input;
// both are "" when the error fits beside the input.
func (e entry) errLines() (first, rest string) {
	in := text.Width(e.input.View()) + 2
	if e.err == "" || in+text.Width(e.err) <= e.w {
		return "", ""
	}
	lines := wrap(e.err, e.w)
	if len(lines) < 2 || e.w-in < 10 {
		return e.err, ""
	}
	// The first line takes the status line's width; the rest, beside the
	// input, is cut only if even both rows cannot hold it.
	return lines[0], fitLine(strings.Join(lines[1:], " "), e.w-in)
}

// ErrAbove is the part of the entry's error the status line shows, ""
// when it all fits beside the input.
func (e entry) ErrAbove() string {
	first, _ := e.errLines()
	return first
}

// plainView draws the input with a glyph cursor, for renderers that show
// no reverse video (textinput's cursor would be invisible there).
func (e entry) plainView() string {
	const cursorGlyph = "▏"
	v := []rune(e.input.Value())
	if len(v) == 0 {
		return e.input.Prompt + cursorGlyph + e.input.Placeholder
	}
	pos := min(max(e.input.Position(), 0), len(v))
	return e.input.Prompt + string(v[:pos]) + cursorGlyph + string(v[pos:])
}
