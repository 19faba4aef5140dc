package model

import (
	"errors"
	"fmt"
	"math"
)

// Unit conversions.
const (
	secondsPerHour   = 3600.0
	tokensPerMillion = 1e6
	activationBytes  = 2.0 // activations and all-reduce payloads stay 16-bit
)

// Limits on workload inputs; outside them Estimate returns an error.
const (
	MaxBatch                 = 4096
	MaxTokens                = 1 << 20 // prompt or output tokens per request
	MaxGPUsPerReplica        = 64
	MaxPriceUSDPerHour       = 1000.0
	MaxPinnedTokensPerSecond = 1e7
	// MinPinnedTokensPerSecond is the smallest pinned rate accepted:
	// below it a cost per million tokens overflows any useful range.
	MinPinnedTokensPerSecond = 0.001
	// MinUtilization is the smallest utilization accepted: below 1 % a
	// cost per token is dominated by idle time and stops meaning anything.
	MinUtilization = 0.01
	// MaxAutoTP is the largest tensor-parallel group auto-selection tries
	// (one 8-GPU server).
	MaxAutoTP = 8
)

// Workload is everything about the deployment except the GPU.
type Workload struct {
	Model Arch
	// Weights is the weight precision; KV the KV-cache precision.
	Weights Precision
	KV      Precision
	// GPUsPerReplica is the tensor-parallel degree; 0 = auto: the fewest of
	// 1, 2, 4, 8 that hold the weights (and the batch's KV cache, when a
	// batch is given) within the memory left by the reserve.
	GPUsPerReplica int
	// Batch is the number of sequences decoded together; 0 = the largest
	// batch that fits (the "max load" of serving benchmarks).
	Batch int
	// InputTokens is the prompt length; OutputTokens the generated length.
	InputTokens  int
	OutputTokens int
	// Utilization is the fraction of paid hours doing useful work, (0, 1].
	Utilization float64
	// USDPerGPUHour is the price of one GPU for one hour.
	USDPerGPUHour float64
	// PinnedTokensPerSecond, when > 0, replaces the estimated output
	// tokens/s of one replica (the user's own measurement).
	PinnedTokensPerSecond float64
	Efficiency            Efficiency
}

// Result is the estimate for one GPU and workload. Times in seconds, sizes
// in bytes, rates per second; "per replica" unless the name says per GPU.
type Result struct {
	GPU            GPU
	GPUsPerReplica int
	Batch          int // sequences per decode step used for the figures
	MaxBatch       int // largest batch whose KV cache fits (0 = none)

	Fits           bool
	ShortfallBytes float64 // memory missing per GPU when !Fits

	WeightBytesPerGPU   float64
	KVBytesPerGPU       float64 // KV cache of the whole batch at full length
	ReservedBytesPerGPU float64
	FreeBytesPerGPU     float64 // may be negative when !Fits
	KVBytesPerSequence  float64 // whole replica, at full length

	TPOTSeconds float64 // decode time per output token (per sequence)
	TTFTSeconds float64 // prefill of one prompt at batch 1
	Bound       Bound   // what limits the decode step
	// Decode step parts (per GPU): memory time, compute time, all-reduces.
	MemorySeconds    float64
	ComputeSeconds   float64
	AllReduceSeconds float64

	EstimatedTokensPerSecond float64 // output tokens/s per replica, model
	TokensPerSecond          float64 // pinned if given, else estimated
	Pinned                   bool
	TokensPerSecondPerGPU    float64
	InputTokensPerSecond     float64 // prefill throughput at the batch
	// ServingTokensPerSecond is output tokens/s per replica counting the
	// time the batch's prompts take to prefill: batch x output / (prefill
	// + output x TPOT). What a throughput benchmark at load measures.
	ServingTokensPerSecond float64

	USDPerHour                float64 // one replica
	USDPerGPUHour             float64
	USDPerMillionOutputTokens float64
	USDPerMillionInputTokens  float64
	USDPerMillionTokens       float64 // blended for the input/output mix
}

// Bound names the limit of a decode step.
type Bound string

// Bounds.
const (
	MemoryBound  Bound = "memory"
	ComputeBound Bound = "compute"
)

// ErrNoFP8 is returned for FP8 weights on a GPU without FP8 tensor cores.
var ErrNoFP8 = errors.New("no FP8 tensor cores")

// Validate reports the first workload field outside its domain.
func (w Workload) Validate() error {
	switch {
	case w.Model.Params <= 0 || w.Model.Layers <= 0 || w.Model.Hidden <= 0:
		return errors.New("model: no architecture given")
	case w.Weights.BytesPerElement() == 0:
		return fmt.Errorf("precision %q: accepted fp16, bf16, fp8, int8, int4", w.Weights)
	case w.KV != FP16 && w.KV != BF16 && w.KV != FP8:
		return fmt.Errorf("kv precision %q: accepted fp16, bf16, fp8", w.KV)
	case w.GPUsPerReplica < 0 || w.GPUsPerReplica > MaxGPUsPerReplica:
		return fmt.Errorf("gpus per replica %d: accepted 0 (auto) to %d", w.GPUsPerReplica, MaxGPUsPerReplica)
	case w.GPUsPerReplica > 1 && w.Model.Heads > 0 && w.Model.Heads%w.GPUsPerReplica != 0:
		return fmt.Errorf("gpus per replica %d: must divide %s's %d attention heads (tensor parallelism splits heads)", w.GPUsPerReplica, w.Model.Name, w.Model.Heads)
	case w.Batch < 0 || w.Batch > MaxBatch:
		return fmt.Errorf("batch %d: accepted 0 (max) to %d", w.Batch, MaxBatch)
	case w.InputTokens < 1 || w.InputTokens > MaxTokens:
		return fmt.Errorf("input tokens %d: accepted 1 to %d", w.InputTokens, MaxTokens)
	case w.OutputTokens < 1 || w.OutputTokens > MaxTokens:
		return fmt.Errorf("output tokens %d: accepted 1 to %d", w.OutputTokens, MaxTokens)
	case !finite(w.Utilization) || w.Utilization < MinUtilization || w.Utilization > 1:
		return fmt.Errorf("utilization %v: accepted %g to 1", w.Utilization, MinUtilization)
	case !finite(w.USDPerGPUHour) || w.USDPerGPUHour < 0 || w.USDPerGPUHour > MaxPriceUSDPerHour:
		return fmt.Errorf("price %v $/h: accepted 0 to %g", w.USDPerGPUHour, MaxPriceUSDPerHour)
	case !finite(w.PinnedTokensPerSecond) || w.PinnedTokensPerSecond < 0 || w.PinnedTokensPerSecond > MaxPinnedTokensPerSecond ||
		(w.PinnedTokensPerSecond > 0 && w.PinnedTokensPerSecond < MinPinnedTokensPerSecond):
		return fmt.Errorf("pinned tokens/s %v: accepted 0 (estimate) or %g to %g", w.PinnedTokensPerSecond, MinPinnedTokensPerSecond, MaxPinnedTokensPerSecond)
	}
	return w.Efficiency.Validate()
}

// Estimate computes decode, prefill, memory and cost for workload w on
// GPU g. It returns an error for invalid input or an FP8 workload on a
// GPU without FP8; a workload that does not fit still returns figures,
// with Fits false and ShortfallBytes set.
func Estimate(g GPU, w Workload) (Result, error) {
	if err := check(&g, &w); err != nil {
		return Result{}, err
	}
	r := Result{GPU: g}
	e := estimator{g: &g, w: &w, full: true}
	e.run(&r)
	return r, nil
}

// check is Estimate's input validation, shared with the sweeps.
func check(g *GPU, w *Workload) error {
	if err := w.Validate(); err != nil {
		return err
	}
	if w.Weights.needsFP8() && !g.HasFP8() {
		return fmt.Errorf("%s: %w, so FP8 weights cannot run; use fp16, bf16, int8 or int4", g.Name, ErrNoFP8)
	}
	if g.MemoryBytes <= 0 || g.BandwidthBytesPerSecond <= 0 || g.FP16FLOPS <= 0 {
		return fmt.Errorf("GPU %q: memory, bandwidth and FP16 FLOPS must be positive", g.ID)
	}
	return nil
}

// estimator carries one Estimate call's inputs by reference: a sweep runs
// it a hundred times per slider step, so nothing large is copied.
type estimator struct {
	g *GPU
	w *Workload
	// full computes prefill and cost too; sweeps that chart only the
	// decode step leave it off.
	full bool
}

func (e *estimator) run(r *Result) {
	r.USDPerGPUHour = e.w.USDPerGPUHour
	r.GPUsPerReplica = e.chooseTP()
	tp := r.GPUsPerReplica
	r.WeightBytesPerGPU = e.weightBytes() / float64(tp)
	r.ReservedBytesPerGPU = e.g.MemoryBytes * e.w.Efficiency.MemoryReserve
	r.KVBytesPerSequence = e.kvBytesPerSeq()
	r.MaxBatch = e.maxBatch(tp)
	r.Batch = e.w.Batch
	if r.Batch == 0 {
		r.Batch = max(r.MaxBatch, 1)
	}
	r.KVBytesPerGPU = float64(r.Batch) * r.KVBytesPerSequence / e.kvSplit(tp)
	r.FreeBytesPerGPU = e.usable() - r.WeightBytesPerGPU - r.KVBytesPerGPU
	r.Fits = r.FreeBytesPerGPU >= 0
	r.ShortfallBytes = 0
	if !r.Fits {
		r.ShortfallBytes = -r.FreeBytesPerGPU
	}
	e.decode(r, tp)
	if e.full {
		r.TTFTSeconds = e.prefillSeconds(tp, 1)
		e.cost(r, tp)
	}
}

// weightBytes is the whole model's stored weights.
func (e *estimator) weightBytes() float64 {
	return e.w.Model.Params * e.w.Weights.BytesPerElement()
}

// usable is the memory per GPU for weights and KV cache.
func (e *estimator) usable() float64 {
	return e.g.MemoryBytes * (1 - e.w.Efficiency.MemoryReserve)
}

// kvBytesPerSeq is one sequence's KV cache at its full length.
func (e *estimator) kvBytesPerSeq() float64 {
	return e.w.Model.KVBytesPerToken(e.w.KV) * float64(e.w.InputTokens+e.w.OutputTokens)
}

// kvSplit is how many ways tensor parallelism divides the KV cache: by KV
// heads, so heads are replicated once tp exceeds them.
func (e *estimator) kvSplit(tp int) float64 {
	return float64(min(tp, max(e.w.Model.KVHeads, 1)))
}

// chooseTP returns the fixed degree, or the fewest of 1, 2, 4, 8 whose
// memory holds the weights (and the requested batch).
func (e *estimator) chooseTP() int {
	if e.w.GPUsPerReplica > 0 {
		return e.w.GPUsPerReplica
	}
	need := func(tp int) float64 {
		kv := 0.0
		if e.w.Batch > 0 {
			kv = float64(e.w.Batch) * e.kvBytesPerSeq() / e.kvSplit(tp)
		} else {
			kv = e.kvBytesPerSeq() / e.kvSplit(tp) // at least one sequence
		}
		return e.weightBytes()/float64(tp) + kv
	}
	for tp := 1; tp <= MaxAutoTP; tp *= 2 {
		if need(tp) <= e.usable() {
			return tp
		}
	}
	return MaxAutoTP
}

// maxBatch is the largest batch whose full-length KV cache fits beside
// the weights, capped at MaxBatch.
func (e *estimator) maxBatch(tp int) int {
	free := e.usable() - e.weightBytes()/float64(tp)
	per := e.kvBytesPerSeq() / e.kvSplit(tp)
	if free <= 0 || per <= 0 {
		return 0
	}
	return int(math.Min(math.Floor(free/per), MaxBatch))
}

// decode fills the decode-step figures. A step runs the weight matmuls
// (time = max(weight read, matmul FLOPs)) and then attention over the
// batch's KV cache (time = max(KV read, attention FLOPs)), then the
// all-reduces and a fixed overhead; throughput = batch / step. The KV read
// is slowed when each sequence's per-layer slice on a GPU is too small to
// keep every memory channel busy (kvReadEfficiency).
func (e *estimator) decode(r *Result, tp int) {
	b := float64(r.Batch)
	m := e.w.Model
	ctx := float64(e.w.InputTokens) + float64(e.w.OutputTokens)/2
	bw := e.g.BandwidthBytesPerSecond
	peak := e.peak()
	weightRead := m.streamedParams(b) * e.w.Weights.BytesPerElement() / float64(tp) / (bw * e.w.Efficiency.weightBandwidth(e.w.Weights))
	matmul := b * 2 * m.matmulParams() / float64(tp) / peak
	split := e.kvSplit(tp)
	kvPerToken := m.KVBytesPerToken(e.w.KV)
	slice := ctx * kvPerToken / split / float64(m.Layers)
	kvRead := b * ctx * kvPerToken / split / (bw * e.w.Efficiency.Bandwidth * kvReadEfficiency(slice))
	attn := b * 4 * float64(m.Layers) * m.attnWidth() * ctx / float64(tp) / peak
	r.MemorySeconds = weightRead + kvRead
	r.ComputeSeconds = matmul + attn
	r.AllReduceSeconds = e.allReduces(tp, b)
	r.Bound = MemoryBound
	if r.ComputeSeconds > r.MemorySeconds {
		r.Bound = ComputeBound
	}
	step := math.Max(weightRead, matmul) + math.Max(kvRead, attn)
	step += r.AllReduceSeconds + e.w.Efficiency.stepOverhead(e.w.Weights)
	r.TPOTSeconds = step
	r.EstimatedTokensPerSecond = b / step
}

// kvHalfBandwidthBytes is the per-sequence, per-layer KV slice on one GPU
// at which the attention kernel reaches half its streaming efficiency:
// about 1 MB must be in flight across a GPU's SMs (~100 SMs x ~10 KB) to
// cover HBM latency. Small slices (one KV head per GPU at TP8, short
// contexts) leave channels idle: cases P10 vs P9 (TensorRT-LLM v0.12 perf overview) in model/cases.
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
	return e.g.DenseFLOPS(e.w.Weights) * eff
}

// allReduces is one forward pass's tensor-parallel communication: two
// all-reduces per layer of tokens x hidden 16-bit activations.
func (e *estimator) allReduces(tp int, tokens float64) float64 {
	m := e.w.Model
	payload := tokens * float64(m.Hidden) * activationBytes
	link := e.g.LinkBytesPerSecond
	if !e.g.NVLink {
		link *= pcieAllReduceShare
	}
	return 2 * float64(m.Layers) * e.w.Efficiency.allReduceSeconds(tp, payload, link)
}

// pcieAllReduceShare is the part of a PCIe link's rate an all-reduce
// gets: without NVLink the traffic crosses the host bridge, shared by
// every GPU under it. Fitted on TensorRT-LLM v0.9's L40S tensor-parallel
// rows, which a full-rate link overpredicts by 20-40 %.
const pcieAllReduceShare = 0.5

// prefillSeconds is the time to process `seqs` prompts of InputTokens in
// one pass: compute (matmuls + causal attention) plus the weight read,
// the read overlapping with compute more as prompts grow (halfway at
// prefillOverlapTokens), plus all-reduces and a fixed overhead.
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
	return t + e.allReduces(tp, tokens) + e.w.Efficiency.PrefillOverheadSeconds
}

// prefillOverlapTokens is the prompt length at which half of the shorter of
// compute and weight-read time hides behind the longer: short prompts pay
// both (TensorRT-LLM v0.9 low-latency TTFT is 1.7-2.7x max(compute, memory) at <= 256
// tokens), long prompts run at the compute roofline (P5).
const prefillOverlapTokens = 1024.0

// cost fills throughput and price figures. $/M output = replica $/h /
// (output tok/s x 3600 x utilization) x 1e6; input likewise with the
// prefill throughput of the batch; blended by the input/output mix.
func (e *estimator) cost(r *Result, tp int) {
	r.TokensPerSecond = r.EstimatedTokensPerSecond
	if e.w.PinnedTokensPerSecond > 0 {
		r.TokensPerSecond = e.w.PinnedTokensPerSecond
		r.Pinned = true
	}
	r.TokensPerSecondPerGPU = r.TokensPerSecond / float64(tp)
	b := float64(r.Batch)
	prefill := e.prefillSeconds(tp, b)
	r.InputTokensPerSecond = b * float64(e.w.InputTokens) / prefill
	out := float64(e.w.OutputTokens)
	r.ServingTokensPerSecond = b * out / (prefill + out*r.TPOTSeconds)
	r.USDPerHour = e.w.USDPerGPUHour * float64(tp)
	r.USDPerMillionOutputTokens = CostPerMillion(r.USDPerHour, r.TokensPerSecond, e.w.Utilization)
	r.USDPerMillionInputTokens = CostPerMillion(r.USDPerHour, r.InputTokensPerSecond, e.w.Utilization)
	in := float64(e.w.InputTokens)
	r.USDPerMillionTokens = (r.USDPerMillionInputTokens*in + r.USDPerMillionOutputTokens*out) / (in + out)
}

// CostPerMillion is the seed's formula: usdPerHour / (tokensPerSecond x
// 3600 x utilization) x 1e6, in USD per million tokens. It returns 0 when
// tokensPerSecond or utilization is not positive (nothing is produced,
// so no per-token price exists) or the result overflows, rather than Inf.
func CostPerMillion(usdPerHour, tokensPerSecond, utilization float64) float64 {
	if tokensPerSecond <= 0 || utilization <= 0 || !finite(tokensPerSecond) {
		return 0
	}
	c := usdPerHour / (tokensPerSecond * secondsPerHour * utilization) * tokensPerMillion
	if !finite(c) {
		return 0
	}
	return c
}
