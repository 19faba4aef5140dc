package ui

import (
	"image"
	"math"
	"slices"
	"strings"

	"infercost/model"
	"infercost/theme"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/linechart"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// chart is one ntcharts line chart of both sides. It redraws only when
// the inputs it depends on, its size or the theme change, and keeps the
// drawing as a string for View.
type chart struct {
	th   *theme.Theme
	kind chartKind
	w, h int
	c    computed
	key  chartKey
	data series
	x, y axis // of the drawing being made
	// lc is reused from one drawing to the next (a new canvas costs a
	// Cell with a whole Style per cell); remade when the size changes.
	lc   *linechart.Model
	view string
}

// chartKey is what the cached drawing was made from.
type chartKey struct {
	s     model.Scenario
	w, h  int
	theme string
	fails [2]bool
}

func newChart(th *theme.Theme, kind chartKind) chart { return chart{th: th, kind: kind} }

// SetSize sets the chart's block (title and legend included).
func (ch chart) SetSize(w, h int) chart {
	ch.w, ch.h = w, h
	return ch.redraw()
}

// Show gives the chart a recompute and its size at once (one redraw at
// most).
func (ch chart) Show(c computed, w, h int) chart {
	ch.c, ch.w, ch.h = c, w, h
	return ch.redraw()
}

// SetTheme re-styles the chart.
func (ch chart) SetTheme(th *theme.Theme) chart {
	ch.th = th
	return ch.redraw()
}

// Update takes a recompute.
func (ch chart) Update(msg tea.Msg) (chart, tea.Cmd) {
	if m, ok := msg.(computedMsg); ok {
		ch.c = m.c
		ch = ch.redraw()
	}
	return ch, nil
}

// View is the cached drawing, exactly w x h.
func (ch chart) View() string { return ch.view }

func (ch chart) redraw() chart {
	k := chartKey{s: chartKeyOf(ch.kind, ch.c.in), w: ch.w, h: ch.h, theme: ch.th.Name,
		fails: [2]bool{ch.c.cmp.Errs[0] != nil, ch.c.cmp.Errs[1] != nil}}
	if k == ch.key && ch.view != "" {
		return ch
	}
	ch.key = k
	if ch.w < 20 || ch.h < 6 {
		ch.view = strings.Join(fitBlock("", ch.w, ch.h), "\n")
		return ch
	}
	ch.view = ch.render()
	return ch
}

func (ch *chart) render() string {
	spec := specOf(ch.kind)
	plotH := ch.h - 2
	ch.data.compute(ch.kind, ch.c.in, ch.c.cmp, max(24, min(ch.w/2, 64)))
	d := &ch.data
	name := spec.title
	if ch.w < 60 {
		name = spec.short
	}
	title := ch.th.Title.Render(name)
	switch {
	case finite(d.curX):
		title += ch.th.Muted.Render(" · ┊ now " + d.now)
	case d.now != "":
		title += ch.th.Muted.Render(" · " + ch.th.Marks.Glyph[0] + ch.th.Marks.Glyph[1] + " now " + d.now)
	}
	lines := []string{fitLine(title, ch.w)}
	if ch.c.err != nil || (!d.cur[0].OK && !d.cur[1].OK) {
		lines = append(lines, fitBlock(ch.th.Muted.Render("  no figures to draw"), ch.w, plotH)...)
	} else {
		lines = append(lines, ch.plot(plotH, spec)...)
	}
	lines = append(lines, ch.legend())
	return strings.Join(lines, "\n")
}

// plot draws axes, both curves (A solid, B dashed), the current-value
// line and each side's marker, and renders the canvas.
func (ch *chart) plot(h int, spec chartSpec) []string {
	d := &ch.data
	gh := h - 2 // the x axis and its labels take two rows
	ch.y = niceAxis(0, d.y1*1.02, gh, max(2, gh/5), false)
	gw := ch.w - ch.y.labelWidth(gh) - 1
	ch.x = niceAxis(d.x0, d.x1, gw, max(8, gw/7), d.floorX)
	ch.x.pct = spec.xPct
	lc := ch.linechart(h)
	lc.DrawXYAxisAndLabel()
	for i := range d.pts {
		ch.drawSeries(lc, i)
	}
	ch.drawMarkers(lc)
	return renderCanvas(&lc.Canvas, ch.w, h)
}

// linechart returns the chart's canvas, cleared and set to the current
// axes and theme.
func (ch *chart) linechart(h int) *linechart.Model {
	if ch.lc == nil || ch.lc.Width() != ch.w || ch.lc.Height() != h {
		lc := linechart.New(ch.w, h, 0, 1, 0, 1)
		ch.lc = &lc
	}
	lc, th, x, y := ch.lc, ch.th, ch.x, ch.y
	lc.Canvas.Fill(canvas.Cell{})
	lc.AxisStyle, lc.LabelStyle, lc.Style = th.Axis, th.Label, th.Text
	lc.XLabelFormatter = func(_ int, v float64) string { return x.label(v) }
	lc.YLabelFormatter = func(_ int, v float64) string { return y.label(v) }
	lc.SetXYRange(x.lo, x.hi, y.lo, y.hi)
	lc.SetViewXYRange(x.lo, x.hi, y.lo, y.hi)
	lc.SetXStep(x.step)
	lc.SetYStep(y.step)
	return lc
}

// drawSeries draws side i's curve into its own braille grid (one pass,
// much cheaper than a line call per segment); side B is dashed so the
// curves differ without colour.
func (ch *chart) drawSeries(lc *linechart.Model, i int) {
	d := &ch.data
	gw, gh := lc.GraphWidth(), lc.GraphHeight()
	grid := graph.NewBrailleGrid(gw, gh, ch.x.lo, ch.x.hi, ch.y.lo, ch.y.hi)
	var prev image.Point
	have, dots := false, 0
	for _, p := range d.pts[i] {
		if !p.OK || math.IsNaN(p.Y) {
			have = false
			continue
		}
		gp := grid.GridPoint(canvas.Float64Point{X: p.X, Y: clamp(p.Y, 0, ch.y.hi*1.05)})
		if !have {
			grid.Set(gp)
		} else {
			for _, q := range graph.GetLinePoints(prev, gp) {
				if i == 0 || (dots/3)%2 == 0 {
					grid.Set(q)
				}
				dots++
			}
		}
		prev, have = gp, true
	}
	graph.DrawBraillePatterns(&lc.Canvas, image.Point{X: lc.Origin().X + 1, Y: 0}, grid.BraillePatterns(), ch.th.Side[i])
}

// drawMarkers draws a dotted vertical line at the current x (under the
// curves) and each side's glyph at its current point.
func (ch *chart) drawMarkers(lc *linechart.Model) {
	d, th := &ch.data, ch.th
	gw, gh := lc.GraphWidth(), lc.GraphHeight()
	ox := lc.Origin().X + 1
	x, y := ch.x, ch.y
	col := func(v float64) int { return ox + int(math.Round((v-x.lo)/(x.hi-x.lo)*float64(gw-1))) }
	row := func(v float64) int { return gh - 1 - int(math.Round(clamp(v/y.hi, 0, 1)*float64(gh-1))) }
	if finite(d.curX) && d.curX >= x.lo && d.curX <= x.hi {
		x := col(d.curX)
		for y := 0; y < gh; y++ {
			if lc.Canvas.Cell(image.Point{X: x, Y: y}).Rune == 0 {
				lc.Canvas.SetCell(image.Point{X: x, Y: y}, canvas.NewCellWithStyle('┊', th.Muted))
			}
		}
	}
	var at [2]image.Point
	for i, p := range d.cur {
		if !p.OK || p.X < x.lo || p.X > x.hi {
			continue
		}
		at[i] = image.Point{X: col(p.X), Y: row(p.Y)}
		// Two markers in one cell: A steps aside so both show.
		if i == 1 && d.cur[0].OK && at[1] == at[0] {
			lc.Canvas.SetCell(image.Point{X: at[0].X - 1, Y: at[0].Y}, canvas.NewCellWithStyle([]rune(th.Marks.Glyph[0])[0], th.SideBold[0]))
		}
		g := []rune(th.Marks.Glyph[i])[0]
		lc.Canvas.SetCell(at[i], canvas.NewCellWithStyle(g, th.SideBold[i]))
	}
}

// legend tells the sides apart by letter, glyph and line pattern.
func (ch *chart) legend() string {
	th := ch.th
	parts := make([]string, 0, 2)
	for i := range ch.data.cur {
		m := th.Marks
		name := sideName(ch.c.cmp, ch.c.in, i)
		s := th.SideBold[i].Render(m.Letter[i]+" "+m.Glyph[i]) + th.Text.Render(" "+name+" ")
		if ch.c.cmp.Errs[i] != nil {
			s += th.Bad.Render("cannot run")
		} else {
			s += th.Side[i].Render(m.Line[i]) + th.Muted.Render(" "+m.Dash[i])
		}
		parts = append(parts, s)
	}
	return fitLine(strings.Join(parts, "   "), ch.w)
}

// styleKey identifies a cell's look, so runs of equal cells render with
// one Style.Render call instead of one per cell.
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

// renderCanvas renders the canvas row by row, merging runs of equal
// style (blanks join any run: chart styles set only a foreground and
// bold, which a space does not show); each style is rendered once (to learn its escape codes) rather
// than once per run. Plain cells are written as is: they never touch a
// renderer.
func renderCanvas(c *canvas.Model, w, h int) []string {
	type codes struct {
		k        styleKey
		pre, suf string
	}
	var seen []codes
	wrap := func(cell canvas.Cell, k styleKey) (string, string) {
		if i := slices.IndexFunc(seen, func(c codes) bool { return c.k == k }); i >= 0 {
			return seen[i].pre, seen[i].suf
		}
		pre, suf, _ := strings.Cut(cell.Style.Render("x"), "x")
		seen = append(seen, codes{k, pre, suf})
		return pre, suf
	}
	out := make([]string, h)
	var b strings.Builder
	for y := 0; y < h; y++ {
		b.Reset()
		b.Grow(w * 4)
		curKey := styleKey{plain: true}
		suf := ""
		for x := 0; x < w; x++ {
			cell := c.Cell(image.Point{X: x, Y: y})
			// A blank looks the same in any foreground: it continues the
			// current run instead of closing it (fewer bytes per redraw).
			if k := keyOf(cell); k != curKey && cell.Rune != 0 {
				b.WriteString(suf)
				pre := ""
				pre, suf = "", ""
				if !k.plain {
					pre, suf = wrap(cell, k)
				}
				b.WriteString(pre)
				curKey = k
			}
			if cell.Rune == 0 {
				b.WriteByte(' ')
			} else {
				b.WriteRune(cell.Rune)
			}
		}
		b.WriteString(suf)
		out[y] = b.String()
	}
	return out
}
