package cases

import (
	"fmt"
	"infercost/model"
)

// Serving at load: published throughput at max load with in-flight
// batching, and a fixed-concurrency sweep.
//
// TensorRT-LLM's perf-overview tables (v0.10 on) queue a whole synthetic
// dataset at once and report output tokens/s over the run, ramp-up and
// drain included. Their dataset sizes were chosen "to guarantee that the
// system hit a steady state" (1,500-30,000 requests, 10-30 times the
// batch that fits), so the drain tail is one request lifetime among
// 10-30: the figures are treated as steady state at max load, and may read
// a few per cent below it. Figures are for one engine (a tensor-parallel
// group), not per GPU: the TP8 rows are about twice the TP4 rows. H100
// "FP8" columns quantise the KV cache too; the A100 and H100 16-bit
// columns do not.
//
// The rows are the release with all three columns (v0.13.0) for four
// input/output mixes of each model below, chosen by model and mix, not by
// fit: short (128/128), decode-heavy (128/2048), prompt-heavy (2048/128)
// and long (2048/2048). Llama-3.1-8B has Llama-3-8B's shape. Rows that
// repeat P9/P10 (v0.12) are left out.
//
// NVIDIA NIM's benchmark page holds a fixed concurrency (a closed loop:
// a new request as soon as one finishes), which is the steady state the
// model describes. Its concurrencies 100 and above exceed the requests
// whose KV cache fits and queue for seconds (time to first token 8-89 s),
// which no roofline describes, so they are left out.
//
// Left out: TensorRT-LLM's "online serving" table (fixed request rates,
// 500-request runs: neither max load nor a fixed concurrency), Lambda's
// vLLM v0.5.4 runs (ShareGPT lengths, 320 requests at once, an undefined
// latency, and a CPU-bound server by its own report).
const (
	srcTRT013 = "TensorRT-LLM perf overview v0.13.0, max load, in-flight batching, output tok/s per engine: " +
		"https://github.com/NVIDIA/TensorRT-LLM/blob/v0.13.0/docs/source/performance/perf-overview.md"
	srcNIMSweep = "NVIDIA NIM LLM benchmarking, Llama-3.3-70B-Instruct, NIM 1.8.0, 2 x H100 FP8, 5000/500 tokens, fixed concurrency: " +
		"https://docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance"
	noteNIMShape = "Llama-3.3-70B has Llama-3-70B's shape"
)

// trtRow is one model and mix of the v0.13 table: H100 FP8, H100 16-bit
// and A100 16-bit output tokens/s (0 = not used).
type trtRow struct {
	tag           string
	model         model.Arch
	tp, in, out   int
	fp8, h16, a16 float64
}

// ServingCases returns the serving-at-load measurements.
func ServingCases() []Case {
	l8, l27, gptj, l270 := mustModel("llama-3-8b"), mustModel("llama-2-7b"), mustModel("gpt-j-6b"), mustModel("llama-2-70b")
	rows := []trtRow{
		{"l8b", l8, 1, 128, 128, 27147.22, 15647.83, 6687.04},
		{"l8b", l8, 1, 128, 2048, 19221.02, 8882.95, 4918.53},
		{"l8b", l8, 1, 2048, 128, 3497.30, 1859.37, 796.17},
		{"l8b", l8, 1, 2048, 2048, 8851.23, 4152.21, 2269.78},
		{"l7b", l27, 1, 128, 128, 0, 11436.31, 5238.68},
		{"l7b", l27, 1, 2048, 128, 0, 1157.55, 560.35},
		{"l7b", l27, 1, 2048, 2048, 0, 1263.11, 734.38},
		{"gptj", gptj, 1, 128, 128, 0, 12936.63, 5964.19},
		{"gptj", gptj, 1, 128, 2048, 0, 3931.61, 2215.88},
		{"gptj", gptj, 1, 2048, 128, 0, 1479.48, 650.09},
		{"gptj", gptj, 1, 2048, 2048, 0, 1285.08, 845.83},
		{"l70b-tp4", l270, 4, 128, 128, 10865.42, 6420.88, 2766.00},
		{"l70b-tp4", l270, 4, 128, 2048, 0, 5274.27, 2686.16},
		{"l70b-tp4", l270, 4, 2048, 128, 0, 755.30, 321.72},
		{"l70b-tp4", l270, 4, 2048, 2048, 5212.02, 2512.22, 1316.92},
		{"l70b-tp8", l270, 8, 128, 128, 0, 11146.15, 4742.74},
		{"l70b-tp8", l270, 8, 2048, 128, 0, 1348.71, 561.71},
		{"l70b-tp8", l270, 8, 2048, 2048, 0, 4414.75, 2492.09},
	}
	var cs []Case
	for _, r := range rows {
		id := fmt.Sprintf("%s-%d/%d-", r.tag, r.in, r.out)
		add := func(suffix, gpu string, p model.Precision, v float64) {
			if v > 0 {
				cs = append(cs, Case{id + suffix, srcTRT013, gpu, r.model, p, p, r.tp, 0, r.in, r.out, MetricTPS, v, 0.30, "", inflight})
			}
		}
		add("a100", "a100-80gb-sxm", model.FP16, r.a16)
		add("h100", "h100-sxm", model.FP16, r.h16)
		add("h100fp8", "h100-sxm", model.FP8, r.fp8)
	}
	return append(cs, nimSweep()...)
}

// nimSweep is NIM's fixed-concurrency sweep below saturation (concurrency
// 1 is P11): time to first token, inter-token latency and output tok/s.
func nimSweep() []Case {
	l370 := mustModel("llama-3-70b")
	pts := []struct {
		c              int
		ttft, itl, tps float64
	}{{5, 546.7, 21.83, 218.48}, {25, 688.69, 38.75, 623.4}, {50, 834.51, 59.73, 814.37}}
	var cs []Case
	for _, p := range pts {
		id := fmt.Sprintf("nim-c%d-", p.c)
		for _, m := range []struct {
			m Metric
			v float64
			s string
		}{{MetricTTFTAtLoad, p.ttft, "ttft"}, {MetricTPOT, p.itl, "itl"}, {MetricTPS, p.tps, "tps"}} {
			cs = append(cs, Case{id + m.s, srcNIMSweep, "h100-sxm", l370, model.FP8, model.FP8, 2, p.c, 5000, 500, m.m, m.v, 0.30, noteNIMShape, inflight})
		}
	}
	return cs
}
