package model

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func approx(t *testing.T, name string, got, want, rel float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > rel*math.Abs(want) {
		t.Errorf("%s = %.4f, want %.4f (±%.1f %%)", name, got, want, 100*rel)
	}
}

func gpu(t testing.TB, id string) GPU {
	t.Helper()
	g, err := LookupGPU(id)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// seedWorkload is the seed blog's arithmetic: 70B FP16 on one GPU, pure
// weight streaming at full bandwidth, a one-token context.
func seedWorkload(t testing.TB) Workload {
	a, err := CustomArch(70)
	if err != nil {
		t.Fatal(err)
	}
	eff := DefaultEfficiency()
	eff.Bandwidth = 1
	eff.StepOverheadSeconds = 0
	return Workload{Model: a, Weights: FP16, KV: FP16, GPUsPerReplica: 1, Batch: 1,
		InputTokens: 1, OutputTokens: 1, Utilization: 1, USDPerGPUHour: 1, Efficiency: eff}
}

// TestSeedDecodeFloor reproduces the seed's "70B x 2 bytes / bandwidth".
func TestSeedDecodeFloor(t *testing.T) {
	seedA100 := gpu(t, "a100")
	seedA100.BandwidthBytesPerSecond = 2.0e12 // the seed rounds 2.039 to 2.0
	cases := []struct {
		name   string
		g      GPU
		wantMS float64
		rel    float64
	}{
		{"seed A100 2.0 TB/s: 140 GB / 2.0 = 70 ms", seedA100, 70, 0.002},
		{"datasheet A100 2.039 TB/s: 68.7 ms (NVIDIA A100 datasheet)", gpu(t, "a100"), 68.7, 0.002},
		{"H100 SXM 3.35 TB/s: 41.8 ms", gpu(t, "h100"), 41.8, 0.002},
	}
	for _, c := range cases {
		r, err := Estimate(c.g, seedWorkload(t))
		if err != nil {
			t.Fatal(err)
		}
		approx(t, c.name, r.TPOTSeconds*1e3, c.wantMS, c.rel)
		approx(t, c.name+" weight bytes", r.WeightBytesPerGPU, 140e9, 1e-9)
	}
}

// TestSeedRatios: "67 % more bandwidth", "H100 is 40 % faster for decode".
func TestSeedRatios(t *testing.T) {
	a, h := 2.0e12, gpu(t, "h100").BandwidthBytesPerSecond
	approx(t, "bandwidth gain", h/a-1, 0.67, 0.01)
	seedA100 := gpu(t, "a100")
	seedA100.BandwidthBytesPerSecond = a
	ra, _ := Estimate(seedA100, seedWorkload(t))
	rh, _ := Estimate(gpu(t, "h100"), seedWorkload(t))
	approx(t, "decode time saved", 1-rh.TPOTSeconds/ra.TPOTSeconds, 0.40, 0.01)
}

// TestCostPerMillion: the seed's cost_per_million_tokens examples.
func TestCostPerMillion(t *testing.T) {
	cases := []struct {
		usdPerHour, tps, util, want float64
	}{
		{2.50, 30, 1, 23.148148}, // seed: "≈ $0.023 per 1K tokens"
		{4.50, 50, 1, 25.0},      // seed: "≈ $0.025 per 1K tokens"
		{2.50, 30, 0.5, 46.296296},
		{1, 1e6 / 3600, 1, 1},
		{2.5, 0, 1, 0}, // nothing produced: no price, not Inf
		{2.5, 30, 0, 0},
	}
	for _, c := range cases {
		got := CostPerMillion(c.usdPerHour, c.tps, c.util)
		if c.want == 0 {
			if got != 0 {
				t.Errorf("CostPerMillion(%v,%v,%v) = %v, want 0", c.usdPerHour, c.tps, c.util, got)
			}
			continue
		}
		approx(t, "cost", got, c.want, 1e-6)
	}
	approx(t, "A100 $ per 1K", CostPerMillion(2.5, 30, 1)/1000, 0.023, 0.01)
	approx(t, "H100 $ per 1K", CostPerMillion(4.5, 50, 1)/1000, 0.025, 0.01)
}

// TestKVBytesPerToken: the models' config.json files, 2 x layers x KV heads x
// head dim x bytes.
func TestKVBytesPerToken(t *testing.T) {
	cases := []struct {
		id   string
		p    Precision
		want float64
	}{
		{"llama-2-7b", FP16, 524288},
		{"llama-2-70b", FP16, 327680},
		{"llama-3-8b", FP16, 131072},
		{"llama-3-8b", FP8, 65536},
		{"gpt-j-6b", FP16, 2 * 28 * 16 * 256 * 2},
		{"deepseek-v3", FP16, 61 * 576 * 2}, // MLA: one 512+64 latent per layer
	}
	for _, c := range cases {
		a, err := LookupModel(c.id)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.KVBytesPerToken(c.p); got != c.want {
			t.Errorf("%s %s KV bytes/token = %v, want %v", c.id, c.p, got, c.want)
		}
	}
}

func TestPrecisionBytes(t *testing.T) {
	want := map[Precision]float64{FP16: 2, BF16: 2, FP8: 1, INT8: 1, INT4: 0.5, "fp4": 0}
	for p, b := range want {
		if got := p.BytesPerElement(); got != b {
			t.Errorf("%s: %v bytes, want %v", p, got, b)
		}
	}
	if _, err := ParsePrecision("FP8"); err != nil {
		t.Error(err)
	}
	if _, err := ParsePrecision("fp4"); err == nil || !strings.Contains(err.Error(), "accepted") {
		t.Errorf("fp4: want an error listing accepted values, got %v", err)
	}
	if _, err := ParseKVPrecision("int4"); err == nil {
		t.Error("int4 KV cache: want an error")
	}
}

// TestAutoTP: the fewest of 1, 2, 4, 8 GPUs that hold the weights within
// 90 % of memory (the seed blog: "70B at FP16 does not fit one 80 GB card").
func TestAutoTP(t *testing.T) {
	cases := []struct {
		gpu, model string
		p          Precision
		want       int
		fits       bool
	}{
		{"a100", "llama-2-70b", FP16, 2, true},
		{"h100", "llama-3-70b", FP8, 1, true},
		{"h200", "llama-2-70b", FP16, 2, true}, // 138 GB > 90 % of 141 GB
		{"h200", "llama-2-70b", INT8, 1, true},
		{"h100", "llama-3.1-405b", FP8, 8, true},
		{"h100", "llama-3.1-405b", FP16, 8, false}, // 812 GB / 8 > 72 GB
		{"l4", "llama-3-8b", FP16, 1, true},
		{"a100-40gb-sxm", "llama-2-13b", FP16, 1, true},
		{"mi300x", "llama-2-70b", FP16, 1, true},
	}
	for _, c := range cases {
		w := DefaultScenario()
		w.Model, w.Weights, w.KV = c.model, c.p, FP16
		g, wl, err := w.Workload(1)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Estimate(gpu(t, c.gpu), wl)
		_ = g
		if err != nil {
			t.Fatalf("%s %s: %v", c.gpu, c.model, err)
		}
		if r.GPUsPerReplica != c.want || r.Fits != c.fits {
			t.Errorf("%s %s %s: %d GPUs fits=%v, want %d fits=%v", c.gpu, c.model, c.p, r.GPUsPerReplica, r.Fits, c.want, c.fits)
		}
		if !r.Fits && r.ShortfallBytes <= 0 {
			t.Errorf("%s %s: does not fit but no shortfall", c.gpu, c.model)
		}
	}
}

// TestMaxBatch: Llama-2-7B FP16 on A100 80GB, 128 + 2048 tokens, 72 GB
// usable less 13.48 GB of weights. In flight, a sequence holds on average
// 128 + 1024 tokens of 524,288 bytes plus the 15 % growth margin:
// 58.52e9 / (524288 x 1152 x 1.15) = 84.3. Static batching allocates the
// full 2176 tokens: 58.52e9 / (524288 x 2176) = 51.3.
func TestMaxBatch(t *testing.T) {
	for _, c := range []struct {
		s    Scheduling
		want int
	}{{InFlight, 84}, {Static, 51}} {
		w := caseShape{Model: mustModel("llama-2-7b"), Weights: FP16, KV: FP16, TP: 1, Input: 128, Output: 2048}.Workload(DefaultEfficiency())
		w.Scheduling = c.s
		r, err := Estimate(gpu(t, "a100"), w)
		if err != nil {
			t.Fatal(err)
		}
		if r.MaxBatch != c.want || r.Batch != c.want {
			t.Errorf("%s: max batch %d (used %d), want %d", c.s, r.MaxBatch, r.Batch, c.want)
		}
		w.Batch = c.want + 1
		if r, _ = Estimate(gpu(t, "a100"), w); r.Fits {
			t.Errorf("%s: batch %d should not fit", c.s, c.want+1)
		}
	}
}

func TestFP8RefusedWithoutFP8Cores(t *testing.T) {
	w := seedWorkload(t)
	w.Weights = FP8
	_, err := Estimate(gpu(t, "a100"), w)
	if !errors.Is(err, ErrNoFP8) || !strings.Contains(err.Error(), "A100") {
		t.Fatalf("FP8 on A100: got %v, want ErrNoFP8 naming the GPU", err)
	}
	if _, err := Estimate(gpu(t, "h100"), w); err != nil {
		t.Fatalf("FP8 on H100: %v", err)
	}
}

// TestValidate: each bad field is named in the error, as "<field>
// <value>: <why>" where the row gives the value.
func TestValidate(t *testing.T) {
	cases := []struct {
		field string
		mut   func(*Workload)
	}{
		{"utilization", func(w *Workload) { w.Utilization = 0 }},
		{"utilization", func(w *Workload) { w.Utilization = math.NaN() }},
		{"utilization", func(w *Workload) { w.Utilization = 1.5 }},
		{"price", func(w *Workload) { w.USDPerGPUHour = -1 }},
		{"price", func(w *Workload) { w.USDPerGPUHour = math.Inf(1) }},
		{"batch", func(w *Workload) { w.Batch = -1 }},
		{"input tokens", func(w *Workload) { w.InputTokens = 0 }},
		{"output tokens", func(w *Workload) { w.OutputTokens = MaxTokens + 1 }},
		{"gpus per replica", func(w *Workload) { w.GPUsPerReplica = 65 }},
		{"gpus per replica 3: must divide", func(w *Workload) { w.GPUsPerReplica = 3 }}, // 64 heads do not split 3 ways
		{"precision", func(w *Workload) { w.Weights = "fp4" }},
		{"kv precision", func(w *Workload) { w.KV = INT4 }},
		{"pinned", func(w *Workload) { w.PinnedTokensPerSecond = -3 }},
		{"bandwidth efficiency", func(w *Workload) { w.Efficiency.Bandwidth = 0 }},
		{"compute efficiency", func(w *Workload) { w.Efficiency.Compute = 1.2 }},
		{"memory reserve", func(w *Workload) { w.Efficiency.MemoryReserve = 0.95 }},
		{"step overhead", func(w *Workload) { w.Efficiency.StepOverheadSeconds = -1 }},
		{"model", func(w *Workload) { w.Model = Arch{} }},
	}
	for _, c := range cases {
		w := seedWorkload(t)
		c.mut(&w)
		_, err := Estimate(gpu(t, "h100"), w)
		if err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: got %v, want an error naming it", c.field, err)
		}
	}
	if _, err := CustomArch(0.1); err == nil || !strings.Contains(err.Error(), "accepted") {
		t.Errorf("model size 0.1B: got %v", err)
	}
}

func TestLookupErrorsListValidIDs(t *testing.T) {
	_, err := LookupGPU("v100")
	if err == nil || !strings.Contains(err.Error(), "h100-sxm") || !strings.Contains(err.Error(), "a100-80gb-sxm") {
		t.Errorf("unknown GPU: %v", err)
	}
	_, err = LookupModel("llama-9")
	if err == nil || !strings.Contains(err.Error(), "llama-2-7b") {
		t.Errorf("unknown model: %v", err)
	}
	for _, alias := range []string{"a100", "H100", "h100-sxm", "a100-80gb-sxm"} {
		if _, err := LookupGPU(alias); err != nil {
			t.Errorf("%s: %v", alias, err)
		}
	}
}

// TestCatalogDenseNotSparse: the estimator's FLOPS are the dense figures;
// sparse ones are exactly twice where the datasheets publish them.
func TestCatalogDenseNotSparse(t *testing.T) {
	want := map[string][2]float64{ // dense FP16, dense FP8 in TFLOPS
		"a100-80gb-sxm": {312, 0}, "h100-sxm": {989, 1979}, "h100-pcie": {756, 1513},
		"h200-sxm": {989, 1979}, "l40s": {362, 733}, "l4": {121, 242}, "b200": {2250, 4500}, "mi300x": {1307, 2615},
	}
	for id, w := range want {
		g := gpu(t, id)
		if g.FP16FLOPS != w[0]*1e12 || g.FP8FLOPS != w[1]*1e12 {
			t.Errorf("%s: dense %v/%v TFLOPS, want %v/%v", id, g.FP16FLOPS/1e12, g.FP8FLOPS/1e12, w[0], w[1])
		}
		if g.FP16SparseFLOPS != 0 && math.Abs(g.FP16SparseFLOPS/g.FP16FLOPS-2) > 0.03 {
			t.Errorf("%s: sparse/dense = %v, want 2", id, g.FP16SparseFLOPS/g.FP16FLOPS)
		}
	}
	for _, g := range GPUs() {
		if g.Source == "" || g.PriceSource == "" {
			t.Errorf("%s: every figure needs a source", g.ID)
		}
	}
	if len(GPUs()) != 12 {
		t.Errorf("catalog has %d GPUs, want the 12 datasheet rows", len(GPUs()))
	}
}

func TestPinnedThroughputDrivesCost(t *testing.T) {
	w := seedWorkload(t)
	w.USDPerGPUHour, w.PinnedTokensPerSecond = 2.5, 30
	r, err := Estimate(gpu(t, "a100"), w)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Pinned || r.TokensPerSecond != 30 {
		t.Fatalf("pinned: %v %v", r.Pinned, r.TokensPerSecond)
	}
	approx(t, "pinned $/M", r.USDPerMillionOutputTokens, 23.148148, 1e-6)
	if r.EstimatedTokensPerSecond == 30 {
		t.Error("the estimate should stay visible beside the pinned figure")
	}
}

// TestTensorParallelCostsAllReduces: P1's pattern — more GPUs is faster
// but far from linear.
func TestTensorParallelCostsAllReduces(t *testing.T) {
	prev := 0.0
	for _, tp := range []int{1, 2, 4, 8} {
		w := caseShape{Model: mustModel("llama-2-7b"), Weights: BF16, KV: BF16, TP: tp, Batch: 1, Input: 5, Output: 200}.Workload(DefaultEfficiency())
		r, err := Estimate(gpu(t, "a100"), w)
		if err != nil {
			t.Fatal(err)
		}
		if r.EstimatedTokensPerSecond <= prev {
			t.Errorf("TP%d: %v tok/s, not faster than %v", tp, r.EstimatedTokensPerSecond, prev)
		}
		if tp > 1 && r.AllReduceSeconds <= 0 {
			t.Errorf("TP%d: no all-reduce cost", tp)
		}
		if tp == 8 && r.EstimatedTokensPerSecond > 4*110 {
			t.Errorf("TP8 scales too well: %v tok/s", r.EstimatedTokensPerSecond)
		}
		prev = r.EstimatedTokensPerSecond
	}
}

// TestBoundFlipsWithBatch: batch 1 decode is memory-bound; a huge batch of
// short sequences is compute-bound.
func TestBoundFlipsWithBatch(t *testing.T) {
	w := caseShape{Model: mustModel("llama-3-8b"), Weights: FP16, KV: FP16, TP: 1, Batch: 1, Input: 16, Output: 16}.Workload(DefaultEfficiency())
	r, _ := Estimate(gpu(t, "a100"), w)
	if r.Bound != MemoryBound {
		t.Errorf("batch 1: %s-bound", r.Bound)
	}
	w.Batch = 2048
	r, _ = Estimate(gpu(t, "a100"), w)
	if r.Bound != ComputeBound {
		t.Errorf("batch 2048 x 32 tokens: %s-bound", r.Bound)
	}
}

// TestInt4NotFourTimesFaster: torchao's README (P2, P3) — weight-only INT4 does not
// speed decode in proportion to bytes.
func TestInt4NotFourTimesFaster(t *testing.T) {
	base := caseShape{Model: mustModel("llama-2-7b"), Weights: FP16, KV: FP16, TP: 1, Batch: 1, Input: 8, Output: 200}
	r16, _ := Estimate(gpu(t, "a100"), base.Workload(DefaultEfficiency()))
	base.Weights = INT4
	r4, _ := Estimate(gpu(t, "a100"), base.Workload(DefaultEfficiency()))
	speedup := r4.EstimatedTokensPerSecond / r16.EstimatedTokensPerSecond
	if speedup < 1.5 || speedup > 2.6 {
		t.Errorf("int4 speed-up %.2fx, want about 1.9x (P2: 200.5/105.1)", speedup)
	}
}

// TestMoEReadsTouchedExperts: Mixtral at batch 1 reads ~the active
// parameters; at a large batch nearly all experts.
func TestMoEReadsTouchedExperts(t *testing.T) {
	m := mustModel("mixtral-8x7b")
	one := m.streamedParams(1) / giga
	many := m.streamedParams(256) / giga
	if one < 12 || one > 14 {
		t.Errorf("batch 1 streams %.1fB params, want ~12.9B active", one)
	}
	if many < 46 {
		t.Errorf("batch 256 streams %.1fB params, want all ~46.6B", many)
	}
}

// TestCostSplitsInputAndOutput: output $/M is the seed's formula on the
// serving throughput; blended is the hour over all tokens; input and split
// output $/M share the hour, so their token-weighted mean is the blend.
func TestCostSplitsInputAndOutput(t *testing.T) {
	s := DefaultScenario()
	s.Model, s.Batch, s.InputTokens, s.OutputTokens = "llama-3-8b", 16, 1000, 100
	c, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Results {
		approx(t, "seed $/M", r.USDPerMillionOutputTokens, r.USDPerHour/(r.TokensPerSecond*3600)*1e6, 1e-9)
		approx(t, "input tok/s", r.InputTokensPerSecond, r.TokensPerSecond*10, 1e-9)
		approx(t, "blended", r.USDPerMillionTokens, r.USDPerHour/(r.TokensPerSecond*11*3600)*1e6, 1e-9)
		mix := (r.USDPerMillionInputTokens*1000 + r.USDPerMillionOutputTokensSplit*100) / 1100
		approx(t, "blended = token-weighted split", r.USDPerMillionTokens, mix, 1e-9)
		if r.InputTimeShare <= 0 || r.InputTimeShare >= 1 || r.USDPerMillionInputTokens >= r.USDPerMillionOutputTokensSplit {
			t.Errorf("%s: input share %v, input %v $/M vs output %v: prompts should take some of the hour and cost less per token",
				r.GPU.ID, r.InputTimeShare, r.USDPerMillionInputTokens, r.USDPerMillionOutputTokensSplit)
		}
	}
}

// caseShape is a published measurement's workload, as the tests above
// describe them.
type caseShape struct {
	Model                    Arch
	Weights, KV              Precision
	TP, Batch, Input, Output int
}

func (c caseShape) Workload(eff Efficiency) Workload {
	return Workload{Model: c.Model, Weights: c.Weights, KV: c.KV, GPUsPerReplica: c.TP,
		Batch: c.Batch, InputTokens: c.Input, OutputTokens: c.Output, Utilization: 1,
		Efficiency: eff}
}

func mustModel(id string) Arch {
	a, err := LookupModel(id)
	if err != nil {
		panic(err)
	}
	return a
}
