package screen

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// cell is a cell of the screen: a grapheme, its width and its pen, held
// by value (no pointer for the garbage collector to follow or a write
// barrier to guard). The right half of a wide cell is the zero cell.
type cell struct {
	look
	off int32 // where the grapheme is in its line; -1 past the line's end and for a stray byte
}

// look is what a terminal shows of a cell.
type look struct {
	g     [4]byte // the grapheme if n > 0; else, with a width, an index into pens.long
	n     uint8
	width uint8
	pen   int32 // an index into pens.list
}

// blank is an empty cell with no style, as a cleared screen shows.
var blank = cell{look{g: [4]byte{' '}, n: 1, width: 1}, -1}

// pen is what SGR and OSC 8 sequences set for the characters after them.
type pen struct {
	style uv.Style
	link  uv.Link
}

// pens numbers the pens of the views (pen 0 is the empty one) and their
// graphemes too long for a cell, so that cells hold numbers and compare as
// plain values.
type pens struct {
	list  []pen
	erase []bool              // the pen's blank can be written with an erase: see erasable
	bce   bool                // the terminal erases in the current background
	index map[pen]int32       // list's pens
	after map[sgrKey]int32    // the pen an SGR sequence turns a pen into
	diff  map[[2]int32]string // the sequences that turn a pen into another
	long  []string            // graphemes longer than look.g
	longs map[string]uint32   // long's graphemes
}

type sgrKey struct {
	from int32
	seq  string
}

// maxPens bounds the tables: views with ever new colours make the painter
// start over (see painter.frame) rather than grow without end.
const maxPens = 1 << 12

// newPens numbers pens for a terminal that erases in the current
// background (bce) or not.
func newPens(bce bool) *pens {
	ps := &pens{bce: bce}
	ps.reset()
	return ps
}

func (ps *pens) reset() {
	ps.list, ps.erase = ps.list[:0], ps.erase[:0]
	ps.index, ps.after, ps.diff = map[pen]int32{}, map[sgrKey]int32{}, map[[2]int32]string{}
	clear(ps.long)
	ps.long, ps.longs = ps.long[:0], map[string]uint32{}
	ps.intern(pen{})
}

func (ps *pens) full() bool {
	return len(ps.list) > maxPens || len(ps.after) > 4*maxPens || len(ps.diff) > 4*maxPens || len(ps.long) > maxPens
}

func (ps *pens) intern(p pen) int32 {
	if i, ok := ps.index[p]; ok {
		return i
	}
	i := int32(len(ps.list))
	ps.list = append(ps.list, p)
	// An erase paints blanks in the current background, on a terminal
	// with bce, but shows no underline, reverse, strikethrough or link.
	ps.erase = append(ps.erase, p.style.Underline == uv.UnderlineNone && p.link.IsZero() &&
		p.style.Attrs&^(uv.AttrBold|uv.AttrFaint|uv.AttrItalic|uv.AttrBlink|uv.AttrRapidBlink) == 0 &&
		(ps.bce || p.style.Bg == nil))
	ps.index[p] = i
	return i
}

// sgr is the pen the SGR sequence seq, with parameters params, makes of
// pen from. Views repeat a few sequences, so each is read once per pen.
func (ps *pens) sgr(from int32, seq string, params ansi.Params) int32 {
	if to, ok := ps.after[sgrKey{from, seq}]; ok {
		return to
	}
	p := ps.list[from]
	uv.ReadStyle(params, &p.style)
	to := ps.intern(p)
	ps.after[sgrKey{from, strings.Clone(seq)}] = to
	return to
}

// link is pen from with the hyperlink of OSC 8 data.
func (ps *pens) link(from int32, data []byte) int32 {
	p := ps.list[from]
	uv.ReadLink(data, &p.link)
	if !printable(p.link.URL) || !printable(p.link.Params) {
		p.link = uv.Link{} // a link a terminal could read as controls is no link
	}
	return ps.intern(p)
}

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl)
}

// change is the sequence that turns the terminal's pen from into to: the
// shorter of the attributes that differ (ultraviolet's StyleDiff) and a
// reset followed by to.
func (ps *pens) change(from, to int32) string {
	if from == to {
		return ""
	}
	if s, ok := ps.diff[[2]int32{from, to}]; ok {
		return s
	}
	a, b := &ps.list[from], &ps.list[to]
	s := uv.StyleDiff(&a.style, &b.style)
	if !b.style.IsZero() {
		if full := "\x1b[0;" + b.style.String()[len("\x1b["):]; len(full) < len(s) {
			s = full
		}
	}
	if a.link != b.link {
		s += ansi.SetHyperlink(b.link.URL, b.link.Params)
	}
	ps.diff[[2]int32{from, to}] = s
	return s
}

// look is how a cell with grapheme g of width shows under pen p.
func (ps *pens) look(g string, width int, p int32) look {
	lk := look{n: uint8(len(g)), width: uint8(width), pen: p}
	if len(g) <= len(lk.g) {
		copy(lk.g[:], g)
		return lk
	}
	i, ok := ps.longs[g]
	if !ok {
		i = uint32(len(ps.long))
		ps.long = append(ps.long, strings.Clone(g))
		ps.longs[ps.long[i]] = i
	}
	lk.n = 0
	binary.LittleEndian.PutUint32(lk.g[:], i)
	return lk
}

// grapheme is the grapheme of a cell that is not the right half of a wide
// one, if long; otherwise it is lk.g[:lk.n].
func (ps *pens) grapheme(lk *look) string {
	return ps.long[binary.LittleEndian.Uint32(lk.g[:])]
}

// text is the grapheme of a cell that is not the right half of a wide one.
func (ps *pens) text(lk *look) string {
	if lk.n > 0 {
		return string(lk.g[:lk.n])
	}
	return ps.grapheme(lk)
}

// size is the length of the grapheme of lk in bytes.
func (ps *pens) size(lk *look) int {
	if lk.n > 0 || lk.width == 0 {
		return int(lk.n)
	}
	return len(ps.grapheme(lk))
}

// erasable says whether c can be written with an erase (EL, ECH) under
// its pen.
func (ps *pens) erasable(lk *look) bool {
	return lk.n == 1 && lk.g[0] == ' ' && lk.width == 1 && ps.erase[lk.pen]
}
