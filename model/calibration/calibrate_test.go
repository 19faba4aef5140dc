package model

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func llama38bOnA100(t *testing.T, batch int) (GPU, Workload) {
	t.Helper()
	a, err := LookupModel("llama-3-8b")
	if err != nil {
		t.Fatal(err)
	}
	g, _ := LookupGPU("a100")
	return g, Workload{Model: a, Weights: BF16, KV: BF16, Batch: batch, InputTokens: 1000, OutputTokens: 250,
		Utilization: 1, Efficiency: DefaultEfficiency()}
}

// TestCalibrateRoundTrip: figures made by a known engine are fitted back
// to within 5 % (TPOT, throughput) and 20 % (TTFT at load), and each
// fitted knob is named.
func TestCalibrateRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		batch int
		truth Engine
		m     func(Result) Measurement
	}{
		{"tpot+ttft+tps, batch 32", 32, Engine{BandwidthFactor: 0.8, ComputeFactor: 0.7},
			func(r Result) Measurement {
				return Measurement{r.EstimatedTokensPerSecond, r.TPOTSeconds, r.TTFTAtLoadSeconds}
			}},
		{"throughput only, batch 8", 8, Engine{BandwidthFactor: 0.6, ComputeFactor: 0.6},
			func(r Result) Measurement { return Measurement{OutputTokensPerSecond: r.EstimatedTokensPerSecond} }},
		{"tpot and slow ttft, batch 1", 1, Engine{BandwidthFactor: 0.9, PrefillOverheadSeconds: 0.03},
			func(r Result) Measurement {
				return Measurement{TPOTSeconds: r.TPOTSeconds, TTFTSeconds: r.TTFTAtLoadSeconds}
			}},
	} {
		g, w := llama38bOnA100(t, tc.batch)
		truthW := w
		truthW.Efficiency.Engine = tc.truth
		truth, err := Estimate(g, truthW)
		if err != nil {
			t.Fatal(err)
		}
		m := tc.m(truth)
		fit, err := Calibrate(g, w, m)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r := fit.After
		for _, c := range []struct {
			fig       string
			got, want float64
			tol       float64
		}{
			{"tok/s", r.EstimatedTokensPerSecond, m.OutputTokensPerSecond, 0.05},
			{"tpot", r.TPOTSeconds, m.TPOTSeconds, 0.05},
			{"ttft", r.TTFTAtLoadSeconds, m.TTFTSeconds, 0.20},
		} {
			if c.want > 0 && math.Abs(c.got/c.want-1) > c.tol {
				t.Errorf("%s: %s %.4g after calibration, measured %.4g", tc.name, c.fig, c.got, c.want)
			}
		}
		if len(fit.Fitted) == 0 || len(fit.Fitted)+len(fit.Kept) < len(Knobs()) {
			t.Errorf("%s: fitted %v, kept %v: every knob is one or the other", tc.name, fit.Fitted, fit.Kept)
		}
	}
}

// TestCalibrateCarriesToH100: the factors fitted on A100 move H100's
// estimate the way the same engine would run there.
func TestCalibrateCarriesToH100(t *testing.T) {
	g, w := llama38bOnA100(t, 32)
	truth := Engine{BandwidthFactor: 0.8, ComputeFactor: 0.8}
	tw := w
	tw.Efficiency.Engine = truth
	ra, _ := Estimate(g, tw)
	fit, err := Calibrate(g, w, Measurement{OutputTokensPerSecond: ra.EstimatedTokensPerSecond})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := LookupGPU("h100")
	rh, _ := Estimate(h, tw)
	cw := w
	cw.Efficiency.Engine = fit.Engine
	ph, _ := Estimate(h, cw)
	if math.Abs(ph.EstimatedTokensPerSecond/rh.EstimatedTokensPerSecond-1) > 0.02 {
		t.Errorf("H100 with the A100-fitted engine %.0f tok/s; the engine itself gives %.0f", ph.EstimatedTokensPerSecond, rh.EstimatedTokensPerSecond)
	}
}

// TestCalibrateRefusesBeyondPhysics: the 100,000 tok/s for 70B
// at batch 1 on two A100s; reading 140 GB at 2 x 2.039 TB/s allows 29.
func TestCalibrateRefusesBeyondPhysics(t *testing.T) {
	a, _ := CustomArch(70)
	g, _ := LookupGPU("a100")
	w := Workload{Model: a, Weights: FP16, KV: FP16, Batch: 1, GPUsPerReplica: 2, InputTokens: 128, OutputTokens: 128,
		Utilization: 1, Efficiency: DefaultEfficiency()}
	for _, m := range []Measurement{{OutputTokensPerSecond: 100000}, {TPOTSeconds: 0.010}, {TTFTSeconds: 0.001}} {
		_, err := Calibrate(g, w, m)
		var bp *BeyondPhysicsError
		if !errors.As(err, &bp) {
			t.Fatalf("%+v: %v, want a BeyondPhysicsError", m, err)
		}
		if m.OutputTokensPerSecond > 0 && (math.Abs(bp.Limit-29.1) > 0.1 || !strings.Contains(err.Error(), "29.1 tok/s")) {
			t.Errorf("%v: the ceiling is 29.1 tok/s", err)
		}
	}
	if _, err := Calibrate(g, w, Measurement{}); err == nil {
		t.Error("no figure: want an error")
	}
	if _, err := Calibrate(g, w, Measurement{TPOTSeconds: math.NaN()}); err == nil {
		t.Error("NaN: want an error")
	}
}

// TestCeilingSeed: the seed's 70B on one A100 at batch 1 reads 140 GB
// per token at 2.039 TB/s: at most 14.6 tok/s, so its 30 tok/s is
// flagged, and kept.
func TestCeilingSeed(t *testing.T) {
	s := DefaultScenario()
	s.GPUsPerReplica = 1
	s.Sides[0].PinnedTokensPerSecond, s.Sides[1].PinnedTokensPerSecond = 30, 50
	c, _ := Compare(s)
	for i, want := range []float64{14.56, 23.92} {
		r := c.Results[i]
		if math.Abs(r.CeilingTokensPerSecond/want-1) > 0.01 || !r.PinAboveCeiling() || r.TokensPerSecond != s.Sides[i].PinnedTokensPerSecond {
			t.Errorf("side %d: ceiling %.2f (want %.2f), above %v, tok/s %.1f", i, r.CeilingTokensPerSecond, want, r.PinAboveCeiling(), r.TokensPerSecond)
		}
	}
}
