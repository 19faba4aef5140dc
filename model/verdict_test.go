package model

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

func seedScenario() Scenario {
	return BuiltinScenarios()[0] // 70B FP16, $2.50 @30 vs $4.50 @50, 1 GPU each
}

// TestSeedVerdict: the seed's conclusion — "cost per token often similar;
// H100 advantage is throughput per GPU", latency to H100, availability A100.
// At one GPU each neither card holds 140 GB, which the headline says; on
// two GPUs per replica the seed's own verdict stands.
func TestSeedVerdict(t *testing.T) {
	s := seedScenario()
	c, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{FactorLatency: 1, FactorCost: -1, FactorThroughput: 1, FactorAvailability: 0, FactorFP8: 1}
	for _, f := range c.Verdict.Factors {
		if w, ok := want[f.Name]; !ok || f.Winner != w {
			t.Errorf("factor %q winner %d, want %d (%s)", f.Name, f.Winner, want[f.Name], f.Reason)
		}
	}
	if v := c.Verdict; v.Winner != -1 || !strings.Contains(v.Headline, "Neither fits") || !strings.Contains(v.Reason, "68.1 GB") {
		t.Errorf("one GPU each: verdict %d %q %q", v.Winner, v.Headline, v.Reason)
	}
	s.GPUsPerReplica = 2
	c, _ = Compare(s)
	if v := c.Verdict; v.Winner != 1 || !strings.Contains(v.Headline, "H100") || !strings.Contains(v.Headline, "similar") {
		t.Errorf("two GPUs each: verdict %d %q", v.Winner, v.Headline)
	}
}

// TestVerdictReasonSigns: the reason states B's figures against A, the
// base the panels' % column uses, with the right sign: a cheaper B shows a
// negative $/M difference.
func TestVerdictReasonSigns(t *testing.T) {
	s := DefaultScenario()
	s.Model = "llama-3-8b"
	s.Sides[1] = Side{GPU: "l40s", USDPerGPUHour: 1.0}
	c, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	// Price the faster A100 so that it is 5 % dearer per token than L40S.
	s.Sides[0].USDPerGPUHour *= 1.05 * c.Results[1].USDPerMillionOutputTokens / c.Results[0].USDPerMillionOutputTokens
	c, _ = Compare(s)
	a, b := c.Results[0].USDPerMillionOutputTokens, c.Results[1].USDPerMillionOutputTokens
	v := c.Verdict
	if v.Winner != 0 || v.Factors[1].Winner != -1 {
		t.Fatalf("want A100 for latency with similar cost: %+v (A $%.2f, B $%.2f)", v, a, b)
	}
	want := FormatSignedPercent(b/a - 1)
	if !strings.HasPrefix(v.Reason, "L40S 48GB against A100 80GB SXM") || !strings.Contains(v.Reason, want+" $/M") || want[0] != '-' {
		t.Errorf("reason %q should give L40S's cost against A100 as %s", v.Reason, want)
	}
}

// TestPinnedThroughputLeavesLatency: a pin is an assumption for cost and
// capacity (issue 11); the latency factor follows the decode times the
// panels show, so the verdict never calls the side with the longer decode
// time faster. The pin is still what cost uses, and past the ceiling it
// is flagged.
func TestPinnedThroughputLeavesLatency(t *testing.T) {
	s := DefaultScenario()
	c, _ := Compare(s)
	s.Sides[0].PinnedTokensPerSecond = 2 * c.Results[1].TokensPerSecond // A100 pinned at twice H100
	c, _ = Compare(s)
	a, b := c.Results[0], c.Results[1]
	if f := c.Verdict.Factors[0]; f.Winner != 1 || a.TPOTSeconds <= b.TPOTSeconds {
		t.Errorf("latency factor %+v with TPOT A %.1f ms, B %.1f ms: the faster decode is B's", f, a.TPOTSeconds*1e3, b.TPOTSeconds*1e3)
	}
	if a.TokensPerSecond != s.Sides[0].PinnedTokensPerSecond || !a.PinAboveCeiling() {
		t.Errorf("pinned A100 at %.1f tok/s (ceiling %.1f): cost uses the pin and flags it", a.TokensPerSecond, a.CeilingTokensPerSecond)
	}
}

// TestVerdictWhenOneSideDoesNotFit: a side that cannot hold the workload
// does not win on cost.
func TestVerdictWhenOneSideDoesNotFit(t *testing.T) {
	s := DefaultScenario()
	s.Model, s.GPUsPerReplica = "llama-3-70b", 2
	s.Sides[0] = Side{GPU: "l4", USDPerGPUHour: 0.5}
	c, _ := Compare(s)
	if c.Results[0].Fits || !c.Results[1].Fits {
		t.Fatalf("setup: L4 x2 should not hold 70B, H100 x2 should")
	}
	v := c.Verdict
	if v.Winner != 1 || !strings.Contains(v.Headline, "cannot hold") || !strings.Contains(v.Reason, "L4") {
		t.Errorf("verdict %d %q %q", v.Winner, v.Headline, v.Reason)
	}
}

// TestBreakEven: at the break-even price (or utilization) the two sides'
// $ per million output tokens are equal.
func TestBreakEven(t *testing.T) {
	s := seedScenario()
	c, _ := Compare(s)
	p := c.Verdict.BreakEvenUSDPerHour[1]
	approx(t, "H100 break-even price", p, 4.5*23.148148/25, 1e-6)
	s.Sides[1].USDPerGPUHour = p
	c2, _ := Compare(s)
	approx(t, "H100 $/M at break-even", c2.Results[1].USDPerMillionOutputTokens, c2.Results[0].USDPerMillionOutputTokens, 1e-9)

	s = seedScenario()
	u := c.Verdict.BreakEvenUtilization[1]
	if u <= 1 {
		t.Errorf("H100 at util 1 is dearer; its break-even utilization %v should exceed 1 (cannot catch up)", u)
	}
	ua := c.Verdict.BreakEvenUtilization[0]
	s.Utilization = ua
	c3, _ := Compare(s)
	approx(t, "A100 $/M at its break-even utilization", c3.Results[0].USDPerMillionOutputTokens, c.Results[1].USDPerMillionOutputTokens, 1e-9)
}

func TestFP8SideRefused(t *testing.T) {
	s := DefaultScenario()
	s.Weights = FP8
	c, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	if c.Errs[0] == nil || c.Errs[1] != nil {
		t.Fatalf("errs %v", c.Errs)
	}
	if c.Verdict.Winner != 1 || !strings.Contains(c.Verdict.Reason, "FP8") {
		t.Errorf("verdict %+v", c.Verdict)
	}
}

func TestVerdictClearWinner(t *testing.T) {
	s := DefaultScenario()
	s.Sides[1].USDPerGPUHour = 2.5 // H100 at A100's price: faster and cheaper
	c, _ := Compare(s)
	if c.Verdict.Winner != 1 || !strings.Contains(c.Verdict.Headline, "cheaper") || !strings.Contains(c.Verdict.Headline, "faster") {
		t.Errorf("%+v", c.Verdict)
	}
}

func TestDiff(t *testing.T) {
	if d := Diff(100, 67); d != -0.33 {
		t.Errorf("Diff(100, 67) = %v", d)
	}
	if d := Diff(0, 5); d != 0 {
		t.Errorf("Diff from zero = %v, want 0", d)
	}
}

// TestFleet: 250 output tokens at 100 tok/s at load (the serving rate,
// prompts' time included) keep a replica 2.5 s per request; 10
// requests/s at 50 % utilization need 10 x 2.5 / 0.5 = 50 replicas of 2
// GPUs, 730 h a month at $9/h each.
func TestFleet(t *testing.T) {
	r := Result{GPU: GPU{Name: "X"}, Fits: true, GPUsPerReplica: 2, TokensPerSecond: 100, InputTokensPerSecond: 1000, USDPerHour: 9}
	w := Workload{InputTokens: 500, OutputTokens: 250, Utilization: 0.5}
	f, err := SizeFleet(r, w, Load{RequestsPerSecond: 10})
	if err != nil {
		t.Fatal(err)
	}
	if f.ReplicaSecondsPerRequest != 2.5 || f.Replicas != 50 || f.GPUs != 100 || f.USDPerMonth != 50*9*730 {
		t.Errorf("fleet %+v, want 2.5 s/request, 50 replicas, 100 GPUs, $328,500/month", f)
	}
	perDay, _ := SizeFleet(r, w, Load{OutputTokensPerDay: 10 * 250 * 86400})
	if perDay.Replicas != 50 {
		t.Errorf("tokens/day and requests/s of the same load disagree: %d vs 50", perDay.Replicas)
	}
	small, _ := SizeFleet(r, w, Load{RequestsPerSecond: 0.01})
	if small.Replicas != 1 {
		t.Errorf("a trickle of load still needs one replica, got %d", small.Replicas)
	}
	r.Fits, r.ShortfallBytes = false, 5e9
	if _, err := SizeFleet(r, w, Load{RequestsPerSecond: 10}); err == nil || !strings.Contains(err.Error(), "cannot hold") {
		t.Errorf("a replica that does not fit sized a fleet: %v", err)
	}
	r.Fits = true
	if _, err := SizeFleet(r, w, Load{}); err == nil {
		t.Error("no load: want an error")
	}
	if _, err := SizeFleet(r, w, Load{RequestsPerSecond: -1}); err == nil {
		t.Error("negative load: want an error")
	}
}

// TestPerSidePrecision: the seed's FP8 case, A100 in FP16 against H100 in
// FP8; a side's own precision overrides the scenario's, and FP8 asked of
// A100 alone refuses only that side.
func TestPerSidePrecision(t *testing.T) {
	s := DefaultScenario()
	s.Model, s.GPUsPerReplica = "llama-3-70b", 2
	s.Sides[1].Weights = FP8
	c, err := Compare(s)
	if err != nil || c.Errs[0] != nil || c.Errs[1] != nil {
		t.Fatalf("%v %v", err, c.Errs)
	}
	if got := c.Results[1].WeightBytesPerGPU / c.Results[0].WeightBytesPerGPU; math.Abs(got-0.5) > 1e-9 {
		t.Errorf("H100 FP8 weights / A100 FP16 weights = %v, want 0.5", got)
	}
	s.Sides[1].Weights, s.Sides[0].Weights = "", FP8
	c, _ = Compare(s)
	if !errors.Is(c.Errs[0], ErrNoFP8) || c.Errs[1] != nil {
		t.Errorf("FP8 on the A100 side only: errs %v", c.Errs)
	}
}

// TestRefusedSideAgainstOneThatDoesNotFit: FP8 refused on A100 while the
// H100 cannot hold the model either: nobody wins.
func TestRefusedSideAgainstOneThatDoesNotFit(t *testing.T) {
	s := DefaultScenario()
	s.Model, s.Weights, s.GPUsPerReplica = "llama-3.1-405b", FP8, 1
	c, _ := Compare(s)
	if c.Errs[0] == nil || c.Results[1].Fits {
		t.Fatalf("setup: A100 refuses FP8, one H100 cannot hold 405B")
	}
	if v := c.Verdict; v.Winner != -1 || !strings.Contains(v.Headline, "Neither") {
		t.Errorf("verdict %d %q", v.Winner, v.Headline)
	}
}

// TestNoBreakEvenAgainstASideThatDoesNotFit and a free GPU-hour.
func TestBreakEvenAndFreeGPUs(t *testing.T) {
	s := DefaultScenario()
	s.Model, s.GPUsPerReplica = "llama-3-70b", 2
	s.Sides[0] = Side{GPU: "l4", USDPerGPUHour: 0.5}
	c, _ := Compare(s)
	if v := c.Verdict; v.BreakEvenUSDPerHour != [2]float64{} || v.BreakEvenUtilization != [2]float64{} {
		t.Errorf("break-even against an L4 pair that cannot hold 70B: %+v", v)
	}
	s = DefaultScenario()
	s.Sides[0].USDPerGPUHour = 0 // hardware already owned
	c, _ = Compare(s)
	if f := c.Verdict.Factors[1]; f.Winner != 0 {
		t.Errorf("a free A100 should win on cost: %+v", f)
	}
	if strings.Contains(c.Verdict.Reason, "+0 %") {
		t.Errorf("reason %q", c.Verdict.Reason)
	}
}

// TestSameGPUTwoPrecisions: "should we quantize?" names each side by its
// precision.
func TestSameGPUTwoPrecisions(t *testing.T) {
	s := DefaultScenario()
	s.Sides[0] = Side{GPU: "h100", USDPerGPUHour: 4.5}
	s.Sides[1] = Side{GPU: "h100", USDPerGPUHour: 4.5, Weights: FP8}
	c, _ := Compare(s)
	if h := c.Verdict.Headline; !strings.Contains(h, "FP8") {
		t.Errorf("headline %q does not say which H100", h)
	}
}

// TestVerdictAtTarget: with a TPOT target the verdict compares output
// tokens per dollar at it, the ratio being that of the two $ per million
// output tokens; without a target it says nothing.
func TestVerdictAtTarget(t *testing.T) {
	s := DefaultScenario()
	s.Model, s.Batch, s.TPOTTargetSeconds = "llama-3-8b", 0, 0.012
	c, err := Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	a, b := c.Results[0], c.Results[1]
	want := a.USDPerMillionOutputTokens / b.USDPerMillionOutputTokens
	got := c.Verdict.AtTarget
	if !strings.HasPrefix(got, "at TPOT ≤ 12 ms, H100 SXM 80GB serves ") || !strings.Contains(got, fmt.Sprintf("%.2fx", want)[:3]) {
		t.Errorf("at target: %q (ratio of $/M %.3f)", got, want)
	}
	s.TPOTTargetSeconds, s.Batch = 0, 1
	if c, _ = Compare(s); c.Verdict.AtTarget != "" {
		t.Errorf("no target, yet %q", c.Verdict.AtTarget)
	}
}

// TestDecideIsComparesVerdict: Decide on Compare's own results gives
// Compare's verdict, with a side refused too.
func TestDecideIsComparesVerdict(t *testing.T) {
	fp8 := DefaultScenario()
	fp8.Sides[0].Weights, fp8.Sides[1].Weights = FP8, FP8 // A100 has no FP8
	for _, s := range append(BuiltinScenarios(), DefaultScenario(), fp8) {
		c, err := Compare(s)
		if err != nil {
			t.Fatal(s.Name, err)
		}
		want := c.Verdict
		c.Verdict = Verdict{}
		if got := s.Decide(c); got != want {
			t.Errorf("%s: Decide %+v, Compare %+v", s.Name, got, want)
		}
	}
}
