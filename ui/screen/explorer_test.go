package screen

// The explorer driven in-process through the painter: no terminal, no
// clock, so the bytes each step writes are the same on every machine.

import (
	"io"
	"strings"
	"testing"

	"infercost/model"
	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// explorer is the explorer at w x h, its styles in profile on a dark
// background, its frames drawn by a painter into out.
type explorer struct {
	t    testing.TB
	m    tea.Model
	pt   *painter
	w, h int
	out  func(frame []byte) // each frame's bytes
}

func newExplorer(t testing.TB, profile termenv.Profile, w, h int, crlf bool, out func([]byte)) *explorer {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(true)
	m := ui.New(ui.Options{Renderer: r, Scenario: model.DefaultScenario(), Presets: model.BuiltinScenarios()})
	e := &explorer{t: t, m: m, pt: newPainter("xterm-256color", crlf), out: out}
	e.resize(w, h)
	return e
}

// keyMsgs are the keys the tests press, as Bubble Tea reads them.
var keyMsgs = map[string]tea.KeyMsg{
	"up": {Type: tea.KeyUp}, "down": {Type: tea.KeyDown},
	"left": {Type: tea.KeyLeft}, "right": {Type: tea.KeyRight},
	"shift+right": {Type: tea.KeyShiftRight}, "esc": {Type: tea.KeyEsc},
}

func (e *explorer) key(k string) {
	e.t.Helper()
	msg, ok := keyMsgs[k]
	if !ok {
		msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
	}
	e.send(msg)
}

func (e *explorer) resize(w, h int) {
	e.w, e.h = w, h
	e.send(tea.WindowSizeMsg{Width: w, Height: h})
}

// send updates the model with msg and the messages its commands return
// (quit dropped), then paints the view.
func (e *explorer) send(msg tea.Msg) {
	e.t.Helper()
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0; n++ {
		if n > 100 {
			e.t.Fatal("message loop does not settle")
		}
		var cmd tea.Cmd
		e.m, cmd = e.m.Update(queue[0])
		queue = append(queue[1:], runCmd(cmd)...)
	}
	e.out(e.pt.frame(e.m.View(), e.w, e.h))
}

func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg, nil:
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

// selectControl presses down until the control labelled label is
// selected (marked ▸ at the left edge).
func (e *explorer) selectControl(label string) {
	e.t.Helper()
	for range 60 {
		for _, l := range strings.Split(ansi.Strip(e.m.View()), "\n") {
			if strings.HasPrefix(l, "▸ "+label+" ") {
				return
			}
		}
		e.key("down")
	}
	e.t.Fatalf("no control %q:\n%s", label, ansi.Strip(e.m.View()))
}
