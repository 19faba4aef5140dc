// Package calibrate reads serving-benchmark results (vLLM's saved JSON and
// its printed "Serving Benchmark Result" block) into the workload and
// figures infercost calibrates its engine on. It parses bytes only: the
// command line reads the files and the model package does the fit.
package calibrate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Bench is one benchmark run as its file records it. Figures are means
// over the run; 0 means the file does not give it.
type Bench struct {
	Engine string // "vLLM"
	Format string // "vLLM JSON" or "vLLM text"
	// ModelID is the model as the benchmark named it (a Hugging Face id).
	ModelID string
	// Date is the run's date, YYYY-MM-DD, when the file gives one.
	Date string
	// RateUnbounded is true when every request was sent at once (request
	// rate "inf"); RequestRate is the configured rate otherwise (0 = not
	// given).
	RateUnbounded  bool
	RequestRate    float64
	MaxConcurrency int
	Completed      int
	// Totals over the completed requests.
	TotalInputTokens, TotalOutputTokens int
	RequestThroughput                   float64 // requests/s
	OutputThroughput                    float64 // output tokens/s
	MeanTTFTms, MeanTPOTms, MeanE2ELms  float64
}

// maxCount bounds a count (requests, tokens): beyond it no run exists and
// an int conversion would overflow.
const maxCount = 1e12

// maxBenchBytes bounds a result file; vLLM's JSON with per-request
// arrays and generated texts stays well below it.
const maxBenchBytes = 256 << 20

// Parse reads a vLLM result, JSON or the printed text block, from data
// (named name in messages). Every error is one line naming the field and
// what is accepted.
func Parse(name string, data []byte) (Bench, error) {
	t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))
	switch {
	case len(t) == 0:
		return Bench{}, fmt.Errorf("%s: empty; accepted vLLM's result JSON (bench serve --save-result) or its \"Serving Benchmark Result\" text", name)
	case len(data) > maxBenchBytes:
		return Bench{}, fmt.Errorf("%s: larger than %d MiB; accepted one benchmark result", name, maxBenchBytes>>20)
	case t[0] == '{':
		b, err := parseJSON(t)
		if err != nil {
			return Bench{}, fmt.Errorf("%s: %w", name, err)
		}
		return b, nil
	}
	b, err := parseText(string(t))
	if err != nil {
		return Bench{}, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// pythonSpecials are the bare tokens Python's json.dump writes for
// non-finite floats, which JSON does not allow.
var pythonSpecials = regexp.MustCompile(`([:\[,]\s*)(-?Infinity|NaN)(\s*[,\]}])`)

// parseJSON reads the JSON `vllm bench serve --save-result` and
// benchmark_serving.py write.
func parseJSON(data []byte) (Bench, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		fixed := pythonSpecials.ReplaceAll(data, []byte(`$1"$2"$3`))
		if err2 := json.Unmarshal(fixed, &raw); err2 != nil {
			return Bench{}, jsonError(data, err)
		}
	}
	b := Bench{Engine: "vLLM", Format: "vLLM JSON"}
	var err error
	str := func(key string) string {
		var s string
		if v, ok := raw[key]; ok && json.Unmarshal(v, &s) == nil {
			return s
		}
		return ""
	}
	b.ModelID = str("model_id")
	b.Date = jsonDate(str("date"))
	if b.RateUnbounded, b.RequestRate, err = jsonRate(raw["request_rate"]); err != nil {
		return Bench{}, err
	}
	for _, f := range []struct {
		key   string
		dst   *float64
		whole *int
	}{
		{"max_concurrency", nil, &b.MaxConcurrency}, {"completed", nil, &b.Completed},
		{"total_input_tokens", nil, &b.TotalInputTokens}, {"total_output_tokens", nil, &b.TotalOutputTokens},
		{"request_throughput", &b.RequestThroughput, nil}, {"output_throughput", &b.OutputThroughput, nil},
		{"mean_ttft_ms", &b.MeanTTFTms, nil}, {"mean_tpot_ms", &b.MeanTPOTms, nil}, {"mean_e2el_ms", &b.MeanE2ELms, nil},
	} {
		v, err := jsonNumber(raw, f.key)
		if err != nil {
			return Bench{}, err
		}
		switch {
		case f.dst != nil:
			*f.dst = v
		case v > maxCount:
			return Bench{}, fmt.Errorf("%s = %g: accepted a whole number up to %g", f.key, v, float64(maxCount))
		default:
			*f.whole = int(v)
		}
	}
	return b, b.check()
}

// jsonError says where the JSON breaks, on one line.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		if se.Offset >= int64(len(data)) {
			return fmt.Errorf("line %d: the JSON ends early (truncated?); accepted a whole vLLM result", line)
		}
		return fmt.Errorf("line %d: not valid JSON (%v); accepted a vLLM result", line, se)
	}
	if strings.Contains(err.Error(), "unexpected end of JSON input") {
		return fmt.Errorf("the JSON ends early (truncated?); accepted a whole vLLM result")
	}
	return fmt.Errorf("not a vLLM result (%v); accepted a JSON object with model_id, completed, output_throughput and mean_tpot_ms", err)
}

// jsonNumber reads key as a finite number; missing or null is 0.
func jsonNumber(raw map[string]json.RawMessage, key string) (float64, error) {
	v, ok := raw[key]
	if !ok || string(v) == "null" {
		return 0, nil
	}
	var f float64
	if err := json.Unmarshal(v, &f); err != nil {
		return 0, fmt.Errorf("%s = %s: accepted a finite number", key, short(string(v)))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, fmt.Errorf("%s = %s: accepted a finite number, 0 or more", key, short(string(v)))
	}
	return f, nil
}

// jsonRate reads request_rate: a number, or "inf" (vLLM writes the string
// for an unbounded rate), or a bare Infinity from older writers.
func jsonRate(v json.RawMessage) (unbounded bool, rate float64, err error) {
	if len(v) == 0 || string(v) == "null" {
		return false, 0, nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return parseRate("request_rate", s)
	}
	var f float64
	if json.Unmarshal(v, &f) != nil || math.IsNaN(f) || f <= 0 {
		return false, 0, fmt.Errorf("request_rate = %s: accepted a number above 0 or \"inf\"", short(string(v)))
	}
	return math.IsInf(f, 1), f, nil
}

// parseRate reads a rate as text: "inf", "Infinity" or a number.
func parseRate(field, s string) (bool, float64, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "inf", "infinity", "+inf":
		return true, 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
		return false, 0, fmt.Errorf("%s %q: accepted a number above 0 or inf", field, s)
	}
	return false, f, nil
}

// jsonDate turns vLLM's "20241120-134415" into "2024-11-20".
func jsonDate(s string) string {
	if len(s) >= 8 {
		if _, err := strconv.Atoi(s[:8]); err == nil {
			return s[:4] + "-" + s[4:6] + "-" + s[6:8]
		}
	}
	return ""
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// check refuses a result that cannot calibrate anything.
func (b Bench) check() error {
	switch {
	case b.Completed <= 0:
		return fmt.Errorf("completed = %d: no request completed; accepted a run with completed above 0", b.Completed)
	case b.TotalOutputTokens <= 0:
		return fmt.Errorf("total_output_tokens missing or 0: accepted a run that generated tokens")
	case b.TotalInputTokens <= 0:
		return fmt.Errorf("total_input_tokens missing or 0: accepted a run with prompts")
	case b.OutputThroughput <= 0 && b.MeanTPOTms <= 0 && b.MeanTTFTms <= 0:
		return fmt.Errorf("no figure to calibrate on: accepted output_throughput, mean_tpot_ms or mean_ttft_ms above 0")
	}
	return nil
}
