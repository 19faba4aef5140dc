package model

import "math"

// Ceiling is what physics allows a workload on a GPU: the memory and
// compute rooflines at datasheet figures (every byte of bandwidth and
// every FLOP reached, no overheads, free all-reduces). No engine beats
// it; a pinned or measured figure past it is a typo or another workload.
type Ceiling struct {
	GPUsPerReplica int
	// Batch is the workload's batch, or with batch "max" the largest whose
	// KV cache memory holds with no reserve and no growth margin.
	Batch int
	// TokensPerSecond is the most output tokens/s one replica can serve:
	// the lower of Batch / TPOTSeconds and the compute roofline over every
	// token a request processes (prompt and output).
	TokensPerSecond float64
	// TPOTSeconds is the shortest decode step at Batch: the larger of
	// (weights + the batch's KV cache) / bandwidth and its FLOPs / peak.
	TPOTSeconds float64
	// TTFTSeconds is the shortest prefill of one prompt: the larger of its
	// FLOPs / peak and one weight read / bandwidth.
	TTFTSeconds float64
}

// CeilingOf returns the ceiling of workload w on g, on the replica size
// Estimate would choose. It returns Estimate's errors for invalid input.
func CeilingOf(g GPU, w Workload) (Ceiling, error) {
	if err := check(&g, &w); err != nil {
		return Ceiling{}, err
	}
	e := estimator{g: &g, w: &w}
	tp := e.chooseTP()
	return e.ceiling(tp, e.ceilingBatch(tp, w.Batch)), nil
}

// ceilingBatch is b, or for b = 0 the largest batch whose KV cache fits
// beside the weights in the whole of memory, at what a request holds on
// average (static: its full length), at least 1.
func (e *estimator) ceilingBatch(tp, b int) int {
	if b > 0 {
		return b
	}
	per := e.shapeOf().kvBytesPerToken * (float64(e.w.InputTokens) + float64(e.w.OutputTokens)/2)
	if e.w.Scheduling.static() {
		per = e.kvBytesFull()
	}
	free := e.g.MemoryBytes - e.weightBytes()/float64(tp)
	if free <= 0 || per <= 0 {
		return 1
	}
	return int(math.Max(1, math.Min(math.Floor(free/(per/e.kvSplit(tp))), MaxBatch)))
}

// ceiling computes the rooflines at datasheet figures for b requests on
// tp GPUs.
func (e *estimator) ceiling(tp, b int) Ceiling {
	m, t, B := e.w.Model, float64(tp), float64(b)
	bw, peak := e.g.BandwidthBytesPerSecond, e.g.DenseFLOPS(e.w.Weights)
	in, out := float64(e.w.InputTokens), float64(e.w.OutputTokens)
	ctx := e.decodeContext()
	read := m.streamedParams(B)*e.w.Weights.BytesPerElement()/t/bw +
		B*ctx*m.KVBytesPerToken(e.w.KV)/e.kvSplit(tp)/bw
	attn := 2 * float64(m.Layers) * m.attnWidth()
	flops := B * (2*m.matmulParams() + 2*ctx*attn) / t / peak
	step := math.Max(read, flops)
	// Every token of a request, prompt and output, passes through the
	// matmuls once: the compute roofline of the whole request.
	perRequest := (2*m.matmulParams()*(in+out) + attn*in*in/2) / t / peak
	ttft := math.Max(2*m.matmulParams()*in/t/peak, m.streamedParams(in)*e.w.Weights.BytesPerElement()/t/bw)
	return Ceiling{GPUsPerReplica: tp, Batch: b, TPOTSeconds: step, TTFTSeconds: ttft,
		TokensPerSecond: math.Min(B/step, out/perRequest)}
}

// PinAboveCeiling reports whether a pinned throughput exceeds what
// physics allows at the workload (CeilingTokensPerSecond).
func (r Result) PinAboveCeiling() bool {
	return r.Pinned && r.CeilingTokensPerSecond > 0 && r.TokensPerSecond > r.CeilingTokensPerSecond
}
