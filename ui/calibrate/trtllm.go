package calibrate

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"infercost/model"
)

// trtllm-bench throughput prints its report through its logger: an
// ENGINE DETAILS (or PYTORCH BACKEND) section with the model and
// quantization, WORLD + RUNTIME INFORMATION with TP and PP sizes, REQUEST
// DETAILS with the mean lengths and the mean number of requests in
// flight, and PERFORMANCE OVERVIEW: request and output throughput over
// the run, the mean request latency and, with --streaming, the mean TTFT
// and TPOT per request. Older releases print the lengths inside the
// overview and call the output throughput "Token Throughput".

// trtllmFields are the report's lines infercost reads, by their label
// (lower case, before the colon, with bracketed tags such as "[TTFT]"
// removed).
var trtllmFields = map[string]func(*trtllmValues) *float64{
	"number of requests":                   func(v *trtllmValues) *float64 { return &v.requests },
	"number of concurrent requests":        func(v *trtllmValues) *float64 { return &v.inFlight },
	"average input length (tokens)":        func(v *trtllmValues) *float64 { return &v.input },
	"average output length (tokens)":       func(v *trtllmValues) *float64 { return &v.output },
	"request throughput (req/sec)":         func(v *trtllmValues) *float64 { return &v.reqps },
	"total output throughput (tokens/sec)": func(v *trtllmValues) *float64 { return &v.outps },
	"token throughput (tokens/sec)":        func(v *trtllmValues) *float64 { return &v.oldOutps },
	"average request latency (ms)":         func(v *trtllmValues) *float64 { return &v.e2e },
	"average time-to-first-token (ms)":     func(v *trtllmValues) *float64 { return &v.ttft },
	"average time-per-output-token (ms)":   func(v *trtllmValues) *float64 { return &v.tpot },
	"tp size":                              func(v *trtllmValues) *float64 { return &v.tp },
	"pp size":                              func(v *trtllmValues) *float64 { return &v.pp },
}

type trtllmValues struct {
	requests, inFlight, input, output, reqps, outps, oldOutps, e2e, ttft, tpot, tp, pp float64
}

// trtllmTag is a bracketed tag in a label: "[TTFT]", "[w/ ctx]".
var trtllmTag = regexp.MustCompile(`\s*\[[^\]]*\]`)

// trtllmDate is the timestamp trtllm-bench's logger puts on its lines:
// [01/18/2025-01:01:42].
var trtllmDate = regexp.MustCompile(`\[(\d\d)/(\d\d)/(\d{4})-\d\d:\d\d:\d\d\]`)

// isTRTLLM: the report's overview header.
func isTRTLLM(s string) bool {
	return strings.Contains(s, "= PERFORMANCE OVERVIEW")
}

// trtllmStart is a line that opens one run's report.
func trtllmStart(line string) bool {
	u := strings.ToUpper(line)
	return strings.HasPrefix(u, "= ENGINE DETAILS") || strings.HasPrefix(u, "= PYTORCH BACKEND")
}

// parseTRTLLM reads run number run (0 = the last) of the reports in s.
func parseTRTLLM(s string, run int) (Bench, error) {
	lines := strings.Split(s, "\n")
	var runs [][2]int // first and last line of each run
	start, overview := 0, false
	for i, line := range lines {
		if trtllmStart(strings.TrimSpace(line)) && overview {
			runs = append(runs, [2]int{start, i})
			start, overview = i, false
		}
		overview = overview || strings.Contains(line, "= PERFORMANCE OVERVIEW")
	}
	runs = append(runs, [2]int{start, len(lines)})
	i, err := pick(len(runs), run)
	if err != nil {
		return Bench{}, err
	}
	b, err := trtllmRun(lines[runs[i][0]:runs[i][1]], runs[i][0])
	if err != nil && len(runs) > 1 {
		err = fmt.Errorf("run %d: %w", i+1, err)
	}
	// The date is the last log timestamp before the run's end.
	for _, m := range trtllmDate.FindAllStringSubmatch(strings.Join(lines[:runs[i][1]], "\n"), -1) {
		b.Date = m[3] + "-" + m[1] + "-" + m[2]
	}
	b.Run, b.Runs = i+1, len(runs)
	return b, err
}

// trtllmRun reads one run's report; first is its first line's index.
func trtllmRun(lines []string, first int) (Bench, error) {
	b := Bench{Engine: "TensorRT-LLM", Format: "trtllm-bench report"}
	var v trtllmValues
	for n, line := range lines {
		label, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		label = strings.ToLower(strings.Join(strings.Fields(trtllmTag.ReplaceAllString(label, "")), " "))
		val = strings.TrimSpace(val)
		switch label {
		case "model":
			if b.ModelID == "" {
				b.ModelID = val
			}
			continue
		case "quantization":
			if strings.EqualFold(val, "FP8") {
				b.Weights = model.FP8
			}
			continue
		case "kv cache dtype":
			if strings.EqualFold(val, "FP8") {
				b.KV = model.FP8
			}
			continue
		}
		get := trtllmFields[label]
		if get == nil {
			continue
		}
		f := strings.Fields(val + " x")[0]
		if (label == "tp size" || label == "pp size") && strings.EqualFold(f, "none") {
			continue
		}
		x, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > maxCount {
			return Bench{}, fmt.Errorf("line %d: %s %q: accepted a finite number, 0 or more", first+n+1, strings.TrimSpace(line[:strings.Index(line, ":")]), val)
		}
		*get(&v) = x
	}
	b.Completed = int(v.requests)
	b.InFlight = v.inFlight
	b.MeanInputTokens, b.MeanOutputTokens = v.input, v.output
	b.RequestThroughput, b.MeanE2ELms = v.reqps, v.e2e
	b.MeanTTFTms, b.MeanTPOTms = v.ttft, v.tpot
	b.OutputThroughput = v.outps
	if b.OutputThroughput == 0 {
		// Before "Total Output Throughput", "Token Throughput" was the
		// output tokens over the run; "Total Token Throughput" counts
		// the prompts too and is never read.
		b.OutputThroughput = v.oldOutps
	}
	if g := int(v.tp) * max(1, int(v.pp)); v.tp >= 1 && g <= 64 {
		b.GPUsPerReplica = g
	}
	if err := b.checkFigures(`"Total Output Throughput (tokens/sec)", or with --streaming "Average time-per-output-token" or "Average time-to-first-token", above 0`); err != nil {
		return Bench{}, err
	}
	return b, nil
}
