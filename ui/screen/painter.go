package screen

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// painter turns views into the bytes that change the terminal from the
// last frame to this one: only the cells that differ, reached with the
// shortest cursor moves and written with the fewest pen changes and
// erases, in one pass over the lines that changed.
type painter struct {
	ecma48  bool // the terminal takes VPA, CHA and ECH
	crlf    bool // the output turns "\n" into "\r\n"
	w, h    int
	lines   []string // the view's lines on screen
	scr     []cell   // what the terminal shows, row after row
	row     []cell   // a line of the view, laid out
	pens    *pens
	parser  *ansi.Parser
	x, y    int   // the cursor; y is -1 when unknown
	wrapped bool  // the cursor is past the last column (a pending wrap)
	pen     int32 // the terminal's pen; -1 when unknown
	whole   bool  // the next frame clears the screen and draws it whole
	out     bytes.Buffer
}

// newPainter draws for a terminal of type term on the alternate screen
// (set up by Run), whose first frame clears it.
func newPainter(term string, crlf bool) *painter {
	pt := &painter{ecma48: hasECMA48(term), crlf: crlf, pens: newPens(hasBCE(term)), parser: ansi.NewParser()}
	pt.erase()
	return pt
}

// hasECMA48 says whether a terminal of type term takes VPA, CHA and ECH
// (the xterm family and the terminals that follow it); others get
// absolute cursor moves and spaces, which every terminal takes.
func hasECMA48(term string) bool {
	name, _, _ := strings.Cut(term, "-")
	switch name {
	case "xterm", "screen", "tmux", "linux", "alacritty", "kitty", "foot", "wezterm", "ghostty", "contour", "rio", "st":
		return true
	}
	return false
}

// hasBCE says whether a terminal of type term erases in the current
// background colour. GNU screen does not by default (its TERM is screen
// or screen-*, which tmux may also use): there blanks with a background
// are written as spaces.
func hasBCE(term string) bool {
	name, _, _ := strings.Cut(term, "-")
	return name != "screen"
}

// erase makes the next frame clear the screen and draw it whole (the
// terminal's state is unknown).
func (pt *painter) erase() {
	pt.whole = true
	pt.y, pt.pen = -1, -1
}

// frame is what turns the screen into view at w x h, wrapped in a
// synchronized update (terminals that do not know mode 2026 ignore it);
// nil when nothing changed. The bytes are valid until the next call.
func (pt *painter) frame(view string, w, h int) []byte {
	if w != pt.w || h != pt.h {
		pt.w, pt.h = w, h
		pt.scr, pt.row, pt.lines = make([]cell, w*h), make([]cell, w), make([]string, h)
		pt.erase()
	}
	if pt.pens.full() { // start over: the screen's cells hold numbers from the tables
		pt.pens.reset()
		pt.erase()
	}
	pt.out.Reset()
	pt.out.WriteString(ansi.SetModeSynchronizedOutput)
	if pt.whole {
		pt.clear()
	}
	pt.draw(view)
	pt.setPen(0)
	if pt.out.Len() == len(ansi.SetModeSynchronizedOutput) {
		return nil
	}
	pt.out.WriteString(ansi.ResetModeSynchronizedOutput)
	return pt.out.Bytes()
}

// clear clears the screen with no pen and marks every line to be drawn.
func (pt *painter) clear() {
	pt.whole = false
	pt.setPen(0)
	pt.out.WriteString(ansi.CursorHomePosition + ansi.EraseEntireScreen)
	pt.x, pt.y, pt.wrapped = 0, 0, false
	for i := range pt.scr {
		pt.scr[i] = blank
	}
	for i := range pt.lines {
		pt.lines[i] = "\n" // no view's line
	}
}

// draw paints the lines of view that differ from the screen's. Lines are
// laid out one by one, as Bubble Tea v1 wrote them: a style does not run
// on into the next.
func (pt *painter) draw(view string) {
	rest, more := lastLines(view, pt.h), true
	for y := range pt.h {
		var l string
		if more {
			l, rest, more = strings.Cut(rest, "\n")
		}
		if l == pt.lines[y] {
			continue
		}
		x := pt.keep(y, l)
		pt.lines[y] = strings.Clone(l) // a piece of l would keep the whole view
		pt.layOut(l, x)
		pt.paintRow(y, x)
	}
}

// keep is how many cells of row y stay the same with line l for the
// screen's line: those that end before the two lines' first difference
// (the one that ends there may join what follows). They are copied to
// pt.row.
func (pt *painter) keep(y int, l string) int {
	old, p := pt.lines[y], 0
	n := min(len(l), len(old))
	for p+32 <= n && l[p:p+32] == old[p:p+32] {
		p += 32
	}
	for p < n && l[p] == old[p] {
		p++
	}
	row := pt.scr[y*pt.w : (y+1)*pt.w]
	x := 0
	for x < len(row) && row[x].width > 0 && row[x].off >= 0 && int(row[x].off)+pt.pens.size(&row[x].look) < p {
		x += int(row[x].width)
	}
	copy(pt.row[:x], row)
	return x
}

// layOut puts line l in pt.row as a terminal shows it, from cell x on (the
// cells before it are l's already): cut at the width (a wide character
// that does not fit left out, as ansi.Truncate does), blank after its end.
// Other sequences than SGR and OSC 8, and controls, are dropped (views
// have none).
func (pt *painter) layOut(l string, x int) {
	row, i, p := pt.row, 0, int32(0)
	if x > 0 {
		c := &row[x-1]
		if c.width == 0 { // the right half of a wide cell
			c = &row[x-2]
		}
		i, p = int(c.off)+pt.pens.size(&c.look), c.pen
	}
	state := byte(ansi.NormalState)
	for i < len(l) {
		if b := l[i]; b > ansi.US && b < ansi.DEL && state == ansi.NormalState && x < len(row) { // ASCII, as the decoder takes it
			row[x] = cell{look{g: [4]byte{b}, n: 1, width: 1, pen: p}, int32(i)}
			x, i = x+1, i+1
			continue
		}
		seq, width, n, next := ansi.DecodeSequenceWc(l[i:], state, pt.parser)
		state = next
		switch {
		case width > 0:
			if x+width > len(row) {
				i = len(l)
				continue
			}
			off := int32(i)
			if !utf8.ValidString(seq) {
				// A stray byte shows as a terminal shows it, and never
				// reaches one; its cell has no offset (the grapheme's size
				// is not the byte's), so keep stops before it.
				seq, off = "\ufffd", -1
			}
			row[x] = cell{pt.pens.look(seq, width, p), off}
			clear(row[x+1 : x+width])
			x += width
		case width == 0 && x > 0 && zeroWidthText(seq):
			// A zero-width character (a combining accent, a joiner, a
			// variation selector) belongs to the cell before it, as a
			// terminal puts it there, when it follows that cell's text.
			h := x - 1
			if row[h].width == 0 && h > 0 { // the right half of a wide cell
				h--
			}
			if c := &row[h]; c.width > 0 && int(c.off)+pt.pens.size(&c.look) == i {
				c.look = pt.pens.look(pt.pens.text(&c.look)+seq, int(c.width), c.pen)
			}
		case ansi.HasCsiPrefix(seq) && pt.parser.Command() == 'm':
			p = pt.pens.sgr(p, seq, pt.parser.Params())
		case ansi.HasOscPrefix(seq) && pt.parser.Command() == 8:
			p = pt.pens.link(p, pt.parser.Data())
		}
		i += n
	}
	for ; x < len(row); x++ {
		row[x] = blank
	}
}

// zeroWidthText reports whether seq is printable characters that take no
// cell of their own (U+0300 and up: combining marks, joiners, variation
// selectors), not a control or a stray byte.
func zeroWidthText(seq string) bool {
	for _, r := range seq {
		if r < 0x300 || r == utf8.RuneError {
			return false
		}
	}
	return seq != ""
}

// paintRow writes the cells of pt.row that differ from row y of the
// screen, left to right from cell x: an unchanged stretch between two is
// rewritten when that is shorter than moving over it, the rest of a line
// that turns blank is erased (EL), and so is a long blank stretch (ECH).
func (pt *painter) paintRow(y, x int) {
	w := pt.w
	old, cur := pt.scr[y*w:(y+1)*w], pt.row
	last := w - 1 // the last change
	for last >= x && old[last].look == cur[last].look {
		last--
	}
	tail := w // cur[tail:] is one erasable blank
	if pt.pens.erasable(&cur[w-1].look) {
		for tail > 0 && cur[tail-1].look == cur[w-1].look {
			tail--
		}
	}
	for x = change(old, cur, x); x <= last; x = change(old, cur, x) {
		if pt.wrapped || pt.y != y || pt.x >= x || !pt.rewrite(cur, x) {
			pt.move(x, y)
		}
		c := cur[x]
		if x >= tail && last-x+1 >= len(ansi.EraseLineRight) {
			pt.setPen(c.pen)
			pt.out.WriteString(ansi.EraseLineRight)
			break
		}
		if n := pt.blanks(cur, x, last); n > 0 {
			pt.setPen(c.pen)
			pt.csi(n, 'X')
			x += n // the cursor stays
			continue
		}
		pt.put(&c.look)
		x += int(c.width)
	}
	copy(old, cur)
}

// change is the first cell from x on that differs. (It is never the right
// half of a wide cell: if the left halves are the same, so are the right.)
func change(old, cur []cell, x int) int {
	for x < len(cur) && old[x].look == cur[x].look {
		x++
	}
	return x
}

// blanks is how many cells from x on (the cursor's), up to the last
// change, are erased with ECH, which is worth it when it and the move past
// them are shorter than writing them: 0 if not.
func (pt *painter) blanks(cur []cell, x, last int) int {
	c := &cur[x].look
	if !pt.ecma48 || !pt.pens.erasable(c) {
		return 0
	}
	n := 1
	for x+n <= last && cur[x+n].look == *c {
		n++
	}
	cost := seqLen(n)
	if x+n <= last {
		cost += pt.route(x+n, pt.y).n
	}
	if cost >= n {
		return 0
	}
	return n
}

// rewrite writes the cells from the cursor up to x on its line, which the
// screen already shows, when that and the pen of cell x are shorter than a
// move there; it says whether it did.
func (pt *painter) rewrite(cur []cell, x int) bool {
	budget := pt.route(x, pt.y).n + len(pt.pens.change(pt.pen, cur[x].pen))
	cost, p := 0, pt.pen
	for i := pt.x; i < x && cost < budget; i++ {
		if c := cur[i]; c.width > 0 {
			cost += len(pt.pens.change(p, c.pen)) + pt.pens.size(&c.look)
			p = c.pen
		}
	}
	if cost+len(pt.pens.change(p, cur[x].pen)) >= budget {
		return false
	}
	for i := pt.x; i < x; i += max(int(cur[i].width), 1) {
		pt.put(&cur[i].look)
	}
	return true
}

// put writes c at the cursor. The screen's last cell is written with
// autowrap off, so that no terminal scrolls.
func (pt *painter) put(c *look) {
	pt.setPen(c.pen)
	corner := pt.y == pt.h-1 && pt.x+int(c.width) == pt.w
	if corner {
		pt.out.WriteString(ansi.ResetModeAutoWrap)
	}
	if c.n > 0 {
		pt.out.Write(c.g[:c.n])
	} else if c.width > 0 {
		pt.out.WriteString(pt.pens.grapheme(c))
	}
	if corner {
		pt.out.WriteString(ansi.SetModeAutoWrap)
	}
	pt.x += int(c.width)
	pt.wrapped = pt.x == pt.w
}

// setPen gives the terminal pen p, from a reset if its pen is unknown (SGR
// 0 and a link's end: SGR 0 leaves a link open).
func (pt *painter) setPen(p int32) {
	if p == pt.pen {
		return
	}
	if pt.pen < 0 {
		pt.out.WriteString(ansi.ResetStyle + ansi.ResetHyperlink())
		pt.pen = 0
	}
	pt.out.WriteString(pt.pens.change(pt.pen, p))
	pt.pen = p
}

// move puts the cursor at x, y. From a pending wrap it first returns to
// the line's start: terminals disagree on where a move from there lands.
func (pt *painter) move(x, y int) {
	if pt.wrapped {
		pt.out.WriteByte('\r')
		pt.x, pt.wrapped = 0, false
	}
	if x == pt.x && y == pt.y {
		return
	}
	r := pt.route(x, y)
	switch r.v {
	case 'H':
		if x == 0 && y == 0 {
			pt.out.WriteString(ansi.CursorHomePosition)
		} else {
			pt.out.WriteString("\x1b[")
			pt.out.Write(strconv.AppendInt(pt.out.AvailableBuffer(), int64(y+1), 10))
			pt.out.WriteByte(';')
			pt.out.Write(strconv.AppendInt(pt.out.AvailableBuffer(), int64(x+1), 10))
			pt.out.WriteByte('H')
		}
	case '\n':
		for range r.vn {
			pt.out.WriteByte('\n')
		}
	case 'M':
		pt.out.WriteString(ansi.ReverseIndex)
	case 'A', 'B', 'd':
		pt.csi(r.vn, r.v)
	}
	if r.cr {
		pt.out.WriteByte('\r')
	}
	if r.h != 0 {
		pt.csi(r.hn, r.h)
	}
	pt.x, pt.y = x, y
}

// route is a way to move the cursor: CUP (v 'H'), or a vertical step (CUU
// 'A', CUD 'B', VPA 'd', line feeds '\n', RI 'M') then maybe a carriage
// return and a horizontal one (CUF 'C', CUB 'D', CHA 'G'); n bytes long.
type route struct {
	v  byte
	vn int
	cr bool
	h  byte
	hn int
	n  int
	hx int // the column after the vertical step
}

// route is the shortest way from the cursor (not at a pending wrap) to x, y.
func (pt *painter) route(x, y int) route {
	best := route{v: 'H', n: len("\x1b[;H") + digits(y+1) + digits(x+1)}
	if x == 0 && y == 0 {
		best.n = len(ansi.CursorHomePosition)
	}
	if pt.y < 0 {
		return best
	}
	try := func(r route) {
		pt.horizontal(&r, x)
		if r.n < best.n {
			best = r
		}
	}
	switch dy := y - pt.y; {
	case dy == 0:
		try(route{hx: pt.x})
	case dy > 0:
		try(route{v: 'B', vn: dy, n: seqLen(dy), hx: pt.x})
		lf := route{v: '\n', vn: dy, n: dy, hx: pt.x}
		if pt.crlf {
			lf.hx = 0
		}
		try(lf)
	default:
		try(route{v: 'A', vn: -dy, n: seqLen(-dy), hx: pt.x})
		if dy == -1 && y > 0 {
			try(route{v: 'M', n: len(ansi.ReverseIndex), hx: pt.x})
		}
	}
	if y != pt.y && pt.ecma48 {
		try(route{v: 'd', vn: y + 1, n: len("\x1b[d") + digits(y+1), hx: pt.x})
	}
	return best
}

// horizontal adds to r the shortest step from column r.hx to x.
func (pt *painter) horizontal(r *route, x int) {
	if x == r.hx {
		return
	}
	h, hn, n := byte('C'), x-r.hx, 0
	if x < r.hx {
		h, hn = 'D', r.hx-x
	}
	n = seqLen(hn)
	if cha := len("\x1b[G") + digits(x+1); pt.ecma48 && cha < n {
		h, hn, n = 'G', x+1, cha
	}
	if x < r.hx { // a carriage return, then forward?
		crh, crn := byte(0), 1
		if x > 0 {
			crh, crn = 'C', 1+seqLen(x)
		}
		if crn < n {
			r.cr, h, hn, n = true, crh, x, crn
		}
	}
	r.h, r.hn, r.n = h, hn, r.n+n
}

// csi writes CSI n final, n left out when 1 for the relative sequences.
func (pt *painter) csi(n int, final byte) {
	pt.out.WriteString("\x1b[")
	if n != 1 || final == 'd' || final == 'G' {
		pt.out.Write(strconv.AppendInt(pt.out.AvailableBuffer(), int64(n), 10))
	}
	pt.out.WriteByte(final)
}

// seqLen is the length of a relative CSI sequence (CUU, CUD, CUF, CUB,
// ECH) by n.
func seqLen(n int) int {
	if n == 1 {
		return len("\x1b[C")
	}
	return len("\x1b[C") + digits(n)
}

func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// lastLines keeps the last h lines of view, as Bubble Tea v1 did with a
// view taller than the terminal.
func lastLines(view string, h int) string {
	if strings.Count(view, "\n") < h {
		return view
	}
	i := len(view)
	for range h {
		i = strings.LastIndexByte(view[:i], '\n')
	}
	return view[i+1:]
}
