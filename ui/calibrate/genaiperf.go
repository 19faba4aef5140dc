package calibrate

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// genai-perf (and the aiperf that followed it) writes each metric as an
// object of statistics with its unit: {"unit": "ms", "avg": 25.1, "p50":
// ..., "p99": ...}. The model describes means, so avg is read and the
// percentiles are passed over. Latencies are per request; throughputs
// are over all requests together, except the *_per_request/_per_user
// ones, which are one user's and are not read.

// gpKind is how a genai-perf metric is read.
type gpKind int

const (
	gpTime  gpKind = iota // a latency, converted to ms by its unit
	gpRate                // a throughput over all requests, per second
	gpCount               // a count or a mean length
)

// gpMetric is one metric infercost reads, by its JSON keys (newest
// first) and its CSV label (lower case, unit removed).
type gpMetric struct {
	keys  []string
	label string
	kind  gpKind
	get   func(*Bench) *float64
}

var gpMetrics = []gpMetric{
	{[]string{"output_token_throughput"}, "output token throughput", gpRate, func(b *Bench) *float64 { return &b.OutputThroughput }},
	{[]string{"inter_token_latency"}, "inter token latency", gpTime, func(b *Bench) *float64 { return &b.MeanTPOTms }},
	{[]string{"time_to_first_token"}, "time to first token", gpTime, func(b *Bench) *float64 { return &b.MeanTTFTms }},
	{[]string{"request_latency"}, "request latency", gpTime, func(b *Bench) *float64 { return &b.MeanE2ELms }},
	{[]string{"request_throughput"}, "request throughput", gpRate, func(b *Bench) *float64 { return &b.RequestThroughput }},
	{[]string{"input_sequence_length", "num_input_token"}, "input sequence length", gpCount, func(b *Bench) *float64 { return &b.MeanInputTokens }},
	{[]string{"output_sequence_length", "num_output_token"}, "output sequence length", gpCount, func(b *Bench) *float64 { return &b.MeanOutputTokens }},
}

// gpFigures names the figures a genai-perf run calibrates on, for the
// message when it has none.
const gpFigures = "output_token_throughput, inter_token_latency or time_to_first_token with an avg above 0"

// isGenAIPerfJSON: genai-perf's export has its arguments under
// input_config and its metrics as objects of statistics.
func isGenAIPerfJSON(raw map[string]json.RawMessage) bool {
	if _, ok := raw["input_config"]; ok {
		return true
	}
	for _, m := range gpMetrics {
		for _, k := range m.keys {
			if v := raw[k]; len(v) > 0 && v[0] == '{' {
				return true
			}
		}
	}
	return false
}

// parseGenAIPerfJSON reads profile_export_genai_perf.json: the metrics'
// averages, and from input_config the model, the concurrency or request
// rate, and whether the run streamed.
func parseGenAIPerfJSON(raw map[string]json.RawMessage) (Bench, error) {
	b := Bench{Format: "genai-perf JSON", concurrency: "concurrency"}
	for _, m := range gpMetrics {
		for _, k := range m.keys {
			v, ok := raw[k]
			if !ok {
				continue
			}
			x, err := gpStat(k, v, m.kind)
			if err != nil {
				return Bench{}, err
			}
			*m.get(&b) = x
			break
		}
	}
	if v, ok := raw["request_count"]; ok {
		n, err := gpStat("request_count", v, gpCount)
		if err != nil {
			return Bench{}, err
		}
		b.Completed = int(n)
	}
	var cfg map[string]json.RawMessage
	if v := raw["input_config"]; len(v) > 0 && v[0] == '{' {
		_ = json.Unmarshal(v, &cfg)
	}
	b.genAIPerfConfig(cfg)
	if err := b.checkFigures(gpFigures); err != nil {
		return Bench{}, err
	}
	return b, nil
}

// genAIPerfConfig takes what the run's arguments say: flat in
// genai-perf up to 0.0.12 (model, concurrency, request_rate, streaming,
// synthetic_input_tokens_mean, output_tokens_mean), nested in the newer
// config (model_names, perf_analyzer.stimulus, endpoint.streaming,
// input.synthetic_tokens.mean, input.output_tokens.mean).
func (b *Bench) genAIPerfConfig(cfg map[string]json.RawMessage) {
	if cfg == nil {
		return
	}
	b.ModelID = firstString(lookup(cfg, "model"))
	if b.ModelID == "" {
		b.ModelID = firstString(lookup(cfg, "model_names"))
	}
	conc, hasConc := positive(lookup(cfg, "concurrency"), lookup(cfg, "perf_analyzer", "stimulus", "concurrency"))
	rate, hasRate := positive(lookup(cfg, "request_rate"), lookup(cfg, "perf_analyzer", "stimulus", "request_rate"))
	switch {
	case hasRate:
		b.RequestRate = rate
		if hasConc && conc <= maxCount {
			b.MaxConcurrency = int(conc)
		}
	case hasConc && conc <= maxCount:
		// Concurrency mode keeps that many requests in flight.
		b.RateUnbounded, b.MaxConcurrency = true, int(conc)
	}
	if b.MeanInputTokens == 0 {
		b.MeanInputTokens, _ = positive(lookup(cfg, "synthetic_input_tokens_mean"), lookup(cfg, "input", "synthetic_tokens", "mean"))
	}
	if b.MeanOutputTokens == 0 {
		b.MeanOutputTokens, _ = positive(lookup(cfg, "output_tokens_mean"), lookup(cfg, "input", "output_tokens", "mean"))
	}
	streaming := lookup(cfg, "streaming")
	if streaming == nil {
		streaming = lookup(cfg, "endpoint", "streaming")
	}
	if string(streaming) == "false" && (b.MeanTTFTms > 0 || b.MeanTPOTms > 0) {
		b.Notes = append(b.Notes, "input_config streaming false: genai-perf's TTFT is then the whole request; TTFT and ITL not used")
		b.MeanTTFTms, b.MeanTPOTms = 0, 0
	}
	b.dropWholeRequestTTFT("time_to_first_token", "request_latency")
	kind := strings.ToLower(firstString(lookup(cfg, "service_kind")) + firstString(lookup(cfg, "endpoint", "service_kind")))
	backend := strings.ToLower(firstString(lookup(cfg, "backend")) + firstString(lookup(cfg, "endpoint", "backend")))
	if kind == "triton" {
		// backend names the Triton backend only for the triton service
		// kind; elsewhere it is a default that says nothing.
		b.Engine = map[string]string{"tensorrtllm": "TensorRT-LLM", "vllm": "vLLM"}[backend]
	}
}

// gpStat reads a metric object's avg, converted by its unit.
func gpStat(key string, v json.RawMessage, kind gpKind) (float64, error) {
	var st map[string]json.RawMessage
	if err := json.Unmarshal(v, &st); err != nil {
		return 0, fmt.Errorf("%s = %s: accepted an object with unit and avg", key, short(string(v)))
	}
	unit := jsonString(st, "unit")
	avg, ok := st["avg"]
	if !ok {
		return 0, fmt.Errorf("%s has no avg: accepted an object with unit and avg", key)
	}
	var x float64
	var s string
	if json.Unmarshal(avg, &x) != nil {
		// Early genai-perf wrote the statistics as strings.
		if json.Unmarshal(avg, &s) != nil {
			return 0, fmt.Errorf("%s avg = %s: accepted a finite number, 0 or more", key, short(string(avg)))
		}
		var err error
		if x, err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return 0, fmt.Errorf("%s avg = %s: accepted a finite number, 0 or more", key, short(string(avg)))
		}
	}
	return gpValue(key, x, unit, kind)
}

// gpValue checks a value and converts it by its unit.
func gpValue(key string, x float64, unit string, kind gpKind) (float64, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > maxCount {
		return 0, fmt.Errorf("%s avg = %g: accepted a finite number, 0 or more", key, x)
	}
	switch kind {
	case gpTime:
		f, err := msPer(key, unit)
		return x * f, err
	case gpRate:
		return x, perSecond(key, unit)
	}
	return x, nil
}

// msPer is how many milliseconds one of unit is.
func msPer(key, unit string) (float64, error) {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "", "ms":
		return 1, nil
	case "ns":
		return 1e-6, nil
	case "us", "µs", "μs":
		return 1e-3, nil
	case "s", "sec", "seconds":
		return 1e3, nil
	}
	return 0, fmt.Errorf("%s unit %q: accepted ns, us, ms or s", key, unit)
}

// perSecond accepts a throughput's unit if it is per second over all
// requests: a per-user or per-GPU rate is another quantity.
func perSecond(key, unit string) error {
	u := strings.ToLower(strings.TrimSpace(unit))
	for _, per := range []string{"user", "gpu", "request"} {
		if strings.Contains(u, "/"+per) || strings.Contains(u, "per "+per) {
			return fmt.Errorf("%s unit %q: one %s's rate; accepted the total over all requests, per second", key, unit, per)
		}
	}
	if u == "" || strings.Contains(u, "sec") || strings.HasSuffix(u, "/s") {
		return nil
	}
	return fmt.Errorf("%s unit %q: accepted a rate per second (tokens/sec, requests/sec)", key, unit)
}

// lookup follows a path of keys through nested objects; nil when absent.
func lookup(raw map[string]json.RawMessage, path ...string) json.RawMessage {
	v, ok := raw[path[0]]
	if !ok {
		return nil
	}
	if len(path) == 1 {
		return v
	}
	var next map[string]json.RawMessage
	if json.Unmarshal(v, &next) != nil {
		return nil
	}
	return lookup(next, path[1:]...)
}

// firstString is a string, or the first of a list of strings.
func firstString(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(v, &list) == nil && len(list) > 0 {
		return list[0]
	}
	return ""
}

// positive is the first of vs that is a finite number above 0.
func positive(vs ...json.RawMessage) (float64, bool) {
	for _, v := range vs {
		var x float64
		if json.Unmarshal(v, &x) == nil && x > 0 && !math.IsInf(x, 0) {
			return x, true
		}
	}
	return 0, false
}

// csvMetrics are the CSV's rows infercost reads: the JSON's metrics and
// the request count (get nil: a count, not a figure).
var csvMetrics = append(append([]gpMetric(nil), gpMetrics...), gpMetric{nil, "request count", gpCount, nil})

// isGenAIPerfCSV: genai-perf's CSV opens with its statistics header.
func isGenAIPerfCSV(s string) bool {
	return strings.HasPrefix(s, "Metric,")
}

// parseGenAIPerfCSV reads profile_export_genai_perf.csv: a table of
// request metrics ("Metric,avg,min,max,p99,...", one row a metric with
// its unit in brackets, numbers with thousands separators) and, after a
// blank line, the system metrics ("Metric,Value": output token and
// request throughput). It holds no arguments, so the model comes from the
// flags and the batch from Little's law.
func parseGenAIPerfCSV(s string) (Bench, error) {
	b := Bench{Format: "genai-perf CSV"}
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	col := -1
	for {
		rec, err := r.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Bench{}, fmt.Errorf("line %d: not valid CSV (%v); accepted genai-perf's CSV", pe.Line, pe.Err)
			}
			break // io.EOF
		}
		line, _ := r.FieldPos(0)
		if rec[0] == "Metric" {
			col = -1
			for i, h := range rec {
				if h == "avg" || h == "Value" {
					col = i
				}
			}
			continue
		}
		label, unit := csvLabel(rec[0])
		if col < 0 || col >= len(rec) {
			continue
		}
		var count float64
		for _, m := range csvMetrics {
			if m.label != label {
				continue
			}
			raw := strings.ReplaceAll(strings.TrimSpace(rec[col]), ",", "")
			x, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				return Bench{}, fmt.Errorf("line %d: %s %q: accepted a finite number, 0 or more", line, rec[0], rec[col])
			}
			if x, err = gpValue(rec[0], x, unit, m.kind); err != nil {
				return Bench{}, fmt.Errorf("line %d: %w", line, err)
			}
			if m.get == nil {
				m.get = func(*Bench) *float64 { return &count }
			}
			*m.get(&b) = x
		}
		if count > 0 {
			b.Completed = int(count)
		}
	}
	b.dropWholeRequestTTFT("Time To First Token", "Request Latency")
	if err := b.checkFigures(`rows "Output Token Throughput", "Inter Token Latency" or "Time To First Token" above 0`); err != nil {
		return Bench{}, err
	}
	return b, nil
}

// csvLabel splits "Time To First Token (ms)" into "time to first token"
// and "ms"; CSV units "per sec" and "tokens/sec" both mean per second.
func csvLabel(s string) (label, unit string) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, " ("); i >= 0 && strings.HasSuffix(s, ")") {
		s, unit = s[:i], s[i+2:len(s)-1]
	}
	return strings.ToLower(s), unit
}
