package cli

import (
	"fmt"
	"io"
	"math"
	"strings"

	"infercost/model"
	"infercost/model/calibration"
)

// calibrateJSON is calibrate's JSON. Field names are a contract with
// scripts: add fields, never rename.
type calibrateJSON struct {
	Engine   engineJSON        `json:"engine"`
	Workload calibrateWorkload `json:"workload"`
	Fitted   []fittedJSON      `json:"fitted"`
	Kept     []string          `json:"kept"`
	Figures  []calibrateFigure `json:"figures"`
	Ceiling  calibrateCeiling  `json:"ceiling"`
	// LittleGap is measured tok/s against Little's law on the measured
	// latencies, as a fraction; null unless all three were measured.
	LittleGap *float64 `json:"little_gap"`
	Notes     []string `json:"notes"`
}

type engineJSON struct {
	Name              string  `json:"name"`
	Source            string  `json:"source"`
	Date              string  `json:"date"`
	GPU               string  `json:"gpu"`
	Model             string  `json:"model"`
	Label             string  `json:"label"`
	BandwidthFactor   float64 `json:"bandwidth_factor"`
	ComputeFactor     float64 `json:"compute_factor"`
	StepOverheadUS    float64 `json:"step_overhead_us"`
	PrefillOverheadMS float64 `json:"prefill_overhead_ms"`
}

type calibrateWorkload struct {
	GPU            string `json:"gpu"`
	Model          string `json:"model"`
	Precision      string `json:"precision"`
	GPUsPerReplica int    `json:"gpus_per_replica"`
	Batch          int    `json:"batch"`
	BatchFrom      string `json:"batch_from"`
	InputTokens    int    `json:"input_tokens"`
	OutputTokens   int    `json:"output_tokens"`
}

type fittedJSON struct {
	Knob    string `json:"knob"`
	From    string `json:"from"`
	AtBound bool   `json:"at_bound"`
}

// calibrateFigure is one measured figure beside the estimates; errors
// are (estimate - measured) / measured.
type calibrateFigure struct {
	Name            string  `json:"name"`
	Measured        float64 `json:"measured"`
	Default         float64 `json:"default_engine"`
	Calibrated      float64 `json:"calibrated"`
	DefaultError    float64 `json:"default_error"`
	CalibratedError float64 `json:"calibrated_error"`
}

type calibrateCeiling struct {
	TokensPerSecond float64 `json:"output_tokens_per_second"`
	TPOTMillis      float64 `json:"tpot_ms"`
	TTFTMillis      float64 `json:"ttft_ms"`
	Batch           int     `json:"batch"`
}

// figures lists each measured figure with both estimates.
func figures(m calibration.Measurement, before, after model.Result) []calibrateFigure {
	var out []calibrateFigure
	add := func(name string, meas float64, get func(model.Result) float64) {
		if meas <= 0 {
			return
		}
		d, c := get(before), get(after)
		out = append(out, calibrateFigure{name, r4(meas), r4(d), r4(c), r4(d/meas - 1), r4(c/meas - 1)})
	}
	add(string(calibration.FigureTokensPerSecond), m.OutputTokensPerSecond, func(r model.Result) float64 { return r.EstimatedTokensPerSecond })
	add(string(calibration.FigureTPOT), m.TPOTSeconds*1e3, func(r model.Result) float64 { return r.TPOTSeconds * 1e3 })
	add("ttft_at_load_ms", m.TTFTSeconds*1e3, func(r model.Result) float64 { return r.TTFTAtLoadSeconds * 1e3 })
	return out
}

func newCalibrateJSON(run calibrateRun, fit calibration.Fit) calibrateJSON {
	e := fit.Engine
	bandwidth, compute := e.Factors()
	j := calibrateJSON{
		Engine: engineJSON{Name: e.Name, Source: e.Source, Date: e.Date, GPU: e.GPU, Model: e.Model, Label: e.Label(),
			BandwidthFactor: r4(bandwidth), ComputeFactor: r4(compute),
			StepOverheadUS: r4(e.StepOverheadSeconds * 1e6), PrefillOverheadMS: r4(e.PrefillOverheadSeconds * 1e3)},
		Workload: calibrateWorkload{GPU: run.gpu.ID, Model: run.s.Model, Precision: string(run.s.Weights),
			GPUsPerReplica: fit.After.GPUsPerReplica, Batch: fit.After.Batch, BatchFrom: run.batchFrom,
			InputTokens: run.s.InputTokens, OutputTokens: run.s.OutputTokens},
		Fitted:  []fittedJSON{},
		Kept:    []string{},
		Figures: figures(run.m, fit.Before, fit.After),
		Ceiling: calibrateCeiling{r4(fit.Ceiling.TokensPerSecond), r4(fit.Ceiling.TPOTSeconds * 1e3), r4(fit.Ceiling.TTFTSeconds * 1e3), fit.Ceiling.Batch},
		Notes:   calibrateNotes(run, fit),
	}
	for _, f := range fit.Fitted {
		j.Fitted = append(j.Fitted, fittedJSON{string(f.Knob), string(f.From), f.AtBound})
	}
	for _, k := range fit.Kept {
		j.Kept = append(j.Kept, string(k))
	}
	if run.m.OutputTokensPerSecond > 0 && run.m.TPOTSeconds > 0 && run.m.TTFTSeconds > 0 {
		g := r4(fit.LittleGap)
		j.LittleGap = &g
	}
	return j
}

// littleLimit is how far a run's throughput may stray from Little's law
// on its own latencies before calibrate says the file breaks it.
const littleLimit = 0.05

// calibrateNotes says what a reader must know about the fit.
func calibrateNotes(run calibrateRun, fit calibration.Fit) []string {
	notes := []string{"the fitted factors multiply each GPU's default efficiencies, so they apply to every GPU compared: " +
		"report --scenario SAVED --gpu ID predicts other GPUs with this engine"}
	if run.bench != nil {
		notes = append(notes, run.bench.Notes...)
	}
	if math.Abs(fit.LittleGap) > littleLimit {
		notes = append(notes, fmt.Sprintf("the file breaks Little's law by %+.1f %% (ramp-up and drain in a short run): "+
			"TPOT and TTFT were fitted; the throughput keeps the gap", 100*fit.LittleGap))
	}
	for _, f := range fit.Fitted {
		if f.AtBound {
			notes = append(notes, fmt.Sprintf("%s could not reach %s inside its range and stops at the bound", f.Knob, f.From))
		}
	}
	if !fit.After.Fits {
		notes = append(notes, fmt.Sprintf("this workload does not fit %d x %s by infercost's memory arithmetic: check --model, --tp and --precision",
			fit.After.GPUsPerReplica, run.gpu.Name))
	}
	return notes
}

func writeCalibrateText(w io.Writer, run calibrateRun, fit calibration.Fit) error {
	j := newCalibrateJSON(run, fit)
	a, _ := run.s.Arch()
	var b strings.Builder
	fmt.Fprintf(&b, "%s on %d x %s, %s %s\n", fit.Engine.Label(), j.Workload.GPUsPerReplica, run.gpu.Name, a.Name, strings.ToUpper(string(run.s.Weights)))
	src := run.source
	if run.bench != nil {
		src += " (" + run.bench.Format + ")"
	}
	fmt.Fprintf(&b, "  from %s\n  batch %d: %s\n  prompt %d, output %d tokens\n\n", src, j.Workload.Batch, run.batchFrom, run.s.InputTokens, run.s.OutputTokens)
	b.WriteString("fitted (factors on each GPU's defaults):\n")
	for _, f := range fit.Fitted {
		fmt.Fprintf(&b, "  %-17s %s   from %s\n", f.Knob, knobValue(fit.Engine, f.Knob), f.From)
	}
	kept := make([]string, len(j.Kept))
	for i, k := range j.Kept {
		kept[i] = strings.ReplaceAll(k, "_", " ")
	}
	fmt.Fprintf(&b, "kept at the defaults: %s\n\n", strings.Join(kept, ", "))
	fmt.Fprintf(&b, "%-26s %10s %20s %20s\n", "", "measured", "default engine", "calibrated")
	for _, f := range j.Figures {
		fmt.Fprintf(&b, "%-26s %10.4g %11.4g (%+5.1f %%) %11.4g (%+5.1f %%)\n", f.Name, f.Measured, f.Default, 100*f.DefaultError, f.Calibrated, 100*f.CalibratedError)
	}
	fmt.Fprintf(&b, "\nceiling at datasheet figures (batch %d): %.1f tok/s, TPOT >= %.2f ms, TTFT >= %.2f ms\n",
		j.Ceiling.Batch, j.Ceiling.TokensPerSecond, j.Ceiling.TPOTMillis, j.Ceiling.TTFTMillis)
	for _, n := range j.Notes {
		b.WriteString("note: " + n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// knobValue prints a fitted knob: "x0.842" or "+1.20 ms".
func knobValue(e model.Engine, k calibration.Knob) string {
	bandwidth, compute := e.Factors()
	switch k {
	case calibration.KnobBandwidth:
		return fmt.Sprintf("x%.3f", bandwidth)
	case calibration.KnobCompute:
		return fmt.Sprintf("x%.3f", compute)
	case calibration.KnobStepOverhead:
		return fmt.Sprintf("+%.1f us", e.StepOverheadSeconds*1e6)
	}
	return fmt.Sprintf("+%.2f ms", e.PrefillOverheadSeconds*1e3)
}

func writeCalibrateUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: infercost calibrate (--from FILE|- | --measured K=V,...) [flags]

Fits infercost's engine to a benchmark you ran: the bandwidth and compute
factors (on each GPU's defaults) and overheads the measurement determines,
leaving the rest at the defaults. It prints the fitted factors and each
measured figure beside the default and calibrated estimates; --save FILE
writes a scenario whose [engine] table report --scenario, the explorer and
serve load, and which carries the engine to every GPU compared. A figure
beyond what the datasheet allows is refused (exit 2) with the ceiling.

Accepted files, told apart by their content: vLLM's bench serve JSON
and SGLang's bench_serving JSONL (the last run; --run N for another),
the "Serving Benchmark Result" block either prints, genai-perf's
profile_export_genai_perf.json or .csv, and trtllm-bench throughput's
printed report.

The workload comes from the file where it says (the model, the batch as
the concurrency or by Little's law, the mean lengths, trtllm-bench's TP
and FP8) and from the flags otherwise; flags win.

Flags:
`)
	writeFlagUsage(w, calibrateFlagSpecs())
	fmt.Fprint(w, `
Examples:
  vllm bench serve ... --save-result --result-filename a100.json
  infercost calibrate --from a100.json --gpu a100 --save vllm-a100.toml
  python -m sglang.bench_serving ... --output-file runs.jsonl
  infercost calibrate --from runs.jsonl --run 2 --gpu h100 --model llama-3-8b
  infercost calibrate --from artifacts/.../profile_export_genai_perf.json --gpu h100
  trtllm-bench --model ... throughput ... --streaming 2>&1 | infercost calibrate --from - --gpu h100
  infercost report --scenario vllm-a100.toml --gpu a100 --gpu h100
  infercost calibrate --gpu a100 --model llama-3-8b --batch 32 \
    --input-tokens 1000 --output-tokens 250 --measured output_tokens_per_second=1250,tpot_ms=25
`)
}
