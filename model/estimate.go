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
	// MaxTargetSeconds is the largest latency target accepted.
	MaxTargetSeconds = 3600.0
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
	// Batch is the number of requests in flight on one replica (with
	// static scheduling, decoded together); 0 = the largest batch that
	// fits (the "max load" of serving benchmarks), or with a latency
	// target the largest that meets it.
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
	// Scheduling is how requests are batched: InFlight ("" is the same)
	// or Static.
	Scheduling Scheduling
	// TPOTTargetSeconds and TTFTTargetSeconds are latency targets, as the
	// means serving benchmarks report (not p99); 0 = off. The TTFT target
	// applies to the time to first token at load. With a target and Batch
	// 0 the batch is the largest that meets it (never above the max
	// batch); with GPUsPerReplica 0 too, the replica size of 1, 2, 4, 8
	// that meets it at the lowest cost per output token. A target with a
	// Batch above 0 is an error.
	TPOTTargetSeconds float64
	TTFTTargetSeconds float64
}

// HasTarget reports whether a latency target is set.
func (w Workload) HasTarget() bool { return w.TPOTTargetSeconds > 0 || w.TTFTTargetSeconds > 0 }

// Result is the estimate for one GPU and workload. Times in seconds, sizes
// in bytes, rates per second; "per replica" unless the name says per GPU.
type Result struct {
	GPU            GPU
	GPUsPerReplica int
	Batch          int // requests in flight used for the figures
	MaxBatch       int // largest batch whose KV cache fits (0 = none)
	Scheduling     Scheduling

	Fits           bool
	ShortfallBytes float64 // memory missing per GPU when !Fits

	WeightBytesPerGPU   float64
	KVBytesPerGPU       float64 // KV cache the batch holds (see KVBytesPerSequence)
	ReservedBytesPerGPU float64
	FreeBytesPerGPU     float64 // may be negative when !Fits
	// KVBytesPerSequence is the KV cache one request holds, whole
	// replica: in flight, its average (InputTokens + OutputTokens/2 with
	// paged KV) plus kvGrowthMargin; static, its full length.
	KVBytesPerSequence float64

	// TPOTSeconds is the mean time between a running request's output
	// tokens at this batch, the prompts that share its steps included; at
	// batch 1 the plain decode step.
	TPOTSeconds float64
	// TTFTSeconds is the time to first token on an idle replica (one
	// prompt's prefill).
	TTFTSeconds float64
	// TTFTAtLoadSeconds is a new request's time to first token while the
	// replica serves Batch requests (queueing for a free slot excluded);
	// equal to TTFTSeconds at batch 1.
	TTFTAtLoadSeconds float64
	Bound             Bound // what limits the step that TPOT measures
	// Parts of that step (per GPU): memory time, compute time, all-reduces.
	MemorySeconds    float64
	ComputeSeconds   float64
	AllReduceSeconds float64

	// EstimatedTokensPerSecond is the model's output tokens/s per replica
	// at load: Batch x OutputTokens / (TTFTAtLoadSeconds + (OutputTokens -
	// 1) x TPOTSeconds), Little's law, prompts' time included; what
	// serving benchmarks report.
	EstimatedTokensPerSecond float64
	TokensPerSecond          float64 // pinned if given, else estimated
	Pinned                   bool
	// CeilingTokensPerSecond is what physics allows this replica at this
	// workload (Ceiling.TokensPerSecond); a pin above it is kept but
	// flagged (PinAboveCeiling).
	CeilingTokensPerSecond float64
	TokensPerSecondPerGPU  float64 // TokensPerSecond / GPUsPerReplica
	// InputTokensPerSecond is prompt tokens served per second per replica
	// at that rate: TokensPerSecond x InputTokens / OutputTokens.
	InputTokensPerSecond float64
	// InputTimeShare is the fraction of the replica's time its steps spend
	// on prompt tokens: 1 - (the same steps without prompt tokens) / (the
	// steps as run). In [0, 1].
	InputTimeShare float64

	USDPerHour    float64 // one replica
	USDPerGPUHour float64
	// USDPerMillionOutputTokens is the seed's formula on TokensPerSecond:
	// all of the replica's hour charged to output tokens.
	USDPerMillionOutputTokens float64
	// USDPerMillionInputTokens and USDPerMillionOutputTokensSplit charge
	// InputTimeShare of the hour to prompt tokens and the rest to output
	// tokens.
	USDPerMillionInputTokens       float64
	USDPerMillionOutputTokensSplit float64
	// USDPerMillionTokens is blended: the replica's hour over the input +
	// output tokens it serves.
	USDPerMillionTokens float64

	// Target is the latency-target outcome; Target.Set is false when the
	// workload has no target.
	Target TargetOutcome
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
		return fmt.Errorf("gpus per replica %d: %s", w.GPUsPerReplica, GPUsPerReplicaRule(w.Model))
	case w.Batch < 0 || w.Batch > MaxBatch:
		return fmt.Errorf("batch %d: accepted 0 (max) to %d", w.Batch, MaxBatch)
	case w.Scheduling != "" && w.Scheduling != InFlight && w.Scheduling != Static:
		return fmt.Errorf("scheduling %q: accepted inflight, static", w.Scheduling)
	case w.InputTokens < 1 || w.InputTokens > MaxTokens:
		return fmt.Errorf("input tokens %d: accepted 1 to %d", w.InputTokens, MaxTokens)
	case w.OutputTokens < 1 || w.OutputTokens > MaxTokens:
		return fmt.Errorf("output tokens %d: accepted 1 to %d", w.OutputTokens, MaxTokens)
	case !Finite(w.Utilization) || w.Utilization < MinUtilization || w.Utilization > 1:
		return fmt.Errorf("utilization %v: accepted %g to 1", w.Utilization, MinUtilization)
	case !Finite(w.USDPerGPUHour) || w.USDPerGPUHour < 0 || w.USDPerGPUHour > MaxPriceUSDPerHour:
		return fmt.Errorf("price %v $/h: accepted 0 to %g", w.USDPerGPUHour, MaxPriceUSDPerHour)
	case !Finite(w.PinnedTokensPerSecond) || w.PinnedTokensPerSecond < 0 || w.PinnedTokensPerSecond > MaxPinnedTokensPerSecond ||
		(w.PinnedTokensPerSecond > 0 && w.PinnedTokensPerSecond < MinPinnedTokensPerSecond):
		return fmt.Errorf("pinned tokens/s %v: accepted 0 (estimate) or %g to %g", w.PinnedTokensPerSecond, MinPinnedTokensPerSecond, MaxPinnedTokensPerSecond)
	}
	if err := w.validateTargets(); err != nil {
		return err
	}
	return w.Efficiency.Validate()
}

// validateTargets checks the latency targets and that a batch is not
// fixed beside them.
func (w Workload) validateTargets() error {
	for _, t := range [...]struct {
		name string
		v    float64
	}{{"tpot target", w.TPOTTargetSeconds}, {"ttft target", w.TTFTTargetSeconds}} {
		if !Finite(t.v) || t.v < 0 || t.v > MaxTargetSeconds {
			return fmt.Errorf("%s %v s: accepted 0 (off) to %g s", t.name, t.v, MaxTargetSeconds)
		}
		if t.v > 0 && w.Batch > 0 {
			return fmt.Errorf("batch %d and %s: a latency target chooses the batch; give one or the other", w.Batch, t.name)
		}
	}
	return nil
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
	// full computes the cost figures too; sweeps that chart only times
	// and throughput leave it off.
	full bool
	// Costs derived from g and w (see rates.go).
	gpu   gpuRates
	shape shapeFigures
	rates replicaRates
	coef  stepCoef
}

func (e *estimator) run(r *Result) {
	r.USDPerGPUHour = e.w.USDPerGPUHour
	r.Scheduling = e.w.Scheduling
	if r.Scheduling == "" {
		r.Scheduling = InFlight
	}
	if e.w.HasTarget() {
		e.runTarget(r)
		return
	}
	tp := e.chooseTP()
	b := e.w.Batch
	if b == 0 {
		b = max(e.maxBatch(tp), 1)
	}
	e.runAt(r, tp, b)
}

// runAt fills r for a replica of tp GPUs serving b requests.
func (e *estimator) runAt(r *Result, tp, b int) {
	r.GPUsPerReplica = tp
	r.WeightBytesPerGPU = e.weightBytes() / float64(tp)
	r.ReservedBytesPerGPU = e.g.MemoryBytes * e.w.Efficiency.MemoryReserve
	r.KVBytesPerSequence = e.kvBytesPerSeq()
	r.MaxBatch = e.maxBatch(tp)
	r.Batch = b
	r.KVBytesPerGPU = e.kvBytesAt(tp, b)
	r.FreeBytesPerGPU = e.usable() - r.WeightBytesPerGPU - r.KVBytesPerGPU
	r.Fits = r.FreeBytesPerGPU >= 0
	r.ShortfallBytes = 0
	if !r.Fits {
		r.ShortfallBytes = -r.FreeBytesPerGPU
	}
	r.TTFTSeconds = e.prefillSeconds(tp, 1)
	e.fillServing(r, tp)
	if e.full {
		e.cost(r, tp)
	}
}

// weightBytes is the whole model's stored weights.
func (e *estimator) weightBytes() float64 {
	return e.shapeOf().weightBytes
}

// usable is the memory per GPU for weights and KV cache.
func (e *estimator) usable() float64 {
	return e.g.MemoryBytes * (1 - e.w.Efficiency.MemoryReserve)
}

// kvBytesPerSeq is the KV cache one request needs, whole replica: with
// in-flight batching and paged KV, what it holds on average (prompt plus
// half its output) plus kvGrowthMargin; with static batching, its full
// length, allocated up front.
func (e *estimator) kvBytesPerSeq() float64 {
	if e.w.Scheduling.static() {
		return e.kvBytesFull()
	}
	held := (float64(e.w.InputTokens) + float64(e.w.OutputTokens)/2) * (1 + kvGrowthMargin)
	return e.shapeOf().kvBytesPerToken * held
}

// kvBytesFull is one sequence's KV cache at its full length.
func (e *estimator) kvBytesFull() float64 {
	return e.shapeOf().kvBytesPerToken * float64(e.w.InputTokens+e.w.OutputTokens)
}

// kvBytesAt is the KV cache per GPU of b requests: at least one sequence
// at full length, which a lone request reaches.
func (e *estimator) kvBytesAt(tp, b int) float64 {
	return max(float64(b)*e.kvBytesPerSeq(), e.kvBytesFull()) / e.kvSplit(tp)
}

// kvSplit is how many ways tensor parallelism divides the KV cache: by KV
// heads, so heads are replicated once tp exceeds them.
func (e *estimator) kvSplit(tp int) float64 {
	return float64(min(tp, max(e.w.Model.KVHeads, 1)))
}

// chooseTP returns the fixed degree, or the fewest of 1, 2, 4, 8 whose
// memory holds the weights and the requested batch (at least one
// sequence).
func (e *estimator) chooseTP() int {
	if e.w.GPUsPerReplica > 0 {
		return e.w.GPUsPerReplica
	}
	for tp := 1; tp <= MaxAutoTP; tp *= 2 {
		if e.weightBytes()/float64(tp)+e.kvBytesAt(tp, max(e.w.Batch, 1)) <= e.usable() {
			return tp
		}
	}
	return MaxAutoTP
}

// maxBatch is the largest batch whose KV cache fits beside the weights,
// capped at MaxBatch; 0 when not even one full-length sequence fits.
func (e *estimator) maxBatch(tp int) int {
	free := e.usable() - e.weightBytes()/float64(tp)
	per := e.kvBytesPerSeq() / e.kvSplit(tp)
	if free <= 0 || per <= 0 || free < e.kvBytesFull()/e.kvSplit(tp) {
		return 0
	}
	return int(math.Min(math.Floor(free/per), MaxBatch))
}
