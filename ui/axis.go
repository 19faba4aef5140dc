package ui

import (
	"math"
	"strconv"
)

// axis is one chart axis with round tick values: ticks every step cells
// are lo, lo+tick, lo+2*tick, ... and hi = lo + tick*cells/step, which is
// what ntcharts labels (value at cell i = lo + (hi-lo)*i/cells).
type axis struct {
	lo, hi, tick float64
	step         int // cells between ticks
	decimals     int
	kilo         bool // labels in thousands ("12k")
	pct          bool // labels as percent of 1
}

// niceAxis fits [lo, want] into cells with round ticks at least minStep
// cells apart, choosing the tick and its spacing so that hi overshoots
// want as little as possible. With floor set, lo is rounded down to a
// tick; else it stays.
func niceAxis(lo, want float64, cells, minStep int, floor bool) axis {
	minStep = max(1, min(minStep, cells))
	tick := niceTick(math.Max(want-lo, 1e-9) * float64(minStep) / float64(cells))
	for {
		l := lo
		if floor {
			l = math.Floor(lo/tick+1e-9) * tick
		}
		span := math.Max(want-l, 1e-9)
		if step := int(float64(cells) * tick / span); step >= minStep {
			a := axis{lo: l, tick: tick, step: step, hi: l + tick*float64(cells)/float64(step)}
			a.kilo = tick >= 1000
			t := tick
			if a.kilo {
				t /= 1000
			}
			a.decimals = decimalsOf(t)
			return a
		}
		tick = niceTick(tick * 1.01)
	}
}

// niceTick rounds x up to 1, 2, 2.5 or 5 times a power of ten.
func niceTick(x float64) float64 {
	if x <= 0 || !finite(x) {
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
func (a axis) label(v float64) string {
	switch {
	case math.Abs(v) < a.tick*1e-6:
		return "0"
	case a.pct:
		return strconv.FormatFloat(v*100, 'f', max(0, a.decimals-2), 64)
	case a.kilo:
		return strconv.FormatFloat(v/1000, 'f', a.decimals, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', a.decimals, 64)
}

// labelWidth is the widest label ntcharts will draw on a y axis of cells
// rows with a tick every step rows (it reserves that many columns).
func (a axis) labelWidth(cells int) int {
	w := 0
	for i := 0; i <= cells; i += a.step {
		w = max(w, len(a.label(a.lo+(a.hi-a.lo)*float64(i)/float64(cells))))
	}
	return w
}
