package serve

import "bytes"

// maxPasteBytes bounds what a bracketed paste passes on to the program:
// the longest value the explorer takes is 2048 characters. Bubble Tea v1
// holds a paste until its end marker, copying all of it again on every
// read, so a client that pasted megabytes (or never ended a paste) would
// cost the server CPU quadratic in its size.
const maxPasteBytes = 16 << 10

var pasteStart, pasteEnd = []byte("\x1b[200~"), []byte("\x1b[201~")

// pasteGuard cuts bracketed pastes to maxPasteBytes, keeping both
// markers, as input passes from the session to the program. Outside a
// paste every byte passes at once (a lone ESC must not wait for the next
// key).
type pasteGuard struct {
	in   bool   // inside a paste
	n    int    // bytes of this paste passed on
	tail []byte // outside a paste: the last bytes passed on, which may begin a start marker
	held []byte // inside a paste: the last bytes read, which may begin the end marker
}

// filter returns what of chunk b passes on.
func (g *pasteGuard) filter(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		if !g.in {
			// A start marker may begin in the bytes already passed on.
			seen := append(g.tail, b...)
			i := bytes.Index(seen, pasteStart)
			if i < 0 {
				out = append(out, b...)
				g.tail = append([]byte(nil), seen[max(0, len(seen)-len(pasteStart)+1):]...)
				return out
			}
			body := i + len(pasteStart) - len(g.tail) // where the paste begins in b
			out = append(out, b[:body]...)
			b = b[body:]
			g.in, g.n, g.tail, g.held = true, 0, nil, nil
			continue
		}
		data := append(g.held, b...)
		g.held = nil
		i := bytes.Index(data, pasteEnd)
		if i < 0 {
			keep := max(0, len(data)-len(pasteEnd)+1) // the rest may begin the end marker
			out = g.pass(out, data[:keep])
			g.held = append([]byte(nil), data[keep:]...)
			return out
		}
		out = append(g.pass(out, data[:i]), pasteEnd...)
		b = data[i+len(pasteEnd):]
		g.in = false
	}
	return out
}

// pass appends what of a paste's body still fits under maxPasteBytes.
func (g *pasteGuard) pass(out, body []byte) []byte {
	n := min(len(body), max(0, maxPasteBytes-g.n))
	g.n += n
	return append(out, body[:n]...)
}
