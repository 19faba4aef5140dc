package model

import (
	"fmt"
	"math"
)

// Scheduling is how a replica batches requests.
type Scheduling string

// Schedulings. The zero value means InFlight.
const (
	// InFlight is continuous (in-flight) batching with chunked prefill, as
	// vLLM, TensorRT-LLM (v0.10 on) and SGLang serve: a finished request's
	// slot is refilled at once, and its prompt is processed in the same
	// steps as the running decodes.
	InFlight Scheduling = "inflight"
	// Static runs a whole batch's prefill, then its decode in lockstep,
	// as TensorRT-LLM v0.9's gptSessionBenchmark did.
	Static Scheduling = "static"
)

// Schedulings returns the accepted values in display order.
func Schedulings() []Scheduling { return []Scheduling{InFlight, Static} }

// ParseScheduling accepts "inflight" or "static" ("" = inflight).
func ParseScheduling(s string) (Scheduling, error) {
	switch Scheduling(s) {
	case "", InFlight:
		return InFlight, nil
	case Static:
		return Static, nil
	}
	return "", fmt.Errorf("scheduling %q: accepted inflight, static", s)
}

func (s Scheduling) static() bool { return s == Static }

// prefillChunkTokens is the most prompt tokens one step takes from a
// request: TensorRT-LLM's trtllm-bench runs with "Max Runtime Tokens:
// 8192" (perf-overview, v0.12 on) and vLLM's chunked prefill uses a
// similar per-step token budget; longer prompts span several steps.
const prefillChunkTokens = 8192.0

// kvGrowthMargin is the spare KV cache kept per running sequence on top of
// what it holds on average (InputTokens + OutputTokens/2 with paged KV):
// sequences grow one token per step and are not spread perfectly evenly,
// and an engine that runs out of blocks must stall or preempt. 15 %
// covers a full block of rounding per sequence (TensorRT-LLM's 64-token
// blocks) and the spread of a closed-loop load; at 128/2048 it sits
// between admitting by the average (I + O/2) and TensorRT-LLM's
// guaranteed-no-evict admission by the full length (I + O).
const kvGrowthMargin = 0.15

// servingTimes is the timing of one request at the batch, in seconds:
// what Little's law ties together.
type servingTimes struct {
	tpot       float64   // mean time between its output tokens
	ttftAtLoad float64   // its time to first token on the loaded replica
	decode     stepParts // a step while it decodes
}

// lifetime is one request's time in the batch: first token, then O-1
// more at TPOT.
func (s servingTimes) lifetime(outputTokens int) float64 {
	return s.ttftAtLoad + float64(outputTokens-1)*s.tpot
}

// serving computes the request timing at batch b on tp GPUs, given the
// idle-replica time to first token ttft.
//
// In-flight: each slot holds a request for L = k + O - 1 steps (k =
// max(1, I / prefillChunkTokens) steps of prefill, O - 1 of decode), so
// in an average step each of the other b - 1 slots decodes with
// probability (O - 1)/L and contributes I/L prompt tokens. A decoding
// request's step is step(decode 1 + (b-1)(O-1)/L, prefill (b-1)I/L): its
// TPOT. A new request's prompt shares k steps with that background load,
// so TTFT at load = ttft + k x (step(background + I/k prompt tokens) -
// step(I/k prompt tokens alone)). At batch 1 these are the plain decode
// step and the idle prefill.
//
// Static: the batch's prompts are prefilled together (TTFT at load =
// prefill of b prompts), then b sequences decode in lockstep (TPOT =
// decode step at b).
func (e *estimator) serving(tp, b int, ttft float64) servingTimes {
	if e.w.Scheduling.static() {
		d := e.step(tp, stepLoad{decode: float64(b)})
		return servingTimes{tpot: d.seconds(), ttftAtLoad: e.prefillSeconds(tp, float64(b)), decode: d}
	}
	l := e.inflight(b)
	m := e.mix(tp, l.decode+1, l.prefill, l.chunk, 0)
	tpot, _ := m.mean()
	return servingTimes{tpot: tpot, decode: m.parts(), ttftAtLoad: e.ttftAtLoad(tp, l, b, ttft)}
}

// inflightLoad is the background a request sees at batch b in flight:
// the other b-1 requests' mean decoding sequences and prompt tokens per
// step, the prompt chunk and the k steps a prompt spans.
type inflightLoad struct {
	decode, prefill, chunk, k float64
}

func (e *estimator) inflight(b int) inflightLoad {
	in, out := float64(e.w.InputTokens), float64(e.w.OutputTokens)
	k := max(1, in/prefillChunkTokens)
	life := k + out - 1
	return inflightLoad{decode: float64(b-1) * (out - 1) / life, prefill: float64(b-1) * in / life, chunk: in / k, k: k}
}

// tpotAt is TPOT alone at batch b (the target search's cheap half).
func (e *estimator) tpotAt(tp, b int) float64 {
	if e.w.Scheduling.static() {
		return e.step(tp, stepLoad{decode: float64(b)}).seconds()
	}
	l := e.inflight(b)
	m := e.mix(tp, l.decode+1, l.prefill, l.chunk, 0)
	tpot, _ := m.mean()
	return tpot
}

// ttftAtLoad is the idle ttft, plus the wait for the step in progress,
// plus what the background adds to the k steps of the new prompt.
func (e *estimator) ttftAtLoad(tp int, l inflightLoad, b int, ttft float64) float64 {
	if e.w.Scheduling.static() {
		return e.prefillSeconds(tp, float64(b))
	}
	if b == 1 { // no background and no wait: exactly what the rest gives
		return ttft
	}
	m := e.mix(tp, l.decode, l.prefill, l.chunk, l.chunk)
	mixed, mixedSq := m.mean()
	c := e.coefFor(tp)
	if c.promptAlone == 0 {
		c.promptAlone = e.step(tp, stepLoad{prefill: l.chunk}).seconds()
	}
	alone := c.promptAlone
	// A request joins at the end of the step in progress: the mean
	// residual of a step, E[T^2] / 2E[T], is long when some steps carry a
	// long prompt (the inspection paradox); an idle replica starts at once.
	B := float64(b)
	wait := (B - 1) / B * mixedSq / (2 * mixed)
	return ttft + wait + l.k*max(0, mixed-alone)
}

// stepMix is the steps that carry `decode` decoding sequences, `own`
// prompt tokens and on average prefillMean prompt tokens of other
// requests in chunks of `chunk`: a step carries n or n+1 chunks (n =
// floor(prefillMean/chunk)), in the proportions that give the mean.
// Averaging the steps rather than their contents keeps a long prompt's
// step long: it stalls the decodes that share it, which a smooth spread
// of prompt tokens would hide.
type stepMix struct {
	a, b stepParts // n and n+1 chunks; b only when f > 0
	f    float64   // the share of steps like b
}

func (e *estimator) mix(tp int, decode, prefillMean, chunk, own float64) stepMix {
	n := math.Floor(prefillMean / chunk)
	m := stepMix{f: prefillMean/chunk - n}
	m.a = e.step(tp, stepLoad{decode: decode, prefill: own + n*chunk})
	if m.f <= 0 {
		return m
	}
	m.b = e.step(tp, stepLoad{decode: decode, prefill: own + (n+1)*chunk})
	return m
}

// mean is the mean step, and the mean of its square.
func (m *stepMix) mean() (mean, meanSq float64) {
	ta := m.a.seconds()
	if m.f <= 0 {
		return ta, ta * ta
	}
	f, tb := m.f, m.b.seconds()
	return (1-f)*ta + f*tb, (1-f)*ta*ta + f*tb*tb
}

// parts is the mean step's parts, which serving reports (the target
// search needs only the mean).
func (m *stepMix) parts() stepParts {
	if m.f <= 0 {
		return m.a
	}
	return m.a.lerp(m.b, m.f)
}

// fillServing sets the timing and throughput figures of r at r.Batch.
// Output tokens/s per replica = B x O / (TTFT at load + (O - 1) x TPOT):
// Little's law with B requests in flight, each in the batch for that long.
func (e *estimator) fillServing(r *Result, tp int) {
	t := e.serving(tp, r.Batch, r.TTFTSeconds)
	d := t.decode
	r.TPOTSeconds = t.tpot
	r.TTFTAtLoadSeconds = t.ttftAtLoad
	r.MemorySeconds = d.weightRead + d.kvRead
	r.ComputeSeconds = d.matmul + d.attn
	r.AllReduceSeconds = d.allReduce
	r.Bound = MemoryBound
	if r.ComputeSeconds > r.MemorySeconds {
		r.Bound = ComputeBound
	}
	life := t.lifetime(e.w.OutputTokens)
	r.EstimatedTokensPerSecond = float64(r.Batch) * float64(e.w.OutputTokens) / life
}

// cost fills the throughput and price figures from the serving figures.
//
//   - output $/M (the seed's formula) = replica $/h / (output tok/s x 3600
//     x utilization) x 1e6: all of the hour charged to output tokens;
//   - blended $/M = the same over input + output tokens served;
//   - input $/M and split output $/M share the hour by the time each
//     takes: InputTimeShare of the hour goes to the prompt tokens, the
//     rest to the output tokens, so that their token-weighted mean is the
//     blended figure.
func (e *estimator) cost(r *Result, tp int) {
	r.TokensPerSecond = r.EstimatedTokensPerSecond
	if e.w.PinnedTokensPerSecond > 0 {
		r.TokensPerSecond = e.w.PinnedTokensPerSecond
		r.Pinned = true
	}
	b := e.w.Batch
	if e.w.HasTarget() {
		b = r.Batch
	}
	r.CeilingTokensPerSecond = e.ceiling(tp, e.ceilingBatch(tp, b)).TokensPerSecond
	r.TokensPerSecondPerGPU = r.TokensPerSecond / float64(tp)
	in, out := float64(e.w.InputTokens), float64(e.w.OutputTokens)
	life := r.TTFTAtLoadSeconds + (out-1)*r.TPOTSeconds
	r.InputTimeShare = math.Min(1, math.Max(0, 1-e.decodeOnlySeconds(tp, r.Batch, r.TPOTSeconds)/life))
	r.InputTokensPerSecond = r.TokensPerSecond * in / out
	r.USDPerHour = e.w.USDPerGPUHour * float64(tp)
	u := e.w.Utilization
	r.USDPerMillionOutputTokens = CostPerMillion(r.USDPerHour, r.TokensPerSecond, u)
	r.USDPerMillionTokens = CostPerMillion(r.USDPerHour, r.TokensPerSecond+r.InputTokensPerSecond, u)
	r.USDPerMillionInputTokens = CostPerMillion(r.USDPerHour*r.InputTimeShare, r.InputTokensPerSecond, u)
	r.USDPerMillionOutputTokensSplit = CostPerMillion(r.USDPerHour*(1-r.InputTimeShare), r.TokensPerSecond, u)
}

// CostPerMillion is the seed's formula: usdPerHour / (tokensPerSecond x
// 3600 x utilization) x 1e6, in USD per million tokens. It returns 0 when
// tokensPerSecond or utilization is not positive (nothing is produced,
// so no per-token price exists) or the result overflows, rather than Inf.
func CostPerMillion(usdPerHour, tokensPerSecond, utilization float64) float64 {
	if tokensPerSecond <= 0 || utilization <= 0 || !Finite(tokensPerSecond) {
		return 0
	}
	c := usdPerHour / (tokensPerSecond * secondsPerHour * utilization) * tokensPerMillion
	if !Finite(c) {
		return 0
	}
	return c
}

// decodeOnlySeconds is one request's lifetime at batch b with every
// prompt token taken out of the steps (static: its O - 1 decode steps).
func (e *estimator) decodeOnlySeconds(tp, b int, tpot float64) float64 {
	out := float64(e.w.OutputTokens)
	if e.w.Scheduling.static() {
		return (out - 1) * tpot
	}
	l := e.inflight(b)
	return l.k*e.step(tp, stepLoad{decode: l.decode}).seconds() + (out-1)*e.step(tp, stepLoad{decode: l.decode + 1}).seconds()
}
