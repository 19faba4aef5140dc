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
