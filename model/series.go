package model

// Point is one sample of a chart series. OK is false where the estimate
// failed (the point should be skipped, not drawn as zero).
type Point struct {
	X, Y float64
	OK   bool
}

// SweepModelSize appends, for each size in billions, TPOT in ms of a
// Llama-like model of that size with w's other settings: what Estimate
// reports for that size, at w's batch (0: that size's max batch) or,
// with a latency target, at the batch the target chooses at that size,
// on w's GPUs per replica (auto re-chosen per size). A chart of it
// therefore passes through the current size's figures. Sizes outside
// MinParamsB..MaxParamsB, or a workload Estimate refuses, give points
// that are not OK.
func SweepModelSize(g GPU, w Workload, sizesB []float64, dst []Point) []Point {
	err := check(&g, &w)
	var r Result
	e := estimator{g: &g, w: &w}
	for _, s := range sizesB {
		ok := err == nil && s >= MinParamsB && s <= MaxParamsB
		r.TPOTSeconds = 0
		if ok {
			w.Model = scaledArch(s)
			e.forget() // a new shape: new step costs
			e.run(&r)
		}
		dst = append(dst, Point{X: s, Y: r.TPOTSeconds * 1e3, OK: ok})
	}
	return dst
}

// SweepUtilization appends $ per million output tokens at each
// utilization for a replica costing usdPerHour and producing
// tokensPerSecond: the seed's formula with utilization.
func SweepUtilization(usdPerHour, tokensPerSecond float64, utils []float64, dst []Point) []Point {
	for _, u := range utils {
		c := CostPerMillion(usdPerHour, tokensPerSecond, u)
		dst = append(dst, Point{X: u, Y: c, OK: c > 0})
	}
	return dst
}

// SweepBatch appends, for each batch size, (TPOT ms, estimated output
// tokens/s per GPU): the latency-throughput curve of the serving figures
// Estimate reports at that batch (prompts' time included), whatever
// throughput is pinned. Latency targets are ignored: the batch is the
// axis. Batches that do not fit in memory or are outside 1..MaxBatch are
// marked not OK.
func SweepBatch(g GPU, w Workload, batches []int, dst []Point) []Point {
	w.TPOTTargetSeconds, w.TTFTTargetSeconds = 0, 0
	err := check(&g, &w)
	var r Result
	e := estimator{g: &g, w: &w}
	for _, b := range batches {
		ok := err == nil && b >= 1 && b <= MaxBatch
		r.TPOTSeconds, r.EstimatedTokensPerSecond, r.GPUsPerReplica = 0, 0, 1
		if ok {
			w.Batch = b // no step or prefill cost depends on it: e keeps its cache
			e.run(&r)
			ok = r.Fits
		}
		dst = append(dst, Point{X: r.TPOTSeconds * 1e3, Y: r.EstimatedTokensPerSecond / float64(r.GPUsPerReplica), OK: ok})
	}
	return dst
}

// SweepPrompt appends time to first token (ms) for each prompt length;
// lengths outside 1..MaxTokens give points that are not OK.
func SweepPrompt(g GPU, w Workload, prompts []int, dst []Point) []Point {
	err := check(&g, &w)
	e := estimator{g: &g, w: &w}
	tp := 0
	if err == nil {
		var r Result
		e.run(&r)
		tp = r.GPUsPerReplica
	}
	for _, n := range prompts {
		ok := err == nil && n >= 1 && n <= MaxTokens
		y := 0.0
		if ok {
			w.InputTokens = n
			e.forgetLengths()
			y = e.prefillSeconds(tp, 1) * 1e3
		}
		dst = append(dst, Point{X: float64(n), Y: y, OK: ok})
	}
	return dst
}
