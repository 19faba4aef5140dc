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
	if r.moe {
		weights = e.w.Model.streamedParams(tokens) * r.weightReadPerParam
	}
	return stepParts{
		weightRead: weights,
		matmul:     tokens * r.matmulPerToken,
		kvRead:     s.decode * c.kvReadPerDecode,
		attn:       s.decode*c.attnPerDecode + s.prefill*c.attnPerPrompt,
		allReduce:  r.allReduceFixed + tokens*r.allReducePerToken,
		overhead:   r.stepOverhead,
	}
}

// replicaRates are a replica size's costs per parameter, token and
// all-reduce byte. They depend on the GPU, the model, the precisions and
// the efficiencies but not on the lengths or the batch, so an estimate
// computes them once per size, not per step or prefill.
type replicaRates struct {
	tp                                int // 0 = none cached
	moe                               bool
	t, peak                           float64 // tp as a float; effective FLOP/s of one GPU
	bytesPerParam, weightRate         float64 // of the weights; effective bytes/s streaming them
	streamed1, matmulParams           float64 // streamedParams(1), matmulParams()
	layers, hidden, attnWidth         float64
	weightRead, weightReadPerParam    float64
	matmulPerToken, attnPerContext    float64
	kvRate                            float64 // effective bytes/s streaming the KV cache, kvReadEfficiency aside
	allReduce                         allReduceCost
	allReduceFixed, allReducePerToken float64
	stepOverhead, prefillOverhead     float64
}

// ratesFor returns the rates of a replica of tp GPUs, cached.
func (e *estimator) ratesFor(tp int) *replicaRates {
	r := &e.rates
	if r.tp == tp {
		return r
	}
	m := &e.w.Model
	t := float64(tp)
	peak := e.peak()
	bytesPerParam := e.w.Weights.BytesPerElement()
	weightRate := e.g.BandwidthBytesPerSecond * e.w.Efficiency.weightBandwidth(e.w.Weights)
	perParam := bytesPerParam / t / weightRate
	*r = replicaRates{tp: tp, moe: m.IsMoE(), t: t, peak: peak,
		bytesPerParam: bytesPerParam, weightRate: weightRate,
		streamed1: m.streamedParams(1), matmulParams: m.matmulParams(),
		layers: float64(m.Layers), hidden: float64(m.Hidden), attnWidth: m.attnWidth(),
		weightReadPerParam: perParam,
		kvRate:             e.g.BandwidthBytesPerSecond * e.w.Efficiency.kvBandwidth(),
		allReduce:          e.w.Efficiency.allReduce(tp, allReduceLink(*e.g, tp)),
		stepOverhead:       e.w.Efficiency.stepOverhead(e.w.Weights),
		prefillOverhead:    e.w.Efficiency.prefillOverhead(),
	}
	r.weightRead = r.streamed1 * perParam
	r.matmulPerToken = 2 * r.matmulParams / t / peak
	r.attnPerContext = r.layers * r.attnWidth / t / peak
	r.allReduceFixed = r.allReduces(0)
	r.allReducePerToken = r.allReduces(1) - r.allReduceFixed
	return r
}

// stepCoef is step's per-token costs that depend on the lengths, for one
// replica size, computed once per size: the target search evaluates
// hundreds of steps per estimate.
type stepCoef struct {
	tp                           int // 0 = none cached
	kvReadPerDecode              float64
	attnPerDecode, attnPerPrompt float64
}

// coefFor returns the step coefficients for tp GPUs, cached, and caches
// the rates they build on in e.rates.
func (e *estimator) coefFor(tp int) *stepCoef {
	r := e.ratesFor(tp)
	c := &e.coef
	if c.tp == tp {
		return c
	}
	ctx := e.decodeContext()
	split := e.kvSplit(tp)
	kvPerToken := e.w.Model.KVBytesPerToken(e.w.KV)
	slice := ctx * kvPerToken / split / r.layers
	*c = stepCoef{tp: tp,
		kvReadPerDecode: ctx * kvPerToken / split / (r.kvRate * kvReadEfficiency(slice)),
		attnPerDecode:   4 * ctx * r.attnPerContext, attnPerPrompt: 2 * float64(e.w.InputTokens) * r.attnPerContext,
	}
	return c
}

// forget drops the cached rates and coefficients: callers that change
// e.w's model, precisions or efficiencies call it; forgetLengths drops
// only what depends on the lengths, for callers that change those.
func (e *estimator) forget() { e.rates.tp, e.coef.tp = 0, 0 }

func (e *estimator) forgetLengths() { e.coef.tp = 0 }

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
func (r *replicaRates) allReduces(tokens float64) float64 {
	payload := tokens * r.hidden * activationBytes
	return 2 * r.layers * r.allReduce.seconds(payload)
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
	r := e.ratesFor(tp)
	n := float64(e.w.InputTokens)
	tokens := seqs * n
	flops := tokens*2*r.matmulParams + seqs*2*r.layers*r.attnWidth*n*n
	compute := flops / r.t / r.peak
	streamed := r.streamed1
	if r.moe {
		streamed = e.w.Model.streamedParams(tokens)
	}
	read := streamed * r.bytesPerParam / r.t / r.weightRate
	exposed := prefillOverlapTokens / (prefillOverlapTokens + tokens)
	t := max(compute, read) + min(compute, read)*exposed
	return t + r.allReduces(tokens) + r.prefillOverhead
}

// prefillOverlapTokens is the prompt length at which half of the shorter of
// compute and weight-read time hides behind the longer: short prompts pay
// both (TensorRT-LLM v0.9's batch-1 first-token latency at 128 tokens is
// 1.7-2.7x the max(compute, memory) roofline), long prompts run at the
// compute roofline (its 2048-token rows).
const prefillOverlapTokens = 1024.0
