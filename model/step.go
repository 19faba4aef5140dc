package model

import "math"

// stepLoad is what one forward step of a replica processes: sequences
// that each decode one token, and prompt tokens of requests being
// prefilled in the same step (chunked prefill).
type stepLoad struct {
	decode  float64 // decoding sequences, one token each
	prefill float64 // prompt tokens
}

// stepParts is one step's time split by what bounds it, per GPU.
type stepParts struct {
	weightRead, matmul float64 // weights streamed once; matmul FLOPs of every token
	kvRead, attn       float64 // decode KV-cache read; attention FLOPs
	allReduce          float64
	overhead           float64
}

// seconds is the step's duration: the weight matmuls take max(weight
// read, matmul FLOPs) (a memory-bound step leaves the tensor cores idle,
// and prompt tokens fill them for free), then attention takes max(KV
// read, attention FLOPs), then the all-reduces and a fixed overhead.
func (p stepParts) seconds() float64 {
	return max(p.weightRead, p.matmul) + max(p.kvRead, p.attn) + p.allReduce + p.overhead
}

// lerp is (1-f) x p + f x q, part by part: the mean of steps that are
// p with probability 1-f and q with probability f. Its seconds() is the
// mean step only while both share their bounds; callers that need the
// exact mean step average seconds() themselves.
func (p stepParts) lerp(q stepParts, f float64) stepParts {
	l := func(a, b float64) float64 { return (1-f)*a + f*b }
	return stepParts{l(p.weightRead, q.weightRead), l(p.matmul, q.matmul), l(p.kvRead, q.kvRead),
		l(p.attn, q.attn), l(p.allReduce, q.allReduce), l(p.overhead, q.overhead)}
}

// step computes the parts of one step with load s on a replica of tp
// GPUs. With no prompt tokens it is the plain decode step: at batch 1 the
// seed's "weight bytes / bandwidth" plus the KV read and overheads.
// Decoding sequences hold InputTokens + OutputTokens/2 tokens on average;
// a prompt token attends to InputTokens/2 earlier tokens on average.
func (e *estimator) step(tp int, s stepLoad) stepParts {
	c := e.coefFor(tp)
	r := &e.rates
	tokens := s.decode + s.prefill
	weights := r.weightRead
	if e.shape.moe {
		weights = e.w.Model.streamedParams(tokens) * r.weightReadPerParam
	}
	return stepParts{
		weightRead: weights,
		matmul:     tokens * r.matmulPerToken,
		kvRead:     s.decode * c.kvReadPerDecode,
		attn:       s.decode*c.attnPerDecode + s.prefill*c.attnPerPrompt,
		allReduce:  r.allReduceFixed + tokens*r.allReducePerToken,
		overhead:   e.gpu.stepOverhead,
	}
}

// decodeContext is the mean number of tokens a decoding sequence attends
// to: its prompt plus half its output.
func (e *estimator) decodeContext() float64 {
	return float64(e.w.InputTokens) + float64(e.w.OutputTokens)/2
}

// kvHalfBandwidthBytes is the per-sequence, per-layer KV slice on one GPU
// at which the attention kernel reaches half its streaming efficiency:
// about 1 MB must be in flight across a GPU's SMs (~100 SMs x ~10 KB) to
// cover HBM latency. Small slices (one KV head per GPU at TP8, short
// contexts) leave channels idle: TensorRT-LLM's Llama-2-70B TP8 rows fall
// short of the 7B TP1 rows by more than the bandwidth arithmetic says.
const kvHalfBandwidthBytes = 0.85e6

// kvReadEfficiency is slice / (slice + kvHalfBandwidthBytes), in (0, 1).
// An FP8 cache on a GPU with FP8 tensor cores enters with its 16-bit
// size (kvSliceScale).
func kvReadEfficiency(sliceBytes float64) float64 {
	if sliceBytes <= 0 {
		return 1
	}
	return sliceBytes / (sliceBytes + kvHalfBandwidthBytes)
}

// kvSliceScale is what the slice efficiency counts one byte of a KV
// cache in p as on GPU g: 2 for an FP8 cache on a GPU with FP8 tensor
// cores, so that it reads in half the 16-bit time at every context
// length; 1 otherwise (the slice as stored).
//
// The slice penalty is the attention kernel's work per sequence and layer
// besides streaming bytes: TensorRT-LLM's Hopper decode kernel (XQA,
// https://github.com/NVIDIA/TensorRT-LLM/blob/main/cpp/kernels/xqa/mha_sm90.cu)
// walks the cache in 64-token tiles whatever the element size and, with an
// FP8 cache, runs the tiles' products on FP8 tensor cores (its MathElem is
// the cache's FP8), so that work halves with the bytes. Counting the FP8
// slice as stored charged it the whole 16-bit penalty: five of
// TensorRT-LLM v0.13's six H100 FP8 max-load rows read 7-22 % low and all
// six H100/A100 ratios 4-15 % low, and its v0.9 FP8 tables on H100 and
// L40S (static batching; not used to choose this) were low the same way.
// Softmax and the per-sequence prologue do not halve, so this is the
// kernel's best case; a GPU without FP8 tensor cores dequantises to
// 16-bit math and keeps the penalty of the bytes it stores.
func kvSliceScale(g *GPU, p Precision) float64 {
	if p == FP8 && g.HasFP8() {
		return FP16.BytesPerElement() / FP8.BytesPerElement()
	}
	return 1
}

// peak is the effective FLOP/s of one GPU for the workload's precision.
func (e *estimator) peak() float64 {
	return e.g.DenseFLOPS(e.w.Weights) * capped(computeBase(e.g, e.w), e.w.Efficiency.Engine.compute())
}

// computeBase is the compute efficiency the engine's factor multiplies:
// the workload's, else the GPU's for its precision, else its 16-bit one.
func computeBase(g *GPU, w *Workload) float64 {
	eff := w.Efficiency.Compute
	if eff == 0 {
		eff = g.computeEfficiency(w.Weights)
	}
	if eff == 0 {
		eff = g.ComputeEfficiency16
	}
	return eff
}

// allReduces is one forward pass's tensor-parallel communication on the
// replica of r: two all-reduces per layer of tokens x hidden 16-bit
// activations.
func (m *shapeFigures) allReduces(r *replicaRates, tokens float64) float64 {
	payload := tokens * m.hidden * activationBytes
	return 2 * m.layers * r.allReduce.seconds(payload)
}

// allReduceLink is the rate (both directions, bytes/s) a ring all-reduce
// across tp GPUs runs at: the scale-up link within a node (half a PCIe
// link's), or, once tp exceeds the node's GPUs, the inter-node network
// per GPU, which every ring step then crosses (TP16 on 8-GPU nodes).
func allReduceLink(g *GPU, tp int) float64 {
	link := g.LinkBytesPerSecond
	if !g.NVLink {
		link *= pcieAllReduceShare
	}
	if g.GPUsPerNode > 0 && tp > g.GPUsPerNode && g.NetworkBitsPerSecond > 0 {
		link = math.Min(link, 2*g.NetworkBitsPerSecond/bitsPerByte)
	}
	return link
}

// CrossesNodes reports whether a replica of tp GPUs spans more than one
// of g's nodes, so that its all-reduces run over g.Network.
func (g GPU) CrossesNodes(tp int) bool { return g.GPUsPerNode > 0 && tp > g.GPUsPerNode }

const bitsPerByte = 8

// pcieAllReduceShare is the part of a PCIe link's rate an all-reduce
// gets: without NVLink the traffic crosses the host bridge, shared by
// every GPU under it. Fitted on TensorRT-LLM v0.9's L40S tensor-parallel
// rows, which a full-rate link overpredicts by 20-40 %.
const pcieAllReduceShare = 0.5

// prefillSeconds is the time to process `seqs` prompts of InputTokens in
// one pass on an otherwise idle replica: compute (matmuls + causal
// attention) plus the weight read, the read overlapping with compute more
// as prompts grow (halfway at prefillOverlapTokens), plus all-reduces and
// a fixed overhead.
func (e *estimator) prefillSeconds(tp int, seqs float64) float64 {
	r := e.ratesFor(tp)
	m, g := &e.shape, &e.gpu
	n := float64(e.w.InputTokens)
	tokens := seqs * n
	flops := tokens*2*m.matmulParams + seqs*2*m.layers*m.attnWidth*n*n
	compute := flops / r.t / g.peak
	streamed := m.streamed1
	if m.moe {
		streamed = e.w.Model.streamedParams(tokens)
	}
	read := streamed * g.bytesPerParam / r.t / g.weightRate
	exposed := prefillOverlapTokens / (prefillOverlapTokens + tokens)
	t := max(compute, read) + min(compute, read)*exposed
	return t + m.allReduces(r, tokens) + g.prefillOverhead
}

// prefillOverlapTokens is the prompt length at which half of the shorter of
// compute and weight-read time hides behind the longer: short prompts pay
// both (TensorRT-LLM v0.9's batch-1 first-token latency at 128 tokens is
// 1.7-2.7x the max(compute, memory) roofline), long prompts run at the
// compute roofline (its 2048-token rows).
const prefillOverlapTokens = 1024.0
