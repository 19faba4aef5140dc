package model

import (
	"math"
	"testing"
)

// fuzzWorkload maps fuzz inputs onto a workload within the validated
// domain (invalid ones must only produce errors, checked separately).
func fuzzWorkload(modelIdx, gpuIdx, prec uint8, paramsB float64, tp, batch, in, out uint16, util, price, bw float64) (GPU, Workload, bool) {
	gs := GPUs()
	g := gs[int(gpuIdx)%len(gs)]
	var a Arch
	if modelIdx%4 == 0 {
		var err error
		if a, err = CustomArch(paramsB); err != nil {
			return g, Workload{}, false
		}
	} else {
		ms := Models()
		a = ms[int(modelIdx)%len(ms)]
	}
	ps := WeightPrecisions()
	eff := DefaultEfficiency()
	eff.Bandwidth = bw
	return g, Workload{Model: a, Weights: ps[int(prec)%len(ps)], KV: FP16, GPUsPerReplica: int(tp % 9),
		Batch: int(batch % 600), InputTokens: int(in%8192) + 1, OutputTokens: int(out%4096) + 1,
		Utilization: util, USDPerGPUHour: price, Efficiency: eff}, true
}

func checkFinite(t *testing.T, r Result) {
	t.Helper()
	vals := []float64{r.TPOTSeconds, r.TTFTSeconds, r.TokensPerSecond, r.TokensPerSecondPerGPU,
		r.InputTokensPerSecond, r.USDPerHour, r.USDPerMillionOutputTokens, r.USDPerMillionInputTokens,
		r.USDPerMillionTokens, r.USDPerMillionOutputTokensSplit, r.TTFTAtLoadSeconds, r.InputTimeShare, r.WeightBytesPerGPU, r.KVBytesPerGPU, r.ShortfallBytes, r.MemorySeconds,
		r.ComputeSeconds, r.AllReduceSeconds}
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("output %d = %v: want finite and non-negative (%+v)", i, v, r)
		}
	}
	if r.TPOTSeconds <= 0 || r.Batch < 1 || r.GPUsPerReplica < 1 {
		t.Fatalf("degenerate result %+v", r)
	}
}

// batchSlack is how much a larger batch may lower throughput in the fuzz
// test: the mean wait for a step rises with the batch once the replica
// is compute-bound.
const batchSlack = 0.05

// minDecodeOutput is the shortest output the batch check applies to.
const minDecodeOutput = 16

// FuzzEstimate: every output finite and non-negative; more bandwidth never
// slower; a larger batch never lowers throughput; a higher price never
// lowers cost; higher utilization never raises it.
func FuzzEstimate(f *testing.F) {
	f.Add(uint8(0), uint8(1), uint8(0), 70.0, uint16(1), uint16(1), uint16(128), uint16(128), 1.0, 2.5, 0.72)
	f.Add(uint8(3), uint8(3), uint8(2), 8.0, uint16(0), uint16(0), uint16(2048), uint16(512), 0.3, 4.5, 1.0)
	f.Add(uint8(7), uint8(11), uint8(4), 1.0, uint16(8), uint16(64), uint16(1), uint16(1), 0.01, 0.0, 0.05)
	f.Fuzz(func(t *testing.T, mi, gi, pi uint8, paramsB float64, tp, batch, in, out uint16, util, price, bw float64) {
		g, w, ok := fuzzWorkload(mi, gi, pi, paramsB, tp, batch, in, out, util, price, bw)
		if !ok {
			return
		}
		r, err := Estimate(g, w)
		if err != nil {
			if w.Validate() == nil && !(w.Weights == FP8 && !g.HasFP8()) {
				t.Fatalf("valid workload refused: %v", err)
			}
			return
		}
		checkFinite(t, r)

		faster := g
		faster.BandwidthBytesPerSecond *= 1.5
		if r2, err := Estimate(faster, w); err == nil && r2.TPOTSeconds > r.TPOTSeconds*(1+1e-12) || r2.TTFTSeconds > r.TTFTSeconds*(1+1e-12) {
			t.Fatalf("more bandwidth slower: %v -> %v", r.TPOTSeconds, r2.TPOTSeconds)
		}
		// At a fixed replica size: auto might move a bigger batch onto
		// more GPUs, whose all-reduces can cost more than they give. Past
		// compute saturation more requests only wait longer for their
		// turn, so throughput may ease by a few per cent (the model counts a waiting request in the batch without shortening the steps it waits for).
		bigger := w
		bigger.GPUsPerReplica = r.GPUsPerReplica
		bigger.Batch = r.Batch + 1 + r.Batch/2
		// Requests of a few output tokens are mostly prompt: a second one
		// waits for the first one's prompt step, which can cost more than
		// it adds, so the check covers requests that mostly decode.
		if bigger.Batch <= MaxBatch && w.OutputTokens >= minDecodeOutput {
			if r2, err := Estimate(g, bigger); err == nil && r2.EstimatedTokensPerSecond < r.EstimatedTokensPerSecond*(1-batchSlack) {
				t.Fatalf("batch %d -> %d lowered throughput %v -> %v", r.Batch, bigger.Batch, r.EstimatedTokensPerSecond, r2.EstimatedTokensPerSecond)
			}
		}
		dearer := w
		dearer.USDPerGPUHour = w.USDPerGPUHour + 1
		if r2, err := Estimate(g, dearer); err == nil && r2.USDPerMillionTokens < r.USDPerMillionTokens {
			t.Fatalf("higher price lowered cost")
		}
		if w.Utilization < 1 {
			busier := w
			busier.Utilization = math.Min(1, w.Utilization*1.5)
			if r2, err := Estimate(g, busier); err == nil && r2.USDPerMillionTokens > r.USDPerMillionTokens*(1+1e-12) {
				t.Fatalf("higher utilization raised cost")
			}
		}
	})
}

// FuzzCompare: any scenario either errors or yields finite figures and a
// verdict with text.
func FuzzCompare(f *testing.F) {
	f.Add("llama-3-8b", 8.0, "a100", "h100", 16, 512, 256, 0.7, 2.5, 4.5, 0.0)
	f.Add("custom", 70.0, "l4", "mi300x", 0, 1, 1, 1.0, 0.0, 9.0, 30.0)
	f.Fuzz(func(t *testing.T, m string, paramsB float64, ga, gb string, batch, in, out int, util, pa, pb, pin float64) {
		s := DefaultScenario()
		s.Model, s.ParamsB, s.Batch, s.InputTokens, s.OutputTokens, s.Utilization = m, paramsB, batch, in, out, util
		s.Sides[0] = Side{GPU: ga, USDPerGPUHour: pa, PinnedTokensPerSecond: pin}
		s.Sides[1] = Side{GPU: gb, USDPerGPUHour: pb}
		c, err := Compare(s)
		if err != nil {
			return
		}
		for i, r := range c.Results {
			if c.Errs[i] == nil {
				checkFinite(t, r)
			}
		}
		if c.Verdict.Headline == "" {
			t.Fatal("empty verdict")
		}
		for _, v := range append(c.Verdict.BreakEvenUSDPerHour[:], c.Verdict.BreakEvenUtilization[:]...) {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("break-even %v", v)
			}
		}
	})
}
