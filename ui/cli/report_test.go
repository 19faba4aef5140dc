package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"infercost/model"
	"infercost/ui/scenario"
)

// seedFlags is the seed check: the seed blog's scenario as flags.
func seedFlags() []string {
	return []string{"--params", "70", "--precision", "fp16", "--gpu", "a100", "--gpu", "h100",
		"--price", "a100=2.5", "--price", "h100=4.5", "--tps", "a100=30", "--tps", "h100=50",
		"--utilization", "1", "--gpus-per-replica", "1", "--efficiency", "1"}
}

// runArgs runs the command line through run, as main does.
func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runArgs(args...)
	if code != exitOK {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
	}
	return out
}

func reportJSONOf(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out := runOK(t, append([]string{"report", "--format", "json"}, args...)...)
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return doc
}

func results(t *testing.T, doc map[string]any) []map[string]any {
	t.Helper()
	list, ok := doc["results"].([]any)
	if !ok {
		t.Fatalf("results: %T", doc["results"])
	}
	out := make([]map[string]any, len(list))
	for i, r := range list {
		out[i] = r.(map[string]any)
	}
	return out
}

func num(t *testing.T, m map[string]any, key string) float64 {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("%s: %T %v, want a number", key, m[key], m[key])
	}
	return v
}

// TestReportSeedFigures is the seed check: 140 GB over 2.039
// TB/s = 68.7 ms, over 3.35 TB/s = 41.8 ms; $2.50/h at 30 tok/s = $23.15
// per million, $4.50/h at 50 tok/s = $25.00.
func TestReportSeedFigures(t *testing.T) {
	res := results(t, reportJSONOf(t, seedFlags()...))
	if len(res) != 2 || res[0]["gpu"] != "a100-80gb-sxm" || res[1]["gpu"] != "h100-sxm" {
		t.Fatalf("results %v", res)
	}
	checks := []struct {
		side       int
		key        string
		lo, hi     float64
		provenance string
	}{
		{0, "tpot_ms", 68, 70.5, "140 GB / 2.039 TB/s"},
		{1, "tpot_ms", 41.75, 41.9, "140 GB / 3.35 TB/s"},
		{0, "usd_per_million_tokens", 23.145, 23.155, "$2.50 / (30 x 3600) x 1e6"},
		{1, "usd_per_million_tokens", 24.995, 25.005, "$4.50 / (50 x 3600) x 1e6"},
		{0, "output_tokens_per_second", 30, 30, "pinned"},
		{1, "output_tokens_per_second", 50, 50, "pinned"},
		{0, "usd_per_hour", 2.5, 2.5, "one GPU"},
		{1, "gpus_per_replica", 1, 1, "fixed by the flag"},
	}
	for _, c := range checks {
		if v := num(t, res[c.side], c.key); v < c.lo || v > c.hi {
			t.Errorf("%s %s = %v, want %v..%v (%s)", res[c.side]["gpu"], c.key, v, c.lo, c.hi, c.provenance)
		}
	}
	for _, r := range res {
		if r["throughput_source"] != "pinned" {
			t.Errorf("%s throughput_source %v, want pinned", r["gpu"], r["throughput_source"])
		}
		// 140 GB of FP16 weights do not fit one 80 GB GPU: said, by how much.
		if r["fits"] != false || num(t, r, "shortfall_gb") < 60 {
			t.Errorf("%s fits %v shortfall %v, want a shortfall of about 68 GB", r["gpu"], r["fits"], r["shortfall_gb"])
		}
	}
}

// TestReportJSONShape checks every contracted field is there with its
// JSON type.
func TestReportJSONShape(t *testing.T) {
	doc := reportJSONOf(t, "--target-tokens-per-day", "1e9")
	scen, ok := doc["scenario"].(map[string]any)
	if !ok {
		t.Fatal("no scenario object")
	}
	for _, k := range []string{"version", "name", "model", "params_b", "precision", "kv_precision", "gpus_per_replica",
		"batch", "input_tokens", "output_tokens", "utilization", "sides", "efficiency", "target"} {
		if _, ok := scen[k]; !ok {
			t.Errorf("scenario lacks %q", k)
		}
	}
	eff := scen["efficiency"].(map[string]any)
	for _, f := range scenario.Fields() {
		if f.Table == scenario.TableEfficiency {
			num(t, eff, f.Key)
		}
	}
	numbers := []string{"gpus_per_replica", "tpot_ms", "ttft_ms", "output_tokens_per_second",
		"output_tokens_per_second_per_gpu", "batch", "max_batch", "shortfall_gb", "usd_per_hour",
		"usd_per_gpu_hour", "usd_per_million_tokens", "usd_per_million_input_tokens",
		"usd_per_million_output_tokens", "usd_per_million_blended_tokens"}
	for _, r := range results(t, doc) {
		for _, k := range numbers {
			num(t, r, k)
		}
		for k, want := range map[string]string{"gpu": "string", "name": "string", "throughput_source": "string", "bound": "string"} {
			if _, ok := r[k].(string); !ok {
				t.Errorf("%s: %T, want %s", k, r[k], want)
			}
		}
		if _, ok := r["fits"].(bool); !ok {
			t.Errorf("fits: %T, want bool", r["fits"])
		}
		mem := r["memory_per_gpu"].(map[string]any)
		for _, k := range []string{"weights_gb", "kv_cache_gb", "reserved_gb", "free_gb", "total_gb"} {
			num(t, mem, k)
		}
		fleet := r["fleet"].(map[string]any)
		if num(t, fleet, "replicas") < 1 || num(t, fleet, "gpus") < 1 || num(t, fleet, "usd_per_month") <= 0 {
			t.Errorf("fleet %v", fleet)
		}
	}
	v := doc["verdict"].(map[string]any)
	for _, k := range []string{"winner", "headline", "reason", "factors", "break_even"} {
		if _, ok := v[k]; !ok {
			t.Errorf("verdict lacks %q", k)
		}
	}
	be := v["break_even"].(map[string]any)["sides"].([]any)
	h100 := be[1].(map[string]any)
	if num(t, h100, "break_even_usd_per_gpu_hour") <= 0 || num(t, h100, "break_even_utilization") <= 0 {
		t.Errorf("break-even %v", h100)
	}
}

// TestReportBreakEvenSeed: H100 at $4.17/h costs the A100's $23.15 per
// million (4.5 x 23.148 / 25); the A100 matches at 92.6 % utilization.
func TestReportBreakEvenSeed(t *testing.T) {
	v := reportJSONOf(t, seedFlags()...)["verdict"].(map[string]any)
	sides := v["break_even"].(map[string]any)["sides"].([]any)
	a, h := sides[0].(map[string]any), sides[1].(map[string]any)
	if p := num(t, h, "break_even_usd_per_gpu_hour"); math.Abs(p-4.167) > 0.01 {
		t.Errorf("H100 break-even price %v, want 4.167", p)
	}
	if u := num(t, a, "break_even_utilization"); math.Abs(u-0.926) > 0.001 {
		t.Errorf("A100 break-even utilization %v, want 0.926", u)
	}
	if h["utilization_reachable"] != false {
		t.Error("H100 would need 108 %: not reachable")
	}
}

func TestReportFlagsOverrideScenarioFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.toml")
	const file = "version = 1\nutilization = 0.5\nbatch = 4\n[[sides]]\ngpu = \"a100\"\nusd_per_gpu_hour = 1.5\n[[sides]]\ngpu = \"h100\"\nusd_per_gpu_hour = 3\n"
	if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := reportJSONOf(t, "--scenario", path, "--utilization", "0.7", "--price", "h100=4")
	scen := doc["scenario"].(map[string]any)
	if scen["utilization"] != 0.7 || scen["batch"] != 4.0 {
		t.Errorf("utilization %v (flag 0.7 wins), batch %v (file's 4 kept)", scen["utilization"], scen["batch"])
	}
	res := results(t, doc)
	if num(t, res[0], "usd_per_gpu_hour") != 1.5 || num(t, res[1], "usd_per_gpu_hour") != 4 {
		t.Errorf("prices %v, %v: want the file's 1.5 and the flag's 4", res[0]["usd_per_gpu_hour"], res[1]["usd_per_gpu_hour"])
	}
	// Defaults stay where neither says anything.
	if scen["input_tokens"] != float64(model.DefaultInputTokens) {
		t.Errorf("input_tokens %v, want the default", scen["input_tokens"])
	}
}

func TestReportFlagsChangeNumbers(t *testing.T) {
	base := results(t, reportJSONOf(t))
	cases := map[string][]string{
		"bandwidth efficiency": {"--efficiency", "0.5"},
		"model":                {"--model", "llama-3-8b"},
		"batch":                {"--batch", "16"},
		"precision":            {"--precision", "int8"},
		"tp":                   {"--tp", "4"},
		"step overhead":        {"--step-overhead-us", "500"},
	}
	for name, args := range cases {
		got := results(t, reportJSONOf(t, args...))
		if num(t, got[0], "tpot_ms") == num(t, base[0], "tpot_ms") {
			t.Errorf("%s %v: A100 tpot_ms unchanged at %v", name, args, got[0]["tpot_ms"])
		}
	}
	got := results(t, reportJSONOf(t, "--prefill-overhead-ms", "50"))
	if num(t, got[0], "ttft_ms") <= num(t, base[0], "ttft_ms")+40 {
		t.Errorf("prefill overhead 50 ms: ttft %v vs %v", got[0]["ttft_ms"], base[0]["ttft_ms"])
	}
}

func TestReportFP8RefusedOnA100(t *testing.T) {
	code, out, errOut := runArgs("report", "--format", "json", "--model", "llama-3-70b", "--precision", "fp8")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	res := results(t, raw)
	if res[0]["error"] == nil || !strings.Contains(res[0]["error"].(string), "FP8") {
		t.Errorf("A100: %v, want an FP8 error", res[0])
	}
	if _, has := res[0]["tpot_ms"]; has {
		t.Error("A100 has figures despite the refusal")
	}
	num(t, res[1], "tpot_ms")
	if w := raw["verdict"].(map[string]any)["winner"]; w != "h100-sxm" {
		t.Errorf("winner %v, want h100-sxm", w)
	}
}

func TestReportSeveralGPUs(t *testing.T) {
	doc := reportJSONOf(t, "--gpu", "a100", "--gpu", "h100", "--gpu", "h200", "--gpu", "l40s", "--price", "3=5")
	res := results(t, doc)
	if len(res) != 4 || res[2]["gpu"] != "h200-sxm" || num(t, res[2], "usd_per_gpu_hour") != 5 {
		t.Fatalf("results %v", res)
	}
	if vs, _ := doc["verdicts"].([]any); len(vs) != 3 {
		t.Errorf("verdicts: %d, want one per GPU after the first", len(vs))
	}
	one := reportJSONOf(t, "--gpu", "h100")
	if len(results(t, one)) != 1 || one["verdict"].(map[string]any)["winner"] != nil {
		t.Errorf("one GPU: %v", one["verdict"])
	}
}

func TestReportSameGPUTwice(t *testing.T) {
	res := results(t, reportJSONOf(t, "--gpu", "h100", "--gpu", "h100", "--price", "1=4.5", "--price", "2=2.5"))
	if num(t, res[0], "usd_per_gpu_hour") != 4.5 || num(t, res[1], "usd_per_gpu_hour") != 2.5 {
		t.Errorf("prices by position: %v %v", res[0]["usd_per_gpu_hour"], res[1]["usd_per_gpu_hour"])
	}
}

func TestReportFleetByRequests(t *testing.T) {
	res := results(t, reportJSONOf(t, "--model", "llama-3-8b", "--batch", "32", "--target-rps", "50"))
	for _, r := range res {
		f := r["fleet"].(map[string]any)
		if num(t, f, "requests_per_second") != 50 || num(t, f, "replicas") < 1 {
			t.Errorf("%s fleet %v", r["gpu"], f)
		}
	}
}

// TestReportFormatsAgree: CSV and Markdown show the JSON's figures.
func TestReportFormatsAgree(t *testing.T) {
	res := results(t, reportJSONOf(t, seedFlags()...))
	rows, err := csv.NewReader(strings.NewReader(runOK(t, append([]string{"report", "--format", "csv"}, seedFlags()...)...))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("csv: %d records, want a header and two rows", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, r := range res {
		for _, k := range []string{"tpot_ms", "ttft_ms", "usd_per_million_tokens", "usd_per_million_input_tokens", "output_tokens_per_second_per_gpu"} {
			if rows[i+1][col[k]] != formatNumber(num(t, r, k)) {
				t.Errorf("%s %s: csv %q, json %v", r["gpu"], k, rows[i+1][col[k]], r[k])
			}
		}
	}
	md := runOK(t, append([]string{"report", "--format", "markdown"}, seedFlags()...)...)
	for _, want := range []string{"| A100 80GB SXM | H100 SXM 80GB |", "$23.15", "$25.00 (+8 %)", "68.7", "41.8", "**Verdict", "break-even price"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// TestReportNeverPrintsNaN runs every preset through every format.
func TestReportNeverPrintsNaN(t *testing.T) {
	dir := t.TempDir()
	for i, s := range model.BuiltinScenarios() {
		path := filepath.Join(dir, "p.toml")
		if err := scenario.Save(path, s, true); err != nil {
			t.Fatal(err)
		}
		for _, format := range reportFormats {
			out := runOK(t, "report", "--scenario", path, "--format", format, "--target-tokens-per-day", "1e12")
			for _, bad := range []string{"NaN", "Inf", "+Inf", "e+"} {
				if strings.Contains(out, bad) {
					t.Errorf("preset %d %s prints %q:\n%s", i, format, bad, out)
				}
			}
		}
	}
}

// TestReportBadFlags: each kind of bad input gives exit 2 and one line
// naming the flag and what it accepts.
func TestReportBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--utilization", "1.5"}, []string{"infercost report: --utilization 1.5: accepted 0.01 to 1"}},
		{[]string{"--utilization", "0"}, []string{"--utilization 0: accepted 0.01 to 1"}},
		{[]string{"--utilization", "NaN"}, []string{"--utilization NaN: accepted"}},
		{[]string{"--utilization", "Inf"}, []string{"--utilization Inf: accepted"}},
		{[]string{"--utilization", "lots"}, []string{"--utilization lots: accepted"}},
		{[]string{"--params", "0.1"}, []string{"--params 0.1: accepted 0.5 to 2000"}},
		{[]string{"--params", "1e9"}, []string{"--params 1e9: accepted 0.5 to 2000"}},
		{[]string{"--batch", "-1"}, []string{"--batch -1: accepted 0 (max) or a whole number from 1 to 4096"}},
		{[]string{"--batch", "2.5"}, []string{"--batch 2.5: accepted"}},
		{[]string{"--input-tokens", "0"}, []string{"--input-tokens 0: accepted a whole number from 1 to 1048576"}},
		{[]string{"--gpus-per-replica", "65"}, []string{"--gpus-per-replica 65: accepted 0 (auto) or a whole number from 1 to 64"}},
		{[]string{"--tp", "x"}, []string{"--tp x: accepted 0 (auto)"}},
		{[]string{"--tp", "2", "--gpus-per-replica", "4"}, []string{"--tp 2 and --gpus-per-replica 4"}},
		// The heads must split: the flag as given, and the counts that do.
		{[]string{"--params", "2000", "--tp", "64"}, []string{"infercost report: --tp 64: must divide custom 2000B's 200 attention heads",
			"accepted 0 (auto), 1, 2, 4, 5, 8, 10, 20, 25, 40, 50"}},
		{[]string{"--model", "llama-3-70b", "--gpus-per-replica", "3"}, []string{"--gpus-per-replica 3: must divide Llama-3-70B's 64 attention heads",
			"accepted 0 (auto), 1, 2, 4, 8, 16, 32, 64"}},
		{[]string{"--efficiency", "0"}, []string{"--efficiency 0: accepted 0.01 to 1"}},
		{[]string{"--compute-efficiency", "1.2"}, []string{"--compute-efficiency 1.2: accepted 0 (calibrated per GPU) or 0.01 to 1"}},
		{[]string{"--int4-efficiency", "-1"}, []string{"--int4-efficiency -1: accepted"}},
		{[]string{"--allreduce-us", "-3"}, []string{"--allreduce-us -3: accepted 0 to 1000000"}},
		{[]string{"--memory-reserve", "0.95"}, []string{"--memory-reserve 0.95: accepted at least 0 and less than 0.9"}},
		{[]string{"--precision", "fp4"}, []string{"--precision fp4:", "accepted fp16, bf16, fp8, int8, int4"}},
		{[]string{"--kv-precision", "int4"}, []string{"--kv-precision int4:", "accepted fp16, bf16, fp8"}},
		{[]string{"--model", "gpt-5"}, []string{"--model gpt-5:", "valid ids are", "llama-3-70b"}},
		{[]string{"--model", "llama-3-8b", "--params", "13"}, []string{"--params with --model llama-3-8b"}},
		{[]string{"--gpu", "a200"}, []string{"--gpu a200:", "valid ids are", "h100-sxm"}},
		{[]string{"--price", "a200=3"}, []string{"--price a200=3:", "not a compared GPU", "a100-80gb-sxm", "h100-sxm"}},
		{[]string{"--price", "3"}, []string{"--price 3: accepted ID=VALUE", "e.g. --price a100=2.5"}},
		{[]string{"--price", "h100=-2"}, []string{"--price h100=-2: accepted 0 to 1000"}},
		{[]string{"--tps", "a100=fast"}, []string{"--tps a100=fast: accepted 0 (estimate)"}},
		{[]string{"--target-rps", "5", "--target-tokens-per-day", "1e9"}, []string{"give one target"}},
		{[]string{"--target-rps", "-5"}, []string{"--target-rps -5: accepted greater than 0"}},
		{[]string{"--model", "--gpu", "h100"}, []string{"--model needs a value"}},
		{[]string{"--format", "xml"}, []string{"--format xml: accepted markdown, json, csv"}},
		{[]string{"--frobnicate"}, []string{"unknown flag --frobnicate", "-h"}},
		{[]string{"--utilization"}, []string{"--utilization needs a value"}},
		{[]string{"--utilization", "0.5", "--utilization", "0.6"}, []string{"--utilization given twice"}},
		{[]string{"extra"}, []string{`unexpected argument "extra"`}},
		{[]string{"--scenario", "/nonexistent/plan.toml"}, []string{"/nonexistent/plan.toml", "no such file"}},
		{[]string{"--name", "a\x1bb"}, []string{"--name", "control character"}},
		{[]string{"--gpu", "a100", "--gpu", "h100", "--gpu", "l4", "--save", "x.toml"}, []string{"--save x.toml: a scenario file holds exactly two GPUs"}},
	}
	for _, c := range cases {
		code, out, errOut := runArgs(append([]string{"report"}, c.args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", c.args, code, exitUsage)
		}
		if out != "" {
			t.Errorf("%v: wrote to stdout: %q", c.args, out)
		}
		if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "infercost report: ") {
			t.Errorf("%v: want one line, got %q", c.args, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: message %q lacks %q", c.args, errOut, w)
			}
		}
	}
}

func TestReportBadScenarioFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(path, []byte("version = 1\n\nutilization = 1.5\n"), 0o644)
	code, _, errOut := runArgs("report", "--scenario", path)
	if code != exitUsage || !strings.Contains(errOut, path+":3: utilization = 1.5: accepted 0.01 to 1") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

func TestReportSaveRefusesForeignUnlessForced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mine.toml")
	os.WriteFile(path, []byte("hand-written\n"), 0o644)
	code, _, errOut := runArgs("report", "--save", path)
	if code != exitError || !strings.Contains(errOut, "not written by infercost") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	runOK(t, "report", "--save", path, "--force")
	if _, err := scenario.Load(path); err != nil {
		t.Errorf("forced save does not load: %v", err)
	}
}

func TestReportHelp(t *testing.T) {
	for _, h := range []string{"-h", "--help"} {
		out := runOK(t, "report", h)
		for _, want := range []string{"Usage: infercost report", "--utilization X", "--price ID=USD", "--target-rps", "--allreduce-us", "GPU ids:"} {
			if !strings.Contains(out, want) {
				t.Errorf("report %s lacks %q", h, want)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > textWidth {
				t.Errorf("usage line of %d columns: %q", n, line)
			}
		}
	}
}

// FuzzReportArgs: no command line panics, exits with anything but 0 or 2,
// or prints NaN or Inf.
func FuzzReportArgs(f *testing.F) {
	f.Add(strings.Join(seedFlags(), " "))
	f.Add("--model deepseek-v3 --batch max --precision fp8 --gpu mi300x --gpu b200 --target-rps 1000 --format json")
	f.Add("--params 2000 --tp 64 --input-tokens 1048576 --output-tokens 1 --format csv")
	f.Add("--params 0.5 --batch 4096 --precision int4 --kv-precision fp8 --compute-efficiency 0.01 --format markdown")
	f.Add("--gpu l4 --gpu l4 --price 2=0 --tps 1=1e-300 --utilization 1e-300 --target-tokens-per-day 1e15")
	f.Fuzz(func(t *testing.T, line string) {
		args := append([]string{"report"}, strings.Fields(line)...)
		if slices.Contains(args, "--save") || slices.Contains(args, "-save") || strings.Contains(line, "save=") {
			return // writes files
		}
		code, out, errOut := runArgs(args...)
		if code != exitOK && code != exitUsage {
			t.Fatalf("%q: exit %d: %s", line, code, errOut)
		}
		for _, bad := range []string{"NaN", "Inf"} {
			if strings.Contains(out, bad) && !strings.Contains(line, bad) {
				t.Fatalf("%q prints %s:\n%s", line, bad, out)
			}
		}
	})
}

// TestReportPerGPUPrecision: --precision h100=fp8 runs only H100 in FP8,
// the seed's "FP8 only on H100" comparison; its weights take half the
// bytes, and the scenario records the override.
func TestReportPerGPUPrecision(t *testing.T) {
	doc := reportJSONOf(t, "--model", "llama-3-70b", "--tp", "2", "--precision", "h100=fp8")
	rs := results(t, doc)
	if rs[0]["precision"] != "fp16" || rs[1]["precision"] != "fp8" {
		t.Fatalf("precisions %v / %v", rs[0]["precision"], rs[1]["precision"])
	}
	wa := rs[0]["memory_per_gpu"].(map[string]any)["weights_gb"].(float64)
	wb := rs[1]["memory_per_gpu"].(map[string]any)["weights_gb"].(float64)
	if math.Abs(wb/wa-0.5) > 0.01 {
		t.Errorf("FP8 weights %v GB vs FP16 %v GB: want half", wb, wa)
	}
	sides := doc["scenario"].(map[string]any)["sides"].([]any)
	if sides[1].(map[string]any)["precision"] != "fp8" {
		t.Errorf("scenario sides %v lack the override", sides)
	}
	kv := results(t, reportJSONOf(t, "--model", "llama-3-70b", "--tp", "2", "--kv-precision", "h100=fp8"))
	ka := kv[0]["memory_per_gpu"].(map[string]any)["kv_cache_gb"].(float64)
	kb := kv[1]["memory_per_gpu"].(map[string]any)["kv_cache_gb"].(float64)
	if kv[0]["kv_precision"] != "fp16" || kv[1]["kv_precision"] != "fp8" || math.Abs(kb/ka-0.5) > 0.01 {
		t.Errorf("--kv-precision h100=fp8: %v %v GB, %v %v GB", kv[0]["kv_precision"], ka, kv[1]["kv_precision"], kb)
	}
	if code, _, errOut := runArgs("report", "--precision", "a100=fp4"); code != exitUsage || !strings.Contains(errOut, "accepted fp16, bf16, fp8, int8, int4") {
		t.Errorf("bad per-GPU precision: exit %d %q", code, errOut)
	}
}

// TestPlainPrecisionOverridesFileSides: --precision P is every GPU's, even
// when the scenario file gave one GPU its own.
func TestPlainPrecisionOverridesFileSides(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mixed.toml")
	runOK(t, "report", "--save", file, "--precision", "h100=fp8")
	rs := results(t, reportJSONOf(t, "--scenario", file, "--precision", "int8"))
	if rs[0]["precision"] != "int8" || rs[1]["precision"] != "int8" {
		t.Errorf("precisions %v / %v, want int8 for both", rs[0]["precision"], rs[1]["precision"])
	}
}

// TestReportParamsOfPreset: params_b is the chosen preset's own size
// (Llama-3-8B has 8.03 B parameters, meta-llama/Meta-Llama-3-8B), not
// the custom-size slider's value.
func TestReportParamsOfPreset(t *testing.T) {
	doc := reportJSONOf(t, "--model", "llama-3-8b")
	if got := doc["scenario"].(map[string]any)["params_b"].(float64); got < 7.9 || got > 8.1 {
		t.Errorf("llama-3-8b: params_b %v, want about 8.03", got)
	}
	doc = reportJSONOf(t, "--params", "13")
	if got := doc["scenario"].(map[string]any)["params_b"].(float64); got != 13 {
		t.Errorf("--params 13: params_b %v", got)
	}
}

// reportResults runs report --format json and returns its results.
func reportResults(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	return results(t, reportJSONOf(t, args...))
}

// TestReportTPOTTarget: with a 12 ms TPOT target each GPU runs the
// largest batch whose TPOT is at most 12 ms; one more request would
// exceed it (checked by asking for that batch explicitly).
func TestReportTPOTTarget(t *testing.T) {
	for _, r := range reportResults(t, "--model", "llama-3-8b", "--gpu", "a100", "--gpu", "h100", "--tpot-target-ms", "12") {
		tg, ok := r["target"].(map[string]any)
		if !ok {
			t.Fatalf("%v: no target object", r["gpu"])
		}
		if tg["met"] != true || tg["limited_by"] != "tpot" || tg["tpot_ms"] != 12.0 || tg["ttft_ms"] != nil || tg["miss_ms"] != nil {
			t.Errorf("%v: target %v", r["gpu"], tg)
		}
		b, tp := int(num(t, r, "batch")), int(num(t, r, "gpus_per_replica"))
		if num(t, r, "tpot_ms") > 12 {
			t.Errorf("%v: tpot %v ms at batch %d", r["gpu"], r["tpot_ms"], b)
		}
		next := reportResults(t, "--model", "llama-3-8b", "--gpu", r["gpu"].(string), "--batch", strconv.Itoa(b+1), "--tp", strconv.Itoa(tp))
		if num(t, next[0], "tpot_ms") <= 12 {
			t.Errorf("%v: batch %d on %d GPUs still meets 12 ms (%v)", r["gpu"], b+1, tp, next[0]["tpot_ms"])
		}
	}
	// No target: no target key.
	if _, ok := reportResults(t)[0]["target"]; ok {
		t.Error("a target object without a target")
	}
}

// TestReportTargetConflictsAndMisses: --batch beside a target is refused;
// a target even batch 1 cannot meet says so and by how much.
func TestReportTargetConflictsAndMisses(t *testing.T) {
	code, _, errOut := runArgs("report", "--batch", "8", "--ttft-target-ms", "100")
	if code != exitUsage || !strings.Contains(errOut, "--batch 8 and --ttft-target-ms 100") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	r := reportResults(t, "--model", "llama-3-70b", "--gpu", "a100", "--tpot-target-ms", "1")[0]
	tg := r["target"].(map[string]any)
	if tg["met"] != false || tg["miss_ms"] == nil || tg["miss_ms"].(float64) <= 0 || num(t, r, "batch") != 1 {
		t.Errorf("1 ms target on 70B: batch %v, target %v", r["batch"], tg)
	}
	if miss := tg["miss_ms"].(float64); math.Abs(num(t, r, "tpot_ms")-1-miss) > 0.01 && tg["limited_by"] == "tpot" {
		t.Errorf("miss %v ms but tpot %v ms against a 1 ms target", miss, r["tpot_ms"])
	}
}

// TestReportServingFiguresAgree: at max batch the three serving figures
// agree by Little's law, and 2048-token prompts cut throughput well below
// 128-token prompts at the same batch.
func TestReportServingFiguresAgree(t *testing.T) {
	short := reportResults(t, "--model", "llama-3-8b", "--gpu", "h100", "--batch", "max", "--input-tokens", "128", "--output-tokens", "128")[0]
	b := strconv.Itoa(int(num(t, short, "batch")))
	long := reportResults(t, "--model", "llama-3-8b", "--gpu", "h100", "--batch", b, "--input-tokens", "2048", "--output-tokens", "128")[0]
	if num(t, long, "output_tokens_per_second") > 0.7*num(t, short, "output_tokens_per_second") {
		t.Errorf("2048-token prompts: %v tok/s vs %v with 128", long["output_tokens_per_second"], short["output_tokens_per_second"])
	}
	for _, r := range []map[string]any{short, long} {
		B, O := num(t, r, "batch"), 128.0
		little := B * O / ((num(t, r, "ttft_at_load_ms") + (O-1)*num(t, r, "tpot_ms")) / 1e3)
		if got := num(t, r, "output_tokens_per_second"); math.Abs(got-little) > 0.01*little {
			t.Errorf("tok/s %v, Little's law %v", got, little)
		}
	}
}

// TestReportFleetServesAtLoad: the fleet is sized at the largest batch
// that fits whatever batch the figures show, and a scenario file carries
// the fleet load as target_tokens_per_day.
func TestReportFleetServesAtLoad(t *testing.T) {
	r := reportResults(t, "--model", "llama-3-8b", "--gpu", "h100", "--batch", "1", "--target-tokens-per-day", "1e9")[0]
	fleet := r["fleet"].(map[string]any)
	atMax := reportResults(t, "--model", "llama-3-8b", "--gpu", "h100", "--batch", "max")[0]
	if num(t, fleet, "batch") != num(t, atMax, "batch") {
		t.Errorf("fleet at batch %v, max batch %v", fleet["batch"], atMax["batch"])
	}
	// 1e9 tokens/day over the max-batch throughput, rounded up.
	want := math.Ceil(1e9 / 86400 / num(t, atMax, "output_tokens_per_second"))
	if num(t, fleet, "replicas") != want {
		t.Errorf("replicas %v, want %v", fleet["replicas"], want)
	}
	path := filepath.Join(t.TempDir(), "fleet.toml")
	runOK(t, "report", "--target-tokens-per-day", "2e9", "--save", path)
	doc := reportJSONOf(t, "--scenario", path)
	if doc["scenario"].(map[string]any)["target_tokens_per_day"] != 2e9 || results(t, doc)[0]["fleet"] == nil {
		t.Errorf("the saved fleet load did not come back: %v", doc["scenario"])
	}
}

// TestReportMarkdownCarriesWarnings: what the JSON warns about reaches
// the Markdown a planning document pastes: a pin above the physics
// ceiling, and why a fleet could not be sized. Numbers are written out
// (10000000, not 1e+07).
func TestReportMarkdownCarriesWarnings(t *testing.T) {
	md := runOK(t, "report", "--tps", "a100=10000000")
	if !strings.Contains(md, "Warnings:") || !strings.Contains(md, "A100 80GB SXM: pinned 10,000,000 tok/s is above the 29.1 tok/s ceiling") {
		t.Errorf("Markdown lacks the pin warning:\n%s", md)
	}
	out := runOK(t, "report", "--tps", "a100=10000000", "--format", "json")
	if !strings.Contains(out, `"pinned 10000000 tok/s is above the 29.1 tok/s ceiling`) || strings.Contains(out, "e+0") {
		t.Errorf("JSON warning not in plain numbers:\n%s", out)
	}
	md = runOK(t, "report", "--utilization", "0.01", "--target-tokens-per-day", "1e15")
	if !strings.Contains(md, "A100 80GB SXM: no fleet sized: load: needs more than a billion replicas; check the units") {
		t.Errorf("Markdown lacks why the fleet was not sized:\n%s", md)
	}
	if md = runOK(t, "report"); strings.Contains(md, "Warnings:") {
		t.Errorf("warnings without cause:\n%s", md)
	}
}

// TestReportDefaultIsTheExplorersDefault: report with no flags is the
// explorer's opening scenario, titled alike; the explorer always sizes a
// fleet (1B output tokens/day unless the scenario names a load), so with
// that load report prints exactly what the explorer's e exports (the
// explorer run as the command line builds it, e pressed, the export
// captured). A flag that changes what is compared names the scenario by
// it.
func TestReportDefaultIsTheExplorersDefault(t *testing.T) {
	s := model.DefaultScenario()
	if md := runOK(t, "report"); !strings.HasPrefix(md, "### "+s.Name+"\n") {
		t.Errorf("report's default title: %q", strings.SplitN(md, "\n", 2)[0])
	}
	explorer := explorerExport(t)
	if got := runOK(t, "report", "--target-tokens-per-day", "1e9"); got != explorer {
		t.Errorf("report --target-tokens-per-day 1e9:\n%s\nthe explorer's e:\n%s", got, explorer)
	}
	if md := runOK(t, "report", "--gpu", "a100", "--gpu", "l4"); !strings.HasPrefix(md, "### custom 70B FP16: A100 80GB SXM vs L4 24GB\n") {
		t.Errorf("a changed comparison keeps the default's name: %q", strings.SplitN(md, "\n", 2)[0])
	}
}
