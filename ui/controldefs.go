package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"infercost/model"
)

// inputs is everything the controls edit: the scenario, plus the fleet
// sizing target, which is a question asked of a scenario, not part of it.
type inputs struct {
	S model.Scenario
	// LoadPerDay is the fleet target in output tokens per day.
	LoadPerDay float64
}

// defaultLoadPerDay is the fleet target at start: a billion output tokens
// a day, a mid-sized product.
const defaultLoadPerDay = 1e9

// control is one slider or stepper: how it shows, steps and parses its
// value. value returns the text and the bar position 0..1, or -1 for a
// choice (drawn as a stepper).
type control struct {
	label    string
	side     int // 0 or 1 for a per-GPU control, -1 shared
	advanced bool
	value    func(in inputs, c model.Comparison) (string, float64)
	step     func(in *inputs, c model.Comparison, dir int, big bool)
	set      func(in *inputs, text string) error
	// throughput marks the tokens/s controls (the unpin key acts on them).
	throughput bool
}

// Limits of the sliders that the model leaves open.
const (
	maxSliderPrice    = 1000.0
	minUtilization    = 0.01
	minBandwidthEff   = 0.05
	maxMemoryReserve  = 0.89
	maxOverheadMicros = 1e6 // 1 s, the model's limit
	minLoadPerDay     = 1e3
	maxLoadPerDay     = 1e15
)

// controls returns every control in display order: the main ones, then
// the advanced efficiency knobs.
func controls() []control {
	cs := []control{
		gpuControl(0), gpuControl(1), modelControl(), sizeControl(),
		precisionControl("weights", false), precisionControl("KV cache", true),
		tpControl(), batchControl(),
		tokensControl("prompt tok", func(s *model.Scenario) *int { return &s.InputTokens }),
		tokensControl("output tok", func(s *model.Scenario) *int { return &s.OutputTokens }),
		priceControl(0), priceControl(1), throughputControl(0), throughputControl(1),
		utilizationControl(), loadControl(),
	}
	return append(cs, efficiencyControls()...)
}

// choiceControl steps through a fixed list of options.
func choiceControl(label string, side int, opts func() []string, get func(inputs) string,
	put func(*inputs, string), show func(inputs, model.Comparison) string, parse func(string) (string, error)) control {
	return control{
		label: label, side: side,
		value: func(in inputs, c model.Comparison) (string, float64) { return show(in, c), -1 },
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			o := opts()
			i := indexOf(o, get(*in))
			n := 1
			if big {
				n = 3
			}
			put(in, o[max(0, min(len(o)-1, i+dir*n))])
		},
		set: func(in *inputs, text string) error {
			v, err := parse(text)
			if err != nil {
				return err
			}
			put(in, v)
			return nil
		},
	}
}

func indexOf(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return 0
}

func gpuControl(side int) control {
	get := func(in inputs) string {
		if g, err := model.LookupGPU(in.S.Sides[side].GPU); err == nil {
			return g.ID
		}
		return in.S.Sides[side].GPU
	}
	// A new GPU takes its catalog price; a pinned throughput measured on
	// the old one no longer applies.
	put := func(in *inputs, id string) {
		if id == get(*in) {
			return
		}
		g, _ := model.LookupGPU(id)
		in.S.Sides[side] = model.Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour}
	}
	show := func(in inputs, _ model.Comparison) string {
		if g, err := model.LookupGPU(in.S.Sides[side].GPU); err == nil {
			return g.Name
		}
		return in.S.Sides[side].GPU
	}
	parse := func(s string) (string, error) {
		g, err := model.LookupGPU(s)
		return g.ID, err
	}
	return choiceControl("GPU", side, model.GPUIDs, get, put, show, parse)
}

func modelControl() control {
	opts := func() []string { return append([]string{model.CustomModel}, model.ModelIDs()...) }
	get := func(in inputs) string {
		if in.S.Model == "" {
			return model.CustomModel
		}
		return strings.ToLower(in.S.Model)
	}
	put := func(in *inputs, id string) {
		if a, err := in.S.Arch(); err == nil && id == model.CustomModel {
			in.S.ParamsB = clamp(roundSig(a.Billions()), model.MinParamsB, model.MaxParamsB)
		}
		in.S.Model = id
	}
	show := func(in inputs, _ model.Comparison) string {
		if get(in) == model.CustomModel {
			return "custom (size)"
		}
		if a, err := in.S.Arch(); err == nil {
			return a.Name
		}
		return in.S.Model
	}
	parse := func(s string) (string, error) {
		if strings.EqualFold(strings.TrimSpace(s), model.CustomModel) {
			return model.CustomModel, nil
		}
		a, err := model.LookupModel(s)
		return a.ID, err
	}
	return choiceControl("model", -1, opts, get, put, show, parse)
}

// roundSig rounds to 3 significant figures (a preset's 68.98B -> 69).
func roundSig(x float64) float64 {
	if x <= 0 {
		return x
	}
	d := math.Pow(10, math.Floor(math.Log10(x))-2)
	return math.Round(x/d) * d
}

func sizeControl() control {
	return control{
		label: "size",
		side:  -1,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			a, err := in.S.Arch()
			if err != nil {
				return "n/a", 0
			}
			return trimFloat(a.Billions(), 1) + "B params", logFrac(a.Billions(), model.MinParamsB, model.MaxParamsB)
		},
		// Moving the size makes the model a custom one of that size.
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			cur := in.S.ParamsB
			if a, err := in.S.Arch(); err == nil {
				cur = a.Billions()
			}
			frac := 0.5
			if big {
				frac = 1
			}
			in.S.Model = model.CustomModel
			in.S.ParamsB = stepDecade(cur, dir, frac, model.MinParamsB, model.MaxParamsB)
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(text)), "b"))
			if err == nil {
				err = inRange(v, model.MinParamsB, model.MaxParamsB, fmt.Sprintf("%g to %g (billion parameters)", model.MinParamsB, model.MaxParamsB))
			}
			if err != nil {
				return err
			}
			in.S.Model, in.S.ParamsB = model.CustomModel, v
			return nil
		},
	}
}

func precisionControl(label string, kv bool) control {
	list, parse := model.WeightPrecisions, model.ParsePrecision
	if kv {
		list, parse = model.KVPrecisions, model.ParseKVPrecision
	}
	opts := func() []string {
		var out []string
		for _, p := range list() {
			out = append(out, string(p))
		}
		return out
	}
	field := func(in *inputs) *model.Precision {
		if kv {
			return &in.S.KV
		}
		return &in.S.Weights
	}
	get := func(in inputs) string { return string(*field(&in)) }
	put := func(in *inputs, v string) { *field(in) = model.Precision(v) }
	show := func(in inputs, _ model.Comparison) string { return get(in) }
	p := func(s string) (string, error) {
		v, err := parse(s)
		return string(v), err
	}
	return choiceControl(label, -1, opts, get, put, show, p)
}

// perSide shows "a|b" for a figure of both results, or one value when
// they agree.
func perSide(c model.Comparison, f func(model.Result) int) string {
	a, b := f(c.Results[0]), f(c.Results[1])
	switch {
	case c.Errs[0] != nil && c.Errs[1] != nil:
		return "?"
	case c.Errs[0] != nil:
		return strconv.Itoa(b)
	case c.Errs[1] != nil || a == b:
		return strconv.Itoa(a)
	}
	return strconv.Itoa(a) + "|" + strconv.Itoa(b)
}

func tpControl() control {
	opts := func() []string { return []string{"auto", "1", "2", "4", "8"} }
	get := func(in inputs) string {
		if in.S.GPUsPerReplica == 0 {
			return "auto"
		}
		return strconv.Itoa(in.S.GPUsPerReplica)
	}
	put := func(in *inputs, v string) { in.S.GPUsPerReplica, _ = strconv.Atoi(v) }
	show := func(in inputs, c model.Comparison) string {
		if in.S.GPUsPerReplica == 0 {
			return "auto → " + perSide(c, func(r model.Result) int { return r.GPUsPerReplica })
		}
		return get(in)
	}
	parse := func(s string) (string, error) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "auto" || s == "0" {
			return "auto", nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > model.MaxGPUsPerReplica {
			return "", fmt.Errorf("enter auto or 1 to %d GPUs", model.MaxGPUsPerReplica)
		}
		return strconv.Itoa(n), nil
	}
	return choiceControl("GPUs/replica", -1, opts, get, put, show, parse)
}

func batchControl() control {
	ladder := pow2Ladder(model.MaxBatch)
	return control{
		label: "batch", side: -1,
		value: func(in inputs, c model.Comparison) (string, float64) {
			if in.S.Batch == 0 {
				return "max → " + perSide(c, func(r model.Result) int { return r.Batch }), 1
			}
			return strconv.Itoa(in.S.Batch), logFrac(float64(in.S.Batch), 1, model.MaxBatch) * 0.95
		},
		// "max" sits past the top rung; stepping down from it lands on the
		// largest rung that fits both sides.
		step: func(in *inputs, c model.Comparison, dir int, big bool) {
			n := map[bool]int{true: 2, false: 1}[big]
			b := float64(in.S.Batch)
			switch {
			case in.S.Batch == 0 && dir > 0:
				return
			case in.S.Batch == 0:
				b = float64(fitBatch(c)) + 0.5
			case dir > 0 && b >= ladder[len(ladder)-1]:
				in.S.Batch = 0
				return
			}
			in.S.Batch = int(stepLadder(b, dir, n, ladder))
		},
		set: func(in *inputs, text string) error {
			t := strings.ToLower(strings.TrimSpace(text))
			if t == "max" || t == "0" {
				in.S.Batch = 0
				return nil
			}
			v, err := parseNumber(t)
			if err != nil || v != math.Trunc(v) || v < 1 || v > model.MaxBatch {
				return fmt.Errorf("enter max or a whole number from 1 to %d", model.MaxBatch)
			}
			in.S.Batch = int(v)
			return nil
		},
	}
}

// fitBatch is the largest batch both sides hold (at least 1).
func fitBatch(c model.Comparison) int {
	b := math.MaxInt
	for i, r := range c.Results {
		if c.Errs[i] == nil {
			b = min(b, r.MaxBatch)
		}
	}
	if b == math.MaxInt || b < 1 {
		return 1
	}
	return b
}

func tokensControl(label string, field func(*model.Scenario) *int) control {
	ladder := pow2Ladder(model.MaxTokens)
	return control{
		label: label, side: -1,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := *field(&in.S)
			return strconv.Itoa(v), logFrac(float64(v), 1, model.MaxTokens)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			n := map[bool]int{true: 2, false: 1}[big]
			p := field(&in.S)
			*p = int(stepLadder(float64(*p), dir, n, ladder))
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(text)
			if err != nil || v != math.Trunc(v) || v < 1 || v > model.MaxTokens {
				return fmt.Errorf("enter a whole number of tokens from 1 to %d", model.MaxTokens)
			}
			*field(&in.S) = int(v)
			return nil
		},
	}
}

// priceScale is the bar's full scale for both price sliders, shared so
// the bars compare.
func priceScale(in inputs) float64 {
	return math.Max(10, 1.25*math.Max(in.S.Sides[0].USDPerGPUHour, in.S.Sides[1].USDPerGPUHour))
}

func priceControl(side int) control {
	return control{
		label: "$/GPU-hour", side: side,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := in.S.Sides[side].USDPerGPUHour
			return fmtUSD(v) + "/h", v / priceScale(in)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			step := map[bool]float64{true: 1, false: 0.10}[big]
			p := &in.S.Sides[side].USDPerGPUHour
			*p = stepLinear(*p, dir, step, 0, maxSliderPrice)
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(strings.TrimSuffix(strings.TrimSpace(text), "/h"))
			if err == nil {
				err = inRange(v, 0, maxSliderPrice, fmt.Sprintf("a price from 0 to %g $ per GPU-hour", maxSliderPrice))
			}
			if err != nil {
				return err
			}
			in.S.Sides[side].USDPerGPUHour = v
			return nil
		},
	}
}

func throughputControl(side int) control {
	cur := func(in inputs, c model.Comparison) float64 {
		if p := in.S.Sides[side].PinnedTokensPerSecond; p > 0 {
			return p
		}
		return c.Results[side].EstimatedTokensPerSecond
	}
	return control{
		label: "tok/s", side: side, throughput: true,
		value: func(in inputs, c model.Comparison) (string, float64) {
			v := cur(in, c)
			note := " est"
			if in.S.Sides[side].PinnedTokensPerSecond > 0 {
				note = " pinned"
			}
			if c.Errs[side] != nil && note == " est" {
				return "n/a", 0
			}
			return fmtNum(v) + note, logFrac(v, 1, 1e5)
		},
		// Moving it pins the side's tokens/s per replica, starting from
		// the estimate.
		step: func(in *inputs, c model.Comparison, dir int, big bool) {
			frac := map[bool]float64{true: 0.5, false: 0.1}[big]
			v := cur(*in, c)
			if v <= 0 {
				return
			}
			in.S.Sides[side].PinnedTokensPerSecond = stepDecade(v, dir, frac, 0.1, model.MaxPinnedTokensPerSecond)
		},
		set: func(in *inputs, text string) error {
			t := strings.ToLower(strings.TrimSpace(text))
			if t == "est" || t == "estimate" || t == "0" || t == "auto" {
				in.S.Sides[side].PinnedTokensPerSecond = 0
				return nil
			}
			v, err := parseNumber(t)
			if err == nil {
				err = inRange(v, 0.1, model.MaxPinnedTokensPerSecond, "tokens/s per replica from 0.1 to 1e7, or est for the estimate")
			}
			if err != nil {
				return err
			}
			in.S.Sides[side].PinnedTokensPerSecond = v
			return nil
		},
	}
}

// fracControl is a 0..1 figure shown as a percentage.
func fracControl(label string, advanced bool, lo, hi float64, field func(*inputs) *float64) control {
	return control{
		label: label, side: -1, advanced: advanced,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := *field(&in)
			return fmtFrac(v), v / hi
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			step := map[bool]float64{true: 0.05, false: 0.01}[big]
			if !advanced {
				step = map[bool]float64{true: 0.10, false: 0.01}[big]
			}
			p := field(in)
			*p = stepLinear(*p, dir, step, lo, hi)
		},
		set: func(in *inputs, text string) error {
			v, err := parseFraction(text)
			if err == nil {
				err = inRange(v, lo, hi, fmt.Sprintf("%s to %s (or %g to %g)", fmtFrac(lo), fmtFrac(hi), lo, hi))
			}
			if err != nil {
				return err
			}
			*field(in) = v
			return nil
		},
	}
}

func utilizationControl() control {
	return fracControl("utilization", false, minUtilization, 1, func(in *inputs) *float64 { return &in.S.Utilization })
}

func loadControl() control {
	ladder := decadeLadder(minLoadPerDay, maxLoadPerDay)
	return control{
		label: "fleet load", side: -1,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			return fmtSI(in.LoadPerDay) + " tok/day", logFrac(in.LoadPerDay, 1e6, 1e13)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			in.LoadPerDay = stepLadder(in.LoadPerDay, dir, map[bool]int{true: 3, false: 1}[big], ladder)
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(text)
			if err == nil {
				err = inRange(v, minLoadPerDay, maxLoadPerDay, "output tokens per day, e.g. 500M or 2B")
			}
			if err != nil {
				return err
			}
			in.LoadPerDay = v
			return nil
		},
	}
}

// microsControl is an efficiency time in microseconds (or ms).
func microsControl(label string, unit float64, field func(*model.Efficiency) *float64) control {
	name := map[float64]string{1e-6: "µs", 1e-3: "ms"}[unit]
	full := map[float64]float64{1e-6: 100, 1e-3: 10}[unit] // bar full scale
	return control{
		label: label, side: -1, advanced: true,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := *field(&in.S.Efficiency) / unit
			return trimFloat(v, 1) + " " + name, math.Min(1, v/full)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			step := map[bool]float64{true: 10, false: 1}[big]
			if unit == 1e-3 {
				step /= 10
			}
			p := field(&in.S.Efficiency)
			*p = stepLinear(*p/unit, dir, step, 0, maxOverheadMicros*1e-6/unit) * unit
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(text)
			hi := maxOverheadMicros * 1e-6 / unit
			if err == nil {
				err = inRange(v, 0, hi, fmt.Sprintf("0 to %g %s", hi, name))
			}
			if err != nil {
				return err
			}
			*field(&in.S.Efficiency) = v * unit
			return nil
		},
	}
}

func efficiencyControls() []control {
	eff := func(f func(*model.Efficiency) *float64) func(*inputs) *float64 {
		return func(in *inputs) *float64 { return f(&in.S.Efficiency) }
	}
	compute := fracControl("compute eff", true, 0, 1, eff(func(e *model.Efficiency) *float64 { return &e.Compute }))
	inner := compute.value
	compute.value = func(in inputs, c model.Comparison) (string, float64) {
		if in.S.Efficiency.Compute == 0 {
			return "GPU default", 0
		}
		return inner(in, c)
	}
	return []control{
		fracControl("bandwidth eff", true, minBandwidthEff, 1, eff(func(e *model.Efficiency) *float64 { return &e.Bandwidth })),
		fracControl("int8 bw eff", true, minBandwidthEff, 1, eff(func(e *model.Efficiency) *float64 { return &e.BandwidthInt8 })),
		fracControl("int4 bw eff", true, minBandwidthEff, 1, eff(func(e *model.Efficiency) *float64 { return &e.BandwidthInt4 })),
		compute,
		microsControl("all-reduce", 1e-6, func(e *model.Efficiency) *float64 { return &e.AllReduceSeconds }),
		microsControl("+ per 2x GPUs", 1e-6, func(e *model.Efficiency) *float64 { return &e.AllReducePerDoublingSeconds }),
		microsControl("step overhead", 1e-6, func(e *model.Efficiency) *float64 { return &e.StepOverheadSeconds }),
		microsControl("prefill ovh", 1e-3, func(e *model.Efficiency) *float64 { return &e.PrefillOverheadSeconds }),
		fracControl("mem reserve", true, 0, maxMemoryReserve, eff(func(e *model.Efficiency) *float64 { return &e.MemoryReserve })),
	}
}
