package model

import (
	"fmt"
	"math"
)

// Efficiency holds the factors that turn datasheet peaks into what an
// optimised serving engine reaches. Each default is a named constant whose
// rationale is the published measurement it comes from
// (the cases in model/cases, each with its public source).
type Efficiency struct {
	// Bandwidth is the fraction of spec memory bandwidth reached when
	// streaming 16-bit or FP8 weights and the KV cache. 0 < x <= 1.
	Bandwidth float64
	// BandwidthInt8 and BandwidthInt4 are the same for weight-only INT8 /
	// INT4 kernels, measured on the quantised bytes. 0 < x <= 1.
	BandwidthInt8 float64
	BandwidthInt4 float64
	// Compute is the fraction of dense peak FLOPS reached in compute-bound
	// work. 0 means the GPU's catalog value for the precision. 0 <= x <= 1.
	Compute float64
	// AllReduceSeconds is the fixed latency of one tensor-parallel
	// all-reduce between 2 GPUs; AllReducePerDoublingSeconds is added per
	// further doubling of the group (ring/tree hops). Seconds, >= 0.
	AllReduceSeconds            float64
	AllReducePerDoublingSeconds float64
	// StepOverheadSeconds is the fixed cost of one decode step (graph
	// launch, sampling, scheduling). Seconds, >= 0.
	StepOverheadSeconds float64
	// PrefillOverheadSeconds is the fixed cost of one prefill pass.
	PrefillOverheadSeconds float64
	// MemoryReserve is the fraction of GPU memory kept for activations,
	// the CUDA context and fragmentation; the rest holds weights and KV
	// cache. 0 <= x < 1.
	MemoryReserve float64
	// Engine is a calibrated engine's correction to the figures above
	// (factors multiply them, overheads add); the zero value is none.
	Engine Engine
}

// MinEfficiency is the smallest efficiency accepted: no engine runs
// below 1 % of its GPU's peak, and smaller values only produce absurd
// figures.
const MinEfficiency = 0.01

// Defaults and their sources (the published measurements in model/cases).
const (
	// defaultBandwidth: batch-1 decode with optimised engines reaches
	// 66-75 % of spec bandwidth on one GPU (gpt-fast, torchao, lmdeploy,
	// TensorRT-LLM: P1-P4); large-batch cases P8/P9 land at the same level,
	// and the top of the range fits TensorRT-LLM's batch tables best.
	defaultBandwidth = 0.75
	// defaultBandwidthInt8 / Int4: weight-only INT8/INT4 kernels stream
	// their quantised bytes at 67 % / 45 % of spec bandwidth, after a fixed
	// dequantisation cost per step (weightOnlyStepSeconds). Fitted on
	// torchao's and gpt-fast's A100 figures for 7B and 8B (P2, P3: about
	// 50 % / 40 % of spec overall) together with gpt-fast's Llama-2-70B
	// (19.1 tok/s int8, 25.3 tok/s int4 on one A100): bigger models reach
	// a larger share, which a fixed per-step cost explains.
	defaultBandwidthInt8 = 0.67
	defaultBandwidthInt4 = 0.45
	// defaultAllReduceSeconds and defaultAllReducePerDoublingSeconds: P1's
	// per-GPU bandwidth use falls 70 -> 56 -> 42 -> 27 % from 1 to 8 GPUs;
	// two all-reduces per layer of 18 / 24 / 30 us at TP 2 / 4 / 8 explain it
	// ("roughly 20-30 us on NVLink").
	defaultAllReduceSeconds            = 12e-6
	defaultAllReducePerDoublingSeconds = 6e-6
	// defaultStepOverheadSeconds: one CUDA-graph replay plus sampling.
	defaultStepOverheadSeconds = 10e-6
	// defaultPrefillOverheadSeconds: "a few ms of fixed overhead" makes
	// short-prompt TTFT fit (P6, P7).
	defaultPrefillOverheadSeconds = 2e-3
	// defaultMemoryReserve: engines give the KV cache about 90 % of memory
	// (vLLM's gpu_memory_utilization 0.9; TensorRT-LLM's free-memory fraction).
	defaultMemoryReserve = 0.10
)

// DefaultEfficiency returns the calibrated defaults.
func DefaultEfficiency() Efficiency {
	return Efficiency{
		Bandwidth:                   defaultBandwidth,
		BandwidthInt8:               defaultBandwidthInt8,
		BandwidthInt4:               defaultBandwidthInt4,
		AllReduceSeconds:            defaultAllReduceSeconds,
		AllReducePerDoublingSeconds: defaultAllReducePerDoublingSeconds,
		StepOverheadSeconds:         defaultStepOverheadSeconds,
		PrefillOverheadSeconds:      defaultPrefillOverheadSeconds,
		MemoryReserve:               defaultMemoryReserve,
	}
}

// Validate reports the first field outside its domain.
func (e Efficiency) Validate() error {
	fracs := [...]struct {
		name   string
		v      float64
		zeroOK bool
	}{
		{"bandwidth efficiency", e.Bandwidth, false},
		{"int8 bandwidth efficiency", e.BandwidthInt8, false},
		{"int4 bandwidth efficiency", e.BandwidthInt4, false},
		{"compute efficiency", e.Compute, true},
	}
	for _, f := range fracs {
		if !Finite(f.v) || f.v > 1 || (f.v < MinEfficiency && !(f.v == 0 && f.zeroOK)) {
			if f.zeroOK {
				return fmt.Errorf("%s %v: accepted 0 (calibrated per GPU) or %g to 1", f.name, f.v, MinEfficiency)
			}
			return fmt.Errorf("%s %v: accepted %g to 1", f.name, f.v, MinEfficiency)
		}
	}
	secs := [...]struct {
		name string
		v    float64
	}{
		{"all-reduce latency", e.AllReduceSeconds},
		{"all-reduce latency per doubling", e.AllReducePerDoublingSeconds},
		{"step overhead", e.StepOverheadSeconds},
		{"prefill overhead", e.PrefillOverheadSeconds},
	}
	for _, s := range secs {
		if !Finite(s.v) || s.v < 0 || s.v > 1 {
			return fmt.Errorf("%s %v s: accepted 0 to 1 s", s.name, s.v)
		}
	}
	if !Finite(e.MemoryReserve) || e.MemoryReserve < 0 || e.MemoryReserve >= 0.9 {
		return fmt.Errorf("memory reserve %v: accepted 0 to 0.9 (fraction of GPU memory)", e.MemoryReserve)
	}
	return e.Engine.Validate()
}

// weightOnlyStepSeconds is the fixed per-step cost of weight-only INT8/INT4
// decode (dequantisation kernels and their launches), fitted with
// defaultBandwidthInt8/Int4 above.
const weightOnlyStepSeconds = 1.5e-3

// stepOverhead is the fixed cost of one decode step for weights in p.
func (e Efficiency) stepOverhead(p Precision) float64 {
	t := e.StepOverheadSeconds + e.Engine.StepOverheadSeconds
	if p == INT8 || p == INT4 {
		return t + weightOnlyStepSeconds
	}
	return t
}

// prefillOverhead is the fixed cost of one prefill pass.
func (e Efficiency) prefillOverhead() float64 {
	return e.PrefillOverheadSeconds + e.Engine.PrefillOverheadSeconds
}

// kvBandwidth is the efficiency of streaming the KV cache, the engine's
// factor applied.
func (e Efficiency) kvBandwidth() float64 { return capped(e.Bandwidth, e.Engine.bandwidth()) }

// weightBandwidth returns the efficiency for streaming weights stored in
// p, the engine's factor applied.
func (e Efficiency) weightBandwidth(p Precision) float64 {
	switch p {
	case INT8:
		return capped(e.BandwidthInt8, e.Engine.bandwidth())
	case INT4:
		return capped(e.BandwidthInt4, e.Engine.bandwidth())
	}
	return e.kvBandwidth()
}

// allReduceCost is one all-reduce across n GPUs: a fixed latency growing
// with log2(n), plus a ring's 2(n-1)/n x payload over one direction of
// the link (oneWay 0: latency only).
type allReduceCost struct{ lat, ring, oneWay float64 }

// allReduce is the cost of an all-reduce across n GPUs over a link of
// linkBytesPerSecond (both directions); zero for n <= 1.
func (e Efficiency) allReduce(n int, linkBytesPerSecond float64) allReduceCost {
	if n <= 1 {
		return allReduceCost{}
	}
	return allReduceCost{
		lat:    e.AllReduceSeconds + e.AllReducePerDoublingSeconds*math.Log2(float64(n)),
		ring:   2 * float64(n-1) / float64(n),
		oneWay: linkBytesPerSecond / 2,
	}
}

// seconds is the all-reduce of payloadBytes.
func (a allReduceCost) seconds(payloadBytes float64) float64 {
	if a.oneWay <= 0 {
		return a.lat
	}
	return a.lat + a.ring*payloadBytes/a.oneWay
}
