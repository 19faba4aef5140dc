package advice

import (
	"fmt"
	"math"
	"strings"

	"infercost/model"
)

// Rule names the branch of the seed's practical_recommendation that
// applied, in the order the seed tries them.
type Rule string

// The seed's four branches.
const (
	RuleFreshH100    Rule = "fresh_h100"    // starting fresh and H100 affordable
	RuleOptimizeA100 Rule = "optimize_a100" // an A100 fleet under 70 % utilization
	RuleSpotMix      Rule = "spot_mix"      // spot capacity available
	RuleDefault      Rule = "default"       // none of the above
)

// Judgement is whether the scenario's numbers bear a claim out.
type Judgement int

// Judgements. Unknown is "the numbers cannot say" (availability, whether
// production performance is needed yet), not "not computed yet".
const (
	Unknown Judgement = iota
	Holds
	DoesNotHold
)

// Agreement words a judgement of the numbers beside a rule: "they
// agree", "they disagree" or "they cannot say".
func (j Judgement) Agreement() string {
	switch j {
	case Holds:
		return "they agree"
	case DoesNotHold:
		return "they disagree"
	}
	return "they cannot say"
}

const (
	// FleetUtilizationThreshold is the seed's cut-off: an A100 fleet below
	// 70 % utilization should be used better before upgrading.
	FleetUtilizationThreshold = 0.7
	// wellUtilized is the utilization the optimize_a100 numbers quote for
	// a fleet that is used well: the seed's "well-utilized A100" without
	// a figure; 90 % keeps headroom for peaks.
	wellUtilized = 0.9
	// DefaultOutputTokensPerDay is the load a budget is checked at when
	// none is given: a billion output tokens a day (the explorer's default
	// fleet load).
	DefaultOutputTokensPerDay = 1e9
)

// Roles says which compared side plays the seed's H100 and which its
// A100. For an A100 against an H100 that is what they are; for any other
// pair the GPU with more memory bandwidth (decode's limit) plays H100,
// and Note says so.
type Roles struct {
	H100, A100 int // side indexes
	Note       string
}

// RolesOf assigns the roles for the compared pair. A tie in bandwidth
// gives H100's role to side 1, the usual challenger.
func RolesOf(c model.Comparison) Roles { return rolesOf(c.Results[0].GPU, c.Results[1].GPU) }

func rolesOf(a, b model.GPU) Roles {
	switch {
	case isFamily(a, "A100") && isFamily(b, "H100"):
		return Roles{H100: 1, A100: 0}
	case isFamily(a, "H100") && isFamily(b, "A100"):
		return Roles{H100: 0, A100: 1}
	}
	r := Roles{H100: 1, A100: 0}
	if a.BandwidthBytesPerSecond > b.BandwidthBytesPerSecond {
		r = Roles{H100: 0, A100: 1}
	}
	g := [2]model.GPU{a, b}
	r.Note = fmt.Sprintf("not an A100/H100 pair: %s (%.2f TB/s) takes H100's role, %s (%.2f TB/s) A100's",
		nameOf(g[r.H100]), g[r.H100].BandwidthBytesPerSecond/tera, nameOf(g[r.A100]), g[r.A100].BandwidthBytesPerSecond/tera)
	return r
}

func isFamily(g model.GPU, family string) bool { return strings.Contains(g.Name, family) }

func nameOf(g model.GPU) string {
	if g.Name != "" {
		return g.Name
	}
	return g.ID
}

// Advantage is one of the seed's "when X wins" entries.
type Advantage struct {
	GPU    string // "H100" or "A100"
	Case   string
	Reason string
	When   string
}

// Advantages returns the seed blog's h100_advantages and a100_advantages.
func Advantages() []Advantage {
	return []Advantage{
		{"H100", "high-volume serving", "more tokens per GPU-hour", "cost per token can be 20-30 % lower"},
		{"H100", "latency-critical", "faster decode, lower per-token latency", "better user experience"},
		{"H100", "large models", "same memory, faster access", "still needs the same number of GPUs for the model size"},
		{"H100", "FP8 quantization", "native FP8 support", "near-FP16 quality at INT8-like speed"},
		{"A100", "cost-constrained", "half the price per hour", "throughput per dollar matters more than per GPU"},
		{"A100", "prefill-heavy", "prefill is compute-bound, not memory-bound", "long prompts, short outputs"},
		{"A100", "availability", "easier to get capacity", "H100 waitlists are months long"},
		{"A100", "experimentation", "cheaper to iterate", "production performance not needed yet"},
	}
}

// Recommend is the seed's practical_recommendation, in its order.
func Recommend(c model.Context) string {
	switch {
	case c.StartingFresh && c.CanAffordH100:
		return "H100 - better investment for the future"
	case c.HaveA100Fleet && c.Utilization < 0.7:
		return "Optimize A100 usage before upgrading"
	case c.CanUseSpot:
		return "Mix - H100 spot when available, A100 fallback"
	}
	return "A100 for experiments, H100 for production"
}

// Recommendation is the seed's practical_recommendation for a scenario's
// context, with the scenario's numbers beside it.
type Recommendation struct {
	Rule Rule
	Text string // the seed's words for the branch
	Why  string // which branch applied and why
	// Context is the scenario's, with CanAffordH100 decided from the
	// budget when one is given.
	Context model.Context
	// AffordFromBudget is set when the budget decided CanAffordH100:
	// H100FleetUSDPerMonth is then the H100-role fleet's cost at Load
	// (0 when no fleet of it can serve the workload).
	AffordFromBudget     bool
	H100FleetUSDPerMonth float64
	Load                 model.Load
	// Numbers are the scenario's figures that bear on the rule; Agrees
	// says whether they support it (Unknown when they cannot say).
	Numbers string
	Agrees  Judgement
	Roles   Roles
	// Fleet is the A100 side (model.A100Side, as Scenario.FleetSide): an
	// existing A100 fleet's utilization is its own, and optimize_a100
	// prices its tokens. Usually Roles.A100; it differs for an A100 against a GPU
	// with less memory bandwidth than it that is not an H100 (the A100 is
	// still the fleet, though the bandwidth rule gives the other GPU
	// A100's role in the claims).
	Fleet int
	// FleetGPU is the Fleet side's GPU id; "" without a fleet.
	FleetGPU string
}

// Advise applies the seed's practical_recommendation to s's context, in
// the seed's order, and sets the figures of c beside it. load is the
// fleet load a budget is checked at; the zero Load means
// DefaultOutputTokensPerDay. It returns an error only for an invalid
// context.
func Advise(s model.Scenario, c model.Comparison, load model.Load) (Recommendation, error) {
	ctx := s.Context
	if err := ctx.Validate(); err != nil {
		return Recommendation{}, err
	}
	if load == (model.Load{}) {
		load = model.Load{OutputTokensPerDay: DefaultOutputTokensPerDay}
	}
	r := Recommendation{Context: ctx, Load: load, Roles: RolesOf(c), Fleet: model.A100Side(c.Results[0].GPU, c.Results[1].GPU)}
	if ctx.HaveA100Fleet {
		r.FleetGPU = c.Results[r.Fleet].GPU.ID
	}
	names := [2]string{nameOf(c.Results[0].GPU), nameOf(c.Results[1].GPU)}
	h := r.Roles.H100
	afford := "H100 not said to be affordable (no budget, no can-afford-H100)"
	if ctx.CanAffordH100 {
		afford = "can afford H100 (as given)"
	}
	if ctx.BudgetUSDPerMonth > 0 {
		r.AffordFromBudget = true
		afford = r.affordByBudget(s, c, names[h])
	}
	r.Text = Recommend(r.Context)
	switch {
	case ctx.StartingFresh && r.Context.CanAffordH100:
		r.Rule, r.Why = RuleFreshH100, "starting fresh and "+afford
	case ctx.HaveA100Fleet && ctx.Utilization < FleetUtilizationThreshold:
		r.Rule = RuleOptimizeA100
		r.Why = fmt.Sprintf("an existing %s fleet at %s utilization, below the seed's %s", names[r.Fleet], model.FormatPercent(ctx.Utilization), model.FormatPercent(FleetUtilizationThreshold))
	case ctx.CanUseSpot:
		r.Rule, r.Why = RuleSpotMix, "spot capacity can be used"
	default:
		r.Rule, r.Why = RuleDefault, defaultWhy(r.Context, afford)
	}
	if c.Errs[0] == nil && c.Errs[1] == nil {
		r.Numbers, r.Agrees = ruleNumbers(r, s, c, names)
	} else {
		r.Numbers = "no figures: " + firstErr(c).Error()
	}
	return r, nil
}

// affordByBudget decides CanAffordH100: the H100-role fleet for the load
// costs no more than the budget a month.
func (r *Recommendation) affordByBudget(s model.Scenario, c model.Comparison, name string) string {
	h := r.Roles.H100
	budget := r.Context.BudgetUSDPerMonth
	_, w, err := s.Workload(h)
	var f model.Fleet
	if err == nil && c.Errs[h] == nil {
		f, err = model.SizeFleet(c.Results[h], w, r.Load)
	} else if err == nil {
		err = c.Errs[h]
	}
	if err != nil {
		r.Context.CanAffordH100 = false
		return fmt.Sprintf("cannot afford H100: no %s fleet serves this workload (%v)", name, err)
	}
	r.H100FleetUSDPerMonth = f.USDPerMonth
	r.Context.CanAffordH100 = f.USDPerMonth <= budget
	verb := "fits in"
	if !r.Context.CanAffordH100 {
		verb = "is over"
	}
	return fmt.Sprintf("the %s fleet for %s (%d GPUs, %s/month) %s the %s/month budget",
		name, loadWords(r.Load), f.GPUs, usd(f.USDPerMonth), verb, usd(budget))
}

func defaultWhy(ctx model.Context, afford string) string {
	var not []string
	switch {
	case ctx.StartingFresh:
		not = append(not, "starting fresh but "+afford)
	default:
		not = append(not, "not starting fresh")
	}
	switch {
	case ctx.HaveA100Fleet:
		not = append(not, fmt.Sprintf("the A100 fleet is at %s, not below %s", model.FormatPercent(ctx.Utilization), model.FormatPercent(FleetUtilizationThreshold)))
	default:
		not = append(not, "no existing A100 fleet")
	}
	not = append(not, "no spot capacity")
	return "no earlier branch applies: " + strings.Join(not, "; ")
}

func firstErr(c model.Comparison) error {
	if c.Errs[0] != nil {
		return c.Errs[0]
	}
	return c.Errs[1]
}

// ruleNumbers sets the scenario's figures beside the rule and says
// whether they agree with it.
func ruleNumbers(r Recommendation, s model.Scenario, c model.Comparison, names [2]string) (string, Judgement) {
	h, a := r.Roles.H100, r.Roles.A100
	rh, ra := c.Results[h], c.Results[a]
	ch, ca := rh.USDPerMillionOutputTokens, ra.USDPerMillionOutputTokens
	if ch <= 0 || ca <= 0 {
		return "no cost per token to compare (a zero price or no throughput)", Unknown
	}
	switch r.Rule {
	case RuleFreshH100:
		return freshNumbers(names[h], names[a], rh, ra)
	case RuleOptimizeA100:
		// The fleet is the A100 side at its own utilization; the other
		// side keeps its own.
		f := r.Fleet
		cf, co := c.Results[f].USDPerMillionOutputTokens, c.Results[1-f].USDPerMillionOutputTokens
		return optimizeNumbers(r.Context.Utilization, s.SideUtilization(f), names[1-f], names[f], co, cf)
	case RuleSpotMix:
		return spotNumbers(s.Sides[h], names[h], names[a], ch, ca)
	}
	return defaultNumbers(names[h], names[a], rh, ra)
}

// spotNumbers: $/M is proportional to the price per GPU-hour, so the
// H100 side's spot tokens cost ch x spot / now. A published spot price
// of that GPU (model.PriceQuotes) decides the rule; without one the
// numbers give only the price below which spot wins.
func spotNumbers(sd model.Side, nh, na string, ch, ca float64) (string, Judgement) {
	now := sd.USDPerGPUHour
	text := fmt.Sprintf("%s spot tokens are the cheaper below %s/GPU-hour (now %s): there its %s/M output tokens equals %s's",
		nh, usd(now*ca/ch), usd(now), usd(ca), na)
	var spot model.PriceQuote
	for _, q := range model.SideQuotes(sd) {
		if q.Kind == model.SpotPrice {
			spot = q
			break
		}
	}
	if spot.ID == "" {
		return text, Unknown
	}
	cs := ch * spot.USDPerHour / now
	if spot.USDPerHour == now { // the price is already the spot price: the figures above are at it
		text = fmt.Sprintf("at the %s price of %s/GPU-hour (%s) %s's tokens cost %s/M, %s/M",
			spot.Label, usd(now), spot.Date, nh, usd(ch), changeThan(ch/ca-1, "lower", "higher", na+"'s "+usd(ca)))
	} else {
		text += fmt.Sprintf("; at the %s price of %s/GPU-hour (%s) they cost %s/M, %s",
			spot.Label, usd(spot.USDPerHour), spot.Date, usd(cs), changeThan(cs/ca-1, "lower", "higher", na+"'s"))
	}
	if cs < ca {
		return text, Holds
	}
	return "the numbers disagree: " + text, DoesNotHold
}

func freshNumbers(nh, na string, rh, ra model.Result) (string, Judgement) {
	ch, ca := rh.USDPerMillionOutputTokens, ra.USDPerMillionOutputTokens
	d := ch/ca - 1
	text := fmt.Sprintf("%s: %s/M output tokens, %s; %s per token",
		nh, usd(ch), changeThan(d, "lower", "higher", na+"'s "+usd(ca)), change(perTokenSeconds(rh)/perTokenSeconds(ra)-1, "faster", "slower"))
	if d <= similarCost {
		return text, Holds
	}
	return "the numbers disagree: " + text + " (more than the " + model.FormatPercent(similarCost) + " the seed calls similar)", DoesNotHold
}

// optimizeNumbers: cost per token is inversely proportional to
// utilization, so the fleet's $/M at u is ca x now / u, now being the
// A100 side's utilization that ca was costed at.
func optimizeNumbers(fleetU, nowU float64, nh, na string, ch, ca float64) (string, Judgement) {
	at := func(u float64) float64 { return ca * nowU / u }
	match := nowU * ca / ch // A's utilization at which it equals H's $/M
	text := fmt.Sprintf("at %s the %s fleet costs %s/M output tokens; at %s it would cost %s/M, %s %s's %s/M",
		model.FormatPercent(fleetU), na, usd(at(fleetU)), model.FormatPercent(wellUtilized), usd(at(wellUtilized)), belowAbove(at(wellUtilized), ch), nh, usd(ch))
	if match <= 1 {
		return text + fmt.Sprintf("; it matches %s from %s", nh, model.FormatPercent(match)), Holds
	}
	return "the numbers disagree: " + text + fmt.Sprintf("; even at 100 %% it costs %s/M, so no utilization matches %s", usd(at(1)), nh), DoesNotHold
}

func defaultNumbers(nh, na string, rh, ra model.Result) (string, Judgement) {
	text := fmt.Sprintf("for experiments one %s replica costs %s/h vs %s for %s; in production %s is %s per token at %s $ per million output tokens",
		na, usd(ra.USDPerHour), usd(rh.USDPerHour), nh, nh, change(perTokenSeconds(rh)/perTokenSeconds(ra)-1, "faster", "slower"),
		change(rh.USDPerMillionOutputTokens/ra.USDPerMillionOutputTokens-1, "lower", "higher"))
	if ra.USDPerHour < rh.USDPerHour && perTokenSeconds(rh) < perTokenSeconds(ra) {
		return text, Holds
	}
	return "the numbers disagree: " + text, DoesNotHold
}

func belowAbove(x, ref float64) string {
	if x <= ref {
		return "below"
	}
	return "above"
}

// usd prints dollars as the report's Markdown does (model.FormatUSD):
// "$0.0950" beside "$0.119", never "$0.095"; a negative figure is $0.
func usd(x float64) string { return model.FormatUSD(max(x, 0)) }

// rate prints a tokens/s figure to three significant digits, grouped:
// "5,830", "13,200", "30.1".
func rate(x float64) string { return model.GroupThousands(model.FormatDecimal(roundSig(x, 3))) }

func roundSig(x float64, n int) float64 {
	if x == 0 || !model.Finite(x) {
		return 0
	}
	d := math.Pow(10, float64(n)-1-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*d) / d
}

// loadWords words a fleet load: "1e+09 output tokens/day" reads badly,
// so "1B output tokens/day".
func loadWords(l model.Load) string {
	if l.RequestsPerSecond > 0 {
		return model.FormatDecimal(roundSig(l.RequestsPerSecond, 4)) + " requests/s"
	}
	v := l.OutputTokensPerDay
	for _, u := range []struct {
		f float64
		s string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}} {
		if v >= u.f {
			return model.FormatDecimal(roundSig(v/u.f, 3)) + u.s + " output tokens/day"
		}
	}
	return model.FormatDecimal(roundSig(v, 3)) + " output tokens/day"
}
