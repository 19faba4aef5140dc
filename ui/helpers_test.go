package ui

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"infercost/model"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// asciiRenderer renders without any styling, with a fixed (dark)
// background: no terminal is asked anything.
func asciiRenderer(w io.Writer) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

// newTestModel is the default program at w x h.
func newTestModel(t testing.TB, w, h int, opts ...func(*Options)) Model {
	t.Helper()
	o := Options{Renderer: asciiRenderer(io.Discard), Scenario: model.DefaultScenario(), Presets: model.BuiltinScenarios()}
	for _, f := range opts {
		f(&o)
	}
	m := New(o)
	return send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// send feeds msgs to m and runs the commands they return (and the
// messages those produce), as the program would, skipping quit.
func send(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for n := 0; len(queue) > 0; n++ {
		if n > 1000 {
			t.Fatal("message loop does not settle")
		}
		msg := queue[0]
		queue = queue[1:]
		next, cmd := m.Update(msg)
		m = next.(Model)
		queue = append(queue, runCmd(cmd)...)
	}
	return m
}

// runCmd runs cmd and flattens batches; quit is dropped.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil, tea.QuitMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// keys turns a string of key names into key messages: single characters
// are runes; names in braces ({left}, {shift+right}, {enter}...) are
// special keys.
func keyMsg(name string) tea.KeyMsg {
	for t, n := range map[tea.KeyType]string{
		tea.KeyLeft: "left", tea.KeyRight: "right", tea.KeyUp: "up", tea.KeyDown: "down",
		tea.KeyShiftLeft: "shift+left", tea.KeyShiftRight: "shift+right", tea.KeyTab: "tab",
		tea.KeyShiftTab: "shift+tab", tea.KeyEnter: "enter", tea.KeyEsc: "esc", tea.KeyBackspace: "backspace",
		tea.KeyCtrlS: "ctrl+s", tea.KeyCtrlC: "ctrl+c", tea.KeyCtrlU: "ctrl+u", tea.KeyHome: "home", tea.KeyEnd: "end",
	} {
		if n == name {
			return tea.KeyMsg{Type: t}
		}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

func press(t testing.TB, m Model, names ...string) Model {
	t.Helper()
	for _, n := range names {
		m = send(t, m, keyMsg(n))
	}
	return m
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

func assertContains(t testing.TB, view, want string) {
	t.Helper()
	if !strings.Contains(view, want) {
		t.Errorf("view lacks %q:\n%s", want, view)
	}
}

// figures reads the numbers after label on the screen, left to right:
// at 120x40 the panels sit side by side, so [A, B] (B's % is skipped).
func figures(t testing.TB, view, label string) []float64 {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(label) + `\s+\$?([0-9][0-9,]*(?:\.[0-9]+)?)`)
	var out []float64
	for _, line := range strings.Split(view, "\n") {
		for _, m := range re.FindAllStringSubmatch(line, -1) {
			v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
	}
	return out
}

// figureOf is one side's number after label.
func figureOf(t testing.TB, view, label string, side int) float64 {
	t.Helper()
	f := figures(t, view, label)
	if len(f) <= side {
		t.Fatalf("no figure %d for %q in:\n%s", side, label, view)
	}
	return f[side]
}

// selectControl moves the selection with the down key to the control
// with label (and side, or -1).
func selectControl(t testing.TB, m Model, label string, side int) Model {
	t.Helper()
	for range len(m.ctl.defs) + 1 {
		if c := m.ctl.Selected(); c.label == label && c.side == side {
			return m
		}
		m = press(t, m, "down")
	}
	t.Fatalf("no control %q side %d (advanced shown: %v)", label, side, m.advanced)
	return m
}

// typeAt presses open (a key that opens a text entry), clears the entry,
// types text and presses enter.
func typeAt(t testing.TB, m Model, open, text string) Model {
	t.Helper()
	m = press(t, m, open, "ctrl+u")
	for _, r := range text {
		m = press(t, m, string(r))
	}
	return press(t, m, "enter")
}
