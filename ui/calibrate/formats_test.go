package calibrate

import (
	"math"
	"os"
	"strings"
	"testing"

	"infercost/model"
)

// The fixtures in testdata are written by hand in each tool's format, as
// its public source writes it:
//
//   - sglang-llama3-8b-h100.jsonl and .txt: python -m sglang.bench_serving,
//     the result dict it appends to --output-file and the block it prints
//     (https://github.com/sgl-project/sglang/blob/main/python/sglang/bench_serving.py,
//     benchmark()); line 1 in the 2025 layout, line 2 in the newest, with
//     server_info.
//   - profile_export_genai_perf.json and .csv: genai-perf profile
//     (https://github.com/triton-inference-server/perf_analyzer/blob/main/genai-perf/genai_perf/export_data/json_exporter.py
//     and csv_exporter.py; units from metrics/statistics.py; the flat
//     input_config as in perf_analyzer issue #298).
//   - trtllm-bench-llama3-8b-h100.log: trtllm-bench throughput --streaming
//     on the PyTorch backend
//     (https://github.com/NVIDIA/TensorRT-LLM/blob/main/tensorrt_llm/bench/dataclasses/reporting.py,
//     report_statistics(); docs/source/performance/perf-benchmarking.md).

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// want is what a user relies on from a run: the workload and figures
// calibrate is given.
type want struct {
	engine, format, model string
	batch, in, out        int
	tokps, tpotMS, ttftMS float64
	batchFrom             string
}

func checkPoint(t *testing.T, label string, b Bench, w want) {
	t.Helper()
	p := b.Point()
	m := p.Measurement
	if b.Engine != w.engine || b.Format != w.format || b.ModelID != w.model {
		t.Errorf("%s: engine %q format %q model %q; want %q %q %q", label, b.Engine, b.Format, b.ModelID, w.engine, w.format, w.model)
	}
	if p.Batch != w.batch || p.InputTokens != w.in || p.OutputTokens != w.out || !strings.Contains(p.BatchFrom, w.batchFrom) {
		t.Errorf("%s: batch %d (%s), lengths %d/%d; want %d (%s), %d/%d", label, p.Batch, p.BatchFrom, p.InputTokens, p.OutputTokens, w.batch, w.batchFrom, w.in, w.out)
	}
	for _, f := range []struct {
		name      string
		got, want float64
	}{{"tok/s", m.OutputTokensPerSecond, w.tokps}, {"TPOT s", m.TPOTSeconds, w.tpotMS / 1e3}, {"TTFT s", m.TTFTSeconds, w.ttftMS / 1e3}} {
		if math.Abs(f.got-f.want) > 1e-9*math.Max(1, f.want) {
			t.Errorf("%s: %s = %.10g, want %.10g", label, f.name, f.got, f.want)
		}
	}
}

// TestSGLangJSONL: one line a run; the last unless asked. Run 2 sent
// every request at once under max_concurrency 16; run 1 at 4 req/s, so
// its batch is Little's law.
func TestSGLangJSONL(t *testing.T) {
	data := readFixture(t, "sglang-llama3-8b-h100.jsonl")
	last, err := Parse("runs.jsonl", data)
	if err != nil {
		t.Fatal(err)
	}
	// Run 2: 327680 / 320 = 1024 prompt, 81920 / 320 = 256 output tokens;
	// the means as written; batch = max_concurrency 16 (request_rate
	// Infinity); model and TP from server_info.
	checkPoint(t, "run 2", last, want{"SGLang", "SGLang JSONL", "meta-llama/Meta-Llama-3-8B-Instruct",
		16, 1024, 256, 1360.8130581022551, 11.5145075, 62.4011904, "max_concurrency 16"})
	if last.GPUsPerReplica != 1 || last.Run != 2 || last.Runs != 2 || !strings.Contains(strings.Join(last.Notes, ";"), "2 runs") {
		t.Errorf("run 2: tp %d, run %d of %d, notes %q", last.GPUsPerReplica, last.Run, last.Runs, last.Notes)
	}
	first, err := ParseRun("runs.jsonl", data, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Run 1: 512000 / 500 = 1024 and 128000 / 500 = 256 tokens; batch by
	// Little's law, 3.990033 req/s x 3.4025012 s = 13.58 -> 14; no model.
	checkPoint(t, "run 1", first, want{"SGLang", "SGLang JSONL", "",
		14, 1024, 256, 1021.448465457529, 13.1600106, 45.3002916, "Little's law"})
}

// TestSGLangText: the printed blocks, pasted one after another, read as
// the JSONL's runs at the block's two decimals.
func TestSGLangText(t *testing.T) {
	data := readFixture(t, "sglang-llama3-8b-h100.txt")
	last, err := Parse("runs.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	// "Traffic request rate: inf", "Max request concurrency: 16"; the
	// model from the Namespace line.
	checkPoint(t, "block 2", last, want{"SGLang", "SGLang text", "meta-llama/Meta-Llama-3-8B-Instruct",
		16, 1024, 256, 1360.81, 11.51, 62.40, "max_concurrency 16"})
	first, err := ParseRun("runs.txt", data, 1)
	if err != nil {
		t.Fatal(err)
	}
	// "Max request concurrency: not set" at 4.0 req/s: 3.99 x 3.40250 s =
	// 13.58 -> 14.
	checkPoint(t, "block 1", first, want{"SGLang", "SGLang text", "meta-llama/Meta-Llama-3-8B-Instruct",
		14, 1024, 256, 1021.45, 13.16, 45.30, "Little's law"})
	if last.Runs != 2 || first.Run != 1 {
		t.Errorf("runs: %d, first %d", last.Runs, first.Run)
	}
}

// TestGenAIPerf: the JSON and the CSV of one run give the same point.
// Output token throughput is the total over all requests (896.29 tok/s),
// never the per-request 112.08; ITL is genai-perf's per-request
// (latency - TTFT) / (OSL - 1), which is TPOT.
func TestGenAIPerf(t *testing.T) {
	j, err := Parse("profile_export_genai_perf.json", readFixture(t, "profile_export_genai_perf.json"))
	if err != nil {
		t.Fatal(err)
	}
	// input_config concurrency 8, request_rate null: 8 in flight; lengths
	// round(511.875) = 512, round(254.6) = 255; service_kind openai, so
	// backend "tensorrtllm" (the default) names no engine.
	checkPoint(t, "JSON", j, want{"", "genai-perf JSON", "meta-llama/Meta-Llama-3-8B-Instruct",
		8, 512, 255, 896.2923600357002, 8.789922017718343, 38.254012481249996, "concurrency 8"})
	c, err := Parse("profile_export_genai_perf.csv", readFixture(t, "profile_export_genai_perf.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// No arguments in the CSV: Little's law, 3.52 req/s x 2.27159 s
	// ("2,271.59" with its thousands separator) = 7.996 -> 8; lengths
	// round(511.88) = 512, round(254.60) = 255.
	checkPoint(t, "CSV", c, want{"", "genai-perf CSV", "",
		8, 512, 255, 896.29, 8.79, 38.25, "Little's law: 3.52 req/s x 2.27 s"})
}

// TestGenAIPerfUnitsAndNestedConfig: units convert (ns to ms), the newer
// nested input_config gives the model, the rate and the lengths.
func TestGenAIPerfUnitsAndNestedConfig(t *testing.T) {
	b, err := Parse("p.json", []byte(`{
		"time_to_first_token": {"unit": "ns", "avg": 45000000.0, "p99": 90000000.0},
		"inter_token_latency": {"unit": "ns", "avg": "9500000.0"},
		"request_latency": {"unit": "ms", "avg": 1250.0},
		"output_token_throughput": {"unit": "tokens/sec", "avg": 500.0},
		"output_token_throughput_per_user": {"unit": "tokens/sec/user", "avg": 105.2},
		"request_throughput": {"unit": "requests/sec", "avg": 4.0},
		"input_config": {"model_names": ["mistralai/Mistral-7B-Instruct-v0.2"],
			"perf_analyzer": {"stimulus": {"request_rate": 4.0}},
			"input": {"synthetic_tokens": {"mean": 300, "stddev": 0}, "output_tokens": {"mean": 128, "stddev": 0}},
			"endpoint": {"streaming": true, "service_kind": "triton", "backend": "vllm"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	// 45e6 ns = 45 ms; "9500000.0" ns (early genai-perf wrote strings) =
	// 9.5 ms; Little's law 4 req/s x 1.25 s = 5; lengths from the config,
	// 300 and 128; Triton's vllm backend names the engine.
	checkPoint(t, "nested", b, want{"vLLM", "genai-perf JSON", "mistralai/Mistral-7B-Instruct-v0.2",
		5, 300, 128, 500, 9.5, 45, "Little's law"})
	if b.RequestRate != 4 || b.RateUnbounded {
		t.Errorf("rate %v unbounded %v", b.RequestRate, b.RateUnbounded)
	}
}

// TestNonStreamingTTFTLeftOut: without streaming genai-perf's TTFT is the
// whole request; fitting the prefill to it would be wrong by the decode.
func TestNonStreamingTTFTLeftOut(t *testing.T) {
	b, err := Parse("p.json", []byte(`{
		"time_to_first_token": {"unit": "ms", "avg": 4610.6}, "request_latency": {"unit": "ms", "avg": 4610.6},
		"output_token_throughput": {"unit": "tokens/sec", "avg": 12277.7},
		"output_sequence_length": {"unit": "tokens", "avg": 567.84},
		"input_config": {"model": ["ensemble"], "streaming": false, "concurrency": 100}}`))
	if err != nil {
		t.Fatal(err)
	}
	if b.MeanTTFTms != 0 || b.OutputThroughput != 12277.7 || !strings.Contains(strings.Join(b.Notes, ";"), "streaming false") {
		t.Errorf("TTFT %v, tok/s %v, notes %q: want TTFT left out, throughput kept", b.MeanTTFTms, b.OutputThroughput, b.Notes)
	}
}

// TestTRTLLMReport: trtllm-bench's report, the newest layout.
func TestTRTLLMReport(t *testing.T) {
	b, err := Parse("bench.log", readFixture(t, "trtllm-bench-llama3-8b-h100.log"))
	if err != nil {
		t.Fatal(err)
	}
	// Batch = the measured 63.2104 requests in flight -> 63 (Little's law
	// agrees: 16.0580 req/s x 3.936391 s = 63.21); output throughput is
	// "Total Output Throughput" 4110.8480 = 16.0580 x 256, not "Total
	// Token Throughput", which counts the prompts.
	checkPoint(t, "report", b, want{"TensorRT-LLM", "trtllm-bench report", "meta-llama/Meta-Llama-3-8B-Instruct",
		63, 1024, 256, 4110.8480, 15.2082, 58.3, "63.2 requests in flight"})
	if b.GPUsPerReplica != 1 || b.Weights != model.FP8 || b.KV != model.FP8 || b.Date != "2026-11-20" || b.MeanE2ELms != 3936.391 {
		t.Errorf("tp %d, weights %q, kv %q, date %q, e2e %v", b.GPUsPerReplica, b.Weights, b.KV, b.Date, b.MeanE2ELms)
	}
}

// TestTRTLLMOlderLayouts: v0.17 printed "Token Throughput" (the output
// tokens over the run) and neither the requests in flight nor the mean
// request latency, so the batch must come from --batch; a layout with
// only "Total Token Throughput" has no output throughput.
func TestTRTLLMOlderLayouts(t *testing.T) {
	old := `===========================================================
= ENGINE DETAILS
===========================================================
Model:                  meta-llama/Llama-3.1-8B
TensorRT-LLM Version:   0.17.0
Quantization:           FP8

===========================================================
= WORLD + RUNTIME INFORMATION
===========================================================
TP Size:                2
PP Size:                1
Max Runtime Batch Size: 4096

===========================================================
= PERFORMANCE OVERVIEW
===========================================================
Number of requests:             3000
Average Input Length (tokens):  128.0000
Average Output Length (tokens): 128.0000
Token Throughput (tokens/sec):  28390.4265
Request Throughput (req/sec):   221.8002
Total Latency (ms):             13525.6862
`
	b, err := Parse("old.log", []byte(old))
	if err != nil {
		t.Fatal(err)
	}
	// 3000 x 128 / 13.5256862 s = 28390.4 tok/s: the output tokens.
	p := b.Point()
	if b.OutputThroughput != 28390.4265 || p.Batch != 0 || p.InputTokens != 128 || b.GPUsPerReplica != 2 ||
		!strings.Contains(b.MissingBatch(), "Number of concurrent requests") {
		t.Errorf("v0.17: tok/s %v, batch %d, prompt %d, tp %d, %q", b.OutputThroughput, p.Batch, p.InputTokens, b.GPUsPerReplica, b.MissingBatch())
	}
	mid := strings.Replace(old, "Token Throughput (tokens/sec):  28390.4265", "Total Token Throughput (tokens/sec):  56780.853\nAverage time-per-output-token (ms):  12.5", 1)
	b, err = Parse("mid.log", []byte(mid))
	if err != nil {
		t.Fatal(err)
	}
	if b.OutputThroughput != 0 || b.MeanTPOTms != 12.5 {
		t.Errorf("total token throughput read as output (%v), TPOT %v", b.OutputThroughput, b.MeanTPOTms)
	}
}

// TestFormatsRefuse: what is wrong is named on one line, with what is
// accepted.
func TestFormatsRefuse(t *testing.T) {
	jsonl := string(readFixture(t, "sglang-llama3-8b-h100.jsonl"))
	for _, c := range []struct {
		name, body string
		run        int
		want       []string
	}{
		{"unknown text", "hello\n", 0, []string{"f:", "Serving Benchmark Result", "genai-perf", "trtllm-bench"}},
		{"unknown JSON", `{"kind": "notes", "text": "hello"}`, 0, []string{"f:", "no field of a benchmark result", "genai-perf", "trtllm-bench"}},
		{"run past the end", jsonl, 3, []string{"run 3: the file holds 2 runs; accepted 1 to 2"}},
		{"one-run file", "Metric,Value\nOutput Token Throughput (per sec),5\n", 2, []string{"run 2: the file holds one run"}},
		{"NaN in run 2", strings.Replace(jsonl, `"output_throughput": 1360.8130581022551`, `"output_throughput": NaN`, 1), 0,
			[]string{"run 2:", `output_throughput = "NaN"`}},
		{"second line cut", jsonl + `{"completed": 3, "total_in`, 0, []string{"truncated"}},
		{"not an object", "{\"completed\": 1}\n[1, 2]\n", 0, []string{"value 2", "not an object"}},
		{"CSV without figures", "Metric,avg,min\nInput Sequence Length,512.00,512.00\n", 0,
			[]string{"no figure to calibrate on", `"Output Token Throughput"`}},
		{"CSV bad number", "Metric,avg\nInter Token Latency (ms),fast\n", 0, []string{"line 2", "Inter Token Latency (ms)", `"fast"`}},
		{"per-user throughput", `{"output_token_throughput": {"unit": "tokens/sec/user", "avg": 80}}`, 0,
			[]string{"output_token_throughput", "one user's rate"}},
		{"unknown time unit", `{"inter_token_latency": {"unit": "fortnights", "avg": 1}}`, 0, []string{`"fortnights"`, "ns, us, ms or s"}},
		{"genai-perf nothing", `{"input_config": {"model": ["m"]}}`, 0, []string{"no figure", "output_token_throughput"}},
		{"trtllm nothing", "= PERFORMANCE OVERVIEW\nNumber of requests: 10\n", 0, []string{"no figure", "Total Output Throughput"}},
		{"trtllm bad number", "= PERFORMANCE OVERVIEW\nRequest Throughput (req/sec): -3\n", 0, []string{"line 2", "Request Throughput (req/sec)", `"-3"`}},
		{"SGLang no tokens", `{"backend": "sglang", "completed": 5, "mean_e2e_latency_ms": 10, "output_throughput": 3}`, 0,
			[]string{"total_output_tokens"}},
	} {
		_, err := ParseRun("f", []byte(c.body), c.run)
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v; want one line", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not name %q", c.name, err, w)
			}
		}
	}
}
