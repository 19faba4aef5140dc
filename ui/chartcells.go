package ui

import (
	"image"
	"slices"
	"strings"

	"infercost/theme"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/lipgloss"
)

// plotCells is a chart's drawing: a rune (0 for nothing) and a look per
// cell, 5 bytes a cell where an ntcharts canvas cell carries a whole
// lipgloss.Style (552 bytes). It follows the canvas's rules: writes
// outside it are dropped, braille patterns drawn on braille combine.
type plotCells struct {
	w, h   int
	r      []rune
	s      []uint8 // index into cellStyles; 0 is plain
	origin image.Point
	gw, gh int     // the graph area, as the line chart laid it out
	dots   []uint8 // braille dots of the curve being drawn, a cell of the graph each
}

// capture takes the axes a line chart drew on its canvas, and its
// layout. ntcharts draws the y axis and its labels in the columns up to
// the origin's and the x axis and its labels in the rows from the
// origin's down: only those cells are read.
func (pc *plotCells) capture(lc *linechart.Model, st *cellStyles) {
	w, h := lc.Width(), lc.Height()
	pc.resize(w, h)
	clear(pc.r)
	clear(pc.s)
	pc.origin, pc.gw, pc.gh = lc.Origin(), lc.GraphWidth(), lc.GraphHeight()
	for y := range h {
		for x := range w {
			if x > pc.origin.X && y < pc.origin.Y {
				continue
			}
			c, i := lc.Canvas.Cell(image.Point{X: x, Y: y}), y*w+x
			if c.Rune != 0 {
				pc.r[i], pc.s[i] = c.Rune, st.of(c.Style)
			}
		}
	}
}

// clear blanks on c the cells drawn in pc.
func (pc *plotCells) clear(c *canvas.Model) {
	for i, r := range pc.r {
		if r != 0 {
			c.SetCell(image.Point{X: i % pc.w, Y: i / pc.w}, canvas.Cell{})
		}
	}
}

func (pc *plotCells) resize(w, h int) {
	if pc.w != w || pc.h != h {
		pc.w, pc.h = w, h
		pc.r, pc.s = make([]rune, w*h), make([]uint8, w*h)
	}
}

// copyFrom makes pc a copy of o.
func (pc *plotCells) copyFrom(o *plotCells) {
	pc.resize(o.w, o.h)
	copy(pc.r, o.r)
	copy(pc.s, o.s)
	pc.origin, pc.gw, pc.gh = o.origin, o.gw, o.gh
}

func (pc *plotCells) in(x, y int) bool { return x >= 0 && y >= 0 && x < pc.w && y < pc.h }

// at is the rune at x, y (0 outside).
func (pc *plotCells) at(x, y int) rune {
	if !pc.in(x, y) {
		return 0
	}
	return pc.r[y*pc.w+x]
}

func (pc *plotCells) set(x, y int, r rune, s uint8) {
	if pc.in(x, y) {
		pc.r[y*pc.w+x], pc.s[y*pc.w+x] = r, s
	}
}

// setString writes text rightwards from x, a rune a cell, cut at the edge.
func (pc *plotCells) setString(x, y int, text string, s uint8) {
	for _, r := range text {
		pc.set(x, y, r, s)
		x++
	}
}

// brailleDot is the bit of a braille pattern (U+2800 + bits) for the dot
// at row y, column x of its cell (Unicode's dot numbering: 1-2-3-7 down
// the left, 4-5-6-8 down the right).
var brailleDot = [4][2]uint8{{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}}

// dot sets a dot of the curve being drawn at braille-grid point p (two
// dots a cell across, four down, from the graph's top left); dots off
// the graph are dropped.
func (pc *plotCells) dot(p image.Point) {
	if p.X < 0 || p.Y < 0 || p.X >= 2*pc.gw || p.Y >= 4*pc.gh {
		return
	}
	if len(pc.dots) != pc.gw*pc.gh {
		pc.dots = make([]uint8, pc.gw*pc.gh)
	}
	pc.dots[p.Y/4*pc.gw+p.X/2] |= brailleDot[p.Y%4][p.X%2]
}

// drawDots draws the curve's dots on the graph, right of the y axis, in
// look s, and clears them for the next: a pattern on a braille cell adds
// its dots to it.
func (pc *plotCells) drawDots(s uint8) {
	for i, bits := range pc.dots {
		if bits == 0 {
			continue
		}
		pc.dots[i] = 0
		x, y := pc.origin.X+1+i%pc.gw, i/pc.gw
		r := runes.BrailleBlockOffset | rune(bits)
		if cur := pc.at(x, y); cur != 0 {
			r = runes.CombineBraillePatterns(cur, r)
		}
		pc.set(x, y, r, s)
	}
}

// render writes the cells row by row, merging runs of one look (blanks
// join any run: chart styles set only a foreground and bold, which a
// space does not show). Plain cells are written as is.
func (pc *plotCells) render(st *cellStyles) []string {
	out := make([]string, pc.h)
	var b strings.Builder
	for y := range pc.h {
		b.Reset()
		b.Grow(pc.w * 4)
		cur, suf := uint8(0), ""
		for x := range pc.w {
			r, s := pc.r[y*pc.w+x], pc.s[y*pc.w+x]
			if r == 0 {
				b.WriteByte(' ')
				continue
			}
			if s != cur {
				b.WriteString(suf)
				b.WriteString(st.codes[s].pre)
				suf, cur = st.codes[s].suf, s
			}
			b.WriteRune(r)
		}
		b.WriteString(suf)
		out[y] = b.String()
	}
	return out
}

// cellStyles numbers the looks a chart's cells take under one theme.
// Looks are told apart by what a chart style sets (foreground and bold),
// so styles that render alike share a number; each is rendered once, to
// learn its escape codes.
type cellStyles struct {
	theme *theme.Theme
	keys  []styleKey
	codes []struct{ pre, suf string }
}

func newCellStyles(th *theme.Theme) *cellStyles {
	return &cellStyles{theme: th, keys: []styleKey{{plain: true}}, codes: make([]struct{ pre, suf string }, 1)}
}

// of is the number of style s's look, new looks added.
func (st *cellStyles) of(s lipgloss.Style) uint8 {
	k := keyOf(canvas.Cell{Rune: 'x', Style: s})
	if i := slices.Index(st.keys, k); i >= 0 {
		return uint8(i)
	}
	pre, suf, _ := strings.Cut(s.Render("x"), "x")
	st.keys = append(st.keys, k)
	st.codes = append(st.codes, struct{ pre, suf string }{pre, suf})
	return uint8(len(st.keys) - 1)
}

// styleKey identifies a cell's look.
type styleKey struct {
	fg    lipgloss.TerminalColor
	bold  bool
	plain bool
}

func keyOf(c canvas.Cell) styleKey {
	if c.Rune == 0 {
		return styleKey{plain: true}
	}
	fg, bold := c.Style.GetForeground(), c.Style.GetBold()
	if _, none := fg.(lipgloss.NoColor); none && !bold {
		return styleKey{plain: true}
	}
	return styleKey{fg: fg, bold: bold}
}
