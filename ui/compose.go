package ui

import (
	"strings"
)

// screen collects blocks row by row. Blocks are placed left to right on
// each row (the layout tiles the screen), so a row is its segments
// joined, padded to the width.
type screen struct {
	w    int
	rows [][]string
}

func newScreen(w, h int) screen { return screen{w: w, rows: make([][]string, h)} }

// place puts a block's lines at r's rows. The block is already r.W wide.
func (s screen) place(r rect, block string) {
	if r.W <= 0 || r.H <= 0 {
		return
	}
	i := 0
	for line := range strings.SplitSeq(block, "\n") {
		if i >= r.H || r.Y+i >= len(s.rows) {
			break
		}
		s.rows[r.Y+i] = append(s.rows[r.Y+i], line)
		i++
	}
	for ; i < r.H && r.Y+i < len(s.rows); i++ {
		s.rows[r.Y+i] = append(s.rows[r.Y+i], strings.Repeat(" ", r.W))
	}
}

func (s screen) String() string {
	var b strings.Builder
	b.Grow(len(s.rows) * s.w * 4)
	for i, segs := range s.rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, seg := range segs {
			b.WriteString(seg)
		}
	}
	return b.String()
}

// compose assembles the normal screen from the cached blocks.
func (m Model) compose() string {
	f := m.lay
	s := newScreen(m.w, m.h)
	// Controls first: on the rows they share with panels or charts they
	// are the leftmost block.
	s.place(f.Header, m.header)
	s.place(f.Controls, m.ctl.View())
	s.place(f.Panels[0], m.panels[0].View())
	s.place(f.Panels[1], m.panels[1].View())
	s.place(f.Verdict, m.verdict.View())
	s.place(f.Fleet, m.fleet.View())
	for _, c := range m.shownCharts() {
		s.place(c.r, m.charts[c.kind].View())
	}
	s.place(f.Footer, m.footer)
	return s.String()
}
