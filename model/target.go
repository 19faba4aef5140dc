package model

// Limit names what stops the batch from growing under a latency target.
type Limit string

// Limits.
const (
	LimitTPOT     Limit = "tpot"      // one more request would miss the TPOT target
	LimitTTFT     Limit = "ttft"      // one more request would miss the TTFT target
	LimitMemory   Limit = "memory"    // the max batch (KV cache) meets the targets
	LimitBatchCap Limit = "batch_cap" // MaxBatch meets the targets
)

// TargetOutcome is how a workload with a latency target was served.
type TargetOutcome struct {
	Set bool // the workload has a target; the rest is zero otherwise
	// TPOTSeconds and TTFTSeconds are the targets (0 = off).
	TPOTSeconds float64
	TTFTSeconds float64
	// Met is true when the chosen batch meets every target set.
	Met       bool
	LimitedBy Limit
	// MissSeconds is, when even batch 1 misses, by how much: the larger
	// of TPOT - target and TTFT at load - target over the targets set.
	// 0 when met.
	MissSeconds float64
}

// runTarget fills r at the largest batch that meets the targets, on the
// given replica size or, when auto, on the size of 1, 2, 4, 8 (that holds
// the weights and divides the heads) meeting them at the fewest
// GPU-seconds per output token (the lowest $ per million at any price).
// When no size meets them, the one that misses by least.
func (e *estimator) runTarget(r *Result) {
	if e.w.GPUsPerReplica > 0 {
		e.runTargetAt(r, e.w.GPUsPerReplica)
		return
	}
	var best Result
	found := false
	for tp := 1; tp <= MaxAutoTP; tp *= 2 {
		if (e.w.Model.Heads > 0 && e.w.Model.Heads%tp != 0) || e.maxBatch(tp) == 0 {
			continue
		}
		var c Result
		c.USDPerGPUHour, c.Scheduling = r.USDPerGPUHour, r.Scheduling
		e.runTargetAt(&c, tp)
		if !found || betterTarget(c, best) {
			best, found = c, true
		}
	}
	if !found { // nothing holds the weights: the fewest-GPU arithmetic
		e.runTargetAt(r, e.chooseTP())
		return
	}
	*r = best
}

// betterTarget reports whether a serves the target better than b: meeting
// it beats missing; between two that meet, fewer GPU-seconds per output
// token; between two that miss, the smaller miss.
func betterTarget(a, b Result) bool {
	switch {
	case a.Target.Met != b.Target.Met:
		return a.Target.Met
	case !a.Target.Met:
		return a.Target.MissSeconds < b.Target.MissSeconds
	}
	return gpuSecondsPerToken(a) < gpuSecondsPerToken(b)
}

func gpuSecondsPerToken(r Result) float64 {
	if r.EstimatedTokensPerSecond <= 0 {
		return MaxTargetSeconds
	}
	return float64(r.GPUsPerReplica) / r.EstimatedTokensPerSecond
}

// runTargetAt fills r at the largest batch on tp GPUs that meets the
// targets. TPOT and TTFT at load grow with the batch, so a bisection
// over 1..max batch finds it in about a dozen evaluations.
func (e *estimator) runTargetAt(r *Result, tp int) {
	o := TargetOutcome{Set: true, TPOTSeconds: e.w.TPOTTargetSeconds, TTFTSeconds: e.w.TTFTTargetSeconds}
	capB := e.maxBatch(tp)
	miss, lim := e.targetMiss(tp, 1)
	switch {
	case miss > 0:
		o.MissSeconds, o.LimitedBy = miss, lim
		e.runAt(r, tp, 1)
	case capB <= 1:
		o.Met, o.LimitedBy = true, LimitMemory
		e.runAt(r, tp, 1)
	default:
		o.Met = true
		b, lim := e.largestMeeting(tp, capB)
		o.LimitedBy = lim
		e.runAt(r, tp, b)
	}
	if capB == 0 { // does not fit: batch-1 arithmetic, limited by memory
		o.LimitedBy = LimitMemory
	}
	r.Target = o
}

// largestMeeting bisects for the largest batch in 1..capB meeting the
// targets (batch 1 does), and says what stops it.
func (e *estimator) largestMeeting(tp, capB int) (int, Limit) {
	if miss, _ := e.targetMiss(tp, capB); miss <= 0 {
		if capB >= MaxBatch {
			return capB, LimitBatchCap
		}
		return capB, LimitMemory
	}
	lo, hi := 1, capB // lo meets, hi misses
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if miss, _ := e.targetMiss(tp, mid); miss <= 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	_, lim := e.targetMiss(tp, hi)
	return lo, lim
}

// targetMiss is by how many seconds batch b on tp GPUs misses the
// targets (<= 0 when it meets them) and which target misses most.
func (e *estimator) targetMiss(tp, b int) (float64, Limit) {
	t := e.serving(tp, b, e.prefillSeconds(tp, 1))
	miss, lim := -MaxTargetSeconds, LimitTPOT
	if x := e.w.TPOTTargetSeconds; x > 0 {
		miss = t.tpot - x
	}
	if x := e.w.TTFTTargetSeconds; x > 0 && t.ttftAtLoad-x > miss {
		miss, lim = t.ttftAtLoad-x, LimitTTFT
	}
	return miss, lim
}
