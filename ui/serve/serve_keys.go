package serve

import (
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"golang.org/x/time/rate"
)

// A session takes at most keysPerSecond key presses and mouse events a
// second, keysBurst at once; the rest are dropped. Each can move a slider,
// and a step recomputes and redraws (about a millisecond), so a client
// sending keys as fast as its link allows would otherwise keep a core
// busy. People type, repeat keys and turn mouse wheels well below this.
const (
	keysPerSecond = 100
	keysBurst     = 300
)

func newInputLimiter() *rate.Limiter { return rate.NewLimiter(keysPerSecond, keysBurst) }

// admitKeys is the part of k the session's limiter has room for: the key,
// or the first of several typed together (a paste counts as one). A key
// it has no room for comes back as KeyRunes with no runes. Quitting
// (q, ctrl+c) always passes: it costs nothing and must never be lost.
func (st *session) admitKeys(k tea.KeyMsg) tea.KeyMsg {
	if k.Type == tea.KeyCtrlC || k.Type == tea.KeyRunes && !k.Paste && string(k.Runes) == "q" {
		return k
	}
	n := 1
	if k.Type == tea.KeyRunes && !k.Paste {
		n = len(k.Runes)
	}
	now := time.Now()
	keep := min(n, int(st.input.TokensAt(now)))
	if keep < 1 || !st.input.AllowN(now, keep) {
		keep = 0
	}
	switch {
	case keep == n:
		return k
	case k.Type != tea.KeyRunes || k.Paste:
		return tea.KeyMsg{Type: tea.KeyRunes}
	}
	// A q among the keys dropped still quits.
	runes := k.Runes[:keep:keep]
	if slices.Contains(k.Runes[keep:], 'q') {
		runes = append(runes, 'q')
	}
	k.Runes = runes
	return k
}
