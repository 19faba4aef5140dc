package calibrate

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// textFields are the numeric lines of the "Serving Benchmark Result"
// block vLLM and SGLang print, by their label (lower case, before the
// colon). SGLang's labels differ where listed.
var textFields = []struct {
	label string
	get   func(*textValues) *float64
}{
	{"successful requests", func(v *textValues) *float64 { return &v.completed }},
	{"maximum request concurrency", func(v *textValues) *float64 { return &v.concurrency }},
	{"max request concurrency", func(v *textValues) *float64 { return &v.concurrency }}, // SGLang
	{"total input tokens", func(v *textValues) *float64 { return &v.input }},
	{"total generated tokens", func(v *textValues) *float64 { return &v.output }},
	{"request throughput (req/s)", func(v *textValues) *float64 { return &v.reqps }},
	{"output token throughput (tok/s)", func(v *textValues) *float64 { return &v.outps }},
	{"mean ttft (ms)", func(v *textValues) *float64 { return &v.ttft }},
	{"mean tpot (ms)", func(v *textValues) *float64 { return &v.tpot }},
	{"mean e2el (ms)", func(v *textValues) *float64 { return &v.e2el }},
	{"mean e2e latency (ms)", func(v *textValues) *float64 { return &v.e2el }}, // SGLang
}

type textValues struct {
	completed, concurrency, input, output, reqps, outps, ttft, tpot, e2el float64
}

// rateLabels are the lines that give the configured request rate: above
// the block in older vLLM, inside it in newer vLLM and in SGLang.
var rateLabels = []string{"traffic request rate", "request rate configured (rps)", "request rate"}

// sglangLabels are lines only SGLang's block has.
var sglangLabels = []string{"backend", "max request concurrency", "mean e2e latency (ms)", "total generated tokens (retokenized)"}

// namespaceModel finds model='...' in the argument dump vLLM and SGLang
// print first (Namespace(..., model='meta-llama/Meta-Llama-3-8B-Instruct', ...)).
var namespaceModel = regexp.MustCompile(`\bmodel='([^']+)'`)

// parseText reads the block vLLM or SGLang prints, pasted into a file or
// piped in: run number run (0 = the last) when several are pasted.
func parseText(s string, run int) (Bench, error) {
	if !strings.Contains(strings.ToLower(s), "serving benchmark result") {
		return Bench{}, fmt.Errorf("no \"Serving Benchmark Result\" block and not JSON; %s", accepted)
	}
	lines := strings.Split(s, "\n")
	runs := servingRuns(lines)
	i, err := pick(len(runs), run)
	if err != nil {
		return Bench{}, err
	}
	b, err := parseBlock(lines, runs[i])
	if err != nil && len(runs) > 1 {
		err = fmt.Errorf("run %d: %w", i+1, err)
	}
	b.Run, b.Runs = i+1, len(runs)
	return b, err
}

// servingRuns splits the lines into runs, as first and last line: each
// "Serving Benchmark Result" block with the lines since the block before
// it closed (its line of '='), where older vLLM prints the rate and
// concurrency.
func servingRuns(lines []string) [][2]int {
	var runs [][2]int
	start, header := 0, false
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.Contains(strings.ToLower(t), "serving benchmark result"):
			if header {
				runs = append(runs, [2]int{start, i})
				start = i
			}
			header = true
		case header && len(t) >= 10 && strings.Trim(t, "=") == "":
			runs = append(runs, [2]int{start, i + 1})
			start, header = i+1, false
		}
	}
	if header {
		runs = append(runs, [2]int{start, len(lines)})
	}
	return runs
}

// parseBlock reads one run's lines; the model comes from the first
// argument dump in the text.
func parseBlock(lines []string, span [2]int) (Bench, error) {
	b := Bench{Engine: "vLLM", Format: "vLLM text"}
	for _, line := range lines {
		if m := namespaceModel.FindStringSubmatch(line); m != nil {
			b.ModelID = m[1]
			break
		}
	}
	var v textValues
	sglang, backend := false, ""
	for n := span[0]; n < span[1]; n++ {
		label, val, ok := strings.Cut(lines[n], ":")
		if !ok {
			continue
		}
		label = strings.ToLower(strings.TrimSpace(label))
		val = strings.TrimSpace(val)
		if slices.Contains(sglangLabels, label) {
			sglang = true
		}
		switch {
		case label == "backend":
			backend = val
			continue
		case slices.Contains(rateLabels, label) && strings.EqualFold(val, "trace"):
			continue
		case slices.Contains(rateLabels, label):
			var err error
			if b.RateUnbounded, b.RequestRate, err = parseRate("line "+strconv.Itoa(n+1)+": "+label, val); err != nil {
				return Bench{}, err
			}
			continue
		case label == "max request concurrency" && strings.HasPrefix(strings.ToLower(val), "not set"):
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
	if sglang {
		b.Engine, b.Format = sglangEngine(backend), "SGLang text"
		b.dropWholeRequestTTFT("Mean TTFT", "Mean E2E Latency")
	}
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
