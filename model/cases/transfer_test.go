package cases

import (
	"math"
	"sort"
	"strings"
	"testing"

	"infercost/model"
	"infercost/model/calibration"
)

// transferPairs are the published A100/H100 pairs measured with one
// engine at one workload and one precision: TensorRT-LLM's max-load
// tables (v0.12 P9/P10 and v0.13 rows of ServingCases), 16-bit on both.
func transferPairs() [][2]Case {
	byID := map[string]Case{}
	for _, c := range Cases() {
		byID[c.ID] = c
	}
	var pairs [][2]Case
	for id, a := range byID {
		var hid string
		switch {
		case strings.HasSuffix(id, "-a100"):
			hid = strings.TrimSuffix(id, "-a100") + "-h100"
		case strings.HasPrefix(id, "P9-a100"), strings.HasPrefix(id, "P10-a100"):
			hid = strings.Replace(id, "a100", "h100", 1)
		default:
			continue
		}
		if h, ok := byID[hid]; ok && h.Weights == a.Weights && h.Metric == a.Metric {
			pairs = append(pairs, [2]Case{a, h})
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0].ID < pairs[j][0].ID })
	return pairs
}

// TestCalibrationTransfersToH100 calibrates the engine on each pair's
// A100 figure and predicts the H100 figure with the fitted factors: 10 %
// median and 15 % worst. A calibration on one GPU cannot mend the
// estimator's own H100/A100 ratio, so a pair whose default ratio already
// misses by more than 15 % (P10: TensorRT-LLM v0.12's 70B at TP8, 1.55x
// measured, 1.89x estimated) is held only to that ratio error, and is
// left out of the worst case; the median counts every pair.
func TestCalibrationTransfersToH100(t *testing.T) {
	pairs := transferPairs()
	if len(pairs) < 10 {
		t.Fatalf("%d pairs; the shipped cases hold more", len(pairs))
	}
	var errs, all []float64
	for _, p := range pairs {
		a, h := p[0], p[1]
		ga, _ := model.LookupGPU(a.GPU)
		gh, _ := model.LookupGPU(h.GPU)
		fit, err := calibration.Calibrate(ga, a.Workload(model.DefaultEfficiency()), measurementOf(a))
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		eff := model.DefaultEfficiency()
		eff.Engine = fit.Engine
		r, err := model.Estimate(gh, h.Workload(eff))
		if err != nil {
			t.Fatalf("%s: %v", h.ID, err)
		}
		e := h.Metric.Of(r)/h.Measured - 1
		def := model.DefaultEfficiency()
		ratioErr := math.Abs((h.Run(def).Estimated/h.Measured)/(a.Run(def).Estimated/a.Measured) - 1)
		all = append(all, math.Abs(e))
		if ratioErr > 0.15 {
			if math.Abs(e) > ratioErr+0.02 {
				t.Errorf("%s: calibrated H100 error %.1f %% beyond the estimator's own ratio error %.1f %%", h.ID, 100*e, 100*ratioErr)
			}
			t.Logf("%s: the estimator's H100/A100 ratio misses by %.1f %%; held to that", a.ID, 100*ratioErr)
		} else {
			errs = append(errs, math.Abs(e))
		}
		t.Logf("%-24s A100 %8.1f -> H100 measured %8.1f, predicted %8.1f (%+5.1f %%)", a.ID, a.Measured, h.Measured, h.Metric.Of(r), 100*e)
	}
	sort.Float64s(errs)
	sort.Float64s(all)
	med, worst := all[len(all)/2], errs[len(errs)-1]
	if len(all)%2 == 0 {
		med = (all[len(all)/2-1] + all[len(all)/2]) / 2
	}
	if len(errs) < len(all)-2 {
		t.Errorf("%d of %d pairs set aside as ratio misses; at most 2", len(all)-len(errs), len(all))
	}
	t.Logf("%d pairs: median %.1f %%, worst %.1f %% (of %d held to the bar)", len(all), 100*med, 100*worst, len(errs))
	if med > 0.10 || worst > 0.15 {
		t.Errorf("A100 -> H100 transfer: median %.1f %% (limit 10), worst %.1f %% (limit 15)", 100*med, 100*worst)
	}
}

// measurementOf is a case's figure as a calibration measurement.
func measurementOf(c Case) calibration.Measurement {
	switch c.Metric {
	case MetricTPOT:
		return calibration.Measurement{TPOTSeconds: c.Measured / 1e3}
	case MetricTTFT, MetricTTFTAtLoad:
		return calibration.Measurement{TTFTSeconds: c.Measured / 1e3}
	case MetricTPSPerGPU:
		return calibration.Measurement{OutputTokensPerSecond: c.Measured * float64(max(c.TP, 1))}
	}
	return calibration.Measurement{OutputTokensPerSecond: c.Measured}
}
