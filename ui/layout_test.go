package ui

import (
	"fmt"
	"testing"
)

func TestLayoutBreakpoints(t *testing.T) {
	tests := []struct {
		w, h   int
		mode   mode
		charts int
	}{
		{60, 20, tooSmall, 0},
		{79, 24, tooSmall, 0},
		{80, 23, tooSmall, 0},
		{80, 24, narrow, 1},
		{100, 30, narrow, 1},
		{119, 40, narrow, 2},
		{120, 35, narrow, 1},
		{120, 36, wide, 2},
		{120, 40, wide, 2},
		{160, 40, wide, 2},
		{200, 60, wide, 4},
		{250, 40, wide, 4},
	}
	for _, tt := range tests {
		f := layout(tt.w, tt.h)
		if f.Mode != tt.mode || len(f.Charts) != tt.charts {
			t.Errorf("layout(%d, %d): mode %d with %d charts, want mode %d with %d", tt.w, tt.h, f.Mode, len(f.Charts), tt.mode, tt.charts)
		}
	}
}

// blocks lists a frame's visible rects by name.
func blocks(f frame) map[string]rect {
	b := map[string]rect{"header": f.Header, "footer": f.Footer, "controls": f.Controls,
		"panelA": f.Panels[0], "panelB": f.Panels[1], "verdict": f.Verdict, "fleet": f.Fleet}
	for i, c := range f.Charts {
		b[fmt.Sprintf("chart%d", i)] = c
	}
	for k, r := range b {
		if r.W == 0 || r.H == 0 {
			delete(b, k)
		}
	}
	return b
}

// TestLayoutTiles checks, for every size from the smallest supported up
// to 260x80, that blocks stay on screen, never overlap, and cover every
// cell but those a block leaves blank on purpose.
func TestLayoutTiles(t *testing.T) {
	for w := minWidth; w <= 260; w += 7 {
		for h := minHeight; h <= 80; h += 5 {
			f := layout(w, h)
			cells := make([]string, w*h)
			for name, r := range blocks(f) {
				if r.X < 0 || r.Y < 0 || r.X+r.W > w || r.Y+r.H > h {
					t.Fatalf("%dx%d: %s %+v off screen", w, h, name, r)
				}
				for y := r.Y; y < r.Y+r.H; y++ {
					for x := r.X; x < r.X+r.W; x++ {
						if prev := cells[y*w+x]; prev != "" {
							t.Fatalf("%dx%d: %s overlaps %s at %d,%d", w, h, name, prev, x, y)
						}
						cells[y*w+x] = name
					}
				}
			}
			for _, name := range []string{"header", "footer", "controls", "panelA", "panelB", "verdict", "chart0"} {
				if _, ok := blocks(f)[name]; !ok {
					t.Errorf("%dx%d: no %s", w, h, name)
				}
			}
		}
	}
}

// TestViewFitsEverySize renders the program at many sizes: every line is
// exactly the terminal's width and there are exactly its height of lines.
func TestViewFitsEverySize(t *testing.T) {
	m := newTestModel(t, 80, 24)
	for _, sz := range [][2]int{{80, 24}, {81, 25}, {99, 31}, {119, 35}, {120, 36}, {120, 40}, {133, 45}, {179, 50}, {180, 50}, {200, 60}, {240, 70}, {40, 10}} {
		m = send(t, m, windowSize(sz[0], sz[1]))
		checkFrame(t, m.View(), sz[0], sz[1])
	}
}

func TestLayoutShowsEverythingAt120x40(t *testing.T) {
	m := newTestModel(t, 120, 40)
	v := m.View()
	for _, want := range []string{"A100 80GB SXM", "H100 SXM 80GB", "ms/token vs model size", "$/M output tokens vs utilization",
		"Verdict:", "break-even"} {
		assertContains(t, v, want)
	}
	for _, c := range m.ctl.defs {
		if !c.advanced && !c.context { // x shows the context controls
			assertContains(t, v, c.label)
		}
	}
}
