package serve

import (
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
// it has no room for comes back as KeyRunes with no runes.
func (st *session) admitKeys(k tea.KeyMsg) tea.KeyMsg {
	n := 1
	if k.Type == tea.KeyRunes && !k.Paste {
		n = len(k.Runes)
	}
	now := time.Now()
	n = min(n, int(st.input.TokensAt(now)))
	if n < 1 || !st.input.AllowN(now, n) {
		return tea.KeyMsg{Type: tea.KeyRunes}
	}
	if k.Type == tea.KeyRunes && !k.Paste {
		k.Runes = k.Runes[:n]
	}
	return k
}
