package ui

import (
	"infercost/model"
	"math"
	"strconv"
)

// axis is one chart axis with round tick values. Ticks are n intervals of
// tick, step cells apart: lo, lo+tick, ..., hi = lo + n*tick, so both ends
// are labelled. Cell i from the origin shows lo + i*unit(), as ntcharts
// labels it (value at cell i = lo + (viewHi-lo)*i/cells); cells past
// n*step are headroom.
type axis struct {
	lo, hi, tick float64
	step, n      int // cells between ticks; tick intervals
	decimals     int
	kilo         bool // labels in thousands ("120k")
	pct          bool // labels as percent of 1
}

// niceAxis fits [lo, want] into at most cells cells with round ticks at
// least minStep cells apart and both ends on a tick, using the smallest
// tick that allows it (the most labels). With floor set, lo is rounded
// down to a tick; else it stays.
func niceAxis(lo, want float64, cells, minStep int, floor bool) axis {
	minStep = max(1, min(minStep, cells))
	tick := niceTick(math.Max(want-lo, 1e-9) * float64(minStep) / float64(cells))
	for {
		if a := axisWith(lo, want, tick, cells, floor); a.step >= minStep {
			return a
		}
		tick = niceTick(tick * 1.01)
	}
}

// axisWith lays out ticks of size tick over [lo, want] in cells.
func axisWith(lo, want, tick float64, cells int, floor bool) axis {
	if floor {
		lo = math.Floor(lo/tick+1e-9) * tick
	}
	n := max(1, int(math.Ceil((want-lo)/tick-1e-9)))
	a := axis{lo: lo, tick: tick, n: n, step: cells / n, hi: lo + tick*float64(n)}
	// Thousands only once labels would pass five digits: "2000" reads
	// exactly where "2k" is rounded.
	a.kilo = tick >= 1000 && a.hi >= 1e5
	t := tick
	if a.kilo {
		t /= 1000
	}
	a.decimals = decimalsOf(t)
	return a
}

// unit is the value one cell stands for.
func (a axis) unit() float64 { return a.tick / float64(a.step) }

// viewHi is the value at the far end of cells cells (headroom included):
// what the chart's range is set to so ntcharts labels ticks where they are.
func (a axis) viewHi(cells int) float64 { return a.lo + a.unit()*float64(cells) }

// cell is the cell nearest v, counted from the origin (lo is cell 0).
func (a axis) cell(v float64) int { return int(math.Round((v - a.lo) / a.unit())) }

// niceTick rounds x up to 1, 2, 2.5 or 5 times a power of ten.
func niceTick(x float64) float64 {
	if x <= 0 || !model.Finite(x) {
		return 1
	}
	d := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if x <= m*d*(1+1e-9) {
			return m * d
		}
	}
	return 10 * d
}

// decimalsOf is how many decimals show a tick exactly (0.25 -> 2).
func decimalsOf(t float64) int {
	for d := 0; d < 6; d++ {
		if math.Abs(t*math.Pow(10, float64(d))-math.Round(t*math.Pow(10, float64(d)))) < 1e-6 {
			return d
		}
	}
	return 6
}

// label formats a tick value (ASCII only: ntcharts measures bytes).
// Values past hi (headroom) get no label.
func (a axis) label(v float64) string {
	switch {
	case v > a.hi+a.unit()/2:
		return ""
	case math.Abs(v) < a.tick*1e-6:
		return "0"
	case a.pct:
		return strconv.FormatFloat(v*100, 'f', max(0, a.decimals-2), 64)
	case a.kilo:
		return strconv.FormatFloat(v/1000, 'f', a.decimals, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', a.decimals, 64)
}

// labelWidth is the widest tick label (ntcharts reserves that many
// columns left of a y axis).
func (a axis) labelWidth() int {
	w := 0
	for k := 0; k <= a.n; k++ {
		w = max(w, len(a.label(a.lo+a.tick*float64(k))))
	}
	return w
}
