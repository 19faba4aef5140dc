package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"infercost/model"
)

// Field is one numeric assumption of a scenario. The flags, the
// scenario file and the report's JSON all read this one table, so a
// field's name, unit and accepted range cannot drift between them.
type Field struct {
	Key   string // snake_case key in the scenario file and the JSON
	Table string // "" for top level, or "efficiency"
	Flag  string // flag name, without dashes
	Whole bool   // a whole number
	// lo and hi bound the value in the file's unit; loOpen/hiOpen exclude
	// the bound itself.
	Lo, Hi         float64
	LoOpen, HiOpen bool
	// zero names what 0 means when 0 is outside [lo, hi] but accepted
	// ("auto", "max"); the word itself is accepted on the command line.
	Zero string
	// unit converts: model value = file value x unit (1e-6 for µs);
	// 0 means 1.
	Unit float64
	Help string
	f    func(*model.Scenario) *float64 // float field
	i    func(*model.Scenario) *int     // whole field
}

// Tables of the scenario file.
const (
	TableTop        = ""
	TableEfficiency = "efficiency"
	TableSides      = "sides"
	// TableEngine is a calibrated engine: its factors below, and where it
	// was calibrated (name, source, date, gpu, model).
	TableEngine = "engine"
	// TableContext is the deployment the seed's practical recommendation
	// asks about (model.Context).
	TableContext = "context"
)

// fields lists the workload and efficiency fields in file order.
var fields = [...]Field{
	{Key: "params_b", Flag: "params", Lo: model.MinParamsB, Hi: model.MaxParamsB,
		Help: "model size in billions of parameters (used when model = \"custom\")",
		f:    func(s *model.Scenario) *float64 { return &s.ParamsB }},
	{Key: "gpus_per_replica", Flag: "gpus-per-replica", Whole: true, Lo: 1, Hi: model.MaxGPUsPerReplica, Zero: "auto",
		Help: "tensor-parallel GPUs per replica; 0 = auto (fewest of 1, 2, 4, 8 that fit)",
		i:    func(s *model.Scenario) *int { return &s.GPUsPerReplica }},
	{Key: "batch", Flag: "batch", Whole: true, Lo: 1, Hi: model.MaxBatch, Zero: "max",
		Help: "sequences decoded together; 0 = the largest batch that fits",
		i:    func(s *model.Scenario) *int { return &s.Batch }},
	{Key: "input_tokens", Flag: "input-tokens", Whole: true, Lo: 1, Hi: model.MaxTokens,
		Help: "prompt tokens per request",
		i:    func(s *model.Scenario) *int { return &s.InputTokens }},
	{Key: "output_tokens", Flag: "output-tokens", Whole: true, Lo: 1, Hi: model.MaxTokens,
		Help: "generated tokens per request",
		i:    func(s *model.Scenario) *int { return &s.OutputTokens }},
	{Key: "tpot_target_ms", Flag: "tpot-target-ms", Lo: 0, LoOpen: true, Hi: model.MaxTargetSeconds * 1e3, Zero: "off", Unit: 1e-3,
		Help: "latency target: mean time per output token at load, ms; the batch becomes the largest that meets it",
		f:    func(s *model.Scenario) *float64 { return &s.TPOTTargetSeconds }},
	{Key: "ttft_target_ms", Flag: "ttft-target-ms", Lo: 0, LoOpen: true, Hi: model.MaxTargetSeconds * 1e3, Zero: "off", Unit: 1e-3,
		Help: "latency target: mean time to first token at load, ms; the batch becomes the largest that meets it",
		f:    func(s *model.Scenario) *float64 { return &s.TTFTTargetSeconds }},
	{Key: "target_tokens_per_day", Flag: "target-tokens-per-day", Lo: 0, LoOpen: true, Hi: model.MaxTargetTokensPerDay, Zero: "none",
		Help: "fleet sizing: the load to serve, in output tokens per day",
		f:    func(s *model.Scenario) *float64 { return &s.TargetTokensPerDay }},
	{Key: "utilization", Flag: "utilization", Lo: model.MinUtilization, Hi: 1,
		Help: "fraction of paid GPU hours doing useful work",
		f:    func(s *model.Scenario) *float64 { return &s.Utilization }},

	{Key: "bandwidth", Table: TableEfficiency, Flag: "efficiency", Lo: model.MinEfficiency, Hi: 1,
		Help: "fraction of spec memory bandwidth reached (16-bit and FP8)",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Bandwidth }},
	{Key: "int8_bandwidth", Table: TableEfficiency, Flag: "int8-efficiency", Lo: model.MinEfficiency, Hi: 1,
		Help: "the same for weight-only INT8 kernels",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.BandwidthInt8 }},
	{Key: "int4_bandwidth", Table: TableEfficiency, Flag: "int4-efficiency", Lo: model.MinEfficiency, Hi: 1,
		Help: "the same for weight-only INT4 kernels",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.BandwidthInt4 }},
	{Key: "compute", Table: TableEfficiency, Flag: "compute-efficiency", Lo: model.MinEfficiency, Hi: 1, Zero: "calibrated per GPU",
		Help: "fraction of dense peak FLOPS reached; 0 = each GPU's calibrated value",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Compute }},
	{Key: "allreduce_us", Table: TableEfficiency, Flag: "allreduce-us", Lo: 0, Hi: 1e6, Unit: 1e-6,
		Help: "fixed latency of one tensor-parallel all-reduce, µs (at N GPUs add the per-doubling figure x log2 N)",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.AllReduceSeconds }},
	{Key: "allreduce_per_doubling_us", Table: TableEfficiency, Flag: "allreduce-per-doubling-us", Lo: 0, Hi: 1e6, Unit: 1e-6,
		Help: "added all-reduce latency per doubling of the group, µs",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.AllReducePerDoublingSeconds }},
	{Key: "step_overhead_us", Table: TableEfficiency, Flag: "step-overhead-us", Lo: 0, Hi: 1e6, Unit: 1e-6,
		Help: "fixed cost of one decode step, µs",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.StepOverheadSeconds }},
	{Key: "prefill_overhead_ms", Table: TableEfficiency, Flag: "prefill-overhead-ms", Lo: 0, Hi: 1e3, Unit: 1e-3,
		Help: "fixed cost of one prefill pass, ms",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.PrefillOverheadSeconds }},
	{Key: "memory_reserve", Table: TableEfficiency, Flag: "memory-reserve", Lo: 0, Hi: 0.9, HiOpen: true,
		Help: "fraction of GPU memory kept for activations and the runtime",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.MemoryReserve }},

	{Key: "bandwidth_factor", Table: TableEngine, Flag: "engine-bandwidth-factor", Lo: model.MinEngineFactor, Hi: model.MaxEngineFactor, Zero: "none",
		Help: "calibrated engine: multiplies the bandwidth efficiencies (capped at the datasheet)",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Engine.BandwidthFactor }},
	{Key: "compute_factor", Table: TableEngine, Flag: "engine-compute-factor", Lo: model.MinEngineFactor, Hi: model.MaxEngineFactor, Zero: "none",
		Help: "calibrated engine: multiplies each GPU's compute efficiency (or compute, when set)",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Engine.ComputeFactor }},
	{Key: "step_overhead_us", Table: TableEngine, Flag: "engine-step-overhead-us", Lo: 0, Hi: 1e6, Unit: 1e-6,
		Help: "calibrated engine: added to each decode step's overhead, µs",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Engine.StepOverheadSeconds }},
	{Key: "prefill_overhead_ms", Table: TableEngine, Flag: "engine-prefill-overhead-ms", Lo: 0, Hi: 1e3, Unit: 1e-3,
		Help: "calibrated engine: added to each prefill pass's overhead, ms",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Engine.PrefillOverheadSeconds }},
	{Key: "fleet_utilization", Table: TableContext, Flag: "a100-fleet-utilization", Lo: model.MinUtilization, Hi: 1, Zero: "no fleet",
		Help: "an existing A100 fleet and its utilization; it is the A100 side's own utilization, the other GPU keeping its own (the seed: under 70 %, optimize A100 usage before upgrading)",
		f:    func(s *model.Scenario) *float64 { return &s.Context.Utilization }},
	{Key: "budget_usd_per_month", Table: TableContext, Flag: "budget-usd-per-month", Lo: 0, LoOpen: true, Hi: model.MaxBudgetUSDPerMonth, Zero: "none",
		Help: "monthly budget, USD: H100 is affordable when its fleet for the target load (default 1B output tokens/day) costs no more",
		f:    func(s *model.Scenario) *float64 { return &s.Context.BudgetUSDPerMonth }},
}

// EngineTextKeys are the [engine] table's text keys: where the engine was
// calibrated.
var EngineTextKeys = []string{"name", "source", "date", "gpu", "model"}

// EngineText returns the [engine] text field key of s ("" for an
// unknown key).
func EngineText(s *model.Scenario, key string) string {
	if p := engineText(s, key); p != nil {
		return *p
	}
	return ""
}

// engineText returns the [engine] text field key of s.
func engineText(s *model.Scenario, key string) *string {
	e := &s.Efficiency.Engine
	switch key {
	case "name":
		return &e.Name
	case "source":
		return &e.Source
	case "date":
		return &e.Date
	case "gpu":
		return &e.GPU
	case "model":
		return &e.Model
	}
	return nil
}

// BoolField is a yes/no field of the [context] table.
type BoolField struct {
	Key  string
	Flag string // "" when no flag sets it alone (have_a100_fleet: --a100-fleet-utilization)
	Help string
	Of   func(*model.Scenario) *bool
}

// boolFields are the [context] table's yes/no fields, in file order.
var boolFields = [...]BoolField{
	{"starting_fresh", "starting-fresh", "a new deployment with no fleet yet",
		func(s *model.Scenario) *bool { return &s.Context.StartingFresh }},
	{"have_a100_fleet", "", "an existing A100 fleet, at fleet_utilization",
		func(s *model.Scenario) *bool { return &s.Context.HaveA100Fleet }},
	{"can_use_spot", "can-use-spot", "spot (preemptible) capacity can be used",
		func(s *model.Scenario) *bool { return &s.Context.CanUseSpot }},
	{"can_afford_h100", "can-afford-h100", "H100 fits the budget (instead of giving budget_usd_per_month)",
		func(s *model.Scenario) *bool { return &s.Context.CanAffordH100 }},
}

// BoolFields returns the [context] table's yes/no fields in file order.
func BoolFields() []BoolField { return slices.Clone(boolFields[:]) }

// SideField is a numeric field of one compared GPU.
type SideField struct {
	Field
	Of func(*model.Side) *float64 // the field in a side
}

// sideFields are the per-GPU fields, in file order.
var sideFields = [...]SideField{
	{Field{Key: "usd_per_gpu_hour", Flag: "price", Lo: 0, Hi: model.MaxPriceUSDPerHour,
		Help: "price of one GPU-hour, USD"},
		func(s *model.Side) *float64 { return &s.USDPerGPUHour }},
	{Field{Key: "pinned_tokens_per_second", Flag: "tps", Lo: model.MinPinnedTokensPerSecond, Hi: model.MaxPinnedTokensPerSecond, Zero: "estimate",
		Help: "your measured output tokens/s per replica; 0 = use the estimate"},
		func(s *model.Side) *float64 { return &s.PinnedTokensPerSecond }},
	{Field{Key: "utilization", Flag: "utilization", Lo: model.MinUtilization, Hi: 1, Zero: "the scenario's",
		Help: "this GPU's fraction of paid hours doing useful work, instead of the scenario's utilization"},
		func(s *model.Side) *float64 { return &s.Utilization }},
}

// Shared reports whether the side field also exists for the whole
// scenario (utilization): a plain flag value sets the scenario's, ID=X
// one GPU's, and 0 in a side means the scenario's.
func (f SideField) Shared() bool {
	_, ok := FieldByFlag(f.Flag)
	return ok
}

// path is the field's dotted name, as messages show it.
func (f Field) Path() string {
	if f.Table == "" {
		return f.Key
	}
	return f.Table + "." + f.Key
}

// accepted says in words what the field accepts.
func (f Field) Accepted() string {
	lo, hi := model.FormatDecimal(f.Lo), model.FormatDecimal(f.Hi)
	var r string
	switch {
	case f.Whole:
		r = "a whole number from " + lo + " to " + hi
	case f.LoOpen:
		r = "greater than " + lo + " and at most " + hi
	case f.HiOpen:
		r = "at least " + lo + " and less than " + hi
	default:
		r = lo + " to " + hi
	}
	if f.Zero != "" {
		r = "0 (" + f.Zero + ") or " + r
	}
	return r
}

// check reports whether v (in the file's unit) is in the field's domain.
func (f Field) Check(v float64) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return false
	case v == 0 && f.Zero != "":
		return true
	case f.Whole && v != math.Trunc(v):
		return false
	case v < f.Lo || (f.LoOpen && v == f.Lo):
		return false
	}
	return v < f.Hi || (!f.HiOpen && v == f.Hi)
}

func (f Field) scale() float64 {
	if f.Unit == 0 {
		return 1
	}
	return f.Unit
}

// get returns the field of s in the file's unit. Scaled values are
// rounded to 12 significant digits so that 12e-6 s shows as 12 µs, not
// 12.000000000000002.
func (f Field) Get(s *model.Scenario) float64 {
	if f.i != nil {
		return float64(*f.i(s))
	}
	v := *f.f(s)
	if f.Unit == 0 {
		return v
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v/f.Unit, 'g', 12, 64), 64)
	return r
}

// set stores v (in the file's unit, already checked) into s.
func (f Field) Set(s *model.Scenario, v float64) {
	if f.i != nil {
		*f.i(s) = int(v)
		return
	}
	*f.f(s) = v * f.scale()
}

// parseFlagValue reads the field's value from the command line: a number
// or the zero word ("max", "auto").
func (f Field) ParseFlagValue(raw string) (float64, error) {
	if f.Zero != "" && strings.EqualFold(strings.TrimSpace(raw), f.Zero) {
		return 0, nil
	}
	v, ok := ParseNumber(raw)
	if !ok || !f.Check(v) {
		return 0, fmt.Errorf("--%s %s: accepted %s", f.Flag, raw, f.Accepted())
	}
	return v, nil
}

// fieldByFlag finds a scenario field by its flag name.
func FieldByFlag(name string) (Field, bool) {
	for _, f := range fields {
		if f.Flag == name {
			return f, true
		}
	}
	return Field{}, false
}

// fieldDoc is a one-line summary used in usage and file comments.
func (f Field) Doc() string {
	return fmt.Sprintf("%s; accepted %s", f.Help, f.Accepted())
}

// ParseNumber reads a finite decimal number. Go's ParseFloat also takes
// "NaN", "Inf", hex and underscores; a command line or a planning
// document means none of them.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "_xXpPnNiI") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// commentWidth is the width saved files' comments wrap to.
const commentWidth = 80

// Fields returns the workload and efficiency fields in file order.
func Fields() []Field { return slices.Clone(fields[:]) }

// SideFields returns the per-GPU fields in file order.
func SideFields() []SideField { return slices.Clone(sideFields[:]) }
