package model

import (
	"math"
	"strings"
	"testing"
)

func catalogSides() []Side {
	var sides []Side
	for _, g := range GPUs() {
		sides = append(sides, Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour})
	}
	return sides
}

// TestRankOrdersByCost: every catalog GPU serves Llama-3-70B in FP16 at
// its own batch and replica size, cheapest first.
func TestRankOrdersByCost(t *testing.T) {
	s := DefaultScenario()
	s.Model = "llama-3-70b"
	r, err := Rank(s, catalogSides())
	if err != nil {
		t.Fatal(err)
	}
	if len(r) != len(GPUs()) {
		t.Fatalf("%d ranked, want %d", len(r), len(GPUs()))
	}
	for i, x := range r {
		if !x.Fits || x.Reason != "" || x.Result.USDPerMillionOutputTokens <= 0 {
			t.Errorf("%s: fits %v reason %q cost %v", x.GPU.ID, x.Fits, x.Reason, x.Result.USDPerMillionOutputTokens)
		}
		if i > 0 && x.Result.USDPerMillionOutputTokens < r[i-1].Result.USDPerMillionOutputTokens {
			t.Errorf("%s ($%.3f) after %s ($%.3f)", x.GPU.ID, x.Result.USDPerMillionOutputTokens, r[i-1].GPU.ID, r[i-1].Result.USDPerMillionOutputTokens)
		}
		if x.Result.Batch != x.Result.MaxBatch {
			t.Errorf("%s: batch %d, want its max %d", x.GPU.ID, x.Result.Batch, x.Result.MaxBatch)
		}
	}
}

// TestRankPicksCheapestReplica: the chosen replica size costs no more
// than any other size that fits.
func TestRankPicksCheapestReplica(t *testing.T) {
	s := DefaultScenario()
	s.Model = "llama-3-70b"
	r, err := Rank(s, []Side{{GPU: "h100", USDPerGPUHour: 4.5}})
	if err != nil {
		t.Fatal(err)
	}
	for tp := 1; tp <= 16; tp *= 2 {
		g, w, _ := s.Workload(1)
		w.Batch, w.GPUsPerReplica = 0, tp
		e, err := Estimate(g, w)
		if err == nil && e.Fits && e.USDPerMillionOutputTokens < r[0].Result.USDPerMillionOutputTokens-1e-9 {
			t.Errorf("TP%d costs $%.3f, below the ranked TP%d's $%.3f", tp, e.USDPerMillionOutputTokens, r[0].Result.GPUsPerReplica, r[0].Result.USDPerMillionOutputTokens)
		}
	}
}

// TestRankCannotRunLast: FP8 weights rank A100s last, with the reason.
func TestRankCannotRunLast(t *testing.T) {
	s := DefaultScenario()
	s.Model, s.Weights = "llama-3-70b", FP8
	r, err := Rank(s, []Side{{GPU: "a100", USDPerGPUHour: 2.5}, {GPU: "h100", USDPerGPUHour: 4.5}})
	if err != nil {
		t.Fatal(err)
	}
	if r[0].GPU.ID != "h100-sxm" || r[1].Fits || !strings.Contains(r[1].Reason, "FP8") {
		t.Fatalf("got %s first, then %s fits=%v %q", r[0].GPU.ID, r[1].GPU.ID, r[1].Fits, r[1].Reason)
	}
}

// TestSideUtilization: a side's own utilization scales only its cost, by
// 1/u, and the break-even utilization starts from each side's own.
func TestSideUtilization(t *testing.T) {
	s := DefaultScenario()
	s.Model = "llama-3-8b"
	base, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	s.Sides[0].Utilization = 0.6
	c, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	a0, a := base.Results[0].USDPerMillionOutputTokens, c.Results[0].USDPerMillionOutputTokens
	if math.Abs(a/a0-1/0.6) > 1e-9 {
		t.Errorf("A $/M %v -> %v, want x%v", a0, a, 1/0.6)
	}
	if c.Results[1].USDPerMillionOutputTokens != base.Results[1].USDPerMillionOutputTokens {
		t.Errorf("B's $/M moved: %v -> %v", base.Results[1].USDPerMillionOutputTokens, c.Results[1].USDPerMillionOutputTokens)
	}
	// At its break-even utilization A costs what B costs.
	s.Sides[0].Utilization = c.Verdict.BreakEvenUtilization[0]
	e, _ := Compare(s)
	if got, want := e.Results[0].USDPerMillionOutputTokens, c.Results[1].USDPerMillionOutputTokens; math.Abs(got/want-1) > 1e-9 {
		t.Errorf("at break-even utilization %v A costs %v, B %v", s.Sides[0].Utilization, got, want)
	}
}

// TestTensorParallelAcrossNodes: past 8 GPUs (one DGX H100) the
// all-reduces run over 400 Gb/s InfiniBand per GPU, not 900 GB/s NVLink.
func TestTensorParallelAcrossNodes(t *testing.T) {
	g, _ := LookupGPU("h100")
	if got := allReduceLink(&g, 8); got != 900e9 {
		t.Errorf("TP8 link %v, want NVLink 900e9", got)
	}
	if got := allReduceLink(&g, 16); got != 100e9 { // 400 Gb/s each way = 50 GB/s, both directions 100 GB/s
		t.Errorf("TP16 link %v, want 100e9", got)
	}
	if !g.CrossesNodes(16) || g.CrossesNodes(8) {
		t.Error("CrossesNodes wrong at 8 or 16")
	}
	s := DefaultScenario()
	s.Model, s.Weights, s.KV, s.Batch, s.GPUsPerReplica = "deepseek-v3", FP8, FP8, 512, 16
	c, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	s.GPUsPerReplica = 8
	c8, _ := Compare(s)
	if r16, r8 := c.Results[1].AllReduceSeconds, c8.Results[1].AllReduceSeconds; r16 < 3*r8 {
		t.Errorf("H100 all-reduce TP16 %v s vs TP8 %v s: the network should dominate", r16, r8)
	}
}

// BenchmarkRank is the explorer's w: every catalog GPU for Llama-3-70B
// with a TPOT target, each replica size searched.
func BenchmarkRank(b *testing.B) {
	s := DefaultScenario()
	s.Model, s.Batch, s.TPOTTargetSeconds = "llama-3-70b", 0, 0.05
	sides := catalogSides()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Rank(s, sides); err != nil {
			b.Fatal(err)
		}
	}
}
