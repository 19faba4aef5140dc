package calibrate

import (
	"encoding/json"
	"fmt"
	"strings"
)

// isSGLangJSON tells a line of sglang.bench_serving's JSONL from vLLM's
// result: SGLang names the end-to-end latency mean_e2e_latency_ms (vLLM
// mean_e2el_ms) and counts retokenized output.
func isSGLangJSON(raw map[string]json.RawMessage) bool {
	for _, k := range []string{"mean_e2e_latency_ms", "median_e2e_latency_ms", "total_output_tokens_retokenized", "server_info"} {
		if _, ok := raw[k]; ok {
			return true
		}
	}
	return false
}

// parseSGLangJSON reads one line of the JSONL `python -m
// sglang.bench_serving --output-file` appends after each run. It names
// no model unless the newest versions' server_info does; older lines
// give only the medians of TTFT and ITL, which the model does not
// describe, and so calibrate on the throughput alone.
func parseSGLangJSON(raw map[string]json.RawMessage) (Bench, error) {
	b := Bench{Engine: sglangEngine(jsonString(raw, "backend")), Format: "SGLang JSONL"}
	var err error
	if s := jsonString(raw, "request_rate"); strings.EqualFold(s, "trace") {
		b.Notes = append(b.Notes, "request_rate \"trace\": requests followed a trace's timestamps")
	} else if b.RateUnbounded, b.RequestRate, err = jsonRate(raw["request_rate"]); err != nil {
		return Bench{}, err
	}
	var duration float64
	if err := jsonFields(raw, []jsonField{
		{"max_concurrency", nil, &b.MaxConcurrency}, {"completed", nil, &b.Completed},
		{"total_input_tokens", nil, &b.TotalInputTokens}, {"total_output_tokens", nil, &b.TotalOutputTokens},
		{"request_throughput", &b.RequestThroughput, nil}, {"output_throughput", &b.OutputThroughput, nil},
		{"mean_ttft_ms", &b.MeanTTFTms, nil}, {"mean_tpot_ms", &b.MeanTPOTms, nil},
		{"mean_e2e_latency_ms", &b.MeanE2ELms, nil}, {"duration", &duration, nil},
	}); err != nil {
		return Bench{}, err
	}
	if b.RequestThroughput == 0 && duration > 0 {
		// Older lines leave the request rate out; it is completed over
		// the duration, as SGLang computes it.
		b.RequestThroughput = float64(b.Completed) / duration
	}
	if err := b.sglangServerInfo(raw["server_info"]); err != nil {
		return Bench{}, err
	}
	b.dropWholeRequestTTFT("mean_ttft_ms", "mean_e2e_latency_ms")
	if err := b.check(); err != nil {
		return Bench{}, err
	}
	return b, nil
}

// sglangServerInfo takes the model and tensor-parallel size from the
// server's arguments, which the newest bench_serving saves.
func (b *Bench) sglangServerInfo(v json.RawMessage) error {
	if len(v) == 0 || v[0] != '{' {
		return nil
	}
	var info map[string]json.RawMessage
	if json.Unmarshal(v, &info) != nil {
		return nil
	}
	b.ModelID = jsonString(info, "model_path")
	var tp, dp int
	if err := jsonFields(info, []jsonField{{"tp_size", nil, &tp}, {"dp_size", nil, &dp}}); err != nil {
		return fmt.Errorf("server_info: %w", err)
	}
	if tp > 0 && tp <= 64 {
		b.GPUsPerReplica = tp
	}
	if dp > 1 {
		b.Notes = append(b.Notes, fmt.Sprintf("server_info dp_size %d: the throughput is over %d data-parallel replicas; "+
			"infercost calibrates one (--measured output_tokens_per_second=N/%d)", dp, dp, dp))
	}
	return nil
}

// sglangEngine names the engine bench_serving measured from its
// --backend: sglang (the default) and its variants, or another engine it
// drives.
func sglangEngine(backend string) string {
	b := strings.ToLower(strings.TrimSpace(backend))
	switch {
	case b == "" || strings.HasPrefix(b, "sglang"):
		return "SGLang"
	case strings.HasPrefix(b, "vllm"):
		return "vLLM"
	case strings.HasPrefix(b, "lmdeploy"):
		return "LMDeploy"
	case b == "trt":
		return "TensorRT-LLM"
	}
	return ""
}

// dropWholeRequestTTFT leaves out a TTFT that is the whole request: a run
// without streaming records the first token when the last arrives, and
// fitting the prefill to it would be wrong by the whole decode.
func (b *Bench) dropWholeRequestTTFT(ttftName, e2eName string) {
	meanOut := b.MeanOutputTokens
	if meanOut == 0 && b.Completed > 0 {
		meanOut = float64(b.TotalOutputTokens) / float64(b.Completed)
	}
	if b.MeanTTFTms > 0 && b.MeanE2ELms > 0 && b.MeanTTFTms >= 0.999*b.MeanE2ELms && meanOut > 1.5 {
		b.Notes = append(b.Notes, fmt.Sprintf("%s %.4g ms is the whole request (%s %.4g ms): a run without streaming; TTFT not used",
			ttftName, b.MeanTTFTms, e2eName, b.MeanE2ELms))
		b.MeanTTFTms = 0
	}
}
