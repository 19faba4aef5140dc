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
	return math.Max(p.weightRead, p.matmul) + math.Max(p.kvRead, p.attn) + p.allReduce + p.overhead
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
	tokens := s.decode + s.prefill
	weights := c.weightRead
	if e.w.Model.IsMoE() {
		weights = e.w.Model.streamedParams(tokens) * c.weightReadPerParam
	}
	return stepParts{
		weightRead: weights,
		matmul:     tokens * c.matmulPerToken,
		kvRead:     s.decode * c.kvReadPerDecode,
		attn:       s.decode*c.attnPerDecode + s.prefill*c.attnPerPrompt,
		allReduce:  c.allReduceFixed + tokens*c.allReducePerToken,
		overhead:   c.overhead,
	}
}

// stepCoef is step's per-token costs for one replica size, computed once
// per size: the target search evaluates hundreds of steps per estimate.
type stepCoef struct {
	tp                                int
	weightRead, weightReadPerParam    float64
	matmulPerToken                    float64
	kvReadPerDecode                   float64
	attnPerDecode, attnPerPrompt      float64
	allReduceFixed, allReducePerToken float64
	overhead                          float64
}

// coefFor returns the step coefficients for tp GPUs, cached.
func (e *estimator) coefFor(tp int) *stepCoef {
	if e.coef.tp == tp {
		return &e.coef
	}
	m := e.w.Model
	bw := e.g.BandwidthBytesPerSecond
	peak := e.peak()
	ctx := e.decodeContext()
	split := e.kvSplit(tp)
	kvPerToken := m.KVBytesPerToken(e.w.KV)
	slice := ctx * kvPerToken / split / float64(m.Layers)
	t := float64(tp)
	perParam := e.w.Weights.BytesPerElement() / t / (bw * e.w.Efficiency.weightBandwidth(e.w.Weights))
	attn := float64(m.Layers) * m.attnWidth() / t / peak
	fixed := e.allReduces(tp, 0)
	e.coef = stepCoef{tp: tp,
		weightRead: m.streamedParams(1) * perParam, weightReadPerParam: perParam,
		matmulPerToken:  2 * m.matmulParams() / t / peak,
		kvReadPerDecode: ctx * kvPerToken / split / (bw * e.w.Efficiency.kvBandwidth() * kvReadEfficiency(slice)),
		attnPerDecode:   4 * ctx * attn, attnPerPrompt: 2 * float64(e.w.InputTokens) * attn,
		allReduceFixed: fixed, allReducePerToken: e.allReduces(tp, 1) - fixed,
		overhead: e.w.Efficiency.stepOverhead(e.w.Weights),
	}
	return &e.coef
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
func kvReadEfficiency(sliceBytes float64) float64 {
	if sliceBytes <= 0 {
		return 1
	}
	return sliceBytes / (sliceBytes + kvHalfBandwidthBytes)
}

// peak is the effective FLOP/s of one GPU for the workload's precision.
func (e *estimator) peak() float64 {
	eff := e.w.Efficiency.Compute
	if eff == 0 {
		eff = e.g.computeEfficiency(e.w.Weights)
	}
	if eff == 0 {
		eff = e.g.ComputeEfficiency16
	}
	return e.g.DenseFLOPS(e.w.Weights) * capped(eff, e.w.Efficiency.Engine.compute())
}

// allReduces is one forward pass's tensor-parallel communication: two
// all-reduces per layer of tokens x hidden 16-bit activations.
func (e *estimator) allReduces(tp int, tokens float64) float64 {
	m := e.w.Model
	payload := tokens * float64(m.Hidden) * activationBytes
	return 2 * float64(m.Layers) * e.w.Efficiency.allReduceSeconds(tp, payload, allReduceLink(*e.g, tp))
}

// allReduceLink is the rate (both directions, bytes/s) a ring all-reduce
// across tp GPUs runs at: the scale-up link within a node (half a PCIe
// link's), or, once tp exceeds the node's GPUs, the inter-node network
// per GPU, which every ring step then crosses (TP16 on 8-GPU nodes).
func allReduceLink(g GPU, tp int) float64 {
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
	m := e.w.Model
	n := float64(e.w.InputTokens)
	tokens := seqs * n
	flops := tokens*2*m.matmulParams() + seqs*2*float64(m.Layers)*m.attnWidth()*n*n
	compute := flops / float64(tp) / e.peak()
	bw := e.g.BandwidthBytesPerSecond
	read := m.streamedParams(tokens) * e.w.Weights.BytesPerElement() / float64(tp) / (bw * e.w.Efficiency.weightBandwidth(e.w.Weights))
	exposed := prefillOverlapTokens / (prefillOverlapTokens + tokens)
	t := math.Max(compute, read) + math.Min(compute, read)*exposed
	return t + e.allReduces(tp, tokens) + e.w.Efficiency.prefillOverhead()
}

// prefillOverlapTokens is the prompt length at which half of the shorter of
// compute and weight-read time hides behind the longer: short prompts pay
// both (TensorRT-LLM v0.9's batch-1 first-token latency at 128 tokens is
// 1.7-2.7x the max(compute, memory) roofline), long prompts run at the
// compute roofline (its 2048-token rows).
const prefillOverlapTokens = 1024.0
