// Package model estimates what LLM inference costs on a GPU: step time,
// time to first token, throughput at load, memory and dollars per million
// tokens, and the verdict between two GPUs. It is pure computation on the
// standard library: every figure follows from its arguments (no I/O,
// clock or randomness), and invalid input returns an error naming the
// field.
//
// # One step
//
// A forward step of a replica of tp GPUs with d decoding sequences and p
// prompt tokens (chunked prefill) takes, per GPU:
//
//	step(d, p) = max(weight bytes / reached bandwidth, (d + p) x 2 x params / reached FLOPS)
//	           + max(d x KV bytes of a sequence / reached bandwidth, attention FLOPs / reached FLOPS)
//	           + 2 all-reduces per layer + a fixed overhead
//
// The weights are read once per step whatever its tokens; while that read
// bounds the step, the tensor cores idle, and prompt tokens fill them for
// free: the more compute per byte of bandwidth a GPU has (H100 against
// A100), the more prefill it absorbs. A decoding sequence holds on average
// I + O/2 tokens (I prompt, O output). At batch 1 with no prompt this is
// the seed's "weight bytes / bandwidth" per token. An idle replica's time
// to first token is one prefill pass: compute plus the part of the weight
// read it does not hide, plus a fixed overhead.
//
// # Serving at load (in-flight batching)
//
// B requests are in flight. Each holds its slot for L = k + O - 1 steps: k
// = max(1, I / 8192) steps of prefill, then O - 1 decode steps. So a
// request sees, from the other B - 1, on average (B-1)(O-1)/L decoding
// sequences and (B-1)I/L prompt tokens per step; the prompt tokens come
// in chunks of I/k, so a step carries n or n+1 chunks and a long prompt's
// step stalls the decodes that share it. Then
//
//	TPOT            = mean step(1 + (B-1)(O-1)/L, chunks)
//	TTFT at load    = TTFT + E[T^2]/2E[T] x (B-1)/B + k x (mean step(background + own chunk) - step(own chunk))
//	output tok/s    = B x O / (TTFT at load + (O - 1) x TPOT)        (Little's law)
//
// where E[T^2]/2E[T] is the mean wait for the step in progress. At batch 1,
// TPOT is the plain decode step and TTFT at load the idle TTFT. With
// static scheduling the batch is prefilled together (TTFT at load =
// prefill of B prompts) and decoded in lockstep (TPOT = step(B, 0)).
//
// Max batch: the KV cache left beside the weights over what a request
// holds, I + O/2 tokens with paged KV plus a 15 % growth margin (static:
// I + O). With a latency target the batch is the largest whose TPOT and
// TTFT at load meet it.
//
// # Cost
//
// Output $/M is the seed's formula on the serving throughput: replica $/h
// / (output tok/s x 3600 x utilization) x 1e6 (CostPerMillion). Blended
// $/M is the same over input + output tokens. Input and split output $/M
// share the hour by the time each takes: the input share is 1 - (the
// steps' time without prompt tokens) / (their time as run).
//
// Reached bandwidth and compute are datasheet figures times efficiencies
// measured by public benchmarks (see Efficiency and the catalog).
//
// # A calibrated engine
//
// An Engine is fitted to a user's own measurement (package
// infercost/model/calibration): factors on those efficiencies (bandwidth
// x b, each GPU's compute efficiency x c, both capped at the datasheet)
// and overheads added to Efficiency's, so the engine's measured fraction
// of the roofline carries to every GPU and workload. Ceiling is the roofline at datasheet figures (no efficiency,
// no overhead): a measurement past it is refused, a pin past it flagged.
package model
