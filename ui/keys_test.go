package ui

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestSplitKeys(t *testing.T) {
	tests := []struct {
		in   tea.KeyMsg
		want int
	}{
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("lll")}, 3},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("l")}, 1},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("lll"), Paste: true}, 1},
		{tea.KeyMsg{Type: tea.KeyLeft}, 1},
	}
	for _, tt := range tests {
		got := splitKeys(tt.in)
		if len(got) != tt.want {
			t.Errorf("splitKeys(%v) = %d keys, want %d", tt.in, len(got), tt.want)
		}
		for _, k := range got {
			if tt.want > 1 && len(k.Runes) != 1 {
				t.Errorf("split key %v has %d runes", k, len(k.Runes))
			}
		}
	}
}

// A merged "lll" (fast typing, a laggy link, tmux send-keys) moves the
// slider three steps, like three separate presses.
func TestMergedRunesActLikeSeparateKeys(t *testing.T) {
	m := selectControl(t, newTestModel(t, 120, 40), "$/GPU-hour", 1)
	merged := send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("lll")})
	single := press(t, m, "l", "l", "l")
	if got, want := merged.in.Scenario.Sides[1].USDPerGPUHour, single.in.Scenario.Sides[1].USDPerGPUHour; got != want || got != 4.80 {
		t.Errorf("merged lll: $%v/h, three l: $%v/h, want 4.80", got, want)
	}
	// Mixed: move down to the next control, then step it.
	mixed := send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jL")})
	if mixed.ctl.Selected().label != "tok/s" || mixed.in.Scenario.Sides[0].PinnedTokensPerSecond == 0 {
		t.Errorf("merged jL: selected %q, A pinned %v", mixed.ctl.Selected().label, mixed.in.Scenario.Sides[0].PinnedTokensPerSecond)
	}
	// A paste is text, not keys.
	pasted := send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("lll"), Paste: true})
	if pasted.in.Scenario != m.in.Scenario {
		t.Error("a paste moved a slider")
	}
}

func TestNavigationWraps(t *testing.T) {
	m := newTestModel(t, 120, 40)
	first := m.ctl.Selected().label
	m = press(t, m, "up")
	if got := m.ctl.Selected().label; got != "fleet load" {
		t.Errorf("up from the first control selects %q, want the last main one", got)
	}
	m = press(t, m, "tab")
	if got := m.ctl.Selected().label; got != first {
		t.Errorf("tab from the last selects %q, want %q", got, first)
	}
	m = press(t, m, "shift+tab", "down")
	if got := m.ctl.Selected().label; got != first {
		t.Errorf("shift+tab then down selects %q", got)
	}
}

func TestResetAndQuit(t *testing.T) {
	m := newTestModel(t, 120, 40)
	start := m.in.Scenario
	m = press(t, selectControl(t, m, "utilization", 0), "H", "H")
	if m.in.Scenario == start {
		t.Fatal("utilization did not move")
	}
	m = press(t, m, "r")
	if m.in.Scenario != start {
		t.Errorf("r did not reset: %+v", m.in.Scenario)
	}
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := m.Update(keyMsg(k))
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s does not quit", k)
		}
	}
}

// The help lists only enabled bindings, and each enabled binding in the
// help does something in that state.
func TestHelpNeverLies(t *testing.T) {
	m := newTestModel(t, 120, 40)
	enabled := func(m Model, b key.Binding) bool { return b.Enabled() }
	if enabled(m, m.keys.PresentToMeeting) || enabled(m, m.keys.Follow) {
		t.Error("meeting keys enabled without a meeting")
	}
	if !enabled(m, m.keys.Chart) {
		t.Error("chart key disabled at 120x40, where two of four charts show")
	}
	wide := send(t, m, windowSize(200, 60))
	if enabled(wide, wide.keys.Chart) {
		t.Error("chart key enabled at 200x60, where all four charts show")
	}
	entry := press(t, m, "enter")
	if _, cmd := entry.Update(keyMsg("ctrl+c")); cmd == nil {
		t.Error("ctrl+c does not quit while typing a value")
	}
	for _, b := range []key.Binding{entry.keys.Left, entry.keys.Quit, entry.keys.Preset} {
		if b.Enabled() {
			t.Errorf("%q enabled while typing a value", b.Help().Key)
		}
	}
	if !entry.keys.Accept.Enabled() || !entry.keys.Cancel.Enabled() {
		t.Error("entry keys disabled while typing")
	}
	adv := press(t, m, "a")
	if got := adv.keys.Advanced.Help().Desc; got != "hide efficiency knobs" {
		t.Errorf("advanced help says %q once shown", got)
	}
}

func TestMouseSelectsAndWheelMoves(t *testing.T) {
	m := newTestModel(t, 120, 40)
	r := m.lay.Controls
	row := rowOf(t, m, "$/GPU-hour", 0)
	m = send(t, m, tea.MouseMsg{X: r.X + 3, Y: r.Y + row, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if c := m.ctl.Selected(); c.label != "$/GPU-hour" || c.side != 0 {
		t.Fatalf("click selected %q side %d", c.label, c.side)
	}
	before := m.in.Scenario.Sides[0].USDPerGPUHour
	m = send(t, m, tea.MouseMsg{X: r.X + 3, Y: r.Y + row, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	if m.in.Scenario.Sides[0].USDPerGPUHour <= before {
		t.Errorf("wheel up: $%v/h from $%v/h", m.in.Scenario.Sides[0].USDPerGPUHour, before)
	}
	c := m.lay.Charts[0]
	first := m.chart0
	m = send(t, m, tea.MouseMsg{X: c.X + 5, Y: c.Y + 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if m.chart0 == first {
		t.Error("click on a chart did not show the next")
	}
}

func TestNumericEntry(t *testing.T) {
	m := selectControl(t, newTestModel(t, 120, 40), "$/GPU-hour", 1)
	m = press(t, m, "enter", "4", ".", "2", "5", "enter")
	if got := m.in.Scenario.Sides[1].USDPerGPUHour; got != 4.25 {
		t.Errorf("typed 4.25, got %v", got)
	}
	assertContains(t, m.View(), "B $/GPU-hour set to $4.25/h")
	m = press(t, m, "enter", "-", "3", "enter")
	v := m.View()
	assertContains(t, v, "set B $/GPU-hour: -3")
	assertContains(t, v, "enter 0 to 1000 $/GPU-hour")
	if got := m.in.Scenario.Sides[1].USDPerGPUHour; got != 4.25 {
		t.Errorf("a refused value changed the price to %v", got)
	}
	m = press(t, m, "backspace", "backspace", "x", "enter")
	assertContains(t, m.View(), `"x" is not a number`)
	m = press(t, m, "esc")
	if m.entry.active {
		t.Error("esc did not close the entry")
	}
	// Choices take names.
	m = press(t, selectControl(t, m, "GPU", 0), "enter", "h", "2", "0", "0", "enter")
	assertContains(t, m.View(), "A ● H200 SXM 141GB")
}

// The entry is bubbles' textinput: no blink ticks (each one wakes an SSH
// session), a limit on pasted text, and every style from the session's
// renderer, never lipgloss's global one.
func TestEntryInput(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	m := newTestModel(t, 120, 40, func(o *Options) { o.Renderer = r })
	m = press(t, m, "enter")
	if mode := m.entry.input.Cursor.Mode(); mode != cursor.CursorStatic {
		t.Errorf("cursor mode %v, want static", mode)
	}
	if _, cmd := m.entry.Update(keyMsg("4")); cmd != nil {
		t.Error("typing returned a command (a blink tick?)")
	}
	typed := press(t, m, "4", "2")
	if got := m.entry.input.Value(); got != "" {
		t.Errorf("typing into a copy changed the original: %q", got)
	}
	// Under go test lipgloss's global renderer writes no escapes, so a
	// reverse-video cursor and styled prompt come from the session's.
	v := typed.entry.View()
	if !strings.Contains(v, "\x1b[7;") || !strings.HasPrefix(v, "\x1b[") || !strings.Contains(ansi.Strip(v), "set A GPU: 42") {
		t.Errorf("entry not styled by the session's renderer: %q", v)
	}
	pasted := send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("9", entryCharLimit+100)), Paste: true})
	if n := len(pasted.entry.input.Value()); n != entryCharLimit {
		t.Errorf("pasted %d digits, kept %d", entryCharLimit+100, n)
	}
}

// TestEntryCursorWithoutColour: with no attributes at all (NO_COLOR,
// TERM=dumb) the cursor is a glyph at the editing position, not an
// invisible reverse-video cell.
func TestEntryCursorWithoutColour(t *testing.T) {
	m := newTestModel(t, 120, 40) // an Ascii renderer
	m = press(t, m, "enter")
	if v := m.entry.View(); !strings.Contains(v, "set A GPU: ▏ now") {
		t.Errorf("empty entry shows no cursor: %q", v)
	}
	m = press(t, m, "4", "2", "left")
	if v := m.entry.View(); !strings.Contains(v, "set A GPU: 4▏2") {
		t.Errorf("cursor not at the editing position: %q", v)
	}
}
