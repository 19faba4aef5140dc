//go:build linux

package e2e

// What a terminal sends: key presses, and answers to the queries programs
// make at start-up.

// e2eKeys maps readable key names to the bytes a terminal sends.
var e2eKeys = map[string]string{
	"right": "\x1b[C", "left": "\x1b[D", "up": "\x1b[A", "down": "\x1b[B",
	"tab": "\t", "shift+tab": "\x1b[Z", "enter": "\r", "esc": "\x1b", "ctrl+c": "\x03",
}

// keyBytes turns a key name ("right", "q", "?") into what a terminal sends.
func keyBytes(k string) string {
	if b, ok := e2eKeys[k]; ok {
		return b
	}
	return k
}

// termQuery is a query a real terminal answers and our answer to it.
type termQuery struct {
	name, seq, reply string
}

// termQueries: background and foreground colour (termenv at start-up),
// cursor position (sent right after the colour query) and primary device
// attributes. Answers are what a dark xterm says.
var termQueries = []termQuery{
	{"osc11", "\x1b]11;?", "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\"},
	{"osc10", "\x1b]10;?", "\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\"},
	{"cpr", "\x1b[6n", "\x1b[1;1R"},
	{"da1", "\x1b[c", "\x1b[?62;22c"},
	{"da1", "\x1b[0c", "\x1b[?62;22c"},
}

const maxQueryLen = 8 // longest termQueries seq

// answerQueries is the scanner behind scanQueries: carry holds the tail of
// the previous chunk so a query split across two reads is still seen once.
func answerQueries(carry *[]byte, b []byte, counts map[string]int) []byte {
	joined := append(append([]byte(nil), *carry...), b...)
	var out []byte
	for i := 0; i < len(joined); i++ {
		if joined[i] != 0x1b {
			continue
		}
		for _, q := range termQueries {
			end := i + len(q.seq)
			if end > len(*carry) && end <= len(joined) && string(joined[i:end]) == q.seq {
				out = append(out, q.reply...)
				counts[q.name]++
			}
		}
	}
	keep := min(len(joined), maxQueryLen-1)
	*carry = append((*carry)[:0], joined[len(joined)-keep:]...)
	return out
}
