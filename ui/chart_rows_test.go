package ui

import (
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"infercost/model"
	"infercost/theme"
)

// plotted is a chart read back from its plain-text drawing, as a person
// reads it: the axis corner, the labelled rows and columns, and where
// each side's glyph is.
type plotted struct {
	axisRow, axisCol int
	yLabels          map[int]float64 // row -> value
	xLabels          map[int]float64 // column -> value (column of its first character)
	marks            [2][2]int       // side -> (row, column); -1 when absent
}

// drawChart renders chart kind for s at w x h with no colour.
func drawChart(t *testing.T, kind chartKind, s model.Scenario, w, h int) (string, model.Comparison) {
	t.Helper()
	cmp, err := model.Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	ch := newChart(theme.New(asciiRenderer(io.Discard), theme.None), kind)
	ch = ch.Show(computed{in: inputs{Scenario: s}, cmp: cmp}, w, h)
	return ch.View(), cmp
}

// readPlot parses a drawing; labels may end in "k" (thousands).
func readPlot(t *testing.T, view string) plotted {
	t.Helper()
	lines := strings.Split(view, "\n")
	p := plotted{axisRow: -1, yLabels: map[int]float64{}, xLabels: map[int]float64{}, marks: [2][2]int{{-1, -1}, {-1, -1}}}
	rows := make([][]rune, len(lines))
	for r, l := range lines {
		rows[r] = []rune(l)
		if c := strings.IndexRune(l, '└'); c >= 0 && p.axisRow < 0 {
			p.axisRow, p.axisCol = r, len([]rune(l[:c]))
		}
	}
	if p.axisRow < 0 {
		t.Fatalf("no axis corner in\n%s", view)
	}
	for r := 1; r <= p.axisRow; r++ {
		if v, ok := parseLabel(string(rows[r][:p.axisCol])); ok {
			p.yLabels[r] = v
		}
		for c := p.axisCol + 1; c < len(rows[r]); c++ {
			for i, g := range []rune{'●', '▲'} {
				if rows[r][c] == g {
					p.marks[i] = [2]int{r, c}
				}
			}
		}
	}
	below := rows[p.axisRow+1]
	for c := 0; c < len(below); c++ {
		if below[c] == ' ' || (c > 0 && below[c-1] != ' ') {
			continue
		}
		end := c
		for end < len(below) && below[end] != ' ' {
			end++
		}
		if v, ok := parseLabel(string(below[c:end])); ok {
			p.xLabels[c] = v
		}
	}
	return p
}

func parseLabel(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	mul := 1.0
	if strings.HasSuffix(s, "k") {
		s, mul = strings.TrimSuffix(s, "k"), 1000
	}
	v, err := strconv.ParseFloat(s, 64)
	return v * mul, err == nil
}

// nearestRow is the plot row whose value is nearest v, from the labels
// alone: the lowest and highest labelled rows fix the value of every
// row between. The axis row is not drawn on, so a value nearer it than
// the first plot row belongs on that first plot row.
func (p plotted) nearestRow(t *testing.T, v float64) int {
	t.Helper()
	lo, hi := p.axisRow, p.axisRow
	for r := range p.yLabels {
		lo, hi = max(lo, r), min(hi, r)
	}
	if lo == hi {
		t.Fatal("fewer than two labelled rows")
	}
	perRow := (p.yLabels[hi] - p.yLabels[lo]) / float64(lo-hi)
	r := lo - int(math.Round((v-p.yLabels[lo])/perRow))
	return min(r, p.axisRow-1)
}

func TestMarkerSitsOnNearestRow(t *testing.T) {
	sizes := [][2]int{{40, 9}, {60, 15}, {98, 17}, {120, 24}}
	for _, paramsB := range []float64{8, 34, 70, 180} {
		s := model.DefaultScenario()
		s.Model, s.ParamsB = model.CustomModel, paramsB
		for _, sz := range sizes {
			view, cmp := drawChart(t, chartLatency, s, sz[0], sz[1])
			p := readPlot(t, view)
			for i, r := range cmp.Results {
				want := r.TPOTSeconds * 1e3
				if got, exp := p.marks[i][0], p.nearestRow(t, want); got != exp {
					t.Errorf("%gB at %dx%d: side %d's %.1f ms on row %d, nearest is row %d\n%s",
						paramsB, sz[0], sz[1], i, want, got, exp, view)
				}
			}
		}
	}
}

func TestCostMarkerSitsOnNearestRow(t *testing.T) {
	for _, u := range []float64{0.15, 0.5, 1} {
		s := model.DefaultScenario()
		s.Utilization = u
		for _, sz := range [][2]int{{60, 15}, {98, 17}} {
			view, cmp := drawChart(t, chartCost, s, sz[0], sz[1])
			p := readPlot(t, view)
			for i, r := range cmp.Results {
				want := r.USDPerMillionOutputTokens
				if got, exp := p.marks[i][0], p.nearestRow(t, want); got != exp {
					t.Errorf("utilization %g at %dx%d: side %d's $%.2f on row %d, nearest is row %d\n%s",
						u, sz[0], sz[1], i, want, got, exp, view)
				}
			}
		}
	}
}

// Both ends of both axes carry a label: 0 at the corner, a top label at
// or above every figure, the first x label at the corner and a last one
// at or past the data's end (100 % on the cost chart).
func TestAxisEndsLabelled(t *testing.T) {
	s := model.DefaultScenario()
	for k := chartKind(0); k < numCharts; k++ {
		for _, sz := range [][2]int{{38, 9}, {60, 15}, {98, 17}, {120, 24}} {
			view, _ := drawChart(t, k, s, sz[0], sz[1])
			p := readPlot(t, view)
			var d series
			cmp, _ := model.Compare(s)
			d.compute(k, inputs{Scenario: s}, cmp, 32)
			if v, ok := p.yLabels[p.axisRow]; !ok || v != 0 {
				t.Errorf("%s at %dx%d: corner row not labelled 0\n%s", specOf(k).title, sz[0], sz[1], view)
			}
			top := p.axisRow
			for r := range p.yLabels {
				top = min(top, r)
			}
			if p.yLabels[top] < d.y1 {
				t.Errorf("%s at %dx%d: top label %g below the largest figure %g\n%s", specOf(k).title, sz[0], sz[1], p.yLabels[top], d.y1, view)
			}
			first, last := math.MaxInt, -1
			for c := range p.xLabels {
				first, last = min(first, c), max(last, c)
			}
			if first != p.axisCol {
				t.Errorf("%s at %dx%d: no x label at the corner\n%s", specOf(k).title, sz[0], sz[1], view)
			}
			end := d.x1
			if specOf(k).xPct {
				end *= 100
			}
			if p.xLabels[last] < end*(1-1e-9) {
				t.Errorf("%s at %dx%d: last x label %g before the data's end %g\n%s", specOf(k).title, sz[0], sz[1], p.xLabels[last], end, view)
			}
		}
	}
	view, _ := drawChart(t, chartCost, s, 98, 17)
	if p := readPlot(t, view); !hasValue(p.xLabels, 100) {
		t.Errorf("cost chart's x axis does not reach 100 %%\n%s", view)
	}
}

func hasValue(m map[int]float64, v float64) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

// Past the size where the model stops fitting the GPUs it holds, the
// size chart says so in words: 70B in FP16 fills two 80 GB GPUs.
func TestSizeChartShowsMemoryLimit(t *testing.T) {
	s := model.DefaultScenario()
	view, cmp := drawChart(t, chartLatency, s, 98, 17)
	if !cmp.Results[0].Fits {
		t.Fatal("the default scenario should fit")
	}
	if !strings.Contains(view, "out of memory") {
		t.Errorf("no out-of-memory label\n%s", view)
	}
	s.ParamsB = 8 // 8B..20B all fit on two 80 GB GPUs: no label
	if view, _ := drawChart(t, chartLatency, s, 98, 17); strings.Contains(view, "out of memory") {
		t.Errorf("out-of-memory label where everything fits\n%s", view)
	}
}

// niceAxis: both ends are ticks, the span is covered and fits the cells,
// and a value's cell is the one whose value is nearest it.
func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		lo, want     float64
		cells, minSt int
		floor        bool
	}{{0, 109, 12, 2, false}, {0, 1, 56, 8, false}, {0, 154, 38, 8, false}, {33.5, 71, 40, 8, true}, {0, 3900, 6, 2, false}} {
		a := niceAxis(c.lo, c.want, c.cells, c.minSt, c.floor)
		if a.hi < c.want || a.n*a.step > c.cells || a.step < c.minSt || a.lo > c.lo {
			t.Errorf("%+v: axis %+v does not cover or fit", c, a)
		}
		if got := a.lo + a.tick*float64(a.n); math.Abs(got-a.hi) > 1e-9*a.hi {
			t.Errorf("%+v: hi %g is not the last tick %g", c, a.hi, got)
		}
		cells := a.n * a.step
		for _, f := range []float64{0.07, 0.31, 0.52, 0.77, 0.99} {
			v := a.lo + f*(a.hi-a.lo)
			best := 0
			for i := 0; i <= cells; i++ {
				if math.Abs(a.lo+(a.hi-a.lo)*float64(i)/float64(cells)-v) < math.Abs(a.lo+(a.hi-a.lo)*float64(best)/float64(cells)-v) {
					best = i
				}
			}
			if got := a.cell(v); got != best {
				t.Errorf("%+v: %g in cell %d, nearest is %d", c, v, got, best)
			}
		}
	}
}
