package ui

import (
	"image"
	"math"
	"slices"
	"strings"

	"infercost/model"
	"infercost/theme"
	"infercost/ui/text"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/linechart"
	tea "github.com/charmbracelet/bubbletea"
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
	// cells is the drawing being made, axes is the axes and their labels
	// as ntcharts drew them for axesKey; styles are the looks its cells
	// take (see plotCells).
	cells, axes plotCells
	axesKey     axesKey
	styles      *cellStyles
	lc          *linechart.Model   // draws the axes; remade when the size changes
	brl         *graph.BrailleGrid // maps values to braille dots, for the axes
	view        string
}

// axesKey is what the cached axes were drawn from.
type axesKey struct {
	w, h  int
	x, y  axis
	theme *theme.Theme
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
	name, note := titleParts(spec, d.note(ch.th.Marks.Glyph), ch.w)
	title := ch.th.Title.Render(name)
	if note != "" {
		title += ch.th.Muted.Render(note)
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

// titleGap is the blank columns a chart leaves after its title, so two
// charts side by side never read as one line.
const titleGap = 3

// titleParts picks the chart's name and the note after it that fit in w
// columns less titleGap: the full name, else the short one, with the
// note dropped from its end one " · " part at a time, so neither is cut
// mid-word. Keeping the note (the current value) beats the longer name.
func titleParts(spec chartSpec, note string, w int) (name, rest string) {
	parts := strings.Split(note, " · ")
	if note == "" {
		parts = nil
	}
	for k := len(parts); k >= 0; k-- {
		rest = ""
		if k > 0 {
			rest = " · " + strings.Join(parts[:k], " · ")
		}
		for _, name := range []string{spec.title, spec.short} {
			if text.Width(name)+text.Width(rest)+titleGap <= w {
				return name, rest
			}
		}
	}
	return spec.short, ""
}

// note is what the title says after the chart's name: the ┊ line's value
// and label, or the markers' values when there is no line.
func (s *series) note(glyph [2]string) string {
	switch {
	case model.Finite(s.curX) && s.lineLabel != "":
		return "┊ " + s.lineLabel + " " + s.now
	case model.Finite(s.curX):
		return "┊ now " + s.now
	case s.now != "":
		return glyph[0] + glyph[1] + " now " + s.now
	}
	return ""
}

// plot draws axes, both curves (A solid, B dashed), the current-value
// line and each side's marker, and renders the canvas.
func (ch *chart) plot(h int, spec chartSpec) []string {
	d := &ch.data
	gh := h - 2 // the x axis and its labels take two rows
	ch.y = niceAxis(0, d.y1*1.02, gh, max(2, gh/5), false)
	gw := ch.w - ch.y.labelWidth() - 1
	ch.x = fitXAxis(d, gw, spec.xPct)
	ch.drawAxes(h)
	for i := range d.pts {
		ch.drawSeries(i)
	}
	ch.drawLimits()
	ch.drawMarkers()
	return ch.cells.render(ch.styles)
}

// fitXAxis lays out the x axis over gw columns, leaving room after its
// last tick for that tick's label (ntcharts writes labels rightwards from
// their tick and drops one that would not fit).
func fitXAxis(d *series, gw int, pct bool) axis {
	cells := gw
	for {
		x := niceAxis(d.x0, d.x1, cells, max(8, gw/7), d.floorX)
		x.pct = pct
		over := x.n*x.step + len(x.label(x.hi)) - 1 - gw
		if over <= 0 || cells <= 1 {
			return x
		}
		cells -= over
	}
}

// drawAxes starts the plot from the axes and their labels, drawn by an
// ntcharts line chart when they change and kept as plot cells: its
// canvas holds a whole lipgloss.Style per cell, so clearing and reading
// all of it on every step cost more than the rest of the chart. Only the
// cells the axes use are cleared and read.
func (ch *chart) drawAxes(h int) {
	if ch.styles == nil || ch.styles.theme != ch.th {
		ch.styles = newCellStyles(ch.th)
	}
	k := axesKey{w: ch.w, h: h, x: ch.x, y: ch.y, theme: ch.th}
	if k != ch.axesKey || ch.lc == nil {
		ch.axesKey = k
		if ch.lc == nil || ch.lc.Width() != ch.w || ch.lc.Height() != h {
			lc := linechart.New(ch.w, h, 0, 1, 0, 1)
			ch.lc = &lc
		} else {
			ch.axes.clear(&ch.lc.Canvas)
		}
		lc, th, x, y := ch.lc, ch.th, ch.x, ch.y
		lc.AxisStyle, lc.LabelStyle, lc.Style = th.Axis.Style, th.Label.Style, th.Text.Style
		lc.XLabelFormatter = func(_ int, v float64) string { return x.label(v) }
		lc.YLabelFormatter = func(_ int, v float64) string { return y.label(v) }
		// The graph is h-2 rows by w-labels-1 columns; ranges span all of it so
		// every cell stands for one unit of its axis, headroom included.
		gh, gw := h-2, ch.w-y.labelWidth()-1
		xHi, yHi := x.viewHi(gw), y.viewHi(gh)
		lc.SetXYRange(x.lo, xHi, y.lo, yHi)
		lc.SetViewXYRange(x.lo, xHi, y.lo, yHi)
		lc.SetXStep(x.step)
		lc.SetYStep(y.step)
		lc.DrawXYAxisAndLabel()
		ch.axes.capture(lc, ch.styles)
		ch.brl = ch.grid(lc.GraphWidth(), lc.GraphHeight())
	}
	ch.cells.copyFrom(&ch.axes)
}

// grid is a braille grid over the graph whose dots fall in the cell
// nearest their value: cell i (from the origin) covers lo + (i ± 1/2)
// units, so the grid starts half a cell past the axis, and each dot's
// centre is a quarter (y) or half (x) of a cell's dots in from its edge.
func (ch *chart) grid(gw, gh int) *graph.BrailleGrid {
	x, y := ch.x, ch.y
	ux, uy := x.unit(), y.unit()
	return graph.NewBrailleGrid(gw, gh,
		x.lo+ux/2+ux/4, x.lo+(float64(gw)+0.5)*ux-ux/4,
		y.lo+uy/2+uy/8, y.lo+(float64(gh)+0.5)*uy-uy/8)
}

// drawSeries draws side i's curve as braille dots (set in one pass,
// much cheaper than a line call per segment); side B is dashed so the
// curves differ without colour. Past the side's memory limit (the size
// chart) the curve is dotted: sparse dots say "does not fit".
func (ch *chart) drawSeries(i int) {
	d, pc, grid := &ch.data, &ch.cells, ch.brl
	// Values below the first row stay on it (the axis row is not drawn
	// on); above the top they run off the grid and are cut.
	yMin, yOff := ch.y.lo+ch.y.unit()*5/8, ch.y.viewHi(pc.gh)+ch.y.unit()
	var prev image.Point
	have, dots := false, 0
	for _, p := range d.pts[i] {
		if !p.OK || math.IsNaN(p.Y) {
			have = false
			continue
		}
		gp := grid.GridPoint(canvas.Float64Point{X: p.X, Y: clamp(p.Y, yMin, yOff)})
		if !have {
			pc.dot(gp)
		} else {
			over := model.Finite(d.limit[i]) && p.X > d.limit[i]
			for _, q := range graph.GetLinePoints(prev, gp) {
				if over {
					if dots%4 == 0 {
						pc.dot(q)
					}
				} else if i == 0 || (dots/3)%2 == 0 {
					pc.dot(q)
				}
				dots++
			}
		}
		prev, have = gp, true
	}
	pc.drawDots(ch.styles.of(ch.th.Side[i].Style))
}

// colRow map a value to the graph cell nearest it: the column of x, the
// row of y (never the axis row itself).
func (ch *chart) colRow() (col, row func(float64) int) {
	o, gw, gh := ch.cells.origin, ch.cells.gw, ch.cells.gh
	col = func(v float64) int { return o.X + min(max(ch.x.cell(v), 1), gw) }
	row = func(v float64) int { return o.Y - min(max(ch.y.cell(v), 1), gh) }
	return col, row
}

// drawLimits labels, on the lowest rows (the size chart's curves climb
// away from them), the size at which each side's model stops fitting the
// GPUs it holds: "╎A out of memory" from that column on, in words so it
// reads without colour; sides sharing a column share a label.
func (ch *chart) drawLimits() {
	d := &ch.data
	col, _ := ch.colRow()
	var cols []int
	var who []string
	for i, l := range d.limit {
		if !model.Finite(l) || l < ch.x.lo || l > ch.x.hi {
			continue
		}
		c := col(l)
		if j := slices.Index(cols, c); j >= 0 {
			who[j] += "," + ch.th.Marks.Letter[i]
			continue
		}
		cols, who = append(cols, c), append(who, ch.th.Marks.Letter[i])
	}
	muted := ch.styles.of(ch.th.Muted.Style)
	for j, c := range cols {
		room := ch.w - c
		label := "╎" + who[j]
		for _, t := range []string{label + " out of memory", label + " OOM"} {
			if text.Width(t) <= room {
				label = t
				break
			}
		}
		ch.cells.setString(c, ch.cells.gh-1-j, label, muted)
	}
}

// drawMarkers draws a dotted vertical line at the current x (under the
// curves) and each side's glyph at its current point.
func (ch *chart) drawMarkers() {
	d, th, pc := &ch.data, ch.th, &ch.cells
	x := ch.x
	col, row := ch.colRow()
	if model.Finite(d.curX) && d.curX >= x.lo && d.curX <= x.hi {
		x, muted := col(d.curX), ch.styles.of(th.Muted.Style)
		for y := 0; y < pc.gh; y++ {
			if pc.at(x, y) == 0 {
				pc.set(x, y, '┊', muted)
			}
		}
	}
	var at [2]image.Point
	for i, p := range d.cur {
		if !p.OK || p.X < x.lo || p.X > x.hi {
			continue
		}
		at[i] = image.Point{X: col(p.X), Y: row(p.Y)}
		// Two markers in one cell: B steps right so both show, or A steps
		// left at the right edge (never onto the y axis).
		if i == 1 && d.cur[0].OK && at[1] == at[0] {
			if at[1].X < pc.origin.X+pc.gw {
				at[1].X++
			} else {
				pc.set(at[0].X-1, at[0].Y, []rune(th.Marks.Glyph[0])[0], ch.styles.of(th.SideBold[0].Style))
			}
		}
		pc.set(at[i].X, at[i].Y, []rune(th.Marks.Glyph[i])[0], ch.styles.of(th.SideBold[i].Style))
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
