package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"infercost/model"
	"infercost/model/calibration"
	"infercost/ui/calibrate"
	"infercost/ui/scenario"
)

// calibrateRun is a parsed calibrate command line and what it measured.
type calibrateRun struct {
	s         model.Scenario // the workload, side 0 the measured GPU
	gpu       model.GPU
	m         calibration.Measurement
	bench     *calibrate.Bench // nil with --measured alone
	source    string           // the file, "stdin", or "--measured"
	batchFrom string
	run       int    // --run; 0 = the last
	engine    string // --engine
	format    string
	save      string
	force     bool
}

func calibrateFlagSpecs() []flagSpec {
	specs := []flagSpec{
		{name: "from", arg: "FILE|-", usage: "a benchmark result, told by its content: vLLM's `bench serve --save-result` JSON or SGLang's `bench_serving --output-file` JSONL, " +
			"the \"Serving Benchmark Result\" block either prints, genai-perf's profile_export_genai_perf.json or .csv, or trtllm-bench throughput's report; - reads stdin"},
		{name: "run", arg: "N", usage: "which run of a file holding several (SGLang's JSONL gains a line a run): 1 is the first; default the last"},
		{name: "measured", arg: "K=V,...", usage: "plain figures at the workload the flags give, any subset of output_tokens_per_second=N, tpot_ms=N, ttft_ms=N (TTFT at the run's load); they override the file's"},
		{name: "engine", arg: "NAME", usage: "the engine's name shown beside its figures (default: the engine the file names, vLLM, SGLang or TensorRT-LLM, else \"measured\")"},
		{name: "scenario", arg: "FILE", usage: "start from a scenario file; its [efficiency] is what the fitted factors multiply"},
		{name: "gpu", arg: "ID", usage: "the GPU the benchmark ran on (default: the scenario's first)"},
		{name: "model", arg: "ID", usage: "model preset; a file's Hugging Face id must not contradict it\naccepted " + strings.Join(model.ModelIDs(), ", ") + ", custom"},
		{name: "precision", arg: "P", usage: "weight precision\naccepted " + scenario.JoinPrecisions(model.WeightPrecisions())},
		{name: "kv-precision", arg: "P", usage: "KV-cache precision\naccepted " + scenario.JoinPrecisions(model.KVPrecisions())},
		{name: "tp", arg: "N|auto", usage: "same as --gpus-per-replica"},
	}
	def := model.DefaultScenario()
	for _, f := range scenario.Fields() {
		if f.Table == scenario.TableEngine || f.Zero == "off" || f.Key == "utilization" {
			continue
		}
		specs = append(specs, flagSpec{name: f.Flag, arg: flagArg(f),
			usage: fmt.Sprintf("%s\naccepted %s; default %s", f.Help, f.Accepted(), model.FormatDecimal(f.Get(&def)))})
	}
	return append(specs,
		flagSpec{name: "format", arg: "F", usage: "output: text (default) or json"},
		flagSpec{name: "save", arg: "FILE", usage: "save a scenario with the calibrated engine: the GPU measured against H100 SXM (A100 80GB when H100 was measured)"},
		flagSpec{name: "force", usage: "let --save replace a file infercost did not write"},
	)
}

// runCalibrate fits the engine to a benchmark and prints the fit.
func runCalibrate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	run, err := parseCalibrateArgs(args, stdin)
	if errors.Is(err, errHelp) {
		writeCalibrateUsage(stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "infercost calibrate:", err)
		return exitUsage
	}
	_, w, err := run.s.Workload(0)
	if err != nil {
		fmt.Fprintln(stderr, "infercost calibrate:", err)
		return exitUsage
	}
	fit, err := calibration.Calibrate(run.gpu, w, run.m)
	if err != nil {
		fmt.Fprintln(stderr, "infercost calibrate:", calibrateError(run.source, err))
		return exitUsage
	}
	fit.Engine = run.provenance(fit.Engine)
	run.s.Efficiency.Engine = fit.Engine
	if run.save != "" {
		if err := scenario.Save(run.save, run.savedScenario(), run.force); err != nil {
			fmt.Fprintln(stderr, "infercost calibrate:", err)
			return exitError
		}
		fmt.Fprintln(stderr, "infercost calibrate: scenario saved to", run.save)
	}
	if run.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(newCalibrateJSON(run, fit))
	} else {
		err = writeCalibrateText(stdout, run, fit)
	}
	if err != nil {
		fmt.Fprintln(stderr, "infercost calibrate:", err)
		return exitError
	}
	return exitOK
}

// calibrateError names the flag or file a refusal is about.
func calibrateError(source string, err error) error {
	var bp *calibration.BeyondPhysicsError
	if errors.As(err, &bp) && source != "--measured" {
		return fmt.Errorf("--from %s: %v", source, err)
	}
	if errors.As(err, &bp) {
		return fmt.Errorf("--measured: %v", err)
	}
	return err
}

func parseCalibrateArgs(args []string, stdin io.Reader) (calibrateRun, error) {
	fs, err := parseFlags(calibrateFlagSpecs(), args)
	if err != nil {
		return calibrateRun{}, err
	}
	run := calibrateRun{format: "text", force: fs.bool("force"), source: "--measured"}
	run.save, _ = fs.get("save")
	run.engine, _ = fs.get("engine")
	if f, ok := fs.get("format"); ok {
		if run.format = strings.ToLower(f); run.format != "text" && run.format != "json" {
			return calibrateRun{}, usagef("--format %s: accepted text, json", f)
		}
	}
	from, hasFrom := fs.get("from")
	if r, ok := fs.get("run"); ok {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 {
			return calibrateRun{}, usagef("--run %s: accepted a whole number from 1", r)
		}
		if !hasFrom {
			return calibrateRun{}, usagef("--run %s: picks a run of --from FILE; give --from", r)
		}
		run.run = n
	}
	if !hasFrom && !fs.has("measured") {
		return calibrateRun{}, usagef("nothing to calibrate on: give --from FILE (a vLLM, SGLang, genai-perf or trtllm-bench result; - for stdin) or --measured output_tokens_per_second=N,tpot_ms=N,ttft_ms=N")
	}
	base := model.DefaultScenario()
	if path, ok := fs.get("scenario"); ok {
		if base, err = scenario.Load(path); err != nil {
			return calibrateRun{}, usageError{err.Error()}
		}
	}
	base.TPOTTargetSeconds, base.TTFTTargetSeconds = 0, 0
	if hasFrom {
		if err := run.readBench(from, stdin, fs, &base); err != nil {
			return calibrateRun{}, err
		}
	}
	if err := applyTextFlags(fs, &base); err != nil {
		return calibrateRun{}, err
	}
	if err := applyNumberFlags(fs, &base); err != nil {
		return calibrateRun{}, err
	}
	if fs.has("batch") {
		run.batchFrom = "--batch"
	}
	if run.batchFrom == "" {
		run.batchFrom = "the scenario's batch"
	}
	if err := run.measuredFlag(fs); err != nil {
		return calibrateRun{}, err
	}
	return run, run.resolveGPU(fs, base)
}

// readBench reads --from and applies what the file says about the
// workload to s (flags are applied after, and win).
func (run *calibrateRun) readBench(from string, stdin io.Reader, fs flagSet, s *model.Scenario) error {
	data, name, err := readFrom(from, stdin)
	if err != nil {
		return usagef("--from %s: %v", from, err)
	}
	b, err := calibrate.ParseRun(name, data, run.run)
	if err != nil {
		return usagef("--from %v", err)
	}
	run.bench, run.source = &b, name
	p := b.Point()
	run.m = p.Measurement
	if p.Batch > 0 {
		s.Batch, run.batchFrom = p.Batch, p.BatchFrom
	} else if !fs.has("batch") {
		return usagef("--from %s: %s", name, b.MissingBatch())
	}
	if b.GPUsPerReplica > 0 {
		s.GPUsPerReplica = b.GPUsPerReplica // --tp, applied after, wins
	}
	if b.Weights != "" {
		s.Weights = b.Weights // as --precision, which wins
	}
	if b.KV != "" {
		s.KV = b.KV
	}
	if p.InputTokens > 0 {
		s.InputTokens = min(p.InputTokens, model.MaxTokens)
	}
	if p.OutputTokens > 0 {
		s.OutputTokens = min(p.OutputTokens, model.MaxTokens)
	}
	return run.matchModel(b, fs, s)
}

// matchModel takes the model from the file's Hugging Face id, unless
// --model or --params says which; a preset that contradicts --model is
// an error.
func (run *calibrateRun) matchModel(b calibrate.Bench, fs flagSet, s *model.Scenario) error {
	preset, ok := calibrate.MatchModel(b.ModelID)
	flag, hasFlag := fs.get("model")
	if hasFlag && ok {
		if a, err := model.LookupModel(flag); err == nil && a.ID != preset {
			return usagef("--model %s: the benchmark ran %s (%s); give the model it ran", flag, b.ModelID, preset)
		}
	}
	switch {
	case hasFlag || fs.has("params"):
		return nil
	case ok:
		s.Model = preset
		return nil
	case b.ModelID == "":
		return usagef("--from %s: the result does not name its model; give --model ID or --params B", run.source)
	}
	return usagef("--from %s: model %q matches no preset (%s); give --model ID or --params B", run.source, b.ModelID, strings.Join(model.ModelIDs(), ", "))
}

// readFrom reads a file, or stdin for "-".
// maxBenchBytes bounds a benchmark result: saved runs with every
// request's timings run to megabytes, not gigabytes.
const maxBenchBytes = 256 << 20

func readFrom(from string, stdin io.Reader) ([]byte, string, error) {
	name, r := "stdin", stdin
	if from != "-" {
		fi, err := os.Stat(from)
		if err != nil {
			return nil, from, unwrapPath(err)
		}
		if !fi.Mode().IsRegular() {
			return nil, from, errors.New("not a regular file; accepted a benchmark result file or - for stdin")
		}
		f, err := os.Open(from)
		if err != nil {
			return nil, from, unwrapPath(err)
		}
		defer f.Close()
		name, r = filepath.Base(from), f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBenchBytes+1))
	if err == nil && len(data) > maxBenchBytes {
		err = fmt.Errorf("larger than %d MiB; accepted a benchmark result, which is far smaller", maxBenchBytes>>20)
	}
	return data, name, unwrapPath(err)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// measuredFlag reads --measured K=V,... over the file's figures.
func (run *calibrateRun) measuredFlag(fs flagSet) error {
	raw, ok := fs.get("measured")
	if !ok {
		return nil
	}
	const accepted = "accepted output_tokens_per_second=N, tpot_ms=N, ttft_ms=N separated by commas, each above 0"
	for _, part := range strings.Split(raw, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		x, good := scenario.ParseNumber(v)
		if !ok || !good || x <= 0 {
			return usagef("--measured %s: %q: %s", raw, part, accepted)
		}
		switch strings.TrimSpace(k) {
		case "output_tokens_per_second":
			run.m.OutputTokensPerSecond = x
		case "tpot_ms":
			run.m.TPOTSeconds = x / 1e3
		case "ttft_ms":
			run.m.TTFTSeconds = x / 1e3
		default:
			return usagef("--measured %s: unknown figure %q; %s", raw, k, accepted)
		}
	}
	return nil
}

// resolveGPU sets the measured GPU as the scenario's first side.
func (run *calibrateRun) resolveGPU(fs flagSet, s model.Scenario) error {
	id, ok := fs.get("gpu")
	if !ok {
		id = s.Sides[0].GPU
	}
	g, err := model.LookupGPU(id)
	if err != nil {
		return usagef("--gpu %s: %v", id, err)
	}
	if ok && g.ID != s.Sides[0].GPU {
		s.Sides[0] = model.Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour}
	}
	s.Sides[0].PinnedTokensPerSecond = 0
	s.Sides[0].Weights, s.Sides[0].KV = "", ""
	run.gpu, run.s = g, s
	return nil
}

// provenance adds where the engine was calibrated to the fitted factors.
func (run calibrateRun) provenance(e model.Engine) model.Engine {
	e.Name, e.Source, e.GPU, e.Model = "measured", run.source, run.gpu.ID, run.s.Model
	if run.bench != nil {
		if run.bench.Engine != "" {
			e.Name = run.bench.Engine
		}
		e.Date = run.bench.Date
	}
	if run.engine != "" {
		e.Name = scenario.CleanName(run.engine)
	}
	if e.Date == "" {
		e.Date = time.Now().Format("2006-01-02")
	}
	return e
}

// savedScenario is the measured GPU against its counterpart, both on the
// calibrated engine: measured on A100, predicted on H100.
func (run calibrateRun) savedScenario() model.Scenario {
	s := run.s
	other := "h100-sxm"
	if run.gpu.ID == other {
		other = "a100-80gb-sxm"
	}
	g, _ := model.LookupGPU(other)
	s.Sides[1] = model.Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour}
	if a, err := s.Arch(); err == nil {
		s.Name = scenario.CleanName(fmt.Sprintf("%s %s: measured on %s (%s), predicted on %s",
			a.Name, strings.ToUpper(string(s.Weights)), run.gpu.Name, s.Efficiency.Engine.Name, g.Name))
	}
	return s
}
