// Package model estimates what LLM inference costs on a GPU: decode and
// prefill time, memory, throughput and dollars per million tokens, and the
// verdict between two GPUs. It is pure computation on the standard
// library: every figure follows from its arguments (no I/O, clock or
// randomness), and invalid input returns an error naming the field.
//
// Decode is memory-bound at small batch: one step reads every weight once
// and each sequence's KV cache, so step time = max(weight bytes / reached
// bandwidth, matmul FLOPs / reached compute) + max(KV bytes / bandwidth,
// attention FLOPs / compute) + two all-reduces per layer under tensor
// parallelism + a fixed step overhead. Prefill is compute-bound: prompt
// FLOPs / reached compute, with the weight read and a fixed overhead for
// short prompts. Reached bandwidth and compute are datasheet figures times
// efficiencies measured by public benchmarks (see Efficiency).
//
// Cost per million output tokens is the seed formula:
// $/hour / (tokens/s x 3600 x utilization) x 1e6 (CostPerMillion).
package model
