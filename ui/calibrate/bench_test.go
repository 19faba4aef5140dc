package calibrate

import (
	"math"
	"strings"
	"testing"
)

// TestMatchModel: a Hugging Face id names a preset whatever its
// organisation and chat/instruct/format suffixes.
func TestMatchModel(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"meta-llama/Meta-Llama-3-8B-Instruct", "llama-3-8b"},
		{"meta-llama/Llama-2-7b-chat-hf", "llama-2-7b"},
		{"meta-llama/Llama-2-70b-hf", "llama-2-70b"},
		{"mistralai/Mistral-7B-Instruct-v0.2", "mistral-7b"},
		{"EleutherAI/gpt-j-6b", "gpt-j-6b"},
		{"Qwen/Qwen2.5-72B-Instruct", "qwen2.5-72b"},
		{"microsoft/Phi-3-mini-4k-instruct", ""},
		{"", ""},
	} {
		got, ok := MatchModel(c.id)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("MatchModel(%q) = %q, %v; want %q", c.id, got, ok, c.want)
		}
	}
}

// TestParseJSONRates: "inf", a bare Infinity (Python's json.dump) and a
// number; a rate-limited run's batch is Little's law.
func TestParseJSONRates(t *testing.T) {
	base := `{"model_id": "x", "completed": 100, "total_input_tokens": 51200, "total_output_tokens": 12800,
		"request_throughput": 2.5, "output_throughput": 320, "mean_ttft_ms": 80, "mean_tpot_ms": 20, "mean_e2el_ms": 2620,
		"max_concurrency": %s, "request_rate": %s}`
	for _, c := range []struct {
		conc, rate string
		unbounded  bool
		batch      int
	}{
		{"8", `"inf"`, true, 8},
		{"8", `Infinity`, true, 8},
		{"null", `2.5`, false, 7}, // 2.5 req/s x 2.62 s = 6.55
		{"4", `2.5`, false, 4},    // capped by the concurrency
	} {
		b, err := Parse("r.json", []byte(fill(base, c.conc, c.rate)))
		if err != nil {
			t.Fatalf("%s/%s: %v", c.conc, c.rate, err)
		}
		p := b.Point()
		if b.RateUnbounded != c.unbounded || p.Batch != c.batch || p.InputTokens != 512 || p.OutputTokens != 128 {
			t.Errorf("%s/%s: unbounded %v, batch %d (%s), lengths %d/%d", c.conc, c.rate, b.RateUnbounded, p.Batch, p.BatchFrom, p.InputTokens, p.OutputTokens)
		}
		if math.Abs(p.Measurement.TPOTSeconds-0.020) > 1e-12 {
			t.Errorf("TPOT %v s", p.Measurement.TPOTSeconds)
		}
	}
}

func fill(tmpl, conc, rate string) string {
	return strings.Replace(strings.Replace(tmpl, "%s", conc, 1), "%s", rate, 1)
}

// TestParseRefuses: bad files name what is wrong on one line.
func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"", "empty"},
		{`{"model_id": "x", "completed": 3`, "truncated"},
		{`{"completed": 0, "total_input_tokens": 1, "total_output_tokens": 1, "output_throughput": 1}`, "completed = 0"},
		{`{"completed": 2, "total_input_tokens": 1, "total_output_tokens": 1, "output_throughput": NaN}`, `output_throughput = "NaN"`},
		{`{"completed": 2, "total_input_tokens": 1, "total_output_tokens": 1, "output_throughput": -4}`, "output_throughput = -4"},
		{`{"completed": 2, "total_input_tokens": 1, "total_output_tokens": 1}`, "no figure"},
		{"Serving Benchmark Result\nSuccessful requests: 10\nMean TPOT (ms): abc\n", "mean tpot (ms)"},
	} {
		_, err := Parse("f", []byte(c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v; want one line naming %q", c.body, err, c.want)
		}
	}
}

// FuzzParse: any bytes, in any of the formats read, give a result that
// can calibrate (finite, non-negative figures, at least one above 0;
// requests completed where the format counts them) or a one-line error.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"model_id": "m", "completed": 2, "total_input_tokens": 10, "total_output_tokens": 4, "output_throughput": 3, "request_rate": "inf", "max_concurrency": 2}`))
	f.Add([]byte("Serving Benchmark Result\nSuccessful requests: 3\nTotal input tokens: 30\nTotal generated tokens: 9\nMean TPOT (ms): 12\n"))
	// SGLang's JSONL (two runs) and printed block.
	f.Add([]byte(`{"backend": "sglang", "request_rate": 4.0, "completed": 5, "total_input_tokens": 50, "total_output_tokens": 20, "output_throughput": 3, "mean_e2e_latency_ms": 900, "duration": 2.5}` + "\n" +
		`{"backend": "sglang", "request_rate": Infinity, "max_concurrency": 4, "server_info": {"model_path": "m", "tp_size": 2}, "completed": 4, "total_input_tokens": 40, "total_output_tokens": 8, "mean_tpot_ms": 11}` + "\n"))
	f.Add([]byte("== Serving Benchmark Result ==\nBackend: sglang\nMax request concurrency: not set\nSuccessful requests: 3\nTotal input tokens: 30\nTotal generated tokens: 9\nMean E2E Latency (ms): 80\nMean TTFT (ms): 80\n" + strings.Repeat("=", 50) + "\n"))
	// genai-perf's JSON and CSV.
	f.Add([]byte(`{"time_to_first_token": {"unit": "ns", "avg": 4.5e7}, "output_token_throughput": {"unit": "tokens/sec", "avg": 9}, "input_config": {"concurrency": 3, "model": ["m"], "streaming": true}}`))
	f.Add([]byte("Metric,avg,min\r\nInter Token Latency (ms),\"1,008.5\",3\r\n\r\nMetric,Value\r\nRequest Throughput (per sec),2.00\r\n"))
	// trtllm-bench's report.
	f.Add([]byte("= PYTORCH BACKEND\nModel:\t\tm\nQuantization:\tFP8\nTP Size: 2\nPP Size: 1\n= PERFORMANCE OVERVIEW\nNumber of concurrent requests: 7.5\nTotal Output Throughput (tokens/sec): 40\nAverage time-to-first-token [TTFT] (ms): 9\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("f", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error on several lines: %q", err)
			}
			return
		}
		p := b.Point()
		m := p.Measurement
		for _, v := range []float64{m.OutputTokensPerSecond, m.TPOTSeconds, m.TTFTSeconds} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("figure %v from %q", v, data)
			}
		}
		if m.OutputTokensPerSecond+m.TPOTSeconds+m.TTFTSeconds <= 0 {
			t.Fatalf("no figure from %q", data)
		}
		counted := strings.HasPrefix(b.Format, "vLLM") || strings.HasPrefix(b.Format, "SGLang")
		if counted && b.Completed <= 0 || p.Batch < 0 || p.InputTokens < 0 || p.OutputTokens < 0 || b.GPUsPerReplica < 0 || b.GPUsPerReplica > 64 {
			t.Fatalf("%s: completed %d, batch %d, lengths %d/%d, gpus %d", b.Format, b.Completed, p.Batch, p.InputTokens, p.OutputTokens, b.GPUsPerReplica)
		}
		if b.Runs < 1 || b.Run < 1 || b.Run > b.Runs {
			t.Fatalf("run %d of %d", b.Run, b.Runs)
		}
	})
}

// TestParseRefusesHugeCounts: a count past any real run is refused, not
// wrapped into a negative batch.
func TestParseRefusesHugeCounts(t *testing.T) {
	_, err := Parse("f", []byte(`{"completed": 2, "total_input_tokens": 1, "total_output_tokens": 1, "output_throughput": 1, "max_concurrency": 1e300, "request_rate": "inf"}`))
	if err == nil || !strings.Contains(err.Error(), "max_concurrency") {
		t.Errorf("%v: want max_concurrency refused", err)
	}
}
