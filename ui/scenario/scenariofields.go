package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"infercost/model"
)

// numField is one numeric assumption of a scenario. The flags, the
// scenario file and the report's JSON all read this one table, so a
// field's name, unit and accepted range cannot drift between them.
type numField struct {
	key   string // snake_case key in the scenario file and the JSON
	table string // "" for top level, or "efficiency"
	flag  string // flag name, without dashes
	whole bool   // a whole number
	// lo and hi bound the value in the file's unit; loOpen/hiOpen exclude
	// the bound itself.
	lo, hi         float64
	loOpen, hiOpen bool
	// zero names what 0 means when 0 is outside [lo, hi] but accepted
	// ("auto", "max"); the word itself is accepted on the command line.
	zero string
	// unit converts: model value = file value x unit (1e-6 for µs);
	// 0 means 1.
	unit float64
	help string
	f    func(*model.Scenario) *float64 // float field
	i    func(*model.Scenario) *int     // whole field
}

// Tables of the scenario file.
const (
	tableTop        = ""
	tableEfficiency = "efficiency"
	tableSides      = "sides"
)

// scenarioFields lists the workload and efficiency fields in file order.
var scenarioFields = [...]numField{
	{key: "params_b", flag: "params", lo: model.MinParamsB, hi: model.MaxParamsB,
		help: "model size in billions of parameters (used when model = \"custom\")",
		f:    func(s *model.Scenario) *float64 { return &s.ParamsB }},
	{key: "gpus_per_replica", flag: "gpus-per-replica", whole: true, lo: 1, hi: model.MaxGPUsPerReplica, zero: "auto",
		help: "tensor-parallel GPUs per replica; 0 = auto (fewest of 1, 2, 4, 8 that fit)",
		i:    func(s *model.Scenario) *int { return &s.GPUsPerReplica }},
	{key: "batch", flag: "batch", whole: true, lo: 1, hi: model.MaxBatch, zero: "max",
		help: "sequences decoded together; 0 = the largest batch that fits",
		i:    func(s *model.Scenario) *int { return &s.Batch }},
	{key: "input_tokens", flag: "input-tokens", whole: true, lo: 1, hi: model.MaxTokens,
		help: "prompt tokens per request",
		i:    func(s *model.Scenario) *int { return &s.InputTokens }},
	{key: "output_tokens", flag: "output-tokens", whole: true, lo: 1, hi: model.MaxTokens,
		help: "generated tokens per request",
		i:    func(s *model.Scenario) *int { return &s.OutputTokens }},
	{key: "utilization", flag: "utilization", lo: model.MinUtilization, hi: 1,
		help: "fraction of paid GPU hours doing useful work",
		f:    func(s *model.Scenario) *float64 { return &s.Utilization }},

	{key: "bandwidth", table: tableEfficiency, flag: "efficiency", lo: model.MinEfficiency, hi: 1,
		help: "fraction of spec memory bandwidth reached (16-bit and FP8)",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Bandwidth }},
	{key: "int8_bandwidth", table: tableEfficiency, flag: "int8-efficiency", lo: model.MinEfficiency, hi: 1,
		help: "the same for weight-only INT8 kernels",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.BandwidthInt8 }},
	{key: "int4_bandwidth", table: tableEfficiency, flag: "int4-efficiency", lo: model.MinEfficiency, hi: 1,
		help: "the same for weight-only INT4 kernels",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.BandwidthInt4 }},
	{key: "compute", table: tableEfficiency, flag: "compute-efficiency", lo: model.MinEfficiency, hi: 1, zero: "calibrated per GPU",
		help: "fraction of dense peak FLOPS reached; 0 = each GPU's calibrated value",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.Compute }},
	{key: "allreduce_us", table: tableEfficiency, flag: "allreduce-us", lo: 0, hi: 1e6, unit: 1e-6,
		help: "fixed latency of one tensor-parallel all-reduce, µs (at N GPUs add the per-doubling figure x log2 N)",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.AllReduceSeconds }},
	{key: "allreduce_per_doubling_us", table: tableEfficiency, flag: "allreduce-per-doubling-us", lo: 0, hi: 1e6, unit: 1e-6,
		help: "added all-reduce latency per doubling of the group, µs",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.AllReducePerDoublingSeconds }},
	{key: "step_overhead_us", table: tableEfficiency, flag: "step-overhead-us", lo: 0, hi: 1e6, unit: 1e-6,
		help: "fixed cost of one decode step, µs",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.StepOverheadSeconds }},
	{key: "prefill_overhead_ms", table: tableEfficiency, flag: "prefill-overhead-ms", lo: 0, hi: 1e3, unit: 1e-3,
		help: "fixed cost of one prefill pass, ms",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.PrefillOverheadSeconds }},
	{key: "memory_reserve", table: tableEfficiency, flag: "memory-reserve", lo: 0, hi: 0.9, hiOpen: true,
		help: "fraction of GPU memory kept for activations and the runtime",
		f:    func(s *model.Scenario) *float64 { return &s.Efficiency.MemoryReserve }},
}

// sideField is a numeric field of one compared GPU.
type sideField struct {
	numField
	side func(*model.Side) *float64
}

// sideFields are the per-GPU fields, in file order.
var sideFields = [...]sideField{
	{numField{key: "usd_per_gpu_hour", flag: "price", lo: 0, hi: model.MaxPriceUSDPerHour,
		help: "price of one GPU-hour, USD"},
		func(s *model.Side) *float64 { return &s.USDPerGPUHour }},
	{numField{key: "pinned_tokens_per_second", flag: "tps", lo: model.MinPinnedTokensPerSecond, hi: model.MaxPinnedTokensPerSecond, zero: "estimate",
		help: "your measured output tokens/s per replica; 0 = use the estimate"},
		func(s *model.Side) *float64 { return &s.PinnedTokensPerSecond }},
}

// path is the field's dotted name, as messages show it.
func (f numField) path() string {
	if f.table == "" {
		return f.key
	}
	return f.table + "." + f.key
}

// accepted says in words what the field accepts.
func (f numField) accepted() string {
	lo, hi := plain(f.lo), plain(f.hi)
	var r string
	switch {
	case f.whole:
		r = "a whole number from " + lo + " to " + hi
	case f.loOpen:
		r = "greater than " + lo + " and at most " + hi
	case f.hiOpen:
		r = "at least " + lo + " and less than " + hi
	default:
		r = lo + " to " + hi
	}
	if f.zero != "" {
		r = "0 (" + f.zero + ") or " + r
	}
	return r
}

// check reports whether v (in the file's unit) is in the field's domain.
func (f numField) check(v float64) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return false
	case v == 0 && f.zero != "":
		return true
	case f.whole && v != math.Trunc(v):
		return false
	case v < f.lo || (f.loOpen && v == f.lo):
		return false
	}
	return v < f.hi || (!f.hiOpen && v == f.hi)
}

func (f numField) scale() float64 {
	if f.unit == 0 {
		return 1
	}
	return f.unit
}

// get returns the field of s in the file's unit. Scaled values are
// rounded to 12 significant digits so that 12e-6 s shows as 12 µs, not
// 12.000000000000002.
func (f numField) get(s *model.Scenario) float64 {
	if f.i != nil {
		return float64(*f.i(s))
	}
	v := *f.f(s)
	if f.unit == 0 {
		return v
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v/f.unit, 'g', 12, 64), 64)
	return r
}

// set stores v (in the file's unit, already checked) into s.
func (f numField) set(s *model.Scenario, v float64) {
	if f.i != nil {
		*f.i(s) = int(v)
		return
	}
	*f.f(s) = v * f.scale()
}

// parseFlagValue reads the field's value from the command line: a number
// or the zero word ("max", "auto").
func (f numField) parseFlagValue(raw string) (float64, error) {
	if f.zero != "" && strings.EqualFold(strings.TrimSpace(raw), f.zero) {
		return 0, nil
	}
	v, ok := parseNumber(raw)
	if !ok || !f.check(v) {
		return 0, usagef("--%s %s: accepted %s", f.flag, raw, f.accepted())
	}
	return v, nil
}

// plain prints a bound without an exponent: 10000000, not 1e+07.
func plain(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// fieldByFlag finds a scenario field by its flag name.
func fieldByFlag(name string) (numField, bool) {
	for _, f := range scenarioFields {
		if f.flag == name {
			return f, true
		}
	}
	return numField{}, false
}

// fieldDoc is a one-line summary used in usage and file comments.
func (f numField) fieldDoc() string {
	return fmt.Sprintf("%s; accepted %s", f.help, f.accepted())
}
