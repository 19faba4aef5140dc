package calibration

import (
	"errors"
	"math"
	"strings"
	"testing"

	"infercost/model"
)

func llama38bOnA100(t *testing.T, batch int) (model.GPU, model.Workload) {
	t.Helper()
	a, err := model.LookupModel("llama-3-8b")
	if err != nil {
		t.Fatal(err)
	}
	g, _ := model.LookupGPU("a100")
	return g, model.Workload{Model: a, Weights: model.BF16, KV: model.BF16, Batch: batch, InputTokens: 1000, OutputTokens: 250,
		Utilization: 1, Efficiency: model.DefaultEfficiency()}
}

// TestCalibrateRoundTrip: figures made by a known engine are fitted back
// to within 5 % (TPOT, throughput) and 20 % (TTFT at load), and each
// fitted knob is named.
func TestCalibrateRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		batch int
		truth model.Engine
		m     func(model.Result) Measurement
	}{
		{"tpot+ttft+tps, batch 32", 32, model.Engine{BandwidthFactor: 0.8, ComputeFactor: 0.7},
			func(r model.Result) Measurement {
				return Measurement{r.EstimatedTokensPerSecond, r.TPOTSeconds, r.TTFTAtLoadSeconds}
			}},
		{"throughput only, batch 8", 8, model.Engine{BandwidthFactor: 0.6, ComputeFactor: 0.6},
			func(r model.Result) Measurement {
				return Measurement{OutputTokensPerSecond: r.EstimatedTokensPerSecond}
			}},
		{"tpot and slow ttft, batch 1", 1, model.Engine{BandwidthFactor: 0.9, PrefillOverheadSeconds: 0.03},
			func(r model.Result) Measurement {
				return Measurement{TPOTSeconds: r.TPOTSeconds, TTFTSeconds: r.TTFTAtLoadSeconds}
			}},
	} {
		g, w := llama38bOnA100(t, tc.batch)
		truthW := w
		truthW.Efficiency.Engine = tc.truth
		truth, err := model.Estimate(g, truthW)
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
	truth := model.Engine{BandwidthFactor: 0.8, ComputeFactor: 0.8}
	tw := w
	tw.Efficiency.Engine = truth
	ra, _ := model.Estimate(g, tw)
	fit, err := Calibrate(g, w, Measurement{OutputTokensPerSecond: ra.EstimatedTokensPerSecond})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := model.LookupGPU("h100")
	rh, _ := model.Estimate(h, tw)
	cw := w
	cw.Efficiency.Engine = fit.Engine
	ph, _ := model.Estimate(h, cw)
	if math.Abs(ph.EstimatedTokensPerSecond/rh.EstimatedTokensPerSecond-1) > 0.02 {
		t.Errorf("H100 with the A100-fitted engine %.0f tok/s; the engine itself gives %.0f", ph.EstimatedTokensPerSecond, rh.EstimatedTokensPerSecond)
	}
}

// TestCalibrateRefusesBeyondPhysics: the 100,000 tok/s for 70B
// at batch 1 on two A100s; reading 140 GB at 2 x 2.039 TB/s allows 29.
func TestCalibrateRefusesBeyondPhysics(t *testing.T) {
	a, _ := model.CustomArch(70)
	g, _ := model.LookupGPU("a100")
	w := model.Workload{Model: a, Weights: model.FP16, KV: model.FP16, Batch: 1, GPUsPerReplica: 2, InputTokens: 128, OutputTokens: 128,
		Utilization: 1, Efficiency: model.DefaultEfficiency()}
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
