package calibration

import (
	"fmt"
	"math"

	"infercost/model"
)

// Measurement is what a benchmark measured at a workload, means over the
// run as serving benchmarks report them; 0 = not measured.
type Measurement struct {
	OutputTokensPerSecond float64 // per replica, prompts' time included
	TPOTSeconds           float64 // time per output token after the first
	TTFTSeconds           float64 // time to first token at the run's load
}

// Knob is an engine factor a calibration can fit.
type Knob string

// Knobs, in Engine's order.
const (
	KnobBandwidth       Knob = "bandwidth"
	KnobCompute         Knob = "compute"
	KnobStepOverhead    Knob = "step_overhead"
	KnobPrefillOverhead Knob = "prefill_overhead"
)

// knobBoth moves the bandwidth and compute factors together.
const knobBoth Knob = "bandwidth+compute"

// Knobs returns every knob in order.
func Knobs() []Knob {
	return []Knob{KnobBandwidth, KnobCompute, KnobStepOverhead, KnobPrefillOverhead}
}

// Figure names a measured figure.
type Figure string

// Figures of a Measurement.
const (
	FigureTokensPerSecond Figure = "output_tokens_per_second"
	FigureTPOT            Figure = "tpot_ms"
	FigureTTFT            Figure = "ttft_ms"
)

// FittedKnob is one knob a calibration set, and the figure that set it.
type FittedKnob struct {
	Knob Knob
	From Figure
	// AtBound is true when the figure could not be met inside the knob's
	// range (MinEngineFactor to the datasheet, or 0 to 1 s): the knob
	// stops at the bound and the figure keeps a gap.
	AtBound bool
}

// Fit is a calibration: the engine fitted to a measurement, which knobs
// it set and which it kept, and the estimate at the measured point before
// and after.
type Fit struct {
	Engine model.Engine // factors only; the caller adds the provenance
	Fitted []FittedKnob
	Kept   []Knob
	// Before and After are the estimates at the measured workload with
	// the default engine and with the fitted one.
	Before, After model.Result
	Ceiling       model.Ceiling
	// LittleGap is, when all three figures were measured, how far the
	// measured throughput is from Little's law on the measured latencies:
	// tok/s / (batch x O / (TTFT + (O - 1) x TPOT)) - 1. Ramp-up and
	// drain make a short run break it; 0 otherwise.
	LittleGap float64
}

// BeyondPhysicsError is a measurement faster than the datasheet allows.
type BeyondPhysicsError struct {
	Figure   Figure
	Measured float64 // in the figure's unit (tok/s or ms)
	Limit    float64
	Ceiling  model.Ceiling
	GPU      string
}

func (e *BeyondPhysicsError) Error() string {
	c := e.Ceiling
	where := fmt.Sprintf("%d x %s at batch %d", c.GPUsPerReplica, e.GPU, c.Batch)
	switch e.Figure {
	case FigureTokensPerSecond:
		return fmt.Sprintf("%s %s tok/s is beyond physics: %s allows at most %.1f tok/s (datasheet bandwidth and FLOPS)",
			e.Figure, model.FormatDecimal(e.Measured), where, e.Limit)
	}
	return fmt.Sprintf("%s %s is beyond physics: %s needs at least %.2f ms (datasheet bandwidth and FLOPS)",
		e.Figure, model.FormatDecimal(e.Measured), where, e.Limit)
}

// Calibrate fits the engine factors that measurement m determines on
// workload w (its Efficiency.Engine, pin and targets are ignored) on GPU
// g, leaving the rest at the defaults. TPOT (or, without it, the
// throughput) alone cannot tell bandwidth from compute, so it moves both
// factors together; with TTFT measured too, TPOT sets the factor it
// depends on more and TTFT the compute factor when the prefill depends on
// it (else the prefill overhead). A measured figure past the Ceiling is
// refused with a *BeyondPhysicsError.
func Calibrate(g model.GPU, w model.Workload, m Measurement) (Fit, error) {
	w.Efficiency.Engine = model.Engine{}
	w.PinnedTokensPerSecond = 0
	w.TPOTTargetSeconds, w.TTFTTargetSeconds = 0, 0 // the measurement fixes the batch
	if err := checkMeasurement(m); err != nil {
		return Fit{}, err
	}
	before, err := model.Estimate(g, w)
	if err != nil {
		return Fit{}, err
	}
	f := Fit{Before: before}
	if f.Ceiling, err = model.CeilingOf(g, w); err != nil {
		return Fit{}, err
	}
	if err := beyondPhysics(g, m, f.Ceiling); err != nil {
		return Fit{}, err
	}
	c := calibration{g: g, w: w}
	c.bwMax, c.cMax = w.EngineFactorLimits(g)
	c.plan(m, before)
	f.Engine, f.Fitted = c.solve()
	f.Fitted = expandBoth(f.Fitted)
	f.Kept = c.kept()
	w.Efficiency.Engine = f.Engine
	if f.After, err = model.Estimate(g, w); err != nil {
		return Fit{}, err
	}
	f.LittleGap = littleGap(m, before.Batch, w.OutputTokens)
	return f, nil
}

func checkMeasurement(m Measurement) error {
	any := false
	for _, v := range [...]float64{m.OutputTokensPerSecond, m.TPOTSeconds, m.TTFTSeconds} {
		if !model.Finite(v) || v < 0 {
			return fmt.Errorf("measurement %v: accepted finite figures above 0", v)
		}
		any = any || v > 0
	}
	if !any {
		return fmt.Errorf("measurement: no figure given; accepted output tokens/s, TPOT or TTFT above 0")
	}
	return nil
}

func beyondPhysics(g model.GPU, m Measurement, c model.Ceiling) error {
	fail := func(f Figure, v, lim float64) error {
		return &BeyondPhysicsError{Figure: f, Measured: v, Limit: lim, Ceiling: c, GPU: g.Name}
	}
	switch {
	case m.OutputTokensPerSecond > c.TokensPerSecond:
		return fail(FigureTokensPerSecond, m.OutputTokensPerSecond, c.TokensPerSecond)
	case m.TPOTSeconds > 0 && m.TPOTSeconds < c.TPOTSeconds:
		return fail(FigureTPOT, m.TPOTSeconds*1e3, c.TPOTSeconds*1e3)
	case m.TTFTSeconds > 0 && m.TTFTSeconds < c.TTFTSeconds:
		return fail(FigureTTFT, m.TTFTSeconds*1e3, c.TTFTSeconds*1e3)
	}
	return nil
}

func littleGap(m Measurement, batch, out int) float64 {
	if m.OutputTokensPerSecond <= 0 || m.TPOTSeconds <= 0 || m.TTFTSeconds <= 0 {
		return 0
	}
	implied := float64(batch) * float64(out) / (m.TTFTSeconds + float64(out-1)*m.TPOTSeconds)
	return m.OutputTokensPerSecond/implied - 1
}

// calibration is one fit in progress: which figure sets which knob.
type calibration struct {
	g           model.GPU
	w           model.Workload
	bwMax, cMax float64 // factors that take the efficiency to the datasheet
	targets     []target
}

type target struct {
	fig   Figure
	value float64 // seconds or tok/s
	knob  Knob
}

// plan assigns a knob to each measured figure: the decode figure (TPOT,
// else throughput) to the factor it is most sensitive to, then TTFT.
func (c *calibration) plan(m Measurement, before model.Result) {
	if fig, v := decodeFigure(m); fig != "" {
		// One figure cannot tell bandwidth from compute apart: both move
		// together (the engine reaches that share of the defaults
		// everywhere), unless TTFT measures compute on its own.
		k := knobBoth
		if m.TTFTSeconds > 0 {
			k = KnobBandwidth
			if c.elasticity(fig, KnobCompute) > c.elasticity(fig, KnobBandwidth) {
				k = KnobCompute
			}
		}
		c.targets = append(c.targets, target{fig, v, k})
	}
	if m.TTFTSeconds <= 0 {
		return
	}
	k := KnobPrefillOverhead
	computeFree := len(c.targets) == 0 || c.targets[0].knob == KnobBandwidth
	if computeFree && (c.elasticity(FigureTTFT, KnobCompute) >= 0.5 || m.TTFTSeconds < before.TTFTAtLoadSeconds) {
		k = KnobCompute
	}
	c.targets = append(c.targets, target{FigureTTFT, m.TTFTSeconds, k})
}

func decodeFigure(m Measurement) (Figure, float64) {
	switch {
	case m.TPOTSeconds > 0:
		return FigureTPOT, m.TPOTSeconds
	case m.OutputTokensPerSecond > 0:
		return FigureTokensPerSecond, m.OutputTokensPerSecond
	}
	return "", 0
}

// elasticity is |d log figure / d log factor| at the default engine.
func (c *calibration) elasticity(fig Figure, k Knob) float64 {
	const step = 1.05
	a := c.figure(fig, model.Engine{})
	var e model.Engine
	c.set(&e, k, step)
	b := c.figure(fig, e)
	if a <= 0 || b <= 0 {
		return 0
	}
	return math.Abs(math.Log(b/a) / math.Log(step))
}

// figure is the estimate's fig with engine e; 0 when it fails.
func (c *calibration) figure(fig Figure, e model.Engine) float64 {
	w := c.w
	w.Efficiency.Engine = e
	r, err := model.Estimate(c.g, w)
	if err != nil {
		return 0
	}
	switch fig {
	case FigureTPOT:
		return r.TPOTSeconds
	case FigureTTFT:
		return r.TTFTAtLoadSeconds
	}
	return r.EstimatedTokensPerSecond
}

func (c *calibration) set(e *model.Engine, k Knob, v float64) {
	switch k {
	case KnobBandwidth:
		e.BandwidthFactor = v
	case KnobCompute:
		e.ComputeFactor = v
	case knobBoth:
		e.BandwidthFactor, e.ComputeFactor = v, v
	case KnobStepOverhead:
		e.StepOverheadSeconds = v
	case KnobPrefillOverhead:
		e.PrefillOverheadSeconds = v
	}
}

// bounds is a knob's range; factors are searched on a log scale.
func (c *calibration) bounds(k Knob) (lo, hi float64, logScale bool) {
	switch k {
	case KnobBandwidth:
		return model.MinEngineFactor, math.Min(c.bwMax, model.MaxEngineFactor), true
	case KnobCompute:
		return model.MinEngineFactor, math.Min(c.cMax, model.MaxEngineFactor), true
	case knobBoth:
		return model.MinEngineFactor, math.Min(math.Min(c.bwMax, c.cMax), model.MaxEngineFactor), true
	}
	return 0, 1, false
}

// solve sets each target's knob in turn, a few rounds over all of them
// (Gauss-Seidel): the knobs interact a little (a slower prefill lengthens
// the steps it shares with decodes).
func (c *calibration) solve() (model.Engine, []FittedKnob) {
	var e model.Engine
	fitted := make([]FittedKnob, len(c.targets))
	for round := 0; round < 6; round++ {
		for i, t := range c.targets {
			v, atBound := c.solveOne(e, t)
			c.set(&e, t.knob, v)
			fitted[i] = FittedKnob{Knob: t.knob, From: t.fig, AtBound: atBound}
		}
	}
	return e, fitted
}

// solveOne bisects the knob of t, the others held at e, until the
// estimate meets t.value; at a bound when it cannot.
func (c *calibration) solveOne(e model.Engine, t target) (float64, bool) {
	lo, hi, logScale := c.bounds(t.knob)
	at := func(v float64) float64 {
		x := e
		c.set(&x, t.knob, v)
		return c.figure(t.fig, x)
	}
	// gap > 0 when v makes the GPU too slow for the measurement. Larger
	// factors speed it up, larger overheads slow it down.
	gap := func(v float64) float64 {
		f := at(v)
		if t.fig == FigureTokensPerSecond {
			return t.value - f
		}
		return f - t.value
	}
	tooSlow := func(v float64) bool { return gap(v) > 0 }
	if t.knob == KnobStepOverhead || t.knob == KnobPrefillOverhead {
		switch {
		case tooSlow(lo):
			return lo, true // too slow with no extra overhead: this knob cannot help
		case !tooSlow(hi):
			return hi, true
		}
		for range 60 {
			mid := (lo + hi) / 2
			if tooSlow(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		return (lo + hi) / 2, false
	}
	switch {
	case !tooSlow(lo):
		return lo, true
	case tooSlow(hi):
		return hi, true
	}
	for range 50 {
		mid := (lo + hi) / 2
		if logScale {
			mid = math.Sqrt(lo * hi)
		}
		if tooSlow(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Sqrt(lo * hi), false
}

// expandBoth lists a joint fit as its two knobs.
func expandBoth(fs []FittedKnob) []FittedKnob {
	var out []FittedKnob
	for _, f := range fs {
		if f.Knob != knobBoth {
			out = append(out, f)
			continue
		}
		for _, k := range []Knob{KnobBandwidth, KnobCompute} {
			g := f
			g.Knob = k
			out = append(out, g)
		}
	}
	return out
}

// kept lists the knobs no target set.
func (c *calibration) kept() []Knob {
	var out []Knob
	for _, k := range Knobs() {
		used := false
		for _, t := range c.targets {
			used = used || t.knob == k || (t.knob == knobBoth && (k == KnobBandwidth || k == KnobCompute))
		}
		if !used {
			out = append(out, k)
		}
	}
	return out
}
