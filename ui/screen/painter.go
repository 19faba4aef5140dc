package screen

import (
	"bytes"
	"slices"
	"strings"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// painter turns views into the bytes that change the terminal from the
// last frame to this one: only the cells that differ.
type painter struct {
	r       *uv.TerminalRenderer
	scr     uv.ScreenBuffer // what the terminal shows (handed to r)
	line    canvas          // one line of the view, drawn to find its changes
	lines   []string        // the view's lines on screen
	runs    [][]run         // per row, the changed cells of this frame
	whole   bool            // the next frame redraws the whole screen
	pending bytes.Buffer    // the renderer's output for one frame
	out     bytes.Buffer    // the frame as written
}

// canvas is a plain cell buffer to draw into (a RenderBuffer would
// compare every cell it is given).
type canvas struct{ *uv.Buffer }

func (canvas) WidthMethod() uv.WidthMethod { return ansi.WcWidth }

// mergeGap is the most unchanged cells between two changes of a line that
// are rewritten rather than skipped with a cursor move, which costs about
// as many bytes.
const mergeGap = 8

// maxRuns is the most runs a line is rendered in: each is a pass of
// ultraviolet's renderer, which compares the whole line again.
const maxRuns = 3

// newPainter draws for a terminal of type term on the alternate screen
// (set up by Run), whose first frame clears it.
func newPainter(term string, crlf bool) *painter {
	pt := &painter{scr: uv.NewScreenBuffer(0, 0), line: canvas{uv.NewBuffer(0, 1)}}
	pt.r = uv.NewTerminalRenderer(&pt.pending, []string{"TERM=" + term})
	// Views arrive coloured for the viewer's terminal (the session's
	// lipgloss renderer chose the profile): pass colours through as is.
	pt.r.SetColorProfile(colorprofile.TrueColor)
	pt.r.SetMapNewline(crlf)
	pt.r.SetFullscreen(true)
	pt.r.SetRelativeCursor(false)
	pt.erase()
	return pt
}

// erase makes the next frame clear the screen and draw it whole (the
// terminal's state is unknown).
func (pt *painter) erase() {
	pt.r.Erase()
	pt.whole = true
}

// frame is what turns the screen into view at w x h, wrapped in a
// synchronized update (terminals that do not know mode 2026 ignore it);
// nil when nothing changed. The bytes are valid until the next call.
func (pt *painter) frame(view string, w, h int) []byte {
	if w != pt.scr.Width() || h != pt.scr.Height() {
		pt.scr.Resize(w, h)
		pt.scr.Touched = nil // every line
		pt.line = canvas{uv.NewBuffer(w, 1)}
		pt.lines, pt.runs = make([]string, h), make([][]run, h)
		pt.r.Resize(w, h)
		pt.erase()
	}
	pt.draw(view)
	pt.pending.Reset()
	pt.render()
	_ = pt.r.Flush() // into pending: cannot fail
	if pt.pending.Len() == 0 {
		return nil
	}
	pt.out.Reset()
	pt.out.WriteString(ansi.SetModeSynchronizedOutput)
	pt.out.Write(pt.pending.Bytes())
	pt.out.WriteString(ansi.ResetModeSynchronizedOutput)
	return pt.out.Bytes()
}

// draw finds the cells that change in the lines of view that differ
// from the screen's (all of them after an erase). Lines are drawn one by
// one, as Bubble Tea v1 wrote them: a style does not run on into the next.
func (pt *painter) draw(view string) {
	h := len(pt.lines)
	lines := strings.SplitN(lastLines(view, h), "\n", h)
	for y := range h {
		l := ""
		if y < len(lines) {
			l = lines[y]
		}
		if l == pt.lines[y] && !pt.whole {
			continue
		}
		pt.lines[y] = strings.Clone(l) // not a piece of the whole view, kept alive
		uv.NewStyledString(l).Draw(pt.line, pt.line.Bounds())
		pt.runs[y] = pt.changes(y, pt.runs[y])
	}
}

// render brings the screen to the view. ultraviolet rewrites each line
// from its first changed cell to its last, unchanged cells between
// included (a long gap is not skipped with a cursor move, as curses
// does), so the changes are rendered in passes: the first run of changed
// cells of every line, then the second, and so on. After an erase, one
// pass draws the whole screen.
func (pt *painter) render() {
	if pt.whole {
		pt.whole = false
		pt.r.Render(pt.scr.RenderBuffer)
		return
	}
	for pass := 0; ; pass++ {
		applied := false
		for y, rs := range pt.runs {
			if pass < len(rs) {
				rs[pass].copyTo(pt.scr, y)
				applied = true
			}
		}
		if !applied {
			break
		}
		pt.r.Render(pt.scr.RenderBuffer)
	}
	for y := range pt.runs {
		clear(pt.runs[y]) // let go of the cells
		pt.runs[y] = pt.runs[y][:0]
	}
}

// run is a run of changed cells of a line from x on, or, when whole, the
// whole line (a line with a wide cell is copied as one).
type run struct {
	x     int
	cells []uv.Cell
	whole bool
}

// changes appends to runs those of the drawn line that differ from the
// screen's row y, runs at most mergeGap apart joined.
func (pt *painter) changes(y int, runs []run) []run {
	old, cur := pt.scr.Line(y), pt.line.Line(0)
	if pt.whole { // one pass draws it all: no need to keep the cells
		run{cells: cur, whole: true}.copyTo(pt.scr, y)
		return runs
	}
	if hasWide(old) || hasWide(cur) {
		return append(runs, run{cells: slices.Clone(cur), whole: true})
	}
	end := -1 // where the last run ends
	for x := range cur {
		if cur[x] == old[x] || cur[x].Equal(&old[x]) { // == first: Equal converts every colour
			continue
		}
		if n := len(runs); n > 0 && x-end <= mergeGap {
			runs[n-1].cells = append(runs[n-1].cells, cur[end:x+1]...)
		} else {
			runs = append(runs, run{x: x, cells: []uv.Cell{cur[x]}})
		}
		end = x + 1
	}
	for len(runs) > maxRuns {
		runs = mergeClosest(runs, cur)
	}
	return runs
}

// mergeClosest joins the two runs with the fewest cells between them.
func mergeClosest(runs []run, line uv.Line) []run {
	best := 0
	for i := range len(runs) - 1 {
		if runs[i+1].x-runs[i].end() < runs[best+1].x-runs[best].end() {
			best = i
		}
	}
	a, b := &runs[best], runs[best+1]
	a.cells = append(a.cells, line[a.end():b.end()]...)
	return slices.Delete(runs, best+1, best+2)
}

func (r run) end() int { return r.x + len(r.cells) }

func hasWide(l uv.Line) bool {
	return slices.ContainsFunc(l, func(c uv.Cell) bool { return c.Width != 1 })
}

// copyTo puts the run's cells on row y of scr, a wide cell once.
func (r run) copyTo(scr uv.ScreenBuffer, y int) {
	for i := 0; i < len(r.cells); {
		c := &r.cells[i]
		if r.whole && c.IsZero() {
			i++
			continue
		}
		scr.SetCell(r.x+i, y, c)
		i += max(c.Width, 1)
	}
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
