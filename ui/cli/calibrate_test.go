package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const vllmJSON = "testdata/vllm-llama3-8b-a100.json"

// calibrateJSONOf runs calibrate --format json and decodes it.
func calibrateJSONOf(t *testing.T, args ...string) calibrateJSON {
	t.Helper()
	out := runOK(t, append([]string{"calibrate", "--format", "json"}, args...)...)
	var j calibrateJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return j
}

// TestCalibrateDoneWhen is issue 11's check: calibrate on a vLLM result
// for Llama-3-8B on A100, then report the saved scenario on A100 and
// H100 at the measured workload: A100 within 5 % of the measured
// throughput and TPOT (TTFT at load within 20 %), and H100 moved by the
// same factor as A100.
func TestCalibrateDoneWhen(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "vllm-a100.toml")
	j := calibrateJSONOf(t, "--from", vllmJSON, "--gpu", "a100", "--save", saved)
	w := j.Workload
	if w.Model != "llama-3-8b" || w.Batch != 32 || w.InputTokens != 1000 || w.OutputTokens != 250 || !strings.Contains(w.BatchFrom, "max_concurrency") {
		t.Fatalf("workload %+v: want llama-3-8b, batch 32 from max_concurrency, 1000/250 tokens", w)
	}
	if j.Engine.Name != "vLLM" || j.Engine.Date != "2026-11-20" || j.Engine.GPU != "a100-80gb-sxm" || j.Engine.Label != "calibrated: vLLM, A100 80GB SXM, 2026-11-20" {
		t.Errorf("engine %+v", j.Engine)
	}
	measured := map[string]float64{}
	for _, f := range j.Figures {
		measured[f.Name] = f.Measured
	}
	cal := reportJSONOf(t, "--scenario", saved, "--gpu", "a100", "--gpu", "h100")
	def := reportJSONOf(t, "--model", "llama-3-8b", "--batch", "32",
		"--input-tokens", "1000", "--output-tokens", "250", "--gpu", "a100", "--gpu", "h100")
	rc, rd := results(t, cal), results(t, def)
	for _, c := range []struct {
		key, fig string
		tol      float64
	}{{"output_tokens_per_second", "output_tokens_per_second", 0.05}, {"tpot_ms", "tpot_ms", 0.05}, {"ttft_at_load_ms", "ttft_at_load_ms", 0.20}} {
		a := num(t, rc[0], c.key)
		if e := a/measured[c.fig] - 1; math.Abs(e) > c.tol {
			t.Errorf("A100 %s %.4g vs measured %.4g: %+.1f %%", c.key, a, measured[c.fig], 100*e)
		}
		moveA := a / num(t, rd[0], c.key)
		moveH := num(t, rc[1], c.key) / num(t, rd[1], c.key)
		if math.Abs(moveH/moveA-1) > 0.05 {
			t.Errorf("%s: A100 moved x%.3f, H100 x%.3f: the engine carries by the same factor", c.key, moveA, moveH)
		}
	}
	for _, r := range rc {
		if r["engine"] != j.Engine.Label {
			t.Errorf("%s engine %v, want %q", r["gpu"], r["engine"], j.Engine.Label)
		}
	}
	if rd[0]["engine"] != "default engine" {
		t.Errorf("uncalibrated engine %v", rd[0]["engine"])
	}
}

// TestCalibrateTextFormats: the printed block, with the concurrency line
// above it (older vLLM) or inside (newer, with a request rate: the batch
// by Little's law), from a file or stdin, gives the JSON's workload.
func TestCalibrateTextFormats(t *testing.T) {
	fromFile := calibrateJSONOf(t, "--from", "testdata/vllm-llama3-8b-a100.txt", "--gpu", "a100")
	data, err := os.ReadFile("testdata/vllm-llama3-8b-a100.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := Run([]string{"calibrate", "--format", "json", "--from", "-", "--gpu", "a100"}, bytes.NewReader(data), &out, &errOut); code != exitOK {
		t.Fatalf("stdin: exit %d: %s", code, errOut.String())
	}
	var fromStdin calibrateJSON
	if err := json.Unmarshal(out.Bytes(), &fromStdin); err != nil {
		t.Fatal(err)
	}
	fromJSON := calibrateJSONOf(t, "--from", vllmJSON, "--gpu", "a100")
	for _, j := range []calibrateJSON{fromFile, fromStdin} {
		if j.Workload.Batch != 32 || j.Workload.Model != "llama-3-8b" || j.Workload.InputTokens != 1000 ||
			j.Workload.OutputTokens != 250 || j.Figures[1].Measured != fromJSON.Figures[1].Measured {
			t.Errorf("text workload %+v, JSON %+v", j.Workload, fromJSON.Workload)
		}
	}
	newer := calibrateJSONOf(t, "--from", "testdata/vllm-newer-rate.txt", "--gpu", "h100", "--model", "llama-3-8b")
	// 3.96 req/s x 4.109 s = 16.3 in flight.
	if newer.Workload.Batch != 16 || !strings.Contains(newer.Workload.BatchFrom, "Little's law") {
		t.Errorf("rate-limited run: batch %d (%s), want 16 by Little's law", newer.Workload.Batch, newer.Workload.BatchFrom)
	}
	if newer.Workload.InputTokens != 512 || newer.Workload.OutputTokens != 255 {
		t.Errorf("mean lengths %d/%d, want 512/255 from the totals", newer.Workload.InputTokens, newer.Workload.OutputTokens)
	}
}

// TestCalibrateMeasuredFlag: plain figures at the flags' workload; one
// figure moves bandwidth and compute together and says so.
func TestCalibrateMeasuredFlag(t *testing.T) {
	j := calibrateJSONOf(t, "--gpu", "a100", "--model", "llama-3-8b", "--batch", "32", "--input-tokens", "1000",
		"--output-tokens", "250", "--measured", "output_tokens_per_second=1250", "--engine", "our vLLM")
	if len(j.Fitted) != 2 || j.Fitted[0].Knob != "bandwidth" || j.Fitted[1].Knob != "compute" || len(j.Kept) != 2 {
		t.Errorf("fitted %+v kept %v: throughput alone sets bandwidth and compute together", j.Fitted, j.Kept)
	}
	if f := j.Figures[0]; math.Abs(f.CalibratedError) > 0.01 {
		t.Errorf("throughput after calibration %+v", f)
	}
	if j.Engine.Name != "our vLLM" || j.Engine.Source != "--measured" {
		t.Errorf("engine %+v", j.Engine)
	}
}

// TestCalibrateRefusals: every bad input is one line on stderr and exit 2.
func TestCalibrateRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, _ := os.ReadFile(vllmJSON)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"beyond physics", []string{"--params", "70", "--gpu", "a100", "--tp", "2", "--batch", "1", "--measured", "output_tokens_per_second=100000"}, "29.1 tok/s"},
		{"tpot beyond physics", []string{"--params", "70", "--gpu", "a100", "--tp", "2", "--batch", "1", "--measured", "tpot_ms=5"}, "ms"},
		{"nothing", []string{"--gpu", "a100"}, "--from FILE"},
		{"empty", []string{"--from", write("empty.json", "  \n")}, "empty"},
		{"truncated", []string{"--from", write("cut.json", string(good[:len(good)/2]))}, "truncated"},
		{"nan", []string{"--from", write("nan.json", strings.Replace(string(good), `"mean_tpot_ms": 25.04`, `"mean_tpot_ms": NaN`, 1))}, "mean_tpot_ms = \"NaN\""},
		{"missing", []string{"--from", write("missing.json", `{"model_id": "meta-llama/Meta-Llama-3-8B-Instruct", "completed": 10}`)}, "total_output_tokens"},
		{"contradicts --model", []string{"--from", vllmJSON, "--model", "llama-2-70b"}, "Meta-Llama-3-8B-Instruct"},
		{"unknown model", []string{"--from", write("m.json", strings.Replace(string(good), "Meta-Llama-3-8B-Instruct\", \"tokenizer", "Phi-3-mini\", \"tokenizer", 1))}, "--model ID or --params B"},
		{"bad measured", []string{"--measured", "tps=3"}, "unknown figure"},
		{"not a result", []string{"--from", write("notes.txt", "hello\n")}, "Serving Benchmark Result"},
	} {
		code, out, errOut := runArgs(append([]string{"calibrate"}, c.args...)...)
		if code != exitUsage || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q: want exit 2 and one line naming %q", c.name, code, out, errOut, c.want)
		}
	}
}

// TestReportPinAboveCeilingWarns: a pin past physics is kept, and the
// JSON result names the ceiling; the seed's pins keep their figures.
func TestReportPinAboveCeilingWarns(t *testing.T) {
	doc := reportJSONOf(t, "--params", "70", "--gpu", "a100", "--gpu", "h100",
		"--tp", "2", "--batch", "1", "--tps", "a100=100000")
	r := results(t, doc)
	w, _ := r[0]["warnings"].([]any)
	if len(w) != 1 || !strings.Contains(w[0].(string), "29.1 tok/s") || num(t, r[0], "output_tokens_per_second") != 100000 {
		t.Errorf("A100 pinned at 100000: warnings %v, tok/s %v", r[0]["warnings"], r[0]["output_tokens_per_second"])
	}
	if _, ok := r[1]["warnings"]; ok {
		t.Errorf("H100 unpinned carries warnings %v", r[1]["warnings"])
	}
	seed := results(t, reportJSONOf(t, seedFlags()...))
	for i, want := range [][2]float64{{68.73, 23.15}, {41.84, 25.00}} {
		if num(t, seed[i], "tpot_ms") != want[0] || math.Abs(num(t, seed[i], "usd_per_million_tokens")-want[1]) > 0.005 {
			t.Errorf("seed side %d: %v ms, $%v", i, seed[i]["tpot_ms"], seed[i]["usd_per_million_tokens"])
		}
		if w, _ := seed[i]["warnings"].([]any); len(w) != 1 {
			t.Errorf("seed side %d pins past the ceiling: warnings %v", i, seed[i]["warnings"])
		}
	}
}

// TestValidateCalibratedScenario: validate --scenario runs the published
// cases with the saved engine, and says so.
func TestValidateCalibratedScenario(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "e.toml")
	runOK(t, "calibrate", "--from", vllmJSON, "--gpu", "a100", "--save", saved)
	var def, cal map[string]any
	for _, c := range []struct {
		dst  *map[string]any
		args []string
	}{{&def, nil}, {&cal, []string{"--scenario", saved}}} {
		out := runOK(t, append([]string{"validate", "--format", "json"}, c.args...)...)
		if err := json.Unmarshal([]byte(out), c.dst); err != nil {
			t.Fatal(err)
		}
	}
	if cal["engine"] != "calibrated: vLLM, A100 80GB SXM, 2026-11-20" || def["engine"] != "default engine" {
		t.Errorf("engines %v / %v", cal["engine"], def["engine"])
	}
	med := func(m map[string]any) float64 { return m["summary"].(map[string]any)["median_error_pct"].(float64) }
	if med(cal) == med(def) {
		t.Errorf("the calibrated engine left every case as it was (median %v)", med(cal))
	}
	if !strings.Contains(runOK(t, "validate", "--scenario", saved), "engine vLLM, A100 80GB SXM, 2026-11-20 (calibrated)") {
		t.Error("text output does not name the engine")
	}
}

// The other engines' fixtures, in their tools' formats (sources in
// ui/calibrate/formats_test.go).
const (
	sglangJSONL  = "../calibrate/testdata/sglang-llama3-8b-h100.jsonl"
	sglangText   = "../calibrate/testdata/sglang-llama3-8b-h100.txt"
	genaiPerfJS  = "../calibrate/testdata/profile_export_genai_perf.json"
	genaiPerfCSV = "../calibrate/testdata/profile_export_genai_perf.csv"
	trtllmLog    = "../calibrate/testdata/trtllm-bench-llama3-8b-h100.log"
)

// TestCalibrateOtherFormats: each format gives the workload and figures
// its file records (the arithmetic beside each case), the engine it
// names, and a fit that meets the measured TPOT and TTFT.
func TestCalibrateOtherFormats(t *testing.T) {
	for _, c := range []struct {
		name              string
		args              []string
		engine, precision string
		batch, in, out    int
		gpus              int
		measured          [3]float64 // tok/s, TPOT ms, TTFT ms as rounded to 4 figures
		batchFrom         string
	}{
		// Run 2 of 2: 327680/320 = 1024 and 81920/320 = 256 tokens, max_concurrency 16
		// with request_rate Infinity; model and tp_size 1 from server_info.
		{"SGLang JSONL", []string{"--from", sglangJSONL}, "SGLang", "fp16", 16, 1024, 256, 1, [3]float64{1361, 11.51, 62.4}, "max_concurrency 16"},
		// Run 1: 3.990 req/s x 3.4025 s = 13.58 -> 14 in flight; the line names no model.
		{"SGLang JSONL run 1", []string{"--from", sglangJSONL, "--run", "1", "--model", "llama-3-8b"}, "SGLang", "fp16", 14, 1024, 256, 1, [3]float64{1021, 13.16, 45.3}, "Little's law"},
		{"SGLang text", []string{"--from", sglangText}, "SGLang", "fp16", 16, 1024, 256, 1, [3]float64{1361, 11.51, 62.4}, "max_concurrency 16"},
		// concurrency 8; round(511.875) = 512, round(254.6) = 255; ITL 8.79 ms is TPOT.
		{"genai-perf JSON", []string{"--from", genaiPerfJS}, "measured", "fp16", 8, 512, 255, 1, [3]float64{896.3, 8.79, 38.25}, "concurrency 8"},
		// 3.52 req/s x 2.27159 s = 7.996 -> 8.
		{"genai-perf CSV", []string{"--from", genaiPerfCSV, "--model", "llama-3-8b", "--engine", "Triton"}, "Triton", "fp16", 8, 512, 255, 1, [3]float64{896.3, 8.79, 38.25}, "Little's law"},
		// 63.2104 in flight -> 63; FP8 and TP 1 from the report.
		{"trtllm-bench", []string{"--from", trtllmLog}, "TensorRT-LLM", "fp8", 63, 1024, 256, 1, [3]float64{4111, 15.21, 58.3}, "requests in flight"},
		// Flags win over the report.
		{"trtllm-bench, flags win", []string{"--from", trtllmLog, "--tp", "2", "--precision", "fp16", "--batch", "32"}, "TensorRT-LLM", "fp16", 32, 1024, 256, 2, [3]float64{4111, 15.21, 58.3}, "--batch"},
	} {
		j := calibrateJSONOf(t, append([]string{"--gpu", "h100"}, c.args...)...)
		w := j.Workload
		if w.Model != "llama-3-8b" || w.Batch != c.batch || w.InputTokens != c.in || w.OutputTokens != c.out ||
			w.GPUsPerReplica != c.gpus || w.Precision != c.precision || !strings.Contains(w.BatchFrom, c.batchFrom) {
			t.Errorf("%s: workload %+v", c.name, w)
		}
		if j.Engine.Name != c.engine {
			t.Errorf("%s: engine %q, want %q", c.name, j.Engine.Name, c.engine)
		}
		if len(j.Figures) != 3 {
			t.Fatalf("%s: figures %+v", c.name, j.Figures)
		}
		for i, f := range j.Figures {
			if math.Abs(f.Measured/c.measured[i]-1) > 5e-4 {
				t.Errorf("%s: %s measured %v, want %v", c.name, f.Name, f.Measured, c.measured[i])
			}
			if i > 0 && math.Abs(f.CalibratedError) > 0.01 {
				t.Errorf("%s: %s after calibration %+.2f %% off", c.name, f.Name, 100*f.CalibratedError)
			}
		}
	}
}

// TestCalibrateSGLangTextMatchesJSONL: the printed block and the JSONL
// of the same run fit the same engine (the block's two decimals move the
// factors by less than 0.2 %).
func TestCalibrateSGLangTextMatchesJSONL(t *testing.T) {
	a := calibrateJSONOf(t, "--from", sglangJSONL, "--gpu", "h100")
	data, err := os.ReadFile(sglangText)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := Run([]string{"calibrate", "--format", "json", "--from", "-", "--gpu", "h100"}, bytes.NewReader(data), &out, &errOut); code != exitOK {
		t.Fatalf("stdin: exit %d: %s", code, errOut.String())
	}
	var b calibrateJSON
	if err := json.Unmarshal(out.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.Engine.BandwidthFactor/b.Engine.BandwidthFactor-1) > 0.002 || math.Abs(a.Engine.ComputeFactor/b.Engine.ComputeFactor-1) > 0.002 {
		t.Errorf("JSONL %+v vs text %+v", a.Engine, b.Engine)
	}
}

// TestCalibrateOtherFormatsRefuse: one line on stderr, exit 2, naming
// the file and what to give.
func TestCalibrateOtherFormatsRefuse(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := "= ENGINE DETAILS\nModel: meta-llama/Meta-Llama-3-8B\n= PERFORMANCE OVERVIEW\nAverage Input Length (tokens): 128.0\n" +
		"Average Output Length (tokens): 128.0\nToken Throughput (tokens/sec): 28390.4265\nTotal Latency (ms): 13525.6862\n"
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"CSV names no model", []string{"--from", genaiPerfCSV, "--gpu", "h100"}, []string{"profile_export_genai_perf.csv", "--model ID or --params B"}},
		{"run past the end", []string{"--from", sglangJSONL, "--run", "3"}, []string{"sglang-llama3-8b-h100.jsonl", "run 3", "accepted 1 to 2"}},
		{"run without from", []string{"--measured", "tpot_ms=10", "--run", "2"}, []string{"--run 2", "give --from"}},
		{"run not a number", []string{"--from", sglangJSONL, "--run", "last"}, []string{"--run last", "whole number"}},
		{"trtllm-bench without batch", []string{"--from", write("old.log", old), "--gpu", "h100"}, []string{"old.log", "Number of concurrent requests", "--batch N"}},
		{"genai-perf model unknown", []string{"--from", write("g.json", `{"output_token_throughput": {"unit": "tokens/sec", "avg": 90}, "input_config": {"model": ["ensemble"], "concurrency": 4}}`)},
			[]string{"g.json", `model "ensemble" matches no preset`}},
		{"no figure", []string{"--from", write("p.csv", "Metric,avg\nRequest Latency (ms),900\n")}, []string{"p.csv", "no figure to calibrate on", "Output Token Throughput"}},
	} {
		code, out, errOut := runArgs(append([]string{"calibrate"}, c.args...)...)
		if code != exitUsage || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q: want exit 2 and one line", c.name, code, out, errOut)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: %q does not name %q", c.name, errOut, w)
			}
		}
	}
}
