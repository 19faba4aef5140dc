package calibrate

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// textFields are the numeric lines of vLLM's "Serving Benchmark Result"
// block, by their label (lower case, before the colon).
var textFields = []struct {
	label string
	get   func(*textValues) *float64
}{
	{"successful requests", func(v *textValues) *float64 { return &v.completed }},
	{"maximum request concurrency", func(v *textValues) *float64 { return &v.concurrency }},
	{"total input tokens", func(v *textValues) *float64 { return &v.input }},
	{"total generated tokens", func(v *textValues) *float64 { return &v.output }},
	{"request throughput (req/s)", func(v *textValues) *float64 { return &v.reqps }},
	{"output token throughput (tok/s)", func(v *textValues) *float64 { return &v.outps }},
	{"mean ttft (ms)", func(v *textValues) *float64 { return &v.ttft }},
	{"mean tpot (ms)", func(v *textValues) *float64 { return &v.tpot }},
	{"mean e2el (ms)", func(v *textValues) *float64 { return &v.e2el }},
}

type textValues struct {
	completed, concurrency, input, output, reqps, outps, ttft, tpot, e2el float64
}

// rateLabels are the lines that give the configured request rate: above
// the block in older vLLM, inside it in newer.
var rateLabels = []string{"traffic request rate", "request rate configured (rps)", "request rate"}

// namespaceModel finds model='...' in the argument dump vLLM prints
// first (Namespace(..., model='meta-llama/Meta-Llama-3-8B-Instruct', ...)).
var namespaceModel = regexp.MustCompile(`\bmodel='([^']+)'`)

// parseText reads the block vLLM prints, pasted into a file or piped in.
func parseText(s string) (Bench, error) {
	if !strings.Contains(strings.ToLower(s), "serving benchmark result") {
		return Bench{}, fmt.Errorf("no \"Serving Benchmark Result\" block and not JSON; accepted vLLM's result JSON or its printed block")
	}
	b := Bench{Engine: "vLLM", Format: "vLLM text"}
	var v textValues
	for n, line := range strings.Split(s, "\n") {
		if m := namespaceModel.FindStringSubmatch(line); m != nil && b.ModelID == "" {
			b.ModelID = m[1]
		}
		label, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		label = strings.ToLower(strings.TrimSpace(label))
		val = strings.TrimSpace(val)
		if slices.Contains(rateLabels, label) {
			var err error
			if b.RateUnbounded, b.RequestRate, err = parseRate("line "+strconv.Itoa(n+1)+": "+label, val); err != nil {
				return Bench{}, err
			}
			continue
		}
		for _, f := range textFields {
			if f.label != label {
				continue
			}
			x, err := strconv.ParseFloat(strings.Fields(val + " x")[0], 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > maxCount {
				return Bench{}, fmt.Errorf("line %d: %s %q: accepted a finite number, 0 or more", n+1, label, val)
			}
			*f.get(&v) = x
		}
	}
	b.Completed, b.MaxConcurrency = int(v.completed), int(v.concurrency)
	b.TotalInputTokens, b.TotalOutputTokens = int(v.input), int(v.output)
	b.RequestThroughput, b.OutputThroughput = v.reqps, v.outps
	b.MeanTTFTms, b.MeanTPOTms, b.MeanE2ELms = v.ttft, v.tpot, v.e2el
	if err := b.check(); err != nil {
		return Bench{}, textFieldNames.Replace(err.Error())
	}
	return b, nil
}

// textFieldNames renames the JSON fields in check's messages to the
// lines of the printed block.
var textFieldNames = errReplacer{strings.NewReplacer(
	"completed =", "Successful requests:",
	"total_output_tokens", "Total generated tokens",
	"total_input_tokens", "Total input tokens",
	"output_throughput", "Output token throughput",
	"mean_tpot_ms", "Mean TPOT", "mean_ttft_ms", "Mean TTFT")}

type errReplacer struct{ r *strings.Replacer }

func (e errReplacer) Replace(s string) error { return fmt.Errorf("%s", e.r.Replace(s)) }
