package ui

import (
	"math"
	"slices"
	"strconv"

	"infercost/model"
)

// chartKind is one of the four charts.
type chartKind int

const (
	chartLatency chartKind = iota // decode ms/token vs model size
	chartCost                     // $/M output tokens vs utilization
	chartBatch                    // tok/s per GPU vs ms/token as batch grows
	chartTTFT                     // time to first token vs prompt length
	numCharts
)

// chartSpec is what a chart says about itself: a title naming both axes
// with units.
type chartSpec struct {
	title, short string
	xPct         bool // x tick labels as percent
}

func specOf(k chartKind) chartSpec {
	switch k {
	case chartCost:
		return chartSpec{"$/M output tokens vs utilization (%)", "$/M out vs util %", true}
	case chartBatch:
		return chartSpec{"tok/s per GPU vs ms/token, batch 1 to max", "tok/s/GPU vs ms/tok", false}
	case chartTTFT:
		return chartSpec{"TTFT (ms) vs prompt length (tokens)", "TTFT ms vs prompt", false}
	}
	return chartSpec{"ms/token vs model size (B params, GPUs held)", "ms/tok vs size B", false}
}

// chartKeyOf is the part of the inputs a chart depends on: when it is
// unchanged the cached drawing stands.
func chartKeyOf(k chartKind, in inputs) model.Scenario {
	s := in.Scenario
	s.Name = ""
	if k == chartCost {
		return s
	}
	s.Utilization = 0
	for i := range s.Sides {
		s.Sides[i].USDPerGPUHour, s.Sides[i].PinnedTokensPerSecond = 0, 0
	}
	return s
}

// series is one chart's data: both sides' curves, their current points
// and the axis ranges.
type series struct {
	pts        [2][]model.Point
	cur        [2]model.Point
	curX       float64    // NaN: no current-value line
	now        string     // the current value, for the title
	lineLabel  string     // what the ┊ line at curX marks; "" = "now"
	x0, x1, y1 float64    // data ranges: x wanted, y the largest value
	floorX     bool       // x0 is the smallest x, rounded down to a tick
	limit      [2]float64 // x past which side i does not fit its GPUs; NaN: none
	xs         []float64  // scratch
	ns         []int      // scratch
}

// compute fills s for chart k from the inputs and their comparison, with
// n samples per curve. It reuses s's slices.
func (s *series) compute(k chartKind, in inputs, c model.Comparison, n int) {
	for i := range s.pts {
		s.pts[i] = s.pts[i][:0]
		s.cur[i] = model.Point{}
		s.limit[i] = math.NaN()
	}
	s.lineLabel = ""
	switch k {
	case chartLatency:
		s.latency(in, c, n)
	case chartCost:
		s.cost(in, c, n)
	case chartBatch:
		s.batch(in, c)
	case chartTTFT:
		s.ttft(in, c, n)
	}
	s.y1 = 0
	for i := range s.pts {
		for _, p := range s.pts[i] {
			if p.OK && model.Finite(p.Y) {
				s.y1 = math.Max(s.y1, p.Y)
			}
		}
		if s.cur[i].OK {
			s.y1 = math.Max(s.y1, s.cur[i].Y)
		}
	}
}

// workload is side i's estimate workload with throughput unpinned (the
// curves show the model's estimate).
func workload(in inputs, c model.Comparison, i int) (model.GPU, model.Workload, bool) {
	if c.Errs[i] != nil {
		return model.GPU{}, model.Workload{}, false
	}
	g, w, err := in.Scenario.Workload(i)
	w.PinnedTokensPerSecond = 0
	return g, w, err == nil
}

func (s *series) latency(in inputs, c model.Comparison, n int) {
	a, _ := in.Scenario.Arch()
	s.curX = a.Billions()
	s.now = trimFloat(s.curX, 1) + "B"
	s.x0, s.x1, s.floorX = 0, math.Max(2.2*s.curX, 20), false
	s.xs = s.xs[:0]
	for j := 1; j <= n; j++ {
		s.xs = append(s.xs, math.Max(model.MinParamsB, s.x1*float64(j)/float64(n)))
	}
	s.xs = withSample(s.xs, s.curX)
	for i := range s.pts {
		if g, w, ok := workload(in, c, i); ok {
			// Hold the replica at its current GPU count, as the seed does
			// ("still need same number of GPUs"): the curve is then the
			// straight bandwidth line through the current point instead of
			// jumping wherever auto would pick more GPUs.
			w.GPUsPerReplica = c.Results[i].GPUsPerReplica
			s.pts[i] = model.SweepModelSize(g, w, s.xs, s.pts[i])
			s.cur[i] = model.Point{X: s.curX, Y: c.Results[i].TPOTSeconds * 1e3, OK: true}
			s.limit[i] = fitLimit(g, w, s.x1)
		}
	}
}

// withSample adds x to the ascending samples xs unless there: each curve
// is then drawn through its current point, the marker, whatever the
// curve does between samples.
func withSample[T int | float64](xs []T, x T) []T {
	i, found := slices.BinarySearch(xs, x)
	if found {
		return xs
	}
	return slices.Insert(xs, i, x)
}

// fitLimit is the model size in billions past which w no longer fits its
// GPUs (weights and KV cache, as Estimate's Fits says), found by
// bisection over MinParamsB..x1; NaN when every size up to x1 fits. Fit
// only gets harder as the model grows, so one crossing is all there is.
func fitLimit(g model.GPU, w model.Workload, x1 float64) float64 {
	fits := func(b float64) bool {
		a, err := model.CustomArch(b)
		if err != nil {
			return false
		}
		w.Model = a
		r, err := model.Estimate(g, w)
		return err == nil && r.Fits
	}
	lo, hi := model.MinParamsB, math.Min(x1, model.MaxParamsB)
	switch {
	case fits(hi):
		return math.NaN()
	case !fits(lo):
		return lo
	}
	for hi-lo > x1*1e-4 {
		if m := (lo + hi) / 2; fits(m) {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// cost shows utilization 0-100 % on x and cuts y at four times the
// dearer side's current cost, so the region that matters fills the chart.
// Each side's marker sits at its own utilization (the sides' may differ):
// the ┊ line only when they are one value.
func (s *series) cost(in inputs, c model.Comparison, n int) {
	var u [2]float64
	for i := range u {
		u[i] = in.Scenario.SideUtilization(i)
	}
	s.curX, s.now = u[0], utilizationText(in.Scenario)
	if u[0] != u[1] {
		s.curX = math.NaN()
	}
	s.x0, s.x1, s.floorX = 0, 1, false
	first := math.Min(0.05, math.Min(u[0], u[1]))
	s.xs = s.xs[:0]
	for j := 0; j <= n; j++ {
		s.xs = append(s.xs, first+(1-first)*float64(j)/float64(n))
	}
	s.xs = withSample(withSample(s.xs, u[0]), u[1])
	top := 0.0
	for i := range s.pts {
		if c.Errs[i] != nil {
			continue
		}
		r := c.Results[i]
		s.pts[i] = model.SweepUtilization(r.USDPerHour, r.TokensPerSecond, s.xs, s.pts[i])
		s.cur[i] = model.Point{X: u[i], Y: r.USDPerMillionOutputTokens, OK: r.USDPerMillionOutputTokens > 0}
		top = math.Max(top, r.USDPerMillionOutputTokens*math.Max(1, 4*u[i]))
	}
	for i := range s.pts {
		for j, p := range s.pts[i] {
			if p.Y > top {
				s.pts[i][j].Y = math.Inf(1) // clipped at the top
			}
		}
	}
}

// batch sweeps the batch at the current GPUs per replica, over the
// power-of-two ladder plus the current and the largest batch.
func (s *series) batch(in inputs, c model.Comparison) {
	xmin, xmax := math.Inf(1), 0.0
	for i := range s.pts {
		g, w, ok := workload(in, c, i)
		if !ok {
			continue
		}
		r := c.Results[i]
		w.GPUsPerReplica = r.GPUsPerReplica
		s.ns = s.ns[:0]
		for b := 1; b <= r.MaxBatch; b *= 2 {
			s.ns = append(s.ns, b, b+b/2)
		}
		s.ns = append(s.ns, r.MaxBatch, r.Batch)
		slices.Sort(s.ns)
		s.ns = slices.Compact(s.ns)
		s.ns = slices.DeleteFunc(s.ns, func(b int) bool { return b < 1 || b > max(r.MaxBatch, r.Batch) })
		s.pts[i] = model.SweepBatch(g, w, s.ns, s.pts[i])
		est := r.EstimatedTokensPerSecond / float64(max(1, r.GPUsPerReplica))
		s.cur[i] = model.Point{X: r.TPOTSeconds * 1e3, Y: est, OK: true}
		for _, p := range s.pts[i] {
			if p.OK {
				xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
			}
		}
		xmin, xmax = math.Min(xmin, s.cur[i].X), math.Max(xmax, s.cur[i].X)
	}
	if xmax <= 0 {
		xmin, xmax = 0, 1
	}
	s.curX = math.NaN() // two different latencies: markers only
	s.now = "batch " + perSide(c, func(r model.Result) int { return r.Batch })
	if t := in.Scenario.TPOTTargetSeconds * 1e3; t > 0 {
		// The TPOT target as a line: the markers sit at the batch each
		// side chose under it.
		s.curX, s.lineLabel = t, "target"
		s.now = "≤ " + trimFloat(t, 1) + " ms · " + s.now
		// Around the target is where the question is: past a few times
		// it the curve only says that big batches are slow.
		xmin, xmax = math.Min(xmin, t), math.Min(xmax, 4*math.Max(t, math.Max(s.cur[0].X, s.cur[1].X)))
	}
	s.x0, s.x1, s.floorX = xmin, math.Max(xmax, xmin*1.1), true
}

func (s *series) ttft(in inputs, c model.Comparison, n int) {
	s.curX = float64(in.Scenario.InputTokens)
	s.now = strconv.Itoa(in.Scenario.InputTokens) + " tok"
	s.x0, s.x1, s.floorX = 0, math.Min(math.Max(2*s.curX, 1024), model.MaxTokens), false
	s.ns = s.ns[:0]
	for j := 1; j <= n; j++ {
		s.ns = append(s.ns, max(1, int(s.x1)*j/n))
	}
	s.ns = withSample(s.ns, in.Scenario.InputTokens)
	for i := range s.pts {
		g, w, ok := workload(in, c, i)
		if !ok {
			continue
		}
		w.GPUsPerReplica = c.Results[i].GPUsPerReplica
		s.pts[i] = model.SweepPrompt(g, w, s.ns, s.pts[i])
		s.cur[i] = model.Point{X: s.curX, Y: c.Results[i].TTFTSeconds * 1e3, OK: true}
	}
}
