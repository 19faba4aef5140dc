package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"infercost/model"
	"infercost/model/cases"
	"infercost/ui/scenario"
)

// Accuracy targets, as fractions: the median error, the 30 % line that
// all but a few cases must hold, and the H100/A100 ratios at load.
const (
	targetEveryCase = 0.30
	targetFewMisses = 4 // "all but a few"
	targetMedian    = 0.10
	targetRatio     = 0.10
	targetP9Ratio   = 0.10
)

// The P9 cases whose H100/A100 throughput ratio is checked.
const p9H100, p9A100 = "P9-h100", "P9-a100"

// validation is one run of the published cases.
type validation struct {
	eff      model.Efficiency
	custom   bool   // efficiency flags or a scenario were given
	scenario string // --scenario FILE, or ""
	rows     []cases.CaseResult
	sum      cases.Summary
	// more and moreSum are the wider TensorRT-LLM v0.9 rows (--more).
	more    []cases.CaseResult
	moreSum cases.Summary
	ratio   [2]float64 // measured, estimated
	ratioOK bool
	ratios  []cases.Ratio // every H100/A100 pair
	targets []target
}

// target is one accuracy goal and how the run did.
type target struct {
	Name   string  `json:"name"`
	Limit  float64 `json:"limit_pct"`
	Value  float64 `json:"value_pct"`
	Met    bool    `json:"met"`
	Detail string  `json:"detail,omitempty"`
}

func validateFlagSpecs() []flagSpec {
	specs := []flagSpec{{name: "format", arg: "F", usage: "output: text (default) or json"},
		{name: "scenario", arg: "FILE", usage: "run the cases with a scenario file's [efficiency] and [engine] (a calibrated engine from infercost calibrate --save); the flags below override it"},
		{name: "more", usage: "also run 117 more published rows (gpt-fast, TensorRT-LLM v0.9 tables)"}}
	def := model.DefaultScenario()
	for _, f := range scenario.Fields() {
		if f.Table == scenario.TableEfficiency || f.Table == scenario.TableEngine {
			specs = append(specs, flagSpec{name: f.Flag, arg: "X",
				usage: fmt.Sprintf("%s\naccepted %s; default %s", f.Help, f.Accepted(), model.FormatDecimal(f.Get(&def)))})
		}
	}
	return specs
}

// runValidate compares the estimator with the published measurements.
// It exits 0 whenever it ran, targets met or not: the output says which.
func runValidate(args []string, stdout, stderr io.Writer) int {
	fs, err := parseFlags(validateFlagSpecs(), args)
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, "Usage: infercost validate [flags]\n\nRuns the estimator on published measurements and prints each case,\nthe error summary and whether the accuracy targets are met.\n\nFlags:\n")
		writeFlagUsage(stdout, validateFlagSpecs())
		return exitOK
	}
	format, _ := fs.get("format")
	if err == nil && format != "" && format != "text" && format != "json" {
		err = usagef("--format %s: accepted text, json", format)
	}
	s := model.DefaultScenario()
	if path, ok := fs.get("scenario"); ok && err == nil {
		if s, err = scenario.Load(path); err != nil {
			err = usageError{err.Error()}
		}
	}
	if err == nil {
		err = applyNumberFlags(fs, &s)
	}
	if err != nil {
		fmt.Fprintln(stderr, "infercost validate:", err)
		return exitUsage
	}
	custom := fs.has("scenario")
	for _, f := range scenario.Fields() {
		custom = custom || fs.has(f.Flag)
	}
	v := runCases(s.Efficiency, custom)
	v.scenario, _ = fs.get("scenario")
	if fs.has("more") {
		v.more, v.moreSum = cases.Validate(cases.MoreCases(), s.Efficiency)
	}
	if format == "json" {
		err = writeValidateJSON(stdout, v)
	} else {
		err = writeValidateText(stdout, v)
	}
	if err != nil {
		fmt.Fprintln(stderr, "infercost validate:", err)
		return exitError
	}
	return exitOK
}

func runCases(eff model.Efficiency, custom bool) validation {
	v := validation{eff: eff, custom: custom}
	v.rows, v.sum = cases.Validate(cases.Cases(), eff)
	m, e, err := cases.RatioCheck(v.rows, p9H100, p9A100)
	v.ratio, v.ratioOK = [2]float64{m, e}, err == nil
	v.ratios = cases.Ratios(v.rows)
	v.targets = v.checkTargets()
	return v
}

func (v validation) checkTargets() []target {
	var outside []string
	for _, r := range v.rows {
		if r.Err != nil || math.Abs(r.Error) > targetEveryCase {
			outside = append(outside, caseMiss(r))
		}
	}
	every := target{Name: "all but a few within 30 %", Limit: 100 * targetEveryCase,
		Value: 100 * v.sum.WorstError, Met: len(outside) <= targetFewMisses}
	if len(outside) > 0 {
		every.Detail = fmt.Sprintf("%d outside (at most %d allowed): %s", len(outside), targetFewMisses, strings.Join(outside, ", "))
	}
	median := target{Name: "median error within 10 %", Limit: 100 * targetMedian,
		Value: 100 * v.sum.MedianError, Met: v.sum.Count > 0 && v.sum.MedianError <= targetMedian}
	return []target{every, median, v.loadRatioTarget(), v.p9Target()}
}

// loadRatioTarget: every H100/A100 ratio at max load within 10 %.
func (v validation) loadRatioTarget() target {
	t := target{Name: "H100/A100 ratios at load within 10 %", Limit: 100 * targetRatio, Met: true}
	var off []string
	n := 0
	for _, r := range v.ratios {
		if r.Regime != cases.RegimeMaxLoad {
			continue
		}
		n++
		e := math.Abs(r.Error())
		t.Value = math.Max(t.Value, 100*e)
		if e > targetRatio {
			off = append(off, fmt.Sprintf("%s (%+.1f %%)", strings.TrimSuffix(r.A100, "-a100"), 100*r.Error()))
		}
	}
	t.Met = n > 0 && len(off) == 0
	if len(off) > 0 {
		t.Detail = fmt.Sprintf("%d of %d off: %s", len(off), n, strings.Join(off, ", "))
	}
	return t
}

func (v validation) p9Target() target {
	ratio := target{Name: "P9 H100/A100 ratio within 10 %", Limit: 100 * targetP9Ratio}
	if v.ratioOK {
		ratio.Value = 100 * math.Abs(model.Diff(v.ratio[0], v.ratio[1]))
		ratio.Met = ratio.Value <= 100*targetP9Ratio
	} else {
		ratio.Detail = "P9 cases missing or failed"
	}
	return ratio
}

func caseMiss(r cases.CaseResult) string {
	if r.Err != nil {
		return r.Case.ID + " (failed)"
	}
	return fmt.Sprintf("%s (%+.1f %%)", r.Case.ID, 100*r.Error)
}

// metricLabel names a metric for the table.
func metricLabel(m cases.Metric) string {
	switch m {
	case cases.MetricTTFT:
		return "TTFT ms"
	case cases.MetricTPOT:
		return "TPOT ms"
	case cases.MetricTTFTAtLoad:
		return "TTFT@load ms"
	case cases.MetricTPSPerGPU:
		return "tok/s/GPU"
	}
	return "tok/s/replica"
}

// caseScenario describes a case's setup on one line.
func caseScenario(c cases.Case) string {
	batch := fmt.Sprint(c.Batch)
	if c.Batch == 0 {
		batch = "max"
	}
	prec := string(c.Weights)
	if c.KV != c.Weights {
		prec += ", KV " + string(c.KV)
	}
	if c.Scheduling == model.Static {
		batch += " static"
	}
	return fmt.Sprintf("%s TP%d, %s %s, batch %s, %d in / %d out", c.GPU, c.TP, c.Model.ID, prec, batch, c.Input, c.Output)
}

type caseJSON struct {
	ID           string  `json:"id"`
	GPU          string  `json:"gpu"`
	TP           int     `json:"tp"`
	Model        string  `json:"model"`
	Precision    string  `json:"precision"`
	KVPrecision  string  `json:"kv_precision"`
	Batch        int     `json:"batch"` // 0 = as many as fit
	InputTokens  int     `json:"input_tokens"`
	OutputTokens int     `json:"output_tokens"`
	Metric       string  `json:"metric"`
	Measured     float64 `json:"measured"`
	Estimated    float64 `json:"estimated"`
	ErrorPct     float64 `json:"error_pct"`
	TolerancePct float64 `json:"tolerance_pct"`
	Source       string  `json:"source"`
	Note         string  `json:"note,omitempty"`
	Failure      string  `json:"failure,omitempty"`
	Regime       string  `json:"regime"`
	Scheduling   string  `json:"scheduling"`
}

func writeValidateJSON(w io.Writer, v validation) error {
	s := model.DefaultScenario()
	s.Efficiency = v.eff
	eff := orderedObject{}
	for _, f := range scenario.Fields() {
		if f.Table == scenario.TableEfficiency {
			eff = append(eff, jsonKV{f.Key, f.Get(&s)})
		}
	}
	met := true
	for i := range v.targets {
		v.targets[i].Value = r4(v.targets[i].Value)
		met = met && v.targets[i].Met
	}
	out := orderedObject{{"efficiency", eff}, {"default_efficiency", !v.custom}, {"engine", v.eff.Engine.Label()}, {"cases", casesJSON(v.rows)},
		{"summary", summaryJSON(v.sum)}, {"p9_ratio", p9JSON(v)}, {"targets", v.targets}, {"targets_met", met},
		{"regimes", regimesJSON(v)}}
	if v.more != nil {
		out = append(out, jsonKV{"more", orderedObject{{"cases", casesJSON(v.more)}, {"summary", summaryJSON(v.moreSum)}}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func summaryJSON(s cases.Summary) orderedObject {
	return orderedObject{{"count", s.Count}, {"failed", s.Failed},
		{"median_error_pct", r4(100 * s.MedianError)}, {"worst_error_pct", r4(100 * s.WorstError)},
		{"worst_id", s.WorstID}, {"within_15_pct", s.Within15}, {"within_30_pct", s.Within30}}
}

func casesJSON(rows []cases.CaseResult) []caseJSON {
	var cases []caseJSON
	for _, r := range rows {
		c := r.Case
		cj := caseJSON{ID: c.ID, GPU: c.GPU, TP: c.TP, Model: c.Model.ID, Precision: string(c.Weights),
			KVPrecision: string(c.KV), Batch: c.Batch, InputTokens: c.Input, OutputTokens: c.Output,
			Metric: string(c.Metric), Measured: c.Measured, Estimated: r4(r.Estimated),
			ErrorPct: r4(100 * r.Error), TolerancePct: r4(100 * c.Tolerance), Source: c.Source, Note: c.Note,
			Regime: string(c.Regime()), Scheduling: string(c.Workload(model.Efficiency{}).Scheduling)}
		if cj.Scheduling == "" {
			cj.Scheduling = string(model.InFlight)
		}
		if r.Err != nil {
			cj.Failure = r.Err.Error()
		}
		cases = append(cases, cj)
	}
	return cases
}

func p9JSON(v validation) any {
	if !v.ratioOK {
		return nil
	}
	return orderedObject{{"cases", []string{p9H100, p9A100}}, {"measured", r4(v.ratio[0])},
		{"estimated", r4(v.ratio[1])}, {"error_pct", r4(100 * model.Diff(v.ratio[0], v.ratio[1]))}}
}

// regimesJSON is the summary and H100/A100 ratios of each regime.
func regimesJSON(v validation) []orderedObject {
	out := []orderedObject{}
	for _, g := range v.regimes() {
		ratios := []orderedObject{}
		for _, r := range g.ratios {
			ratios = append(ratios, orderedObject{{"a100", r.A100}, {"h100", r.H100}, {"measured", r4(r.Measured)},
				{"estimated", r4(r.Estimated)}, {"error_pct", r4(100 * r.Error())}})
		}
		out = append(out, orderedObject{{"regime", string(g.regime)}, {"summary", summaryJSON(g.sum)}, {"h100_a100_ratios", ratios}})
	}
	return out
}

// regimeGroup is one regime's cases, summary and ratios.
type regimeGroup struct {
	regime cases.Regime
	rows   []cases.CaseResult
	sum    cases.Summary
	ratios []cases.Ratio
}

// regimes splits the run by regime, in report order, leaving out empty ones.
func (v validation) regimes() []regimeGroup {
	var out []regimeGroup
	for _, reg := range cases.Regimes() {
		g := regimeGroup{regime: reg}
		for _, r := range v.rows {
			if r.Case.Regime() == reg {
				g.rows = append(g.rows, r)
			}
		}
		for _, r := range v.ratios {
			if r.Regime == reg {
				g.ratios = append(g.ratios, r)
			}
		}
		if len(g.rows) > 0 {
			g.sum = cases.Summarize(g.rows)
			out = append(out, g)
		}
	}
	return out
}
