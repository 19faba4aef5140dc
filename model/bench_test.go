package model

import "testing"

// chartAxes are the sample points the UI's charts draw.
var (
	benchSizes   = []float64{1, 3, 7, 8, 13, 20, 34, 40, 70, 100, 140, 180, 235, 300, 405, 500}
	benchUtils   = []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	benchBatches = []int{1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512}
	benchPrompts = []int{64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768}
)

// BenchmarkCompare: both sides' estimates and the verdict.
func BenchmarkCompare(b *testing.B) {
	s := DefaultScenario()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFullRecompute: what one slider step costs the UI — both sides
// plus every chart series (budget: <= 50 us, <= 100 allocs).
func BenchmarkFullRecompute(b *testing.B) {
	s := DefaultScenario()
	pts := make([]Point, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		c, err := Compare(s)
		if err != nil {
			b.Fatal(err)
		}
		for i := range s.Sides {
			g, w, _ := s.Workload(i)
			// As the UI draws them: on the GPUs the estimate chose, each
			// size at the batch its target chooses there.
			w.GPUsPerReplica = c.Results[i].GPUsPerReplica
			pts = SweepModelSize(g, w, benchSizes, pts[:0])
			pts = SweepUtilization(c.Results[i].USDPerHour, c.Results[i].TokensPerSecond, benchUtils, pts[:0])
			pts = SweepBatch(g, w, benchBatches, pts[:0])
			pts = SweepPrompt(g, w, benchPrompts, pts[:0])
		}
	}
}

// BenchmarkFullRecomputeTargets: the same with TPOT and TTFT targets on
// and GPUs per replica auto, llama-3-8b 128/128 (budget: <= 100 us).
func BenchmarkFullRecomputeTargets(b *testing.B) {
	s := DefaultScenario()
	s.Model, s.Batch, s.GPUsPerReplica = "llama-3-8b", 0, 0
	s.TPOTTargetSeconds, s.TTFTTargetSeconds = 0.012, 0.5
	pts := make([]Point, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		c, err := Compare(s)
		if err != nil {
			b.Fatal(err)
		}
		for i := range s.Sides {
			g, w, _ := s.Workload(i)
			// As the UI draws them: on the GPUs the estimate chose, each
			// size at the batch its target chooses there.
			w.GPUsPerReplica = c.Results[i].GPUsPerReplica
			pts = SweepModelSize(g, w, benchSizes, pts[:0])
			pts = SweepUtilization(c.Results[i].USDPerHour, c.Results[i].TokensPerSecond, benchUtils, pts[:0])
			pts = SweepBatch(g, w, benchBatches, pts[:0])
			pts = SweepPrompt(g, w, benchPrompts, pts[:0])
		}
	}
}

// BenchmarkSweepModelSizeTarget: the size chart's 64 points of one side
// with a TPOT and a TTFT target on the seed's 4 held GPUs, each point at
// the batch its target chooses (the widest chart's sample count).
func BenchmarkSweepModelSizeTarget(b *testing.B) {
	s := DefaultScenario()
	s.Batch, s.GPUsPerReplica = 0, 4
	s.TPOTTargetSeconds, s.TTFTTargetSeconds = 0.04, 0.2
	g, w, err := s.Workload(1)
	if err != nil {
		b.Fatal(err)
	}
	sizes := make([]float64, 64)
	for i := range sizes {
		sizes[i] = 2.5 * float64(i+1)
	}
	pts := make([]Point, 0, len(sizes))
	b.ReportAllocs()
	for b.Loop() {
		pts = SweepModelSize(g, w, sizes, pts[:0])
	}
}
