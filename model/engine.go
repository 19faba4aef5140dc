package model

import (
	"fmt"
	"math"
	"strings"
)

// Engine is a serving engine calibrated to a benchmark the user ran: what
// its measurement says about the engine, as corrections carried to every
// GPU and workload. Factors multiply the Efficiency they sit in (and each
// GPU's catalog compute efficiency, since A100 and H100 reach different
// fractions of their datasheets); overheads add to Efficiency's. The zero
// value is the default engine: no correction.
type Engine struct {
	// Provenance, shown beside every figure the engine produces: the
	// engine's name ("vLLM"), the benchmark file, the date it was
	// calibrated (YYYY-MM-DD), and the GPU and model it was measured on.
	Name, Source, Date, GPU, Model string

	// BandwidthFactor multiplies every bandwidth efficiency (weights and
	// KV cache): the engine's measured fraction of the default. 0 = 1.
	// The product is capped at 1 (the datasheet).
	BandwidthFactor float64
	// ComputeFactor multiplies the compute efficiency (the GPU's catalog
	// value, or Efficiency.Compute when set). 0 = 1; the product is capped
	// at 1.
	ComputeFactor float64
	// StepOverheadSeconds and PrefillOverheadSeconds are added to
	// Efficiency's overheads of a step and of a prefill pass. >= 0.
	StepOverheadSeconds    float64
	PrefillOverheadSeconds float64
}

// Engine factor limits: a factor outside them describes no real engine
// (below, nothing runs; above, the default efficiencies would pass the
// datasheet everywhere).
const (
	MinEngineFactor = 0.05
	MaxEngineFactor = 4.0
)

// EngineFactorLimits returns the BandwidthFactor and ComputeFactor at
// which w's efficiencies on g, its own engine set aside, reach the
// datasheet: past them the product is capped and no estimate changes.
// A calibration searches the factors up to these.
func (w Workload) EngineFactorLimits(g GPU) (bandwidth, compute float64) {
	e := w.Efficiency
	e.Engine = Engine{}
	return 1 / e.weightBandwidth(w.Weights), 1 / computeBase(&g, &w)
}

// Calibrated reports whether the engine corrects the defaults at all.
func (e Engine) Calibrated() bool { return e != Engine{} }

// Label names the engine a figure comes from: "calibrated: vLLM, A100
// 80GB SXM, 2026-11-20", or "default engine".
func (e Engine) Label() string {
	if !e.Calibrated() {
		return "default engine"
	}
	parts := []string{}
	for _, p := range []string{e.Name, e.gpuName(), e.Date} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "calibrated engine"
	}
	return "calibrated: " + strings.Join(parts, ", ")
}

// gpuName is the catalog name of the GPU the engine was measured on.
func (e Engine) gpuName() string {
	if g, err := LookupGPU(e.GPU); err == nil {
		return g.Name
	}
	return e.GPU
}

// Factors returns BandwidthFactor and ComputeFactor as the estimate
// applies them: a factor of 0 (the zero Engine's) reads as 1, no
// correction.
func (e Engine) Factors() (bandwidth, compute float64) { return e.bandwidth(), e.compute() }

// bandwidth and compute are the factors, with 0 read as 1.
func (e Engine) bandwidth() float64 { return orOne(e.BandwidthFactor) }
func (e Engine) compute() float64   { return orOne(e.ComputeFactor) }

func orOne(x float64) float64 {
	if x == 0 {
		return 1
	}
	return x
}

// Validate reports the first field outside its domain.
func (e Engine) Validate() error {
	for _, f := range [...]struct {
		name string
		v    float64
	}{{"engine bandwidth factor", e.BandwidthFactor}, {"engine compute factor", e.ComputeFactor}} {
		if !Finite(f.v) || (f.v != 0 && (f.v < MinEngineFactor || f.v > MaxEngineFactor)) {
			return fmt.Errorf("%s %v: accepted 0 (none) or %g to %g", f.name, f.v, MinEngineFactor, MaxEngineFactor)
		}
	}
	for _, s := range [...]struct {
		name string
		v    float64
	}{{"engine step overhead", e.StepOverheadSeconds}, {"engine prefill overhead", e.PrefillOverheadSeconds}} {
		if !Finite(s.v) || s.v < 0 || s.v > 1 {
			return fmt.Errorf("%s %v s: accepted 0 to 1 s", s.name, s.v)
		}
	}
	return nil
}

// capped is base x factor, at most 1 (the datasheet).
func capped(base, factor float64) float64 { return math.Min(1, base*factor) }
