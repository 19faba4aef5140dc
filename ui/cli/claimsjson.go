package cli

import (
	"fmt"
	"io"

	"infercost/model"
	"infercost/model/advice"
	"infercost/ui/report"
)

// runClaims prints report --claims: the seed's practical recommendation
// and its claims judged against the scenario.
func runClaims(opts reportOptions, stdout, stderr io.Writer) int {
	s := opts.scenario
	s.Sides = [2]model.Side{opts.sides[0], opts.sides[1]}
	x, err := report.NewClaims(s, opts.load)
	if err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitUsage
	}
	if err := writeTable(stdout, opts.format, x, func() any { return newClaimsJSON(x) }); err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitError
	}
	return exitOK
}

// claimsJSON is report --claims --format json. Field names are a contract
// with scripts: add fields, never rename.
type claimsJSON struct {
	Scenario       string             `json:"scenario"`
	Roles          rolesJSON          `json:"roles"`
	Recommendation recommendationJSON `json:"recommendation"`
	Claims         []claimJSON        `json:"claims"`
}

// rolesJSON names the GPU playing each of the seed's roles; note is set
// when the pair is not A100 against H100.
type rolesJSON struct {
	H100 string `json:"h100"`
	A100 string `json:"a100"`
	Note string `json:"note,omitempty"`
}

// claimJSON is one claim. Holds is null when the numbers cannot say;
// turns_at is "" when nothing within reach changes the answer.
type claimJSON struct {
	GPU     string `json:"gpu"`      // the compared GPU in the claim's role
	SeedGPU string `json:"seed_gpu"` // the seed's name for the role: H100 or A100
	ID      string `json:"id"`
	Claim   string `json:"claim"`
	Holds   *bool  `json:"holds"`
	Because string `json:"because"`
	TurnsAt string `json:"turns_at"`
}

// recommendationJSON is verdict.recommendation and --claims'
// recommendation.
type recommendationJSON struct {
	Text    string      `json:"text"`
	Rule    string      `json:"rule"`
	Why     string      `json:"why"`
	Context contextJSON `json:"context"`
	Numbers string      `json:"numbers"`
	// NumbersAgree: whether the scenario's figures support the rule; null
	// when they cannot say.
	NumbersAgree *bool  `json:"numbers_agree"`
	RolesNote    string `json:"roles_note,omitempty"`
}

// contextJSON is the context the rule was applied to: can_afford_h100 as
// decided, from the budget when one is given.
type contextJSON struct {
	StartingFresh    bool     `json:"starting_fresh"`
	HaveA100Fleet    bool     `json:"have_a100_fleet"`
	FleetUtilization *float64 `json:"fleet_utilization"`
	// FleetGPU is the A100 side's GPU (model.A100Side): the one whose
	// utilization fleet_utilization is; omitted without a fleet.
	FleetGPU             string   `json:"fleet_gpu,omitempty"`
	CanUseSpot           bool     `json:"can_use_spot"`
	BudgetUSDPerMonth    *float64 `json:"budget_usd_per_month"`
	CanAffordH100        bool     `json:"can_afford_h100"`
	CanAffordH100From    string   `json:"can_afford_h100_from"` // budget, given or not_given
	H100FleetUSDPerMonth *float64 `json:"h100_fleet_usd_per_month,omitempty"`
	// BudgetLoad is the fleet load the budget was checked at.
	BudgetLoad *orderedObject `json:"budget_load,omitempty"`
}

func judgementJSON(j advice.Judgement) *bool {
	if j == advice.Unknown {
		return nil
	}
	b := j == advice.Holds
	return &b
}

func newClaimsJSON(x report.ClaimsExport) claimsJSON {
	r := x.Claims.Roles
	out := claimsJSON{Scenario: x.Scenario.Name, Roles: rolesJSON{H100: x.GPUID(r.H100), A100: x.GPUID(r.A100), Note: r.Note},
		Recommendation: newRecommendationJSON(x.Recommendation), Claims: []claimJSON{}}
	for _, c := range x.Claims.Items {
		out.Claims = append(out.Claims, claimJSON{GPU: x.GPUID(c.Side), SeedGPU: c.SeedGPU, ID: c.ID, Claim: c.Claim,
			Holds: judgementJSON(c.Holds), Because: c.Because, TurnsAt: c.TurnsAt})
	}
	return out
}

func newRecommendationJSON(r advice.Recommendation) recommendationJSON {
	c := r.Context
	cj := contextJSON{StartingFresh: c.StartingFresh, HaveA100Fleet: c.HaveA100Fleet, CanUseSpot: c.CanUseSpot,
		CanAffordH100: c.CanAffordH100, CanAffordH100From: "not_given"}
	if c.HaveA100Fleet {
		u := r4(c.Utilization)
		cj.FleetUtilization, cj.FleetGPU = &u, r.FleetGPU
	}
	switch {
	case r.AffordFromBudget:
		b, f := r4(c.BudgetUSDPerMonth), r4(r.H100FleetUSDPerMonth)
		cj.BudgetUSDPerMonth, cj.H100FleetUSDPerMonth, cj.CanAffordH100From = &b, &f, "budget"
		load := orderedObject{{"output_tokens_per_day", r.Load.OutputTokensPerDay}}
		if r.Load.RequestsPerSecond > 0 {
			load = orderedObject{{targetRPSField.Key, r.Load.RequestsPerSecond}}
		}
		cj.BudgetLoad = &load
	case c.CanAffordH100:
		cj.CanAffordH100From = "given"
	}
	return recommendationJSON{Text: r.Text, Rule: string(r.Rule), Why: r.Why, Context: cj, Numbers: r.Numbers,
		NumbersAgree: judgementJSON(r.Agrees), RolesNote: r.Roles.Note}
}
