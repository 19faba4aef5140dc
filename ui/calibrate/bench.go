// Package calibrate reads serving-benchmark results into the workload and
// figures infercost calibrates its engine on: vLLM's saved JSON and its
// printed "Serving Benchmark Result" block, SGLang's bench_serving JSONL
// and printed block, genai-perf's profile_export_genai_perf.json and .csv,
// and trtllm-bench throughput's printed report. The format is told from
// the content, never the file name. It parses bytes only: the command
// line reads the files and the model package does the fit.
package calibrate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"infercost/model"
)

// Bench is one benchmark run as its file records it. Figures are means
// over the run; 0 means the file does not give it.
type Bench struct {
	Engine string // "vLLM", "SGLang", "TensorRT-LLM"; "" when the file does not say
	// Format names the file's format: "vLLM JSON", "vLLM text", "SGLang
	// JSONL", "SGLang text", "genai-perf JSON", "genai-perf CSV" or
	// "trtllm-bench report".
	Format string
	// ModelID is the model as the benchmark named it (a Hugging Face id).
	ModelID string
	// Date is the run's date, YYYY-MM-DD, when the file gives one.
	Date string
	// RateUnbounded is true when every request was sent at once (request
	// rate "inf"), or kept at a fixed concurrency (genai-perf's
	// concurrency mode); RequestRate is the configured rate otherwise (0 =
	// not given).
	RateUnbounded  bool
	RequestRate    float64
	MaxConcurrency int
	Completed      int
	// Totals over the completed requests.
	TotalInputTokens, TotalOutputTokens int
	RequestThroughput                   float64 // requests/s
	OutputThroughput                    float64 // output tokens/s, all requests together
	MeanTTFTms, MeanTPOTms, MeanE2ELms  float64

	// MeanInputTokens and MeanOutputTokens are the mean lengths where the
	// file gives means rather than totals (genai-perf, trtllm-bench); 0 =
	// from the totals.
	MeanInputTokens, MeanOutputTokens float64
	// InFlight is the mean number of requests in flight the tool itself
	// measured (trtllm-bench's "Number of concurrent requests"); 0 = not
	// given.
	InFlight float64
	// GPUsPerReplica is the parallel size the file states (trtllm-bench's
	// TP x PP, SGLang's server_info tp_size); 0 = not given.
	GPUsPerReplica int
	// Weights and KV are the precisions the file states (trtllm-bench's
	// FP8 quantization); "" = not given.
	Weights, KV model.Precision
	// Run is which run of the file this is (1 = the first) and Runs how
	// many it holds: SGLang appends a JSON line a run, and printed blocks
	// may be pasted one after another.
	Run, Runs int
	// Notes are what a reader must know about how the file was read.
	Notes []string

	// concurrency is what the file calls MaxConcurrency ("max_concurrency",
	// "concurrency"), for BatchFrom.
	concurrency string
}

// maxCount bounds a count (requests, tokens): beyond it no run exists and
// an int conversion would overflow.
const maxCount = 1e12

// maxBenchBytes bounds a result file; vLLM's JSON with per-request
// arrays and generated texts stays well below it.
const maxBenchBytes = 256 << 20

// accepted lists the formats, for the message when nothing matches.
const accepted = "accepted vLLM's or SGLang's result JSON/JSONL or printed \"Serving Benchmark Result\" block, " +
	"genai-perf's profile_export_genai_perf.json or .csv, or trtllm-bench throughput's printed report"

// Parse reads a benchmark result from data (named name in messages): the
// last run when the file holds several. Every error is one line naming
// the file, what is wrong and what is accepted.
func Parse(name string, data []byte) (Bench, error) { return ParseRun(name, data, 0) }

// ParseRun reads run number run (1 = the first) of a file that holds
// several; 0 reads the last.
func ParseRun(name string, data []byte, run int) (Bench, error) {
	t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))
	switch {
	case len(t) == 0:
		return Bench{}, fmt.Errorf("%s: empty; %s", name, accepted)
	case len(data) > maxBenchBytes:
		return Bench{}, fmt.Errorf("%s: larger than %d MiB; accepted one benchmark result", name, maxBenchBytes>>20)
	case run < 0:
		return Bench{}, fmt.Errorf("%s: run %d: accepted 1 or more (0 = the last)", name, run)
	}
	b, err := parseRun(t, run)
	if err != nil {
		return Bench{}, fmt.Errorf("%s: %w", name, err)
	}
	if b.Runs > 1 {
		b.Notes = append(b.Notes, fmt.Sprintf("the file holds %d runs; this is run %d%s (--run N picks another)",
			b.Runs, b.Run, map[bool]string{true: ", the last", false: ""}[b.Run == b.Runs]))
	}
	return b, nil
}

// parseRun tells the format from the content and reads the chosen run.
func parseRun(t []byte, run int) (Bench, error) {
	if t[0] == '{' {
		objs, err := splitJSON(t)
		if err != nil {
			return Bench{}, err
		}
		i, err := pick(len(objs), run)
		if err != nil {
			return Bench{}, err
		}
		b, err := parseJSONObject(objs[i])
		if err != nil && len(objs) > 1 {
			err = fmt.Errorf("run %d: %w", i+1, err)
		}
		b.Run, b.Runs = i+1, len(objs)
		return b, err
	}
	s := strings.ReplaceAll(string(t), "\r\n", "\n")
	switch {
	case isTRTLLM(s):
		return parseTRTLLM(s, run)
	case isGenAIPerfCSV(s):
		if _, err := pick(1, run); err != nil {
			return Bench{}, err
		}
		b, err := parseGenAIPerfCSV(s)
		b.Run, b.Runs = 1, 1
		return b, err
	}
	return parseText(s, run)
}

// pick turns a 1-based run number (0 = the last) into an index.
func pick(n, run int) (int, error) {
	switch {
	case run == 0:
		return n - 1, nil
	case run > n && n == 1:
		return 0, fmt.Errorf("run %d: the file holds one run; accepted 1", run)
	case run > n:
		return 0, fmt.Errorf("run %d: the file holds %d runs; accepted 1 to %d", run, n, n)
	}
	return run - 1, nil
}

// pythonSpecials are the bare tokens Python's json.dump writes for
// non-finite floats, which JSON does not allow.
var pythonSpecials = regexp.MustCompile(`([:\[,]\s*)(-?Infinity|NaN)(\s*[,\]}])`)

// splitJSON reads one JSON object, or several one after another (SGLang's
// JSONL, vLLM's --append-result), fixing Python's bare non-finite floats.
func splitJSON(data []byte) ([]json.RawMessage, error) {
	objs, err := decodeAll(data)
	if err == nil {
		return objs, nil
	}
	fixed := pythonSpecials.ReplaceAll(data, []byte(`$1"$2"$3`))
	if bytes.Equal(fixed, data) {
		return nil, jsonError(data, err)
	}
	// Past Python's specials, the first real fault (the fix only adds
	// quotes within lines, so line numbers hold).
	objs, err = decodeAll(fixed)
	if err != nil {
		return nil, jsonError(fixed, err)
	}
	return objs, nil
}

// errNotObject is a JSON value in the stream that is not an object.
var errNotObject = errors.New("a JSON value that is not an object")

func decodeAll(data []byte) ([]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []json.RawMessage
	for {
		var m json.RawMessage
		err := dec.Decode(&m)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(m) == 0 || m[0] != '{' {
			return nil, fmt.Errorf("value %d: %w", len(out)+1, errNotObject)
		}
		out = append(out, m)
	}
}

// jsonObject decodes one object of the stream (already valid JSON).
func jsonObject(data []byte) (map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonError(data, err)
	}
	return raw, nil
}

// parseJSONObject tells vLLM's, SGLang's and genai-perf's JSON apart by
// their keys and reads the one it is.
func parseJSONObject(data []byte) (Bench, error) {
	raw, err := jsonObject(data)
	if err != nil {
		return Bench{}, err
	}
	switch {
	case isGenAIPerfJSON(raw):
		return parseGenAIPerfJSON(raw)
	case isSGLangJSON(raw):
		return parseSGLangJSON(raw)
	}
	for _, k := range []string{"model_id", "completed", "total_output_tokens", "output_throughput", "mean_tpot_ms", "mean_ttft_ms", "request_throughput"} {
		if _, ok := raw[k]; ok {
			return parseVLLMJSON(raw)
		}
	}
	return Bench{}, fmt.Errorf("a JSON object with no field of a benchmark result (completed, output_throughput, output_token_throughput, ...); %s", accepted)
}

// parseVLLMJSON reads the JSON `vllm bench serve --save-result` and
// benchmark_serving.py write.
func parseVLLMJSON(raw map[string]json.RawMessage) (Bench, error) {
	b := Bench{Engine: "vLLM", Format: "vLLM JSON"}
	var err error
	b.ModelID = jsonString(raw, "model_id")
	b.Date = jsonDate(jsonString(raw, "date"))
	if b.RateUnbounded, b.RequestRate, err = jsonRate(raw["request_rate"]); err != nil {
		return Bench{}, err
	}
	if err := jsonFields(raw, []jsonField{
		{"max_concurrency", nil, &b.MaxConcurrency}, {"completed", nil, &b.Completed},
		{"total_input_tokens", nil, &b.TotalInputTokens}, {"total_output_tokens", nil, &b.TotalOutputTokens},
		{"request_throughput", &b.RequestThroughput, nil}, {"output_throughput", &b.OutputThroughput, nil},
		{"mean_ttft_ms", &b.MeanTTFTms, nil}, {"mean_tpot_ms", &b.MeanTPOTms, nil}, {"mean_e2el_ms", &b.MeanE2ELms, nil},
	}); err != nil {
		return Bench{}, err
	}
	return b, b.check()
}

// jsonField is a numeric key and where it goes: a figure, or a count.
type jsonField struct {
	key   string
	dst   *float64
	whole *int
}

// jsonFields reads each key as a finite number 0 or more; a count must be
// a whole number up to maxCount.
func jsonFields(raw map[string]json.RawMessage, fields []jsonField) error {
	for _, f := range fields {
		v, err := jsonNumber(raw, f.key)
		if err != nil {
			return err
		}
		switch {
		case f.dst != nil:
			*f.dst = v
		case v > maxCount:
			return fmt.Errorf("%s = %g: accepted a whole number up to %g", f.key, v, float64(maxCount))
		default:
			*f.whole = int(v)
		}
	}
	return nil
}

// jsonString reads key as a string; "" when missing or not a string.
func jsonString(raw map[string]json.RawMessage, key string) string {
	var s string
	if v, ok := raw[key]; ok && json.Unmarshal(v, &s) == nil {
		return s
	}
	return ""
}

// jsonError says where the JSON breaks, on one line.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		if se.Offset >= int64(len(data)) {
			return fmt.Errorf("line %d: the JSON ends early (truncated?); accepted a whole benchmark result", line)
		}
		return fmt.Errorf("line %d: not valid JSON (%v); %s", line, se, accepted)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
		return fmt.Errorf("the JSON ends early (truncated?); accepted a whole benchmark result")
	}
	if errors.Is(err, errNotObject) {
		return fmt.Errorf("%v; accepted one JSON object per run", err)
	}
	return fmt.Errorf("not a benchmark result (%v); %s", err, accepted)
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

// checkFigures refuses a run with no figure to calibrate on, naming the
// format's own fields.
func (b Bench) checkFigures(names string) error {
	if b.OutputThroughput <= 0 && b.MeanTPOTms <= 0 && b.MeanTTFTms <= 0 {
		return fmt.Errorf("no figure to calibrate on: accepted %s", names)
	}
	return nil
}
