package serve

// maxSeqBytes bounds an escape sequence a client sends: the longest the
// explorer takes (a mouse report, a key, the answer to a colour query) is
// a few dozen bytes. Bubble Tea v1 holds an unfinished sequence and
// copies it again on every read, so a client that sent megabytes of one
// ("\x1b[" and digits, an OSC that never ends) would cost the server CPU
// quadratic in its length.
const maxSeqBytes = 1 << 10

// seqGuard cuts escape sequences to maxSeqBytes as input passes from the
// session to the program: the rest of an over-long sequence is dropped up
// to its end, which passes (the program then reads one unknown sequence
// and ignores it). Everything else passes as it comes.
type seqGuard struct {
	state byte // seqGround, seqEsc, seqCSI, seqString
	n     int  // bytes of the current sequence
	stEsc bool // in a string, the last byte was ESC (ST may follow)
}

const (
	seqGround = iota
	seqEsc
	seqCSI
	seqString // OSC, DCS, SOS, PM, APC: up to BEL or ESC \
)

// filter returns what of b passes on; it reuses b.
func (g *seqGuard) filter(b []byte) []byte {
	out := b[:0]
	for _, c := range b {
		if g.keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// keep moves the guard over c and says whether c passes.
func (g *seqGuard) keep(c byte) bool {
	const esc, bel = 0x1b, 0x07
	switch g.state {
	case seqEsc:
		g.n++
		switch c {
		case '[':
			g.state = seqCSI
		case ']', 'P', 'X', '^', '_':
			g.state = seqString
		case esc:
			g.n = 1
		default:
			g.state = seqGround // a two-byte escape: alt and a key
		}
		return true
	case seqCSI:
		g.n++
		switch {
		case c >= 0x40 && c <= 0x7e: // the final byte
			g.state = seqGround
			return true
		case c >= 0x20 && c <= 0x3f: // parameters and intermediates
			return g.n <= maxSeqBytes
		}
		// A control inside: the sequence is broken; read c afresh.
		g.state = seqGround
		return g.keep(c)
	case seqString:
		g.n++
		switch {
		case c == bel:
			g.state = seqGround
			return true
		case g.stEsc && c == '\\':
			g.state, g.stEsc = seqGround, false
			return true
		case g.stEsc: // not ST: the ESC began a new sequence, which c continues
			g.stEsc = false
			g.state, g.n = seqEsc, 1
			return g.keep(c)
		case c == esc:
			g.stEsc = true
			return true // an ESC always passes: it may end the string or begin a sequence
		}
		return g.n <= maxSeqBytes
	}
	if c == esc {
		g.state, g.n = seqEsc, 1
	}
	return true
}
