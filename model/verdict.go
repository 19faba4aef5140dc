package model

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Factor is one of the seed blog's decision factors, decided for the
// current scenario. Winner is the side index (0 or 1), or -1 when the
// factor does not separate them.
type Factor struct {
	Name   string
	Winner int
	Reason string
}

// Factor names, as the seed's decision_factors() lists them.
const (
	FactorLatency      = "latency"
	FactorCost         = "cost per token"
	FactorThroughput   = "throughput per GPU"
	FactorAvailability = "availability"
	FactorFP8          = "fp8"
)

// Verdict is the comparison's conclusion with its reason.
type Verdict struct {
	Winner   int    // side index, or -1 when it depends on what you optimise
	Headline string // one line for the verdict panel
	Reason   string
	Factors  [5]Factor
	// BreakEvenUSDPerHour[i] is the GPU-hour price at which side i's $ per
	// million output tokens equals the other side's (0 when unknown).
	BreakEvenUSDPerHour [2]float64
	// BreakEvenUtilization[i] is the utilization at which side i's $ per
	// million output tokens equals the other side's at the other side's
	// own utilization; values above 1 mean it cannot catch up.
	BreakEvenUtilization [2]float64
	// AtTarget, when the scenario sets a latency target, compares the two
	// at it: "at TPOT ≤ 12 ms, H100 SXM 80GB serves 1.6x the output
	// tokens per dollar (batch 158 on 1 GPU vs 109 on 2)". "" otherwise.
	AtTarget string
}

// Thresholds below which two figures count as "similar".
const (
	similarCost    = 0.10 // the seed calls $0.023 vs $0.025 per 1K (8 %) "often similar"
	similarLatency = 0.02
)

// availabilityRank orders the catalog's availability words.
func availabilityRank(s string) int {
	switch s {
	case "Good":
		return 3
	case "Improving":
		return 2
	case "Limited":
		return 1
	}
	return 0
}

// Decide is the verdict Compare gives s when its sides' results are
// c.Results and c.Errs (c.Verdict is not read), for a caller that
// estimates the sides itself on workloads s does not describe (one
// assumption moved, each side's GPUs per replica held).
func (s Scenario) Decide(c Comparison) Verdict { return decide(s, c) }

// decide turns two results into the seed's decision factors and a verdict.
func decide(s Scenario, c Comparison) Verdict {
	v := Verdict{Winner: -1}
	names := [2]string{c.Results[0].GPU.Name, c.Results[1].GPU.Name}
	if names[0] == names[1] && s.SideWeights(0) != s.SideWeights(1) {
		// The same GPU at two precisions ("should we quantize?").
		for i := range names {
			names[i] += " " + strings.ToUpper(string(s.SideWeights(i)))
		}
	}
	for i := range names {
		if c.Errs[i] != nil {
			return refusedVerdict(names, c, i)
		}
	}
	a, b := c.Results[0], c.Results[1]
	v.Factors[0] = decideLower(FactorLatency, names, perTokenSeconds(a), perTokenSeconds(b), similarLatency, "faster decode per token")
	v.Factors[1] = decideLower(FactorCost, names, a.USDPerMillionOutputTokens, b.USDPerMillionOutputTokens, similarCost, "lower $ per million output tokens")
	v.Factors[2] = decideLower(FactorThroughput, names, -a.TokensPerSecondPerGPU, -b.TokensPerSecondPerGPU, similarLatency, "more tokens/s per GPU, so fewer GPUs")
	v.Factors[3] = decideAvailability(names, a.GPU, b.GPU)
	v.Factors[4] = decideFP8(s, names, a.GPU, b.GPU)
	v.Winner, v.Headline, v.Reason = headline(names, a, b, v.Factors)
	if a.Fits == b.Fits {
		// Both deployable, or both pure bandwidth arithmetic (the seed's
		// 70B on one card): the break-even arithmetic compares like with
		// like. Against a side that cannot hold the workload it would not.
		v.BreakEvenUSDPerHour, v.BreakEvenUtilization = breakEven(s, a, b)
	}
	if !a.Fits || !b.Fits {
		v.Winner, v.Headline, v.Reason = fitVerdict(names, a, b)
	}
	v.AtTarget = atTarget(names, a, b)
	return v
}

// refusedVerdict is the verdict when side i cannot run the workload at
// all (an FP8 model on a GPU without FP8, an unknown GPU): the other side
// wins only if it can run and hold it.
func refusedVerdict(names [2]string, c Comparison, i int) Verdict {
	v := Verdict{Winner: -1}
	other := 1 - i
	who := names[i]
	if who == "" {
		who = "the other side"
	}
	factor := "gpu"
	if errors.Is(c.Errs[i], ErrNoFP8) {
		factor = FactorFP8
	}
	switch {
	case c.Errs[other] != nil:
		v.Headline, v.Reason = "Neither GPU can run this workload", c.Errs[0].Error()
	case !c.Results[other].Fits:
		v.Headline = "Neither GPU can run this workload as configured"
		v.Reason = c.Errs[i].Error() + fmt.Sprintf("; %s is short %.1f GB per GPU", names[other], c.Results[other].ShortfallBytes/gb)
	default:
		v.Winner = other
		v.Headline = names[other] + " only: " + who + " cannot run this workload"
		v.Reason = c.Errs[i].Error()
		v.Factors[0] = Factor{factor, other, v.Reason}
	}
	return v
}

// fitVerdict overrides the verdict when a side cannot hold the workload:
// its figures are still the bandwidth arithmetic (the seed's 70B on one
// 80 GB card), but it cannot be deployed as configured.
func fitVerdict(names [2]string, a, b Result) (int, string, string) {
	short := func(r Result) string {
		return fmt.Sprintf("%s is short %.1f GB per GPU", r.GPU.Name, r.ShortfallBytes/gb)
	}
	const fix = "more GPUs per replica, fewer bytes per weight or a smaller batch"
	switch {
	case !a.Fits && !b.Fits:
		return -1, "Neither fits in memory as configured: the figures are bandwidth arithmetic only",
			short(a) + "; " + short(b) + ": " + fix
	case !a.Fits:
		return 1, names[1] + " only: " + names[0] + " cannot hold this workload", short(a) + ": " + fix
	}
	return 0, names[0] + " only: " + names[1] + " cannot hold this workload", short(b) + ": " + fix
}

// perTokenSeconds is the time per output token a user of one sequence
// sees: always the estimate (of the calibrated engine, if any). A pinned
// throughput is an assumption for cost and capacity only, so the latency
// factor never contradicts the panel's decode time.
func perTokenSeconds(r Result) float64 { return r.TPOTSeconds }

// decideLower picks the side with the lower figure unless they are within
// the similar fraction.
func decideLower(name string, names [2]string, a, b, similar float64, why string) Factor {
	d := Diff(math.Abs(a), math.Abs(b))
	if a == 0 && b != 0 { // Diff has no answer from zero: zero is lower
		d = -1
	}
	switch {
	case math.Abs(d) <= similar:
		return Factor{name, -1, "within " + FormatPercent(similar) + ": similar"}
	case a < b:
		return Factor{name, 0, names[0] + ": " + why}
	}
	return Factor{name, 1, names[1] + ": " + why}
}

func decideAvailability(names [2]string, a, b GPU) Factor {
	ra, rb := availabilityRank(a.Availability), availabilityRank(b.Availability)
	switch {
	case ra > rb:
		return Factor{FactorAvailability, 0, names[0] + " is easier to procure (" + a.Availability + ")"}
	case rb > ra:
		return Factor{FactorAvailability, 1, names[1] + " is easier to procure (" + b.Availability + ")"}
	}
	return Factor{FactorAvailability, -1, "both " + a.Availability}
}

func decideFP8(s Scenario, names [2]string, a, b GPU) Factor {
	switch {
	case a.HasFP8() == b.HasFP8():
		return Factor{FactorFP8, -1, "same FP8 support"}
	case a.HasFP8():
		return Factor{FactorFP8, 0, names[0] + " has native FP8; " + names[1] + " cannot run FP8"}
	}
	return Factor{FactorFP8, 1, names[1] + " has native FP8; " + names[0] + " cannot run FP8"}
}

// breakEven solves the seed's cost formula for price and utilization.
// Cost is proportional to price and inversely to utilization, so side i
// matches side j at price_i x cost_j / cost_i and at utilization
// u_i x cost_i / cost_j, each side at its own utilization u_i.
func breakEven(s Scenario, a, b Result) (price, util [2]float64) {
	costs := [2]float64{a.USDPerMillionOutputTokens, b.USDPerMillionOutputTokens}
	for i := range costs {
		j := 1 - i
		if costs[i] <= 0 || costs[j] <= 0 {
			continue
		}
		price[i] = s.Sides[i].USDPerGPUHour * costs[j] / costs[i]
		util[i] = s.SideUtilization(i) * costs[i] / costs[j]
	}
	return price, util
}

// headline summarises: one side wins outright when it is both faster and
// not dearer; similar costs make it "depends on what you optimise".
func headline(names [2]string, a, b Result, f [5]Factor) (int, string, string) {
	lat, cost := f[0].Winner, f[1].Winner
	lats := [2]float64{perTokenSeconds(a), perTokenSeconds(b)}
	costs := [2]float64{a.USDPerMillionOutputTokens, b.USDPerMillionOutputTokens}
	switch {
	case cost == -1 && lat == -1:
		return -1, "A toss-up: similar latency and cost per token", "decide on availability and FP8 plans"
	case cost == -1:
		return lat, names[lat] + " for latency; cost per token is similar",
			fmt.Sprintf("%s against %s: %s decode per token at %s $/M, the seed's \"cost per token often similar\"",
				names[1], names[0], relFrom(lats, 1), relFrom(costs, 1))
	case lat == -1 || lat == cost:
		return cost, names[cost] + " wins: cheaper per token" + map[bool]string{true: " and faster", false: ""}[lat == cost],
			fmt.Sprintf("%s against %s: %s $ per million tokens, %s time per token", names[1], names[0], relFrom(costs, 1), relFrom(lats, 1))
	}
	// One base for every percentage, as the panels show them: B against A.
	return -1, names[lat] + " for latency, " + names[cost] + " for cost",
		fmt.Sprintf("%s against %s: %s time per token, %s $ per million tokens", names[1], names[0], relFrom(lats, 1), relFrom(costs, 1))
}

// relFrom words side i's figure relative to the other's, "+12 %"; "n/a"
// when the other's is zero (a free GPU-hour has no ratio).
func relFrom(x [2]float64, i int) string {
	if x[1-i] == 0 {
		return "n/a"
	}
	return FormatSignedPercent(x[i]/x[1-i] - 1)
}

// atTarget words the comparison at a latency target: which GPU serves
// more output tokens per dollar there (the inverse ratio of $ per million
// output tokens), or which one misses it.
func atTarget(names [2]string, a, b Result) string {
	t := a.Target
	if !t.Set || !b.Target.Set {
		return ""
	}
	var parts []string
	if t.TPOTSeconds > 0 {
		parts = append(parts, fmt.Sprintf("TPOT ≤ %s ms", FormatDecimal(t.TPOTSeconds*1e3)))
	}
	if t.TTFTSeconds > 0 {
		parts = append(parts, fmt.Sprintf("TTFT at load ≤ %s ms", FormatDecimal(t.TTFTSeconds*1e3)))
	}
	at := "at " + strings.Join(parts, " and ")
	switch {
	case !a.Target.Met && !b.Target.Met:
		return at + ", neither meets the target even at batch 1"
	case !a.Target.Met || !b.Target.Met:
		miss := 0 // the side that misses
		if a.Target.Met {
			miss = 1
		}
		return fmt.Sprintf("%s, only %s meets it; %s misses by %s ms even at batch 1", at, names[1-miss], names[miss],
			FormatDecimal(math.Round([2]float64{a.Target.MissSeconds, b.Target.MissSeconds}[miss]*1e4)/10))
	case a.USDPerMillionOutputTokens <= 0 || b.USDPerMillionOutputTokens <= 0:
		return ""
	}
	win, ratio := 1, a.USDPerMillionOutputTokens/b.USDPerMillionOutputTokens
	if ratio < 1 {
		win, ratio = 0, 1/ratio
	}
	times := FormatDecimal(math.Round(ratio*100) / 100)
	if ratio >= 1000 {
		times = FormatRatio(ratio)
	}
	return fmt.Sprintf("%s, %s serves %sx the output tokens per dollar (batch %d on %s vs %d on %s)", at, names[win],
		times, [2]int{a.Batch, b.Batch}[win], FormatGPUs([2]Result{a, b}[win].GPUsPerReplica),
		[2]int{a.Batch, b.Batch}[1-win], FormatGPUs([2]Result{a, b}[1-win].GPUsPerReplica))
}
