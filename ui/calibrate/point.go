package calibrate

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"infercost/model"
	"infercost/model/calibration"
)

// Point is the workload a run measured and what it measured there.
type Point struct {
	// Batch is the requests in flight: max_concurrency when every request
	// was sent at once, else request throughput x mean end-to-end latency
	// (Little's law, at most model.MaxBatch); 0 when the file cannot tell.
	Batch int
	// BatchFrom says how Batch was found, for the output.
	BatchFrom string
	// InputTokens and OutputTokens are the mean lengths, from the totals
	// over the completed requests; 0 when not given.
	InputTokens, OutputTokens int
	Measurement               calibration.Measurement
}

// Point derives the measured workload and figures from the run.
func (b Bench) Point() Point {
	p := Point{Measurement: calibration.Measurement{
		OutputTokensPerSecond: b.OutputThroughput,
		TPOTSeconds:           b.MeanTPOTms / 1e3,
		TTFTSeconds:           b.MeanTTFTms / 1e3,
	}}
	if b.Completed > 0 {
		p.InputTokens = max(1, int(math.Round(float64(b.TotalInputTokens)/float64(b.Completed))))
		p.OutputTokens = max(1, int(math.Round(float64(b.TotalOutputTokens)/float64(b.Completed))))
	}
	if b.MeanInputTokens > 0 {
		p.InputTokens = max(1, int(math.Round(b.MeanInputTokens)))
	}
	if b.MeanOutputTokens > 0 {
		p.OutputTokens = max(1, int(math.Round(b.MeanOutputTokens)))
	}
	conc := b.concurrency
	if conc == "" {
		conc = "max_concurrency"
	}
	switch {
	case b.RateUnbounded && b.MaxConcurrency > 0 && conc == "concurrency":
		p.Batch = b.MaxConcurrency
		p.BatchFrom = fmt.Sprintf("concurrency %d (genai-perf keeps that many requests in flight)", b.MaxConcurrency)
	case b.RateUnbounded && b.MaxConcurrency > 0:
		p.Batch = b.MaxConcurrency
		p.BatchFrom = fmt.Sprintf("max_concurrency %d (request rate inf)", b.MaxConcurrency)
	case b.InFlight > 0:
		p.Batch = max(1, int(math.Round(math.Min(b.InFlight, model.MaxBatch))))
		p.BatchFrom = fmt.Sprintf("%.1f requests in flight on average, as the benchmark measured them", b.InFlight)
	case b.RequestThroughput > 0 && b.MeanE2ELms > 0:
		inFlight := b.RequestThroughput * b.MeanE2ELms / 1e3
		p.Batch = max(1, int(math.Round(math.Min(inFlight, model.MaxBatch))))
		if b.MaxConcurrency > 0 && p.Batch > b.MaxConcurrency {
			p.Batch = b.MaxConcurrency
		}
		p.BatchFrom = fmt.Sprintf("Little's law: %.3g req/s x %.3g s mean end-to-end latency = %.1f in flight", b.RequestThroughput, b.MeanE2ELms/1e3, inFlight)
	case b.MaxConcurrency > 0:
		p.Batch = b.MaxConcurrency
		p.BatchFrom = fmt.Sprintf("%s %d", conc, b.MaxConcurrency)
	}
	return p
}

// hfSuffix is what a Hugging Face id adds to a model's name: chat and
// instruction tunes and format tags, which change no figure infercost
// uses.
var hfSuffix = regexp.MustCompile(`(-instruct|-chat|-hf|-v\d+(\.\d+)*)$`)

// MatchModel finds the preset a Hugging Face id names, ignoring the
// organisation ("meta-llama/"), a "Meta-" prefix and -Instruct, -chat,
// -hf and version suffixes: "meta-llama/Meta-Llama-3-8B-Instruct" is
// llama-3-8b. ok is false when no preset matches.
func MatchModel(id string) (preset string, ok bool) {
	s := strings.ToLower(strings.TrimSpace(id))
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	for {
		t := hfSuffix.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = t
	}
	for _, c := range []string{s, strings.TrimPrefix(s, "meta-")} {
		if a, err := model.LookupModel(c); err == nil {
			return a.ID, true
		}
	}
	return "", false
}

// MissingBatch says, for a file that gives no batch, what it lacks and
// what to give instead.
func (b Bench) MissingBatch() string {
	switch b.Format {
	case "genai-perf JSON", "genai-perf CSV":
		return "the file gives neither the concurrency nor request throughput and request latency; give --batch N"
	case "trtllm-bench report":
		return "the report gives neither \"Number of concurrent requests\" nor \"Average request latency (ms)\" (older trtllm-bench); " +
			"give --batch N (\"Max Runtime Batch Size\" is only its cap)"
	}
	return "the file gives neither max_concurrency with request rate inf nor request throughput and mean end-to-end latency; give --batch N"
}
