package cases

import "infercost/model"

// More published measurements of the same kinds as Cases: the rest of
// gpt-fast's README tables, and the rest of the TensorRT-LLM v0.9
// performance tables that P5-P8 come from (static
// batching "peak throughput" in output tokens/s per GPU, and batch-1
// time to first token). H100, H200 and L40S rows ran FP8 weights with an
// FP8 KV cache, A100 rows FP16. They widen the check beyond the shipped
// cases (rows already there as P5-P8 are left out); `infercost validate
// --more` prints them.

const (
	srcTRT09Tables  = "TensorRT-LLM performance doc v0.9, peak throughput tables (static batching, out tok/s per GPU)"
	srcTRT09Latency = "TensorRT-LLM performance doc v0.9, low-latency tables (batch 1, 1st token latency)"
	srcGPTFastMore  = "gpt-fast README, quantization and tensor-parallel tables (A100 80GB at 330 W, batch 1, 5-token prompt)"
	// Row ids: GPU, model (gptj, l7b, l70b = Llama-2, mis7b = Mistral, mix =
	// Mixtral-8x7B), then batch and lengths or TP and prompt length.
	// noteV09Kernels marks rows the estimator overpredicts by up to 2.4x:
	// v0.9's Mistral-7B (GQA, 8 KV heads) and Mixtral-8x7B (MoE) runs were
	// far slower than the roofline, while Llama-2-70B (also GQA) is not.
	// The cause is not established here; treat such estimates as optimistic.
	noteV09Kernels = "known optimistic: v0.9 ran this model far below the roofline (cause not established)"
	// noteV09H200 marks H200 decode-heavy rows that have an H100 row of the
	// same model, lengths and batch in the same table: H200 runs only
	// 1.16-1.25x H100's figure there (GPT-J 8530/7350 and 3753/3212,
	// Llama-2-7B 8348/6944 and 3522/2826) against 1.43x the bandwidth
	// (4.8 / 3.35 TB/s), so an estimator that scales memory-bound decode
	// with bandwidth reads them 12-24 points higher than their H100 rows.
	// They are held to 30 % (the shipped cases' bar), not 25 %.
	noteV09H200 = "H200 at 1.16-1.25x H100's figure at the same batch, against 1.43x the bandwidth: read high"
)

// MoreCases returns the rest of gpt-fast's README tables and the
// TensorRT-LLM v0.9 table rows beyond Cases.
func MoreCases() []Case {
	const tol, tolH200 = 0.25, 0.30
	perGPU, ttft, tps := MetricTPSPerGPU, MetricTTFT, MetricTPS
	a80, h100, h200, l40s := "a100-80gb-sxm", "h100-sxm", "h200-sxm", "l40s"
	l27, l270 := mustModel("llama-2-7b"), mustModel("llama-2-70b")
	return []Case{
		{"gptfast-l7b-int8", srcGPTFastMore, a80, l27, model.INT8, model.BF16, 1, 1, 5, 200, tps, 155.58, tol, "weight-only", inflight},
		{"gptfast-l7b-int4", srcGPTFastMore, a80, l27, model.INT4, model.BF16, 1, 1, 5, 200, tps, 196.80, tol, "weight-only, group 32", inflight},
		{"gptfast-l70b-int8", srcGPTFastMore, a80, l270, model.INT8, model.BF16, 1, 1, 5, 200, tps, 19.13, tol, "weight-only", inflight},
		{"gptfast-l70b-int4", srcGPTFastMore, a80, l270, model.INT4, model.BF16, 1, 1, 5, 200, tps, 25.25, tol, "weight-only, group 32", inflight},
		{"gptfast-l70b-tp2", srcGPTFastMore, a80, l270, model.BF16, model.BF16, 2, 1, 5, 200, tps, 21.32, tol, "", inflight},
		{"gptfast-l70b-tp4", srcGPTFastMore, a80, l270, model.BF16, model.BF16, 4, 1, 5, 200, tps, 38.01, tol, "", inflight},
		{"gptfast-l70b-tp8", srcGPTFastMore, a80, l270, model.BF16, model.BF16, 8, 1, 5, 200, tps, 62.50, tol, "", inflight},
		{"gptfast-l70b-tp8-int8", srcGPTFastMore, a80, l270, model.INT8, model.BF16, 8, 1, 5, 200, tps, 80.44, tol, "weight-only", inflight},
		{"gptfast-l70b-tp8-int4", srcGPTFastMore, a80, l270, model.INT4, model.BF16, 8, 1, 5, 200, tps, 90.77, tol, "weight-only, group 32", inflight},
		{"h200-gptj-b1024-128/128", srcTRT09Tables, h200, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1024, 128, 128, perGPU, 27304, tol, "", static},
		{"h200-gptj-b120-128/2048", srcTRT09Tables, h200, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 120, 128, 2048, perGPU, 8530, tolH200, noteV09H200, static},
		{"h200-gptj-b64-2048/128", srcTRT09Tables, h200, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 64, 2048, 128, perGPU, 2785, tol, "", static},
		{"h200-gptj-b64-2048/2048", srcTRT09Tables, h200, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 64, 2048, 2048, perGPU, 3753, tolH200, noteV09H200, static},
		{"h200-mis7b-b896-128/128", srcTRT09Tables, h200, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 896, 128, 128, perGPU, 20460, tol, noteV09Kernels, static},
		{"h200-mis7b-b120-128/2048", srcTRT09Tables, h200, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 120, 128, 2048, perGPU, 8950, tol, noteV09Kernels, static},
		{"h200-mis7b-b64-2048/128", srcTRT09Tables, h200, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 64, 2048, 128, perGPU, 2423, tol, noteV09Kernels, static},
		{"h200-mis7b-b56-2048/2048", srcTRT09Tables, h200, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 56, 2048, 2048, perGPU, 3867, tol, noteV09Kernels, static},
		{"h200-mix-b1024-128/128", srcTRT09Tables, h200, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 1024, 128, 128, perGPU, 5444, tol, noteV09Kernels, static},
		{"h200-mix-b256-128/2048", srcTRT09Tables, h200, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 256, 128, 2048, perGPU, 4973, tol, noteV09Kernels, static},
		{"h200-mix-b64-2048/128", srcTRT09Tables, h200, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 64, 2048, 128, perGPU, 605, tol, noteV09Kernels, static},
		{"h200-mix-b64-2048/2048", srcTRT09Tables, h200, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 64, 2048, 2048, perGPU, 1821, tol, noteV09Kernels, static},
		{"h200-l7b-b896-128/128", srcTRT09Tables, h200, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 896, 128, 128, perGPU, 20618, tol, "", static},
		{"h200-l7b-b120-128/2048", srcTRT09Tables, h200, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 120, 128, 2048, perGPU, 8348, tolH200, noteV09H200, static},
		{"h200-l7b-b64-2048/128", srcTRT09Tables, h200, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 64, 2048, 128, perGPU, 2391, tol, "", static},
		{"h200-l7b-b56-2048/2048", srcTRT09Tables, h200, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 56, 2048, 2048, perGPU, 3522, tolH200, noteV09H200, static},
		{"h200-l70b-b1024-128/128", srcTRT09Tables, h200, mustModel("llama-2-70b"), model.FP8, model.FP8, 1, 1024, 128, 128, perGPU, 3989, tol, "", static},
		{"h200-l70b-b512-128/2048", srcTRT09Tables, h200, mustModel("llama-2-70b"), model.FP8, model.FP8, 2, 512, 128, 2048, perGPU, 3963, tol, "", static},
		{"h200-l70b-b64-2048/128", srcTRT09Tables, h200, mustModel("llama-2-70b"), model.FP8, model.FP8, 1, 64, 2048, 128, perGPU, 418, tol, "", static},
		{"h200-l70b-b64-2048/2048", srcTRT09Tables, h200, mustModel("llama-2-70b"), model.FP8, model.FP8, 1, 64, 2048, 2048, perGPU, 1458, tol, "", static},
		{"h100-gptj-b1024-128/128", srcTRT09Tables, h100, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1024, 128, 128, perGPU, 25860, tol, "", static},
		{"h100-gptj-b120-128/2048", srcTRT09Tables, h100, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 120, 128, 2048, perGPU, 7350, tol, "", static},
		{"h100-gptj-b64-2048/128", srcTRT09Tables, h100, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 64, 2048, 128, perGPU, 2570, tol, "", static},
		{"h100-gptj-b64-2048/2048", srcTRT09Tables, h100, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 64, 2048, 2048, perGPU, 3212, tol, "", static},
		{"h100-mis7b-b896-128/128", srcTRT09Tables, h100, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 896, 128, 128, perGPU, 20404, tol, noteV09Kernels, static},
		{"h100-mis7b-b120-128/2048", srcTRT09Tables, h100, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 120, 128, 2048, perGPU, 8623, tol, noteV09Kernels, static},
		{"h100-mis7b-b84-2048/128", srcTRT09Tables, h100, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 84, 2048, 128, perGPU, 2405, tol, noteV09Kernels, static},
		{"h100-mis7b-b56-2048/2048", srcTRT09Tables, h100, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 56, 2048, 2048, perGPU, 3731, tol, noteV09Kernels, static},
		{"h100-mix-b512-128/128", srcTRT09Tables, h100, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 512, 128, 128, perGPU, 5255, tol, noteV09Kernels, static},
		{"h100-mix-b128-128/2048", srcTRT09Tables, h100, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 128, 128, 2048, perGPU, 3408, tol, noteV09Kernels, static},
		{"h100-mix-b64-2048/128", srcTRT09Tables, h100, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 64, 2048, 128, perGPU, 588, tol, noteV09Kernels, static},
		{"h100-mix-b32-2048/2048", srcTRT09Tables, h100, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 32, 2048, 2048, perGPU, 1317, tol, noteV09Kernels, static},
		{"h100-l7b-b896-128/128", srcTRT09Tables, h100, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 896, 128, 128, perGPU, 19854, tol, "", static},
		{"h100-l7b-b84-2048/128", srcTRT09Tables, h100, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 84, 2048, 128, perGPU, 2163, tol, "", static},
		{"h100-l7b-b56-2048/2048", srcTRT09Tables, h100, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 56, 2048, 2048, perGPU, 2826, tol, "", static},
		{"h100-l70b-b1024-128/128", srcTRT09Tables, h100, mustModel("llama-2-70b"), model.FP8, model.FP8, 2, 1024, 128, 128, perGPU, 3214, tol, "", static},
		{"h100-l70b-b512-128/2048", srcTRT09Tables, h100, mustModel("llama-2-70b"), model.FP8, model.FP8, 4, 512, 128, 2048, perGPU, 2725, tol, "", static},
		{"h100-l70b-b96-2048/128", srcTRT09Tables, h100, mustModel("llama-2-70b"), model.FP8, model.FP8, 2, 96, 2048, 128, perGPU, 346, tol, "", static},
		{"h100-l70b-b64-2048/2048", srcTRT09Tables, h100, mustModel("llama-2-70b"), model.FP8, model.FP8, 2, 64, 2048, 2048, perGPU, 1011, tol, "", static},
		{"l40s-gptj-b512-128/128", srcTRT09Tables, l40s, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 512, 128, 128, perGPU, 7859, tol, "", static},
		{"l40s-gptj-b64-128/2048", srcTRT09Tables, l40s, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 64, 128, 2048, perGPU, 1904, tol, "", static},
		{"l40s-gptj-b32-2048/128", srcTRT09Tables, l40s, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 32, 2048, 128, perGPU, 684, tol, "", static},
		{"l40s-gptj-b32-2048/2048", srcTRT09Tables, l40s, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 32, 2048, 2048, perGPU, 768, tol, "", static},
		{"l40s-mis7b-b896-128/128", srcTRT09Tables, l40s, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 896, 128, 128, perGPU, 9562, tol, noteV09Kernels, static},
		{"l40s-mis7b-b120-128/2048", srcTRT09Tables, l40s, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 120, 128, 2048, perGPU, 4387, tol, noteV09Kernels, static},
		{"l40s-mis7b-b84-2048/128", srcTRT09Tables, l40s, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 84, 2048, 128, perGPU, 971, tol, noteV09Kernels, static},
		{"l40s-mis7b-b56-2048/2048", srcTRT09Tables, l40s, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 56, 2048, 2048, perGPU, 1721, tol, noteV09Kernels, static},
		{"l40s-l7b-b256-128/128", srcTRT09Tables, l40s, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 256, 128, 128, perGPU, 5885, tol, "", static},
		{"l40s-l7b-b64-128/2048", srcTRT09Tables, l40s, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 64, 128, 2048, perGPU, 1654, tol, "", static},
		{"l40s-l7b-b32-2048/128", srcTRT09Tables, l40s, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 32, 2048, 128, perGPU, 574, tol, "", static},
		{"l40s-l7b-b16-2048/2048", srcTRT09Tables, l40s, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 16, 2048, 2048, perGPU, 537, tol, "", static},
		{"l40s-l70b-b256-128/128", srcTRT09Tables, l40s, mustModel("llama-2-70b"), model.FP8, model.FP8, 2, 256, 128, 128, perGPU, 562, tol, "", static},
		{"l40s-l70b-b256-128/2048", srcTRT09Tables, l40s, mustModel("llama-2-70b"), model.FP8, model.FP8, 4, 256, 128, 2048, perGPU, 478, tol, "", static},
		{"l40s-l70b-b16-2048/128", srcTRT09Tables, l40s, mustModel("llama-2-70b"), model.FP8, model.FP8, 2, 16, 2048, 128, perGPU, 49, tol, "", static},
		{"l40s-l70b-b64-2048/2048", srcTRT09Tables, l40s, mustModel("llama-2-70b"), model.FP8, model.FP8, 4, 64, 2048, 2048, perGPU, 185, tol, "", static},
		{"a100-gptj-b512-128/128", srcTRT09Tables, a80, mustModel("gpt-j-6b"), model.FP16, model.FP16, 1, 512, 128, 128, perGPU, 5876, tol, "", static},
		{"a100-gptj-b32-128/2048", srcTRT09Tables, a80, mustModel("gpt-j-6b"), model.FP16, model.FP16, 1, 32, 128, 2048, perGPU, 1549, tol, "", static},
		{"a100-gptj-b32-2048/128", srcTRT09Tables, a80, mustModel("gpt-j-6b"), model.FP16, model.FP16, 1, 32, 2048, 128, perGPU, 545, tol, "", static},
		{"a100-gptj-b32-2048/2048", srcTRT09Tables, a80, mustModel("gpt-j-6b"), model.FP16, model.FP16, 1, 32, 2048, 2048, perGPU, 815, tol, "", static},
		{"a100-mis7b-b896-128/128", srcTRT09Tables, a80, mustModel("mistral-7b"), model.FP16, model.FP16, 1, 896, 128, 128, perGPU, 6251, tol, noteV09Kernels, static},
		{"a100-mis7b-b120-128/2048", srcTRT09Tables, a80, mustModel("mistral-7b"), model.FP16, model.FP16, 1, 120, 128, 2048, perGPU, 3776, tol, noteV09Kernels, static},
		{"a100-mis7b-b64-2048/128", srcTRT09Tables, a80, mustModel("mistral-7b"), model.FP16, model.FP16, 1, 64, 2048, 128, perGPU, 698, tol, noteV09Kernels, static},
		{"a100-mis7b-b56-2048/2048", srcTRT09Tables, a80, mustModel("mistral-7b"), model.FP16, model.FP16, 1, 56, 2048, 2048, perGPU, 1576, tol, noteV09Kernels, static},
		{"a100-mix-b512-128/128", srcTRT09Tables, a80, mustModel("mixtral-8x7b"), model.FP16, model.FP16, 2, 512, 128, 128, perGPU, 2842, tol, noteV09Kernels, static},
		{"a100-mix-b128-128/2048", srcTRT09Tables, a80, mustModel("mixtral-8x7b"), model.FP16, model.FP16, 2, 128, 128, 2048, perGPU, 1724, tol, noteV09Kernels, static},
		{"a100-mix-b64-2048/128", srcTRT09Tables, a80, mustModel("mixtral-8x7b"), model.FP16, model.FP16, 2, 64, 2048, 128, perGPU, 319, tol, noteV09Kernels, static},
		{"a100-mix-b32-2048/2048", srcTRT09Tables, a80, mustModel("mixtral-8x7b"), model.FP16, model.FP16, 2, 32, 2048, 2048, perGPU, 801, tol, noteV09Kernels, static},
		{"a100-l7b-b256-128/128", srcTRT09Tables, a80, mustModel("llama-2-7b"), model.FP16, model.FP16, 1, 256, 128, 128, perGPU, 5390, tol, "", static},
		{"a100-l7b-b32-2048/128", srcTRT09Tables, a80, mustModel("llama-2-7b"), model.FP16, model.FP16, 1, 32, 2048, 128, perGPU, 533, tol, "", static},
		{"a100-l7b-b16-2048/2048", srcTRT09Tables, a80, mustModel("llama-2-7b"), model.FP16, model.FP16, 1, 16, 2048, 2048, perGPU, 603, tol, "", static},
		{"a100-l70b-b1024-128/128", srcTRT09Tables, a80, mustModel("llama-2-70b"), model.FP16, model.FP16, 4, 1024, 128, 128, perGPU, 686, tol, "", static},
		{"a100-l70b-b512-128/2048", srcTRT09Tables, a80, mustModel("llama-2-70b"), model.FP16, model.FP16, 8, 512, 128, 2048, perGPU, 684, tol, "", static},
		{"a100-l70b-b96-2048/128", srcTRT09Tables, a80, mustModel("llama-2-70b"), model.FP16, model.FP16, 4, 96, 2048, 128, perGPU, 80, tol, "", static},
		{"a100-l70b-b64-2048/2048", srcTRT09Tables, a80, mustModel("llama-2-70b"), model.FP16, model.FP16, 4, 64, 2048, 2048, perGPU, 289, tol, "", static},
		{"h200-gptj-tp1-ttft128", srcTRT09Latency, h200, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 5.0, tol, "", inflight},
		{"h200-gptj-tp1-ttft2048", srcTRT09Latency, h200, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 23.5, tol, "", inflight},
		{"h200-mis7b-tp1-ttft128", srcTRT09Latency, h200, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 5.9, tol, noteV09Kernels, inflight},
		{"h200-mis7b-tp1-ttft2048", srcTRT09Latency, h200, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 31.7, tol, noteV09Kernels, inflight},
		{"h200-mix-tp2-ttft128", srcTRT09Latency, h200, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 1, 128, 1, ttft, 12.1, tol, noteV09Kernels, inflight},
		{"h200-mix-tp2-ttft2048", srcTRT09Latency, h200, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 1, 2048, 1, ttft, 87.7, tol, noteV09Kernels, inflight},
		{"h200-l7b-tp1-ttft128", srcTRT09Latency, h200, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 5.7, tol, "", inflight},
		{"h200-l7b-tp1-ttft2048", srcTRT09Latency, h200, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 30.2, tol, "", inflight},
		{"h200-l70b-tp4-ttft128", srcTRT09Latency, h200, mustModel("llama-2-70b"), model.FP8, model.FP8, 4, 1, 128, 1, ttft, 17.8, tol, "", inflight},
		{"h200-l70b-tp4-ttft2048", srcTRT09Latency, h200, mustModel("llama-2-70b"), model.FP8, model.FP8, 4, 1, 2048, 1, ttft, 103.0, tol, "", inflight},
		{"h100-gptj-tp1-ttft128", srcTRT09Latency, h100, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 5.5, tol, "", inflight},
		{"h100-gptj-tp1-ttft2048", srcTRT09Latency, h100, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 23.8, tol, "", inflight},
		{"h100-mis7b-tp1-ttft128", srcTRT09Latency, h100, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 6.5, tol, noteV09Kernels, inflight},
		{"h100-mis7b-tp1-ttft2048", srcTRT09Latency, h100, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 32.4, tol, noteV09Kernels, inflight},
		{"h100-mix-tp2-ttft128", srcTRT09Latency, h100, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 1, 128, 1, ttft, 13.4, tol, noteV09Kernels, inflight},
		{"h100-mix-tp2-ttft2048", srcTRT09Latency, h100, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 2, 1, 2048, 1, ttft, 89.5, tol, noteV09Kernels, inflight},
		{"h100-l70b-tp8-ttft2048", srcTRT09Latency, h100, mustModel("llama-2-70b"), model.FP8, model.FP8, 8, 1, 2048, 1, ttft, 85.1, tol, "", inflight},
		{"l40s-gptj-tp1-ttft128", srcTRT09Latency, l40s, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 12.4, tol, "", inflight},
		{"l40s-gptj-tp1-ttft2048", srcTRT09Latency, l40s, mustModel("gpt-j-6b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 61.7, tol, "", inflight},
		{"l40s-mis7b-tp1-ttft128", srcTRT09Latency, l40s, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 15.4, tol, noteV09Kernels, inflight},
		{"l40s-mis7b-tp1-ttft2048", srcTRT09Latency, l40s, mustModel("mistral-7b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 87.3, tol, noteV09Kernels, inflight},
		{"l40s-mix-tp4-ttft128", srcTRT09Latency, l40s, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 4, 1, 128, 1, ttft, 19.5, tol, noteV09Kernels, inflight},
		{"l40s-mix-tp4-ttft2048", srcTRT09Latency, l40s, mustModel("mixtral-8x7b"), model.FP8, model.FP8, 4, 1, 2048, 1, ttft, 165.6, tol, noteV09Kernels, inflight},
		{"l40s-l7b-tp1-ttft128", srcTRT09Latency, l40s, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 1, 128, 1, ttft, 14.1, tol, "", inflight},
		{"l40s-l7b-tp1-ttft2048", srcTRT09Latency, l40s, mustModel("llama-2-7b"), model.FP8, model.FP8, 1, 1, 2048, 1, ttft, 80.1, tol, "", inflight},
		{"l40s-l70b-tp8-ttft128", srcTRT09Latency, l40s, mustModel("llama-2-70b"), model.FP8, model.FP8, 8, 1, 128, 1, ttft, 70.4, tol, "", inflight},
		{"l40s-l70b-tp4-ttft2048", srcTRT09Latency, l40s, mustModel("llama-2-70b"), model.FP8, model.FP8, 4, 1, 2048, 1, ttft, 673.3, tol, "", inflight},
		{"a100-gptj-tp1-ttft128", srcTRT09Latency, a80, mustModel("gpt-j-6b"), model.FP16, model.FP16, 1, 1, 128, 1, ttft, 14.8, tol, "", inflight},
		{"a100-gptj-tp1-ttft2048", srcTRT09Latency, a80, mustModel("gpt-j-6b"), model.FP16, model.FP16, 1, 1, 2048, 1, ttft, 136.4, tol, "", inflight},
		{"a100-mis7b-tp1-ttft128", srcTRT09Latency, a80, mustModel("mistral-7b"), model.FP16, model.FP16, 1, 1, 128, 1, ttft, 16.3, tol, noteV09Kernels, inflight},
		{"a100-mis7b-tp1-ttft2048", srcTRT09Latency, a80, mustModel("mistral-7b"), model.FP16, model.FP16, 1, 1, 2048, 1, ttft, 139.6, tol, noteV09Kernels, inflight},
		{"a100-mix-tp2-ttft128", srcTRT09Latency, a80, mustModel("mixtral-8x7b"), model.FP16, model.FP16, 2, 1, 128, 1, ttft, 23.8, tol, noteV09Kernels, inflight},
		{"a100-mix-tp2-ttft2048", srcTRT09Latency, a80, mustModel("mixtral-8x7b"), model.FP16, model.FP16, 2, 1, 2048, 1, ttft, 160.9, tol, noteV09Kernels, inflight},
		{"a100-l70b-tp8-ttft2048", srcTRT09Latency, a80, mustModel("llama-2-70b"), model.FP16, model.FP16, 8, 1, 2048, 1, ttft, 249.2, tol, "", inflight},
	}
}
