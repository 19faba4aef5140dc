package ui

// Screen sizes: below minWidth x minHeight the program asks for a larger
// terminal; from wideWidth x wideHeight it lays the controls beside the
// panels and the charts in a row (or a 2x2 grid) below.
const (
	minWidth   = 80
	minHeight  = 24
	wideWidth  = 120
	wideHeight = 36
	// sideColumnWidth is the width from which verdict and fleet get their
	// own column right of the panels.
	sideColumnWidth = 180

	headerRows        = 2
	footerRows        = 1
	compactPanelRows  = 8 // title + 7 figure rows, no border
	narrowVerdictRows = 3
	sideVerdictRows   = 12 // the verdict column when very wide: text and the five factors
	fullPanelRows     = 18 // border + title + 15 figure rows
	minChartWidth     = 56
	minChartHeight    = 12
	maxCharts         = 4
)

// mode is the layout breakpoint.
type mode int

const (
	tooSmall mode = iota
	narrow
	wide
)

// rect is a screen region; W or H of 0 means hidden.
type rect struct{ X, Y, W, H int }

func (r rect) contains(x, y int) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// frame is where every block goes for one terminal size.
type frame struct {
	Mode     mode
	W, H     int
	Header   rect
	Controls rect
	Panels   [2]rect
	Compact  bool // panels without border, two figures per row
	Verdict  rect
	Fleet    rect
	Charts   []rect
	Footer   rect
}

// layout places every block for a w x h terminal. Blocks tile the screen
// without overlap; each block is rendered to exactly its size.
func layout(w, h int) frame {
	f := frame{W: w, H: h}
	switch {
	case w < minWidth || h < minHeight:
		f.Mode = tooSmall
		return f
	case w < wideWidth || h < wideHeight:
		f.Mode = narrow
		layoutNarrow(&f)
	default:
		f.Mode = wide
		layoutWide(&f)
	}
	f.Header = rect{0, 0, w, headerRows}
	f.Footer = rect{0, h - footerRows, w, footerRows}
	return f
}

// layoutNarrow stacks: compact panels, the verdict, then controls beside
// one chart (two when tall), the fleet when there is room.
func layoutNarrow(f *frame) {
	w, h := f.W, f.H
	f.Compact = true
	y := headerRows
	f.Panels = [2]rect{{0, y, w / 2, compactPanelRows}, {w / 2, y, w - w/2, compactPanelRows}}
	y += compactPanelRows
	f.Verdict = rect{0, y, w, narrowVerdictRows}
	y += narrowVerdictRows
	rest := h - footerRows - y
	if rest >= 10+3 {
		f.Fleet = rect{0, y, w, 2}
		y, rest = y+2, rest-2
	}
	cw := max(38, w*45/100)
	f.Controls = rect{0, y, cw, rest}
	f.Charts = chartGrid(rect{cw, y, w - cw, rest}, true)
}

// layoutWide puts controls left of the panels, the verdict below the
// panels (or in its own column when very wide), and the charts below.
func layoutWide(f *frame) {
	w, h := f.W, f.H
	y := headerRows
	cw := 44
	if w >= sideColumnWidth {
		cw = 50
	}
	rest := w - cw
	top := fullPanelRows + 6 // the verdict: headline, the seed's advice, reason and break-even, 2 lines each
	if w >= sideColumnWidth {
		top = fullPanelRows + 1
		pw := rest * 55 / 100 / 2
		f.Panels = [2]rect{{cw, y, pw, top}, {cw + pw, y, pw, top}}
		vx := cw + 2*pw
		f.Verdict = rect{vx, y, w - vx, sideVerdictRows}
		f.Fleet = rect{vx, y + sideVerdictRows, w - vx, top - sideVerdictRows}
	} else {
		pw := rest / 2
		f.Panels = [2]rect{{cw, y, pw, fullPanelRows}, {cw + pw, y, rest - pw, fullPanelRows}}
		f.Verdict = rect{cw, y + fullPanelRows, rest, top - fullPanelRows}
	}
	f.Controls = rect{0, y, cw, top}
	y += top
	f.Charts = chartGrid(rect{0, y, w, h - footerRows - y}, false)
}

// chartGrid splits r into up to maxCharts charts of at least
// minChartWidth x minChartHeight (a column may narrow to fit when
// stacked), preferring a 2x2 grid to a row of four.
func chartGrid(r rect, stacked bool) []rect {
	nx, ny := max(1, r.W/minChartWidth), max(1, r.H/minChartHeight)
	if stacked {
		nx = 1
	}
	nx, ny = min(nx, maxCharts), min(ny, 2)
	if nx*ny >= maxCharts && ny == 2 {
		nx = 2
	}
	if nx*ny > maxCharts {
		nx = maxCharts / ny
	}
	out := make([]rect, 0, nx*ny)
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			x0, x1 := r.X+r.W*i/nx, r.X+r.W*(i+1)/nx
			y0, y1 := r.Y+r.H*j/ny, r.Y+r.H*(j+1)/ny
			out = append(out, rect{x0, y0, x1 - x0, y1 - y0})
		}
	}
	return out
}
