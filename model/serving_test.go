package model

import (
	"strings"
	"testing"
)

// l8b is Llama-3-8B FP16 on one GPU at $2/h with the given lengths.
func l8b(in, out int) Workload {
	w := caseShape{Model: mustModel("llama-3-8b"), Weights: FP16, KV: FP16, TP: 1, Input: in, Output: out}.Workload(DefaultEfficiency())
	w.USDPerGPUHour = 2
	return w
}

// TestLittlesLaw: with B requests in flight, each in the batch for TTFT at
// load + (O-1) x TPOT, output tok/s = B x O / that; prompts cost time, so
// it stays below B / TPOT; at batch 1 TTFT at load is the idle TTFT.
func TestLittlesLaw(t *testing.T) {
	for _, id := range []string{"a100", "h100"} {
		for _, mix := range [][2]int{{128, 128}, {2048, 128}, {128, 2048}, {20000, 2000}} {
			for _, b := range []int{1, 8, 64, 0} {
				w := l8b(mix[0], mix[1])
				w.Batch = b
				r, err := Estimate(gpu(t, id), w)
				if err != nil {
					t.Fatal(err)
				}
				life := r.TTFTAtLoadSeconds + float64(mix[1]-1)*r.TPOTSeconds
				approx(t, "Little's law", r.TokensPerSecond, float64(r.Batch*mix[1])/life, 1e-9)
				if r.TokensPerSecond > float64(r.Batch)/r.TPOTSeconds {
					t.Errorf("%s %v batch %d: %v tok/s above batch/TPOT", id, mix, r.Batch, r.TokensPerSecond)
				}
				if r.Batch == 1 && r.TTFTAtLoadSeconds != r.TTFTSeconds {
					t.Errorf("batch 1: TTFT at load %v, idle %v", r.TTFTAtLoadSeconds, r.TTFTSeconds)
				}
				if r.TTFTAtLoadSeconds < r.TTFTSeconds {
					t.Errorf("%s %v batch %d: TTFT at load below idle", id, mix, r.Batch)
				}
			}
		}
	}
}

// TestBatchOneIsPlainDecode: at batch 1 no other prompt shares the steps,
// so TPOT is the seed's weight-streaming step (70B FP16: 140 GB / 2.039
// TB/s = 68.66 ms, / 3.35 TB/s = 41.79 ms, plus a one-token KV read and
// 10 us), whatever the prompt length.
func TestBatchOneIsPlainDecode(t *testing.T) {
	w := seedWorkload(t)
	w.InputTokens, w.OutputTokens, w.PinnedTokensPerSecond = 128, 128, 30
	for _, c := range []struct {
		id   string
		want float64
	}{{"a100", 68.73}, {"h100", 41.84}} {
		r, err := Estimate(gpu(t, c.id), w)
		if err != nil {
			t.Fatal(err)
		}
		approx(t, c.id+" TPOT ms", r.TPOTSeconds*1e3, c.want, 0.001)
	}
	r, _ := Estimate(gpu(t, "a100"), w)
	approx(t, "seed $/M at 30 tok/s and $1/h", r.USDPerMillionOutputTokens, 1/(30*3600.0)*1e6, 1e-9)
}

// TestPromptsCutThroughputAtLoad: at the same batch, 2048-token prompts
// add 16 prompt tokens per output token to the steps; throughput falls
// far below the 128-token mix (TensorRT-LLM v0.13: 796 vs 6,687 tok/s on
// A100 at their max batches).
func TestPromptsCutThroughputAtLoad(t *testing.T) {
	for _, id := range []string{"a100", "h100"} {
		long := l8b(2048, 128)
		r, _ := Estimate(gpu(t, id), long)
		short := l8b(128, 128)
		short.Batch = r.Batch
		s, _ := Estimate(gpu(t, id), short)
		if r.TokensPerSecond > 0.5*s.TokensPerSecond {
			t.Errorf("%s batch %d: 2048/128 %v tok/s vs 128/128 %v", id, r.Batch, r.TokensPerSecond, s.TokensPerSecond)
		}
	}
}

// TestTPOTTarget: llama-3-8b with a 12 ms TPOT target gets the largest
// batch under 12 ms on each GPU: one more request would exceed it.
func TestTPOTTarget(t *testing.T) {
	for _, id := range []string{"a100", "h100"} {
		for _, tp := range []int{1, 0} {
			w := l8b(128, 128)
			w.GPUsPerReplica, w.TPOTTargetSeconds = tp, 0.012
			r, err := Estimate(gpu(t, id), w)
			if err != nil {
				t.Fatal(err)
			}
			o := r.Target
			if !o.Set || !o.Met || o.LimitedBy != LimitTPOT || o.MissSeconds != 0 || r.TPOTSeconds > 0.012 {
				t.Fatalf("%s tp %d: %+v at batch %d, TPOT %v", id, tp, o, r.Batch, r.TPOTSeconds)
			}
			next := w
			next.TPOTTargetSeconds, next.Batch, next.GPUsPerReplica = 0, r.Batch+1, r.GPUsPerReplica
			n, _ := Estimate(gpu(t, id), next)
			if n.TPOTSeconds <= 0.012 {
				t.Errorf("%s: batch %d meets 12 ms too (%v s), so %d is not the largest", id, r.Batch+1, n.TPOTSeconds, r.Batch)
			}
		}
	}
}

// TestTargetMissAndLimits: a target batch 1 cannot meet is reported with
// its miss; a loose one is limited by memory; a batch beside a target is
// refused naming both.
func TestTargetMissAndLimits(t *testing.T) {
	w := l8b(128, 128)
	w.GPUsPerReplica, w.TPOTTargetSeconds = 1, 0.001
	r, _ := Estimate(gpu(t, "a100"), w)
	plain := w
	plain.TPOTTargetSeconds, plain.Batch = 0, 1
	one, _ := Estimate(gpu(t, "a100"), plain)
	if r.Target.Met || r.Batch != 1 || r.Target.LimitedBy != LimitTPOT {
		t.Errorf("1 ms target: %+v batch %d", r.Target, r.Batch)
	}
	approx(t, "miss", r.Target.MissSeconds, one.TPOTSeconds-0.001, 1e-9)

	w.TPOTTargetSeconds, w.TTFTTargetSeconds = 10, 100
	r, _ = Estimate(gpu(t, "a100"), w)
	if !r.Target.Met || r.Target.LimitedBy != LimitMemory || r.Batch != r.MaxBatch {
		t.Errorf("loose target: %+v batch %d of %d", r.Target, r.Batch, r.MaxBatch)
	}
	w.Batch = 8
	if _, err := Estimate(gpu(t, "a100"), w); err == nil || !strings.Contains(err.Error(), "batch 8") || !strings.Contains(err.Error(), "target") {
		t.Errorf("batch with target: %v", err)
	}
	w.Batch, w.TTFTTargetSeconds, w.TPOTTargetSeconds = 0, 0.05, 0
	r, _ = Estimate(gpu(t, "a100"), w)
	if !r.Target.Met || r.TTFTAtLoadSeconds > 0.05 || r.Target.LimitedBy != LimitTTFT {
		t.Errorf("50 ms TTFT target: %+v, TTFT at load %v", r.Target, r.TTFTAtLoadSeconds)
	}
}

// TestStaticScheduling: static batching prefills the whole batch before
// its first token and decodes without prompts in the steps.
func TestStaticScheduling(t *testing.T) {
	w := l8b(128, 2048)
	w.Batch, w.Scheduling = 32, Static
	r, _ := Estimate(gpu(t, "a100"), w)
	e := estimator{g: &r.GPU, w: &w}
	approx(t, "TTFT at load = prefill of 32 prompts", r.TTFTAtLoadSeconds, e.prefillSeconds(1, 32), 1e-12)
	approx(t, "TPOT = decode step at 32", r.TPOTSeconds, e.step(1, stepLoad{decode: 32}).seconds(), 1e-12)
	if _, err := ParseScheduling("dynamic"); err == nil {
		t.Error("unknown scheduling accepted")
	}
}
