package ui

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/ui/scenario"
)

// inputs is everything the controls edit: the scenario, the fleet load
// (Scenario.TargetTokensPerDay) included.
type inputs struct {
	// Scenario is what the model compares: both GPUs and the workload.
	Scenario model.Scenario
}

// defaultLoadPerDay is the fleet target of a scenario that names none: a
// billion output tokens a day, a mid-sized product.
const defaultLoadPerDay = 1e9

// withFleetLoad gives a scenario without a fleet target the default one,
// so the explorer always has a fleet to show.
func withFleetLoad(s model.Scenario) model.Scenario {
	if s.TargetTokensPerDay <= 0 {
		s.TargetTokensPerDay = defaultLoadPerDay
	}
	return s
}

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
	// price marks the $/GPU-hour controls (the quote key acts on them).
	price bool
	// context marks the deployment-context controls, shown with x.
	context bool
}

// Limits of the sliders that the model leaves open.
const (
	maxSliderPrice    = 1000.0
	minUtilization    = model.MinUtilization
	minBandwidthEff   = 0.05
	maxMemoryReserve  = 0.89
	maxOverheadMicros = 1e6 // 1 s, the model's limit
	minLoadPerDay     = 1e3
	maxLoadPerDay     = 1e15
)

// controls returns every control in display order: the main ones, then
// the advanced efficiency knobs.
func controls(user []model.GPU) []control {
	cs := []control{
		gpuControl(0, user), gpuControl(1, user), modelControl(), sizeControl(),
		sidePrecisionControl(0), sidePrecisionControl(1), precisionControl("KV cache", true),
		tpControl(), batchControl(),
		tokensControl("prompt tok", func(s *model.Scenario) *int { return &s.InputTokens }),
		tokensControl("output tok", func(s *model.Scenario) *int { return &s.OutputTokens }),
		tpotTargetControl(), ttftTargetControl(),
		priceControl(0), priceControl(1), throughputControl(0), throughputControl(1),
		utilizationControl(0), utilizationControl(1), loadControl(),
	}
	return append(append(append(cs, schedulingControl()), efficiencyControls()...), contextControls()...)
}

// choiceControl steps through a fixed list of options.
func choiceControl(label string, side int, opts func() []string, get func(inputs) string,
	put func(*inputs, string), show func(inputs, model.Comparison) string, parse func(string) (string, error)) control {
	return control{
		label: label, side: side,
		value: func(in inputs, c model.Comparison) (string, float64) { return show(in, c), -1 },
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			o := opts()
			i := max(0, slices.Index(o, get(*in))) // an unlisted value steps from the first
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

// gpuControl steps through the catalog, then the user's GPUs (shown
// with "yours").
func gpuControl(side int, user []model.GPU) control {
	get := func(in inputs) string {
		if g, err := in.Scenario.Sides[side].LookupGPU(); err == nil {
			return g.ID
		}
		return in.Scenario.Sides[side].GPU
	}
	// A new GPU takes its default price; a pinned throughput measured on
	// the old one no longer applies. The side's precisions and
	// utilization stay: if the new GPU cannot run them, its panel says why.
	put := func(in *inputs, id string) {
		if id == get(*in) {
			return
		}
		sd, err := scenario.SideFor(id, user)
		if err != nil {
			return
		}
		old := in.Scenario.Sides[side]
		sd.Weights, sd.KV, sd.Utilization = old.Weights, old.KV, old.Utilization
		in.Scenario.Sides[side] = sd
	}
	show := func(in inputs, _ model.Comparison) string {
		if g, err := in.Scenario.Sides[side].LookupGPU(); err == nil {
			return gpuLabel(g)
		}
		return in.Scenario.Sides[side].GPU
	}
	opts := func() []string {
		ids := model.GPUIDs()
		for _, g := range user {
			ids = append(ids, g.ID)
		}
		return ids
	}
	parse := func(s string) (string, error) {
		sd, err := scenario.SideFor(s, user)
		if err != nil {
			return "", unknownGPU(s, opts())
		}
		return sd.GPU, nil
	}
	return choiceControl("GPU", side, opts, get, put, show, parse)
}

// unknownGPU words a GPU id the entry does not know in one short line:
// the ids near what was typed, else how to see them all.
func unknownGPU(typed string, ids []string) error {
	want := strings.ToLower(strings.TrimSpace(typed))
	var near []string
	for _, id := range ids {
		if want != "" && (strings.Contains(id, want) || strings.HasPrefix(want, id[:min(3, len(id))])) {
			near = append(near, id)
		}
	}
	if len(near) > 0 && len(near) <= 4 {
		return fmt.Errorf("unknown GPU %q: accepted an id such as %s", typed, strings.Join(near, ", "))
	}
	return fmt.Errorf("unknown GPU %q: ←/→ shows the %d accepted, e.g. a100, h100, mi300x", typed, len(ids))
}

// gpuLabel is a GPU's name, marked when it is the user's own.
func gpuLabel(g model.GPU) string {
	if g.User {
		return g.Name + " (yours)"
	}
	return g.Name
}

func modelControl() control {
	opts := func() []string { return append([]string{model.CustomModel}, model.ModelIDs()...) }
	get := func(in inputs) string {
		if in.Scenario.Model == "" {
			return model.CustomModel
		}
		return strings.ToLower(in.Scenario.Model)
	}
	put := func(in *inputs, id string) {
		if a, err := in.Scenario.Arch(); err == nil && id == model.CustomModel {
			in.Scenario.ParamsB = clamp(roundSig(a.Billions()), model.MinParamsB, model.MaxParamsB)
		}
		if a, err := model.LookupModel(id); err == nil {
			in.Scenario.ParamsB = a.Billions() // a preset carries its own size
		}
		in.Scenario.Model = id
	}
	show := func(in inputs, _ model.Comparison) string {
		if get(in) == model.CustomModel {
			return "custom (size)"
		}
		if a, err := in.Scenario.Arch(); err == nil {
			return a.Name
		}
		return in.Scenario.Model
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
			a, err := in.Scenario.Arch()
			if err != nil {
				return "n/a", 0
			}
			return trimFloat(a.Billions(), 1) + "B params", logFrac(a.Billions(), model.MinParamsB, model.MaxParamsB)
		},
		// Moving the size makes the model a custom one of that size.
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			cur := in.Scenario.ParamsB
			if a, err := in.Scenario.Arch(); err == nil {
				cur = a.Billions()
			}
			frac := 0.5
			if big {
				frac = 1
			}
			in.Scenario.Model = model.CustomModel
			in.Scenario.ParamsB = stepDecade(cur, dir, frac, model.MinParamsB, model.MaxParamsB)
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(text)), "b"))
			if err == nil {
				err = inRange(v, model.MinParamsB, model.MaxParamsB, fmt.Sprintf("%g to %g (billion parameters)", model.MinParamsB, model.MaxParamsB))
			}
			if err != nil {
				return err
			}
			in.Scenario.Model, in.Scenario.ParamsB = model.CustomModel, v
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
			return &in.Scenario.KV
		}
		return &in.Scenario.Weights
	}
	get := func(in inputs) string { return string(*field(&in)) }
	put := func(in *inputs, v string) {
		*field(in) = model.Precision(v)
		if kv { // one value for both sides again
			in.Scenario.Sides[0].KV, in.Scenario.Sides[1].KV = "", ""
		}
	}
	show := func(in inputs, _ model.Comparison) string {
		if a, b := in.Scenario.SideKV(0), in.Scenario.SideKV(1); kv && a != b {
			return string(a) + "|" + string(b)
		}
		return get(in)
	}
	p := func(s string) (string, error) {
		v, err := parse(s)
		return string(v), err
	}
	return choiceControl(label, -1, opts, get, put, show, p)
}

// sidePrecisionControl steps one side's weight precision (the seed's FP8
// case: A100 in FP16 against H100 in FP8). It shows the precision the
// side runs at: its own, else the scenario's.
func sidePrecisionControl(side int) control {
	opts := func() []string {
		var out []string
		for _, p := range model.WeightPrecisions() {
			out = append(out, string(p))
		}
		return out
	}
	get := func(in inputs) string { return string(in.Scenario.SideWeights(side)) }
	put := func(in *inputs, v string) { in.Scenario.Sides[side].Weights = model.Precision(v) }
	show := func(in inputs, _ model.Comparison) string { return get(in) }
	parse := func(s string) (string, error) {
		v, err := model.ParsePrecision(s)
		return string(v), err
	}
	return choiceControl("weights", side, opts, get, put, show, parse)
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
		if in.Scenario.GPUsPerReplica == 0 {
			return "auto"
		}
		return strconv.Itoa(in.Scenario.GPUsPerReplica)
	}
	put := func(in *inputs, v string) { in.Scenario.GPUsPerReplica, _ = strconv.Atoi(v) }
	show := func(in inputs, c model.Comparison) string {
		if in.Scenario.GPUsPerReplica == 0 {
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
