package advice

import (
	"fmt"
	"math"
	"strings"

	"infercost/model"
)

// Claim is one of the seed's general claims judged against a scenario.
type Claim struct {
	ID      string // stable key: "high_volume_serving", "decode_70_42_ms", ...
	SeedGPU string // the GPU the seed says it favours: "H100" or "A100"
	Side    int    // the compared side playing SeedGPU's role
	Claim   string // the seed's words, shortened
	Holds   Judgement
	// Because is the figure that decides it for this scenario.
	Because string
	// TurnsAt is, where the answer turns within reach, where it would
	// change ("holds from batch 24 at these prices"); "" otherwise.
	TurnsAt string
}

// Claims are the seed's eight "when H100 wins / when A100 wins" entries
// (Advantages) and its three headline figures, judged.
type Claims struct {
	Roles Roles
	Items []Claim
}

// similarCostClaim is the seed's 20-30 % high-volume saving, low end.
const highVolumeSaving = 0.20

// seed's headline example: 70B FP16 = 140 GB, $2.50/h at 30 tok/s and
// $4.50/h at 50 tok/s.
const (
	seedA100CostPer1K = 2.50 / (30 * secondsPerHour) * 1e3 // $0.0231
	seedH100CostPer1K = 4.50 / (50 * secondsPerHour) * 1e3 // $0.0250
)

// claimCheck carries one judgement's inputs.
type claimCheck struct {
	s      model.Scenario
	c      model.Comparison
	h, a   int // roles
	rh, ra model.Result
	nh, na string
}

// CheckClaims judges each of the seed's claims against s and its
// comparison c: holds, does not hold, or Unknown where the numbers cannot
// say (availability, experimentation) or a side cannot run the workload.
// It may estimate s again at other batches or precisions to find where an
// answer turns.
func CheckClaims(s model.Scenario, c model.Comparison) Claims {
	r := RolesOf(c)
	k := claimCheck{s: s, c: c, h: r.H100, a: r.A100, rh: c.Results[r.H100], ra: c.Results[r.A100]}
	k.nh, k.na = nameOf(k.rh.GPU), nameOf(k.ra.GPU)
	out := Claims{Roles: r}
	for _, sc := range seedClaims() {
		out.Items = append(out.Items, k.check(sc))
	}
	return out
}

// seedClaim is one of the seed's claims: its ID, the GPU it favours, its
// words, and judge, which fills in Holds, Because and TurnsAt. judge runs
// only when both sides can run the workload, unless anyRun (a claim read
// from the catalog).
type seedClaim struct {
	id, seed, text string
	judge          func(claimCheck, *Claim)
	anyRun         bool
}

// seedClaims lists the claims in the order Claims holds them: the eight
// advantages, H100's then A100's, and the three headline figures.
func seedClaims() []seedClaim {
	return []seedClaim{
		{id: "high_volume_serving", seed: "H100", text: "high-volume serving: more tokens per GPU-hour, cost per token 20-30 % lower", judge: claimCheck.highVolume},
		{id: "latency_critical", seed: "H100", text: "latency-critical: faster decode, lower per-token latency", judge: claimCheck.latency},
		{id: "large_models", seed: "H100", text: "large models: same memory, faster access; still the same number of GPUs", judge: claimCheck.largeModels},
		{id: "fp8_quantization", seed: "H100", text: "FP8 quantization: native FP8, near-FP16 quality at INT8-like speed", judge: claimCheck.fp8, anyRun: true},
		{id: "cost_constrained", seed: "A100", text: "cost-constrained: half the price per hour; throughput per dollar over throughput per GPU", judge: claimCheck.costConstrained},
		{id: "prefill_heavy", seed: "A100", text: "prefill-heavy (long prompts, short outputs): prefill is compute-bound", judge: claimCheck.prefillHeavy},
		{id: "availability", seed: "A100", text: "availability: easier to get capacity while H100 waitlists are long", judge: claimCheck.availability, anyRun: true},
		{id: "experimentation", seed: "A100", text: "experimentation: cheaper to iterate when production performance is not needed yet", judge: claimCheck.experimentation},
		{id: "decode_70_42_ms", seed: "H100", text: "decode is memory-bound: 140 GB at 2.0 vs 3.35 TB/s is 70 vs 42 ms per token, H100 40 % faster from bandwidth alone", judge: claimCheck.decodeFloor},
		{id: "cost_per_1k_tokens", seed: "A100", text: fmt.Sprintf("A100 $%.3f vs H100 $%.3f per 1K tokens ($2.50/h at 30 tok/s vs $4.50/h at 50 tok/s): A100 a little cheaper",
			seedA100CostPer1K, seedH100CostPer1K), judge: claimCheck.costPer1K},
		{id: "cost_often_similar", seed: "H100", text: "cost per token often similar; H100's advantage is throughput per GPU, not cost per token", judge: claimCheck.similarCost},
	}
}

// check judges one claim for the side playing its seed GPU's role.
func (k claimCheck) check(sc seedClaim) Claim {
	cl := Claim{ID: sc.id, SeedGPU: sc.seed, Side: k.h, Claim: sc.text}
	if sc.seed == "A100" {
		cl.Side = k.a
	}
	if sc.anyRun || !k.failed(&cl) {
		sc.judge(k, &cl)
	}
	return cl
}

// failed marks a claim Unknown when either side cannot run the workload.
func (k claimCheck) failed(cl *Claim) bool {
	for i, err := range k.c.Errs {
		if err != nil {
			cl.Holds, cl.Because = Unknown, nameOf(k.c.Results[i].GPU)+" cannot run this workload: "+err.Error()
			return true
		}
	}
	return false
}

func judge(ok bool) Judgement {
	if ok {
		return Holds
	}
	return DoesNotHold
}

func (k claimCheck) highVolume(cl *Claim) {
	ch, ca := k.rh.USDPerMillionOutputTokens, k.ra.USDPerMillionOutputTokens
	if ch <= 0 || ca <= 0 {
		cl.Because = "no cost per token to compare"
		return
	}
	d := ch/ca - 1
	cl.Holds = judge(d <= -highVolumeSaving)
	cl.Because = fmt.Sprintf("%s's $ per million output tokens is %s at batch %d (%s vs %s)",
		k.nh, change(d, "lower", "higher"), k.rh.Batch, usd(ch), usd(ca))
	if cl.Holds == Holds {
		return
	}
	price := fmt.Sprintf("%s at %s/GPU-hour or less", k.nh, usd(k.s.Sides[k.h].USDPerGPUHour*(1-highVolumeSaving)*ca/ch))
	if b := k.batchWhere(func(c model.Comparison) bool {
		return c.Results[k.h].USDPerMillionOutputTokens <= (1-highVolumeSaving)*c.Results[k.a].USDPerMillionOutputTokens
	}); b > 0 {
		cl.TurnsAt = fmt.Sprintf("holds from batch %d at these prices, or at this batch with %s", b, price)
	} else {
		cl.TurnsAt = "holds with " + price
	}
}

// batchLadder is the batches batchWhere tries before bisecting.
var batchLadder = [...]int{2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, model.MaxBatch}

// batchWhere is the smallest batch above the current one at which ok
// holds while both sides still hold the batch in memory, or 0. It looks
// only when the batch is the scenario's own (not max, not chosen by a
// latency target) and neither throughput is pinned (a pinned rate does
// not change with the batch). Between two rungs of batchLadder it
// bisects, taking ok as monotonic there.
func (k claimCheck) batchWhere(ok func(model.Comparison) bool) int {
	s := k.s
	if s.Batch <= 0 || s.TPOTTargetSeconds > 0 || s.TTFTTargetSeconds > 0 || k.rh.Pinned || k.ra.Pinned || !k.rh.Fits || !k.ra.Fits {
		return 0
	}
	at := func(b int) (bool, bool) { // ok, both fit
		t := s
		t.Batch = b
		c, err := model.Compare(t)
		if err != nil || c.Errs[0] != nil || c.Errs[1] != nil || !c.Results[0].Fits || !c.Results[1].Fits {
			return false, false
		}
		return ok(c), true
	}
	lo := s.Batch
	for _, b := range batchLadder {
		if b <= lo {
			continue
		}
		good, fits := at(b)
		if !fits {
			return 0
		}
		if !good {
			lo = b
			continue
		}
		hi := b
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if g, f := at(mid); g && f {
				hi = mid
			} else {
				lo = mid
			}
		}
		return hi
	}
	return 0
}

func (k claimCheck) latency(cl *Claim) {
	th, ta := perTokenSeconds(k.rh), perTokenSeconds(k.ra)
	cl.Holds = judge(th < ta*(1-similarLatency))
	cl.Because = fmt.Sprintf("%s takes %s per token vs %s (%s)", k.nh, ms(th), ms(ta), change(th/ta-1, "faster", "slower"))
}

func (k claimCheck) largeModels(cl *Claim) {
	nh, na := k.rh.GPUsPerReplica, k.ra.GPUsPerReplica
	th, ta := perTokenSeconds(k.rh), perTokenSeconds(k.ra)
	weights := k.ra.WeightBytesPerGPU * float64(na) / gb
	cl.Holds = judge(nh <= na && th < ta)
	switch {
	case nh == na:
		cl.Because = fmt.Sprintf("both take %s per replica for %.0f GB of weights; %s is %s per token", model.FormatGPUs(na), weights, k.nh, change(th/ta-1, "faster", "slower"))
		if !k.rh.Fits || !k.ra.Fits {
			cl.Because += " (as configured they do not hold the weights: bandwidth arithmetic only)"
		}
	default:
		cl.Because = fmt.Sprintf("not the same number of GPUs: %s takes %s per replica, %s %s (%.0f GB of weights); %s is %s per token",
			k.nh, model.FormatGPUs(nh), k.na, model.FormatGPUs(na), weights, k.nh, change(th/ta-1, "faster", "slower"))
	}
}

func (k claimCheck) fp8(cl *Claim) {
	gh, ga := k.rh.GPU, k.ra.GPU
	switch {
	case gh.HasFP8() && ga.HasFP8():
		cl.Holds, cl.Because = DoesNotHold, "both have native FP8: no advantage either way"
		return
	case !gh.HasFP8():
		cl.Holds, cl.Because = DoesNotHold, k.nh+" has no FP8 tensor cores"
		return
	}
	cl.Holds = Holds
	cl.Because = fmt.Sprintf("%s has FP8 tensor cores (%.0f TFLOPS dense); %s has none", k.nh, gh.FP8FLOPS/tera, k.na)
	if k.c.Errs[k.h] != nil || k.c.Errs[k.a] != nil {
		return
	}
	if w := k.s.SideWeights(k.h); w != model.FP8 {
		t := k.s
		t.Sides[k.h].Weights = model.FP8
		if c, err := model.Compare(t); err == nil && c.Errs[k.h] == nil && c.Results[k.h].TPOTSeconds > 0 {
			cl.Because += fmt.Sprintf("; in FP8 %s would take %s per token vs %s in %s", k.nh, ms(c.Results[k.h].TPOTSeconds), ms(k.rh.TPOTSeconds), w)
		}
	} else {
		cl.Because += fmt.Sprintf("; here it runs FP8 at %s per token vs %s's %s in %s", ms(k.rh.TPOTSeconds), k.na, ms(k.ra.TPOTSeconds), k.s.SideWeights(k.a))
	}
}

func (k claimCheck) costConstrained(cl *Claim) {
	ch, ca := k.rh.USDPerMillionOutputTokens, k.ra.USDPerMillionOutputTokens
	ph, pa := k.s.Sides[k.h].USDPerGPUHour, k.s.Sides[k.a].USDPerGPUHour
	if ch <= 0 || ca <= 0 || ph <= 0 {
		cl.Because = "no cost per token to compare"
		return
	}
	cl.Holds = judge(ca < ch)
	cl.Because = fmt.Sprintf("%s's %s/GPU-hour is %s of %s's %s; its $ per million output tokens is %s (%s vs %s)",
		k.na, usd(pa), model.FormatPercent(pa/ph), k.nh, usd(ph), change(ca/ch-1, "lower", "higher"), usd(ca), usd(ch))
	be := pa * ch / ca
	if cl.Holds == Holds {
		cl.TurnsAt = fmt.Sprintf("holds while %s costs under %s/GPU-hour", k.na, usd(be))
	} else {
		cl.TurnsAt = fmt.Sprintf("holds with %s under %s/GPU-hour", k.na, usd(be))
	}
}

func (k claimCheck) prefillHeavy(cl *Claim) {
	ih, ia := k.rh.USDPerMillionInputTokens, k.ra.USDPerMillionInputTokens
	if ih <= 0 || ia <= 0 {
		cl.Because = "no cost per input token to compare"
		return
	}
	cl.Holds = judge(ia < ih)
	lower, d := k.nh, ih/ia-1
	if ia < ih {
		lower, d = k.na, ia/ih-1
	}
	cl.Because = fmt.Sprintf("%s's $ per million input tokens is %s lower (%s vs %s); %s has %.1fx the 16-bit compute",
		lower, model.FormatPercent(math.Abs(d)), usd(math.Min(ia, ih)), usd(math.Max(ia, ih)), k.nh, k.rh.GPU.FP16FLOPS/math.Max(k.ra.GPU.FP16FLOPS, 1))
	if cl.Holds == DoesNotHold {
		cl.TurnsAt = fmt.Sprintf("holds with %s under %s/GPU-hour", k.na, usd(k.s.Sides[k.a].USDPerGPUHour*ih/ia))
	}
}

func (k claimCheck) availability(cl *Claim) {
	cl.Because = fmt.Sprintf("not in the numbers: the catalog says %s %s, %s %s; procurement is yours to check",
		k.na, orUnknown(k.ra.GPU.Availability), k.nh, orUnknown(k.rh.GPU.Availability))
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return strings.ToLower(s)
}

func (k claimCheck) experimentation(cl *Claim) {
	cl.Because = fmt.Sprintf("not in the numbers: a replica-hour costs %s on %s vs %s on %s; whether you need production speed yet is yours to say",
		usd(k.ra.USDPerHour), k.na, usd(k.rh.USDPerHour), k.nh)
}

// decodeFloor: the seed's 140 GB / 2.0 TB/s = 70 ms and / 3.35 TB/s =
// 42 ms, H100 40 % faster from bandwidth alone. Here the floor is the
// weights each GPU reads / its spec bandwidth; the claim holds when both
// decode steps are memory-bound and the estimate's speed-up is within 5
// points of the bandwidth ratio's.
func (k claimCheck) decodeFloor(cl *Claim) {
	bh, ba := k.rh.GPU.BandwidthBytesPerSecond, k.ra.GPU.BandwidthBytesPerSecond
	if bh <= 0 || ba <= 0 || k.rh.TPOTSeconds <= 0 || k.ra.TPOTSeconds <= 0 {
		cl.Because = "no bandwidth or decode time to compare"
		return
	}
	fh, fa := k.rh.WeightBytesPerGPU/bh, k.ra.WeightBytesPerGPU/ba
	floorGain, estGain := fh/fa-1, k.rh.TPOTSeconds/k.ra.TPOTSeconds-1
	memory := k.rh.Bound == model.MemoryBound && k.ra.Bound == model.MemoryBound
	cl.Holds = judge(memory && math.Abs(estGain-floorGain) <= 0.05)
	weights := k.ra.WeightBytesPerGPU * float64(k.ra.GPUsPerReplica) / gb
	bound := "both memory-bound"
	if !memory {
		bound = fmt.Sprintf("%s %s-bound, %s %s-bound", k.na, k.ra.Bound, k.nh, k.rh.Bound)
	}
	cl.Because = fmt.Sprintf("%.0f GB of weights over %s: %s vs %s per token at spec bandwidth (%s); estimated %s vs %s (%s), %s",
		weights, model.FormatGPUs(k.ra.GPUsPerReplica), ms(fa), ms(fh), change(floorGain, "faster", "slower"), ms(k.ra.TPOTSeconds), ms(k.rh.TPOTSeconds),
		change(estGain, "faster", "slower"), bound)
	cl.Because += k.whyGPUs()
}

// whyGPUs says why the weights need the GPUs they do: the seed's 140 GB
// on one 80 GB card does not fit.
func (k claimCheck) whyGPUs() string {
	t := k.s
	t.GPUsPerReplica = 0
	c, err := model.Compare(t)
	if err != nil || c.Errs[k.a] != nil {
		return ""
	}
	ra := c.Results[k.a]
	w := ra.WeightBytesPerGPU * float64(ra.GPUsPerReplica) / gb
	usable := k.ra.GPU.MemoryBytes * (1 - k.s.Efficiency.MemoryReserve) / gb
	switch {
	case !ra.Fits:
		return fmt.Sprintf("; %.0f GB does not fit %s even at %d GPUs", w, k.na, model.MaxAutoTP)
	case ra.GPUsPerReplica == 1:
		return fmt.Sprintf("; %.0f GB fits one %s (%.0f GB usable)", w, k.na, usable)
	}
	note := ""
	if !k.ra.Fits {
		note = " (as configured it does not fit)"
	}
	return fmt.Sprintf("; %.0f GB needs %s of %s (%.0f GB usable each after the %s reserve)%s",
		w, model.FormatGPUs(ra.GPUsPerReplica), k.na, usable, model.FormatPercent(k.s.Efficiency.MemoryReserve), note)
}

// utilizationText is the utilization both sides were costed at: one
// figure, or the A100 role's vs the H100 role's when they differ.
func (k claimCheck) utilizationText() string {
	ua, uh := k.s.SideUtilization(k.a), k.s.SideUtilization(k.h)
	if ua == uh {
		return model.FormatPercent(ua)
	}
	return model.FormatPercent(ua) + " vs " + model.FormatPercent(uh)
}

func (k claimCheck) costPer1K(cl *Claim) {
	ch, ca := k.rh.USDPerMillionOutputTokens, k.ra.USDPerMillionOutputTokens
	if ch <= 0 || ca <= 0 {
		cl.Because = "no cost per token to compare"
		return
	}
	cl.Holds = judge(ca < ch)
	cl.Because = fmt.Sprintf("%s vs %s per 1K output tokens (%s): %s/h at %s tok/s vs %s/h at %s tok/s per replica, %s utilization",
		usd(ca/1e3), usd(ch/1e3), changeOf(k.na, ca/ch-1, "lower", "higher"), usd(k.ra.USDPerHour), rate(k.ra.TokensPerSecond),
		usd(k.rh.USDPerHour), rate(k.rh.TokensPerSecond), k.utilizationText())
	be := k.s.Sides[k.h].USDPerGPUHour * ca / ch
	if cl.Holds == Holds {
		cl.TurnsAt = fmt.Sprintf("%s becomes the cheaper under %s/GPU-hour", k.nh, usd(be))
	} else {
		cl.TurnsAt = fmt.Sprintf("holds with %s over %s/GPU-hour", k.nh, usd(be))
	}
}

// similarCost: the seed's "cost per token often similar; H100 advantage is
// throughput per GPU". Similar is within 10 % (its own 8 % example).
func (k claimCheck) similarCost(cl *Claim) {
	ch, ca := k.rh.USDPerMillionOutputTokens, k.ra.USDPerMillionOutputTokens
	if ch <= 0 || ca <= 0 || k.ra.TokensPerSecondPerGPU <= 0 {
		cl.Because = "no cost per token to compare"
		return
	}
	d := ch/ca - 1
	tput := k.rh.TokensPerSecondPerGPU/k.ra.TokensPerSecondPerGPU - 1
	cl.Holds = judge(math.Abs(d) <= similarCost && tput > 0)
	cl.Because = fmt.Sprintf("$ per million output tokens %s apart (%s vs %s); %s serves %s tokens/s per GPU",
		percentOrTimes(math.Abs(d)), usd(ca), usd(ch), k.nh, change(tput, "fewer", "more"))
	if ph := k.s.Sides[k.h].USDPerGPUHour; ph > 0 && tput > 0 {
		be := ph * ca / ch
		cl.TurnsAt = fmt.Sprintf("similar while %s costs %s to %s/GPU-hour", k.nh, usd(be*(1-similarCost)), usd(be*(1+similarCost)))
	}
}

// change words a relative difference: "12 % lower", "59 % more". One
// that rounds to 0 % is "the same" ("as fast" for speed): "0 % slower"
// reads as a change that is not there.
func change(d float64, less, more string) string {
	switch {
	case model.FormatPercent(math.Abs(d)) == model.FormatPercent(0):
		return same(less)
	case d < 0:
		return model.FormatPercent(-d) + " " + less
	}
	return percentOrTimes(d) + " " + more
}

// percentOrTimes words a positive difference as a percentage, or past
// 999 % as the ratio, "553,000x": a pinned rate can make it absurd.
func percentOrTimes(d float64) string {
	if d >= 9.995 { // prints as 1000 % or more
		return model.FormatRatio(1+d) + "x"
	}
	return model.FormatPercent(d)
}

// same is the word for no change in a comparative: "as fast" beside
// faster/slower, else "the same".
func same(less string) string {
	if less == "faster" {
		return "as fast"
	}
	return "the same"
}

// changeThan words a difference against another figure: "12 % lower
// than A100's $2.50", or "the same as A100's $2.50".
func changeThan(d float64, less, more, other string) string {
	c := change(d, less, more)
	if c == same(less) {
		return c + " as " + other
	}
	return c + " than " + other
}

// changeOf words side name's difference in a parenthesis: "A100 12 %
// lower", or "the same".
func changeOf(name string, d float64, less, more string) string {
	c := change(d, less, more)
	if c == same(less) {
		return c
	}
	return name + " " + c
}

func ms(sec float64) string {
	v := sec * 1e3
	if v >= 100 {
		return fmt.Sprintf("%.0f ms", v)
	}
	return fmt.Sprintf("%.1f ms", v)
}
