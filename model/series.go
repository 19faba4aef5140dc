package model

// Point is one sample of a chart series. OK is false where the estimate
// failed (the point should be skipped, not drawn as zero).
type Point struct {
	X, Y float64
	OK   bool
}

// SweepModelSize appends, for each size in billions, decode ms per token
// of a Llama-like model of that size with w's other settings (batch,
// precision, GPUs per replica; auto GPUs re-chosen per size).
func SweepModelSize(g GPU, w Workload, sizesB []float64, dst []Point) []Point {
	for _, s := range sizesB {
		w.Model = scaledArch(s)
		r, err := Estimate(g, w)
		dst = append(dst, Point{X: s, Y: r.TPOTSeconds * 1e3, OK: err == nil})
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

// SweepBatch appends, for each batch size, (decode ms per token per
// sequence, output tokens/s per GPU): the latency-throughput curve.
// Batches that do not fit in memory are marked not OK.
func SweepBatch(g GPU, w Workload, batches []int, dst []Point) []Point {
	for _, b := range batches {
		w.Batch = b
		r, err := Estimate(g, w)
		dst = append(dst, Point{X: r.TPOTSeconds * 1e3, Y: r.TokensPerSecondPerGPU, OK: err == nil && r.Fits})
	}
	return dst
}

// SweepPrompt appends time to first token (ms) for each prompt length.
func SweepPrompt(g GPU, w Workload, prompts []int, dst []Point) []Point {
	for _, n := range prompts {
		w.InputTokens = n
		r, err := Estimate(g, w)
		dst = append(dst, Point{X: float64(n), Y: r.TTFTSeconds * 1e3, OK: err == nil})
	}
	return dst
}
