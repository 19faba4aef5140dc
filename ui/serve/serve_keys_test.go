package serve

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// TestKeyFloodIsCut: a client's flood of keys reaches the program only up
// to the session's burst; a paste counts as one key; typing at human speed
// loses nothing.
func TestKeyFloodIsCut(t *testing.T) {
	st := &session{input: newInputLimiter()}
	for range 20 { // a person: keys one by one
		if k := st.admitKeys(tea.KeyMsg{Type: tea.KeyRight}); k.Type != tea.KeyRight {
			t.Fatal("a single arrow key was dropped")
		}
	}
	paste := tea.KeyMsg{Type: tea.KeyRunes, Paste: true, Runes: []rune(strings.Repeat("x", 5000))}
	if k := st.admitKeys(paste); len(k.Runes) != 5000 {
		t.Fatalf("a paste was cut to %d runes", len(k.Runes))
	}
	flood := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("l", 10000))}
	k := st.admitKeys(flood)
	if n := len(k.Runes); n == 0 || n > keysBurst {
		t.Fatalf("a flood of 10000 keys passed %d (burst %d)", n, keysBurst)
	}
	if k := st.admitKeys(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("l")}); len(k.Runes) != 0 {
		t.Error("a key right after the flood passed: the burst is spent")
	}
	if k := st.admitKeys(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jkjkq")}); string(k.Runes) != "q" {
		t.Errorf("keys typed with q after the flood passed as %q, want the q", string(k.Runes))
	}
	for _, quit := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("q")}, {Type: tea.KeyCtrlC}} {
		if k := st.admitKeys(quit); k.Type != quit.Type || string(k.Runes) != string(quit.Runes) {
			t.Errorf("%v after the flood was dropped: quitting must always pass", quit)
		}
	}
}

// TestServeHostileInputStaysResponsive: after a megabyte-long escape
// sequence, a megabyte paste and a flood of keys, the session still
// answers: q quits it at once, and its CPU stayed bounded.
func TestServeHostileInputStaysResponsive(t *testing.T) {
	ts := startTestServer(t, nil, shortTimeouts(time.Minute, time.Minute))
	c, err := ts.dial("ada", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	v := openViewer(t, c, 100, 30)
	v.waitText(firstScreen)
	junk := strings.Repeat("1;", 1<<19)
	for _, s := range []string{"\x1b[" + junk + "m", "\x1b]" + junk + "\x07", "\x1b[200~" + junk + "\x1b[201~", strings.Repeat("jk", 1<<12)} {
		if _, err := io.WriteString(v.stdin, s); err != nil {
			t.Fatal(err)
		}
	}
	v.press("q")
	if code := v.exitStatus(); code != 0 {
		t.Errorf("q after hostile input: exit %d", code)
	}
}
