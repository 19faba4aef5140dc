package advice

import (
	"infercost/model"
	"strings"
	"testing"
)

// seedPair is the seed's own arithmetic: A100 $2.50/h at 30 tok/s, H100
// $4.50/h at 50 tok/s, one GPU each, 100 % utilization:
// A100 2.50 / (30 x 3600) x 1e6 = $23.148/M, H100 4.50 / (50 x 3600) x
// 1e6 = $25.000/M.
func seedPair(t *testing.T) (model.Scenario, model.Comparison) {
	t.Helper()
	s := model.BuiltinScenarios()[0]
	c, err := model.Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func advise(t *testing.T, s model.Scenario, load model.Load) Recommendation {
	t.Helper()
	c, err := model.Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Advise(s, c, load)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantAll(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s %q: want %q in it", what, got, w)
		}
	}
}

// TestAdviseOptimizeA100: the fleet at 60 %, both sides at the
// scenario's 60 %. A100 at 60 %: 23.148 / 0.6 = $38.58/M; at 90 %:
// 23.148 / 0.9 = $25.72/M; H100 at 60 %: 25 / 0.6 = $41.67/M. A100
// matches H100 at 0.6 x 38.58 / 41.67 = 55.6 %.
func TestAdviseOptimizeA100(t *testing.T) {
	s, _ := seedPair(t)
	s.Utilization = 0.6
	s.Context = model.Context{HaveA100Fleet: true, Utilization: 0.6}
	r := advise(t, s, model.Load{})
	if r.Rule != RuleOptimizeA100 || r.Text != "Optimize A100 usage before upgrading" || r.Agrees != Holds {
		t.Fatalf("%+v", r)
	}
	wantAll(t, "why", r.Why, "60 %", "below the seed's 70 %")
	wantAll(t, "numbers", r.Numbers, "at 60 % the A100 80GB SXM fleet costs $38.58/M", "at 90 % it would cost $25.72/M, below", "$41.67/M", "from 56 %")

	// H100 measured at 100 tok/s: $12.50/M at 100 %, $20.83/M at 60 %;
	// A100 even at 100 % is $23.15/M, so the numbers disagree with the rule.
	s.Sides[1].PinnedTokensPerSecond = 100
	r = advise(t, s, model.Load{})
	if r.Rule != RuleOptimizeA100 || r.Agrees != DoesNotHold {
		t.Fatalf("%+v", r)
	}
	wantAll(t, "numbers", r.Numbers, "the numbers disagree", "$20.83/M", "even at 100 % it costs $23.15/M")

	// At the seed's threshold the branch no longer applies.
	s.Context.Utilization, s.Utilization = 0.7, 0.7
	if r = advise(t, s, model.Load{}); r.Rule != RuleDefault {
		t.Errorf("fleet at 70 %%: rule %s, want default", r.Rule)
	}
}

// TestAdviseFleetAtTheA100Side: the fleet's utilization is the A100
// side's own, on either side, and the H100 keeps its own. A100 at 60 %:
// $38.58/M (at 90 %: $25.72/M); H100 at its own 90 %: 25 / 0.9 =
// $27.78/M; A100 matches it from 0.6 x 38.58 / 27.78 = 83.3 %.
func TestAdviseFleetAtTheA100Side(t *testing.T) {
	for _, a100 := range []int{0, 1} {
		s, _ := seedPair(t)
		if a100 == 1 {
			s.Sides[0], s.Sides[1] = s.Sides[1], s.Sides[0]
		}
		s.Sides[1-a100].Utilization = 0.9
		s.SetFleetUtilization(0.6)
		if s.SideUtilization(a100) != 0.6 || s.SideUtilization(1-a100) != 0.9 || s.Utilization != 1 {
			t.Fatalf("A100 as side %d: A100 %v, H100 %v, scenario %v", a100, s.SideUtilization(a100), s.SideUtilization(1-a100), s.Utilization)
		}
		r := advise(t, s, model.Load{})
		if r.Rule != RuleOptimizeA100 || r.Agrees != Holds || r.Fleet != a100 || r.FleetGPU != "a100-80gb-sxm" {
			t.Fatalf("A100 as side %d: %+v", a100, r)
		}
		wantAll(t, "numbers", r.Numbers, "at 60 % the A100 80GB SXM fleet costs $38.58/M",
			"at 90 % it would cost $25.72/M, below H100 SXM 80GB's $27.78/M", "from 83 %")
	}
}

// TestAdviseFreshH100Budget: two GPUs per replica (so both fit), 10
// requests/s of 128 output tokens. An H100 replica at 50 tok/s is busy
// 128 / 50 = 2.56 s per request: 10 x 2.56 = 25.6 -> 26 replicas, 52
// GPUs, 26 x $9.00/h x 730 h = $170,820 a month.
func TestAdviseFreshH100Budget(t *testing.T) {
	s, _ := seedPair(t)
	s.GPUsPerReplica = 2
	load := model.Load{RequestsPerSecond: 10}
	s.Context = model.Context{StartingFresh: true, BudgetUSDPerMonth: 170820}
	r := advise(t, s, load)
	if r.Rule != RuleFreshH100 || !r.Context.CanAffordH100 || !r.AffordFromBudget || r.H100FleetUSDPerMonth != 170820 {
		t.Fatalf("%+v", r)
	}
	wantAll(t, "why", r.Why, "starting fresh", "52 GPUs, $170,820/month) fits in the $170,820/month budget")
	// H100 $9.00 / (50 x 3600) x 1e6 = $50.00/M vs A100 $5.00 / (30 x
	// 3600) x 1e6 = $46.30/M: 8 % dearer, within the seed's "similar".
	if r.Agrees != Holds {
		t.Errorf("agrees %v: %s", r.Agrees, r.Numbers)
	}
	wantAll(t, "numbers", r.Numbers, "$50.00/M", "8 % higher", "$46.30")

	s.Context.BudgetUSDPerMonth = 170000
	r = advise(t, s, load)
	if r.Rule != RuleDefault || r.Context.CanAffordH100 {
		t.Fatalf("budget under the fleet's cost: %+v", r)
	}
	wantAll(t, "why", r.Why, "starting fresh but", "is over the $170,000/month budget")

	// Without a load the default one is used and stated.
	s.Context.BudgetUSDPerMonth = 1e9
	if r = advise(t, s, model.Load{}); r.Load.OutputTokensPerDay != DefaultOutputTokensPerDay || !strings.Contains(r.Why, "1B output tokens/day") {
		t.Errorf("default load: %+v", r)
	}
}

// TestAdviseBranches: the seed's order, with the figures for each rule.
func TestAdviseBranches(t *testing.T) {
	s, _ := seedPair(t)
	cases := []struct {
		ctx    model.Context
		rule   Rule
		agrees Judgement
		want   []string
	}{
		// Affordable fresh start wins over a fleet under 70 %.
		{model.Context{StartingFresh: true, CanAffordH100: true, HaveA100Fleet: true, Utilization: 0.5}, RuleFreshH100, Holds,
			[]string{"$25.00/M", "8 % higher"}},
		// H100 matches A100's $23.148/M at 4.50 x 23.148 / 25 = $4.17/h;
		// RunPod's published spot price, $2.69, gives $25 x 2.69 / 4.5 =
		// $14.94/M, 35 % under A100's: the seed's mix holds.
		{model.Context{CanUseSpot: true}, RuleSpotMix, Holds, []string{"below $4.17/GPU-hour", "now $4.50",
			"at the RunPod spot price of $2.69/GPU-hour (2026-03) they cost $14.94/M, 35 % lower than A100 80GB SXM's"}},
		{model.Context{HaveA100Fleet: true, Utilization: 0.9, CanUseSpot: true}, RuleSpotMix, Holds, nil},
		// A replica-hour $2.50 vs $4.50. Time per token is the estimate, not
		// the pinned rate (one accounting with the verdict): 140 GB over
		// 3.35 vs 2.039 TB/s at 75 % is 55.7 vs 91.6 ms, 39 % faster.
		{model.Context{}, RuleDefault, Holds, []string{"$2.50/h vs $4.50", "39 % faster"}},
		{model.Context{StartingFresh: true}, RuleDefault, Holds, nil},
	}
	for _, c := range cases {
		s.Context = c.ctx
		r := advise(t, s, model.Load{})
		if r.Rule != c.rule || r.Agrees != c.agrees || r.Text != Recommend(r.Context) {
			t.Errorf("%+v: rule %s agrees %v (%s), want %s %v", c.ctx, r.Rule, r.Agrees, r.Numbers, c.rule, c.agrees)
		}
		wantAll(t, string(c.rule), r.Numbers, c.want...)
	}
}

// With spot capacity, the rule is judged at the H100 side's published spot
// price: it fails when A100 on demand is cheaper still, and is left open
// for a GPU with no spot price.
func TestAdviseSpotJudgedAtPublishedSpotPrice(t *testing.T) {
	s, _ := seedPair(t)
	s.Context = model.Context{CanUseSpot: true}
	// A100 at $1.00/h: $23.148 x 1 / 2.5 = $9.26/M, under H100's spot
	// $14.94/M; spot would have to fall to 4.5 x 9.26 / 25 = $1.67/h.
	s.Sides[0].USDPerGPUHour = 1.00
	r := advise(t, s, model.Load{})
	if r.Rule != RuleSpotMix || r.Agrees != DoesNotHold {
		t.Errorf("A100 at $1/h: rule %s agrees %v (%s)", r.Rule, r.Agrees, r.Numbers)
	}
	wantAll(t, "numbers", r.Numbers, "the numbers disagree", "below $1.67/GPU-hour", "$14.94/M, 61 % higher")

	s, _ = seedPair(t)
	s.Context = model.Context{CanUseSpot: true}
	h, err := model.LookupGPU("h100")
	if err != nil {
		t.Fatal(err)
	}
	h.ID, h.Name, h.User = "my-h100", "my H100", true
	s.Sides[1].GPU, s.Sides[1].Spec = h.ID, &h
	if r = advise(t, s, model.Load{}); r.Rule != RuleSpotMix || r.Agrees != Unknown || strings.Contains(r.Numbers, "spot price") {
		t.Errorf("a GPU of one's own: rule %s agrees %v (%s)", r.Rule, r.Agrees, r.Numbers)
	}
}

// TestRoles: an A100/H100 pair keeps its names in either order; any other
// pair gives H100's role to the GPU with more memory bandwidth.
func TestRoles(t *testing.T) {
	s := model.DefaultScenario()
	s.Sides[0], s.Sides[1] = s.Sides[1], s.Sides[0]
	c, _ := model.Compare(s)
	if r := RolesOf(c); r.H100 != 0 || r.A100 != 1 || r.Note != "" {
		t.Errorf("H100 first: %+v", r)
	}
	s.Sides = [2]model.Side{{GPU: "h200", USDPerGPUHour: 6}, {GPU: "l40s", USDPerGPUHour: 1}}
	c, _ = model.Compare(s)
	r := RolesOf(c)
	if r.H100 != 0 || r.A100 != 1 {
		t.Errorf("H200 vs L40S: %+v", r)
	}
	wantAll(t, "note", r.Note, "H200 SXM 141GB (4.80 TB/s) takes H100's role", "L40S 48GB")
}

// TestRecommend: the seed's practical_recommendation, branch by branch.
func TestRecommend(t *testing.T) {
	cases := []struct {
		c    model.Context
		want string
	}{
		{model.Context{StartingFresh: true, CanAffordH100: true}, "H100 - better investment"},
		{model.Context{HaveA100Fleet: true, Utilization: 0.5}, "Optimize A100 usage"},
		{model.Context{HaveA100Fleet: true, Utilization: 0.9, CanUseSpot: true}, "Mix - H100 spot"},
		{model.Context{StartingFresh: true}, "A100 for experiments"},
		{model.Context{}, "A100 for experiments, H100 for production"},
	}
	for _, c := range cases {
		if got := Recommend(c.c); !strings.HasPrefix(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.c, got, c.want)
		}
	}
	if len(Advantages()) != 8 {
		t.Errorf("the seed lists 4 H100 and 4 A100 advantages")
	}
}

// TestRolesAgreeWithA100Side: with neither or both GPUs an A100,
// model.A100Side is the side RolesOf gives A100's role.
func TestRolesAgreeWithA100Side(t *testing.T) {
	for _, a := range model.GPUs() {
		for _, b := range model.GPUs() {
			if strings.Contains(a.Name, "A100") != strings.Contains(b.Name, "A100") {
				continue
			}
			if got, want := model.A100Side(a, b), rolesOf(a, b).A100; got != want {
				t.Errorf("%s vs %s: A100Side %d, RolesOf's A100 %d", a.ID, b.ID, got, want)
			}
		}
	}
}

// TestSimilarAsTheVerdict: the claims call figures similar at the
// thresholds model's verdict factors do (the same GPU on both sides is
// similar in both).
func TestSimilarAsTheVerdict(t *testing.T) {
	s := model.DefaultScenario()
	s.Sides[1] = s.Sides[0]
	c, err := model.Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range map[int]float64{0: similarLatency, 1: similarCost} {
		if f := c.Verdict.Factors[i]; f.Reason != "within "+model.FormatPercent(want)+": similar" {
			t.Errorf("%s: %q, want within %s", f.Name, f.Reason, model.FormatPercent(want))
		}
	}
}

// TestChangeThatRoundsToZero: a difference that rounds to 0 % is no
// change in words (QA #9: "0 % slower per token").
func TestChangeThatRoundsToZero(t *testing.T) {
	cases := []struct {
		d          float64
		less, more string
		want       string
	}{
		{0.004, "faster", "slower", "as fast"}, // 0.4 % rounds to 0 %
		{-0.004, "faster", "slower", "as fast"},
		{0, "lower", "higher", "the same"},
		{-0.003, "fewer", "more", "the same"},
		{0.006, "faster", "slower", "1 % slower"}, // 0.6 % rounds to 1 %
		{-0.12, "lower", "higher", "12 % lower"},
	}
	for _, c := range cases {
		if got := change(c.d, c.less, c.more); got != c.want {
			t.Errorf("change(%v, %s, %s) = %q, want %q", c.d, c.less, c.more, got, c.want)
		}
	}
	if got := changeThan(0.001, "lower", "higher", "A100's $2.50"); got != "the same as A100's $2.50" {
		t.Errorf("changeThan = %q", got)
	}
}

// TestAdviseSameSpeedAtTarget is QA #9's case: with a 40 ms TPOT target
// both GPUs pick the batch that reaches it, so their times per token are
// within half a percent; the numbers then say "as fast", not "0 %
// slower".
func TestAdviseSameSpeedAtTarget(t *testing.T) {
	s := model.DefaultScenario()
	s.Batch, s.TPOTTargetSeconds = 0, 0.040 // the target chooses the batch
	s.Sides[1].USDPerGPUHour = 2.69         // H100 at the RunPod spot price
	c, err := model.Compare(s)
	if err != nil {
		t.Fatal(err)
	}
	if d := c.Results[1].TPOTSeconds/c.Results[0].TPOTSeconds - 1; d <= -0.005 || d >= 0.005 {
		t.Fatalf("TPOTs %v and %v are not within 0.5 %%: the case no longer applies", c.Results[0].TPOTSeconds, c.Results[1].TPOTSeconds)
	}
	r, err := Advise(s, c, model.Load{})
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "numbers", r.Numbers, "is as fast per token at")
	if strings.Contains(r.Numbers, " 0 % ") {
		t.Errorf("numbers %q say 0 %%", r.Numbers)
	}
}
