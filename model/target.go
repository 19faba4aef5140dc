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
		c := e.targetAt(e.w.GPUsPerReplica)
		e.finishTarget(r, c)
		return
	}
	var best targetChoice
	for tp := 1; tp <= MaxAutoTP; tp *= 2 {
		if (e.w.Model.Heads > 0 && e.w.Model.Heads%tp != 0) || e.maxBatch(tp) == 0 {
			continue
		}
		if c := e.targetAt(tp); best.tp == 0 || c.better(best) {
			best = c
		}
	}
	if best.tp == 0 { // nothing holds the weights: the fewest-GPU arithmetic
		best = e.targetAt(e.chooseTP())
	}
	e.finishTarget(r, best)
}

// targetChoice is the batch a replica size gets under the targets.
type targetChoice struct {
	tp, batch int
	outcome   TargetOutcome
	// gpuSecondsPerToken is GPUs / output tok/s: the cost per token at
	// any price per GPU-hour.
	gpuSecondsPerToken float64
}

// better reports whether c serves the target better than d: meeting it
// beats missing; between two that meet, fewer GPU-seconds per output
// token; between two that miss, the smaller miss.
func (c targetChoice) better(d targetChoice) bool {
	switch {
	case c.outcome.Met != d.outcome.Met:
		return c.outcome.Met
	case !c.outcome.Met:
		return c.outcome.MissSeconds < d.outcome.MissSeconds
	}
	return c.gpuSecondsPerToken < d.gpuSecondsPerToken
}

func (e *estimator) finishTarget(r *Result, c targetChoice) {
	e.runAt(r, c.tp, c.batch)
	r.Target = c.outcome
}

// targetAt finds the largest batch on tp GPUs that meets the targets.
// TPOT and TTFT at load grow with the batch, so a bisection over 1..max
// batch finds it in about a dozen evaluations.
func (e *estimator) targetAt(tp int) targetChoice {
	c := targetChoice{tp: tp, batch: 1}
	o := TargetOutcome{Set: true, TPOTSeconds: e.w.TPOTTargetSeconds, TTFTSeconds: e.w.TTFTTargetSeconds}
	capB := e.maxBatch(tp)
	ttft := e.prefillSeconds(tp, 1)
	miss, lim := e.targetMiss(tp, 1, ttft)
	switch {
	case miss > 0:
		o.MissSeconds, o.LimitedBy = miss, lim
	case capB <= 1:
		o.Met, o.LimitedBy = true, LimitMemory
	default:
		o.Met = true
		c.batch, o.LimitedBy = e.largestMeeting(tp, capB, ttft)
	}
	if capB == 0 { // does not fit: batch-1 arithmetic, limited by memory
		o.LimitedBy = LimitMemory
	}
	c.outcome = o
	t := e.serving(tp, c.batch, ttft)
	c.gpuSecondsPerToken = float64(tp) * t.lifetime(e.w.OutputTokens) / float64(c.batch*e.w.OutputTokens)
	return c
}

// largestMeeting bisects for the largest batch in 1..capB meeting the
// targets (batch 1 does), and says what stops it.
func (e *estimator) largestMeeting(tp, capB int, ttft float64) (int, Limit) {
	miss, lim := e.targetMiss(tp, capB, ttft)
	if miss <= 0 {
		if capB >= MaxBatch {
			return capB, LimitBatchCap
		}
		return capB, LimitMemory
	}
	lo, hi := 1, capB // lo meets, hi misses by lim
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if m, l := e.targetMiss(tp, mid, ttft); m <= 0 {
			lo = mid
		} else {
			hi, lim = mid, l
		}
	}
	return lo, lim
}

// targetMiss is by how many seconds batch b on tp GPUs misses the
// targets (<= 0 when it meets them) and which target misses most; ttft is
// the idle time to first token on tp GPUs. TPOT is checked first, so a
// batch it rules out costs no TTFT evaluation.
func (e *estimator) targetMiss(tp, b int, ttft float64) (float64, Limit) {
	miss, lim := -MaxTargetSeconds, LimitTPOT
	if x := e.w.TPOTTargetSeconds; x > 0 {
		miss = e.tpotAt(tp, b) - x
	}
	if x := e.w.TTFTTargetSeconds; x > 0 {
		if t := e.ttftAtLoad(tp, e.inflight(b), b, ttft) - x; t > miss {
			miss, lim = t, LimitTTFT
		}
	}
	return miss, lim
}
