package model

import (
	"fmt"
	"sort"
)

// Ranked is one GPU at its own serving point for a workload: the largest
// batch that fits (or the latency target's batch) on the replica size
// that gives the lowest $ per million output tokens, unless fixed.
type Ranked struct {
	GPU  GPU
	Side Side // the price and utilization it was costed at
	// Result is the estimate at the serving point; zero when the GPU
	// cannot run the workload at all (FP8 without FP8 tensor cores).
	Result Result
	// Fits is true when some replica size holds the workload.
	Fits bool
	// Reason says why the GPU cannot serve the workload (does not fit,
	// cannot run it) or misses the latency target; "" otherwise.
	Reason string
}

// maxRankTP is the widest replica Rank tries while a narrower one holds
// the workload: two 8-GPU nodes (DeepSeek-V3 at TP16). Wider replicas
// are tried only while none fits, up to MaxGPUsPerReplica.
const maxRankTP = 16

// Rank estimates the workload of s on each side's GPU at its own serving
// point and returns them cheapest first: those that meet the latency
// target (every one when none is set) by $ per million output tokens,
// then those that miss it, then those that cannot run or hold the
// workload, in the order given. Each side brings its GPU, price,
// utilization and precisions; pinned throughputs and the scenario's batch
// are ignored (each GPU gets its own batch). It returns an error only when
// the shared workload is invalid.
func Rank(s Scenario, sides []Side) ([]Ranked, error) {
	if _, err := s.Arch(); err != nil {
		return nil, err
	}
	s.Batch = 0
	out := make([]Ranked, 0, len(sides))
	for _, sd := range sides {
		sd.PinnedTokensPerSecond = 0
		r, err := rankOne(s, sd)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return rankLess(out[i], out[j]) })
	return out, nil
}

// rankClass orders the ranking's groups: meets the target (or fits,
// without one), misses it, cannot run.
func rankClass(r Ranked) int {
	switch {
	case !r.Fits:
		return 2
	case r.Reason != "":
		return 1
	}
	return 0
}

func rankLess(a, b Ranked) bool {
	ca, cb := rankClass(a), rankClass(b)
	if ca != cb || ca == 2 {
		return ca < cb
	}
	return a.Result.USDPerMillionOutputTokens < b.Result.USDPerMillionOutputTokens
}

// rankOne finds one GPU's serving point.
func rankOne(s Scenario, sd Side) (Ranked, error) {
	s.Sides = [2]Side{sd, sd}
	g, w, err := s.Workload(0)
	out := Ranked{GPU: g, Side: sd}
	if err != nil {
		out.GPU = GPU{ID: sd.GPU, Name: sd.GPU}
		out.Reason = err.Error()
		return out, nil
	}
	if err := w.Validate(); err != nil {
		return Ranked{}, err
	}
	var best Result
	found := false
	for _, tp := range rankSizes(w) {
		w.GPUsPerReplica = tp
		r, err := Estimate(g, w)
		if err != nil {
			out.Reason = err.Error()
			return out, nil
		}
		if !found || betterServing(r, best) {
			best, found = r, true
		}
		if r.Fits && s.GPUsPerReplica == 0 && tp >= maxRankTP {
			break
		}
	}
	out.Result, out.Fits = best, best.Fits
	out.Reason = servingReason(best)
	return out, nil
}

// rankSizes lists the replica sizes to try: the fixed one, else 1, 2, 4,
// ... that divide the attention heads, up to maxRankTP and beyond only
// while nothing smaller fits (Rank stops there).
func rankSizes(w Workload) []int {
	if w.GPUsPerReplica > 0 {
		return []int{w.GPUsPerReplica}
	}
	var out []int
	for tp := 1; tp <= MaxGPUsPerReplica; tp *= 2 {
		if w.Model.Heads > 0 && w.Model.Heads%tp != 0 {
			break
		}
		out = append(out, tp)
	}
	return out
}

// betterServing reports whether r is a better serving point than best:
// fitting beats not fitting; then meeting the target beats missing it;
// then the lower $ per million output tokens (at a price of 0, the fewer
// GPU-seconds per token); between two that do not fit, the smaller
// shortfall.
func betterServing(r, best Result) bool {
	switch {
	case r.Fits != best.Fits:
		return r.Fits
	case !r.Fits:
		return r.ShortfallBytes < best.ShortfallBytes
	case r.Target.Set && r.Target.Met != best.Target.Met:
		return r.Target.Met
	case r.Target.Set && !r.Target.Met:
		return r.Target.MissSeconds < best.Target.MissSeconds
	case r.USDPerMillionOutputTokens != best.USDPerMillionOutputTokens:
		return r.USDPerMillionOutputTokens < best.USDPerMillionOutputTokens
	}
	return r.TokensPerSecondPerGPU > best.TokensPerSecondPerGPU
}

// servingReason words why a serving point is not a plain answer.
func servingReason(r Result) string {
	switch {
	case !r.Fits:
		return fmt.Sprintf("does not fit: short %.1f GB per GPU on %d GPUs per replica", r.ShortfallBytes/gb, r.GPUsPerReplica)
	case r.Target.Set && !r.Target.Met:
		return fmt.Sprintf("misses the latency target by %s ms even at batch 1", FormatDecimal(r.Target.MissSeconds*1e3))
	}
	return ""
}
