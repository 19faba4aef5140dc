package serve

import (
	"strings"
	"testing"

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
}
