package report

import (
	"fmt"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/model/advice"
)

// ClaimsExport is the seed's advice held against one scenario: its
// practical recommendation for the scenario's context and each of its
// general claims, judged. Markdown and CSVRecords print the same.
type ClaimsExport struct {
	Scenario       model.Scenario
	Comparison     model.Comparison
	Recommendation advice.Recommendation
	Claims         advice.Claims
}

// NewClaims compares s's two sides and judges the seed's advice against
// them; load is the fleet load a budget is checked at (zero: the
// default). It fails only when the workload or the context is invalid.
func NewClaims(s model.Scenario, load model.Load) (ClaimsExport, error) {
	c, err := model.Compare(s)
	if err != nil {
		return ClaimsExport{}, err
	}
	r, err := advice.Advise(s, c, load)
	if err != nil {
		return ClaimsExport{}, fmt.Errorf("context: %w", err)
	}
	return ClaimsExport{Scenario: s, Comparison: c, Recommendation: r, Claims: advice.CheckClaims(s, c)}, nil
}

// GPUName is the compared GPU of side i, by name.
func (x ClaimsExport) GPUName(i int) string {
	if n := x.Comparison.Results[i].GPU.Name; n != "" {
		return n
	}
	return x.Scenario.Sides[i].GPU
}

// GPUID is the compared GPU of side i, by catalog id.
func (x ClaimsExport) GPUID(i int) string {
	if id := x.Comparison.Results[i].GPU.ID; id != "" {
		return id
	}
	return x.Scenario.Sides[i].GPU
}

// JudgementText words a judgement for tables: "holds", "does not hold"
// or "cannot be computed".
func JudgementText(j advice.Judgement) string {
	switch j {
	case advice.Holds:
		return "holds"
	case advice.DoesNotHold:
		return "does not hold"
	}
	return "cannot be computed"
}

// ContextText words a recommendation's context in one line: "starting
// fresh; A100 fleet at 60 %; spot; budget $250,000/month (H100 fleet
// $170,820/month)".
func ContextText(r advice.Recommendation) string {
	c := r.Context
	var parts []string
	if c.StartingFresh {
		parts = append(parts, "starting fresh")
	}
	if c.HaveA100Fleet {
		parts = append(parts, "A100 fleet at "+model.FormatPercent(c.Utilization))
	}
	if c.CanUseSpot {
		parts = append(parts, "spot capacity")
	}
	switch {
	case r.AffordFromBudget:
		parts = append(parts, fmt.Sprintf("budget %s/month (H100 fleet %s/month for %s)", money(c.BudgetUSDPerMonth), money(r.H100FleetUSDPerMonth), loadText(r.Load)))
	case c.CanAffordH100:
		parts = append(parts, "can afford H100")
	}
	if len(parts) == 0 {
		return "nothing said (no fresh start, fleet, spot or budget)"
	}
	return strings.Join(parts, "; ")
}

// NumbersText words the scenario's figures beside the rule with whether
// they agree, once: "the numbers agree: …", "the numbers disagree: …" or
// "the numbers cannot say: …". The JSON numbers text of a disagreement
// already begins "the numbers disagree: " (advice.Advise), so that
// prefix is not said twice.
func NumbersText(r advice.Recommendation) string {
	label := "the numbers " + strings.TrimPrefix(r.Agrees.Agreement(), "they ")
	return label + ": " + strings.TrimPrefix(r.Numbers, label+": ")
}

// RecommendationMarkdown is the recommendation as a Markdown paragraph
// and list.
func RecommendationMarkdown(r advice.Recommendation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**The seed's practical recommendation (rule `%s`): %s.**\n\n", r.Rule, mdText(r.Text))
	fmt.Fprintf(&b, "- context: %s\n- why: %s\n", mdText(ContextText(r)), mdText(r.Why))
	if r.Numbers != "" {
		fmt.Fprintf(&b, "- %s\n", mdText(NumbersText(r)))
	}
	if r.Roles.Note != "" {
		fmt.Fprintf(&b, "- roles: %s\n", mdText(r.Roles.Note))
	}
	return b.String()
}

// Markdown is the recommendation, then one table row per claim.
func (x ClaimsExport) Markdown() string {
	var b strings.Builder
	name := x.Scenario.Name
	if name == "" {
		name = "infercost comparison"
	}
	fmt.Fprintf(&b, "### The seed's advice vs %s\n\n", mdText(name))
	b.WriteString(RecommendationMarkdown(x.Recommendation) + "\n")
	if n := x.Claims.Roles.Note; n != "" && x.Recommendation.Roles.Note == "" {
		fmt.Fprintf(&b, "Roles: %s.\n\n", mdText(n))
	}
	b.WriteString("| GPU | The seed's claim | Here | Because | Turns at |\n|:--|:--|:--|:--|:--|\n")
	for _, c := range x.Claims.Items {
		fmt.Fprintf(&b, "| %s (the seed's %s) | %s | %s | %s | %s |\n", mdText(x.GPUName(c.Side)), c.SeedGPU, mdText(c.Claim),
			JudgementText(c.Holds), mdText(c.Because), mdText(orDash(c.TurnsAt)))
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// ClaimsCSVHeader names the claims CSV columns, as the JSON names them.
func ClaimsCSVHeader() []string {
	return []string{"gpu", "seed_gpu", "id", "claim", "holds", "because", "turns_at"}
}

// CSVRecords is the header and one record per claim; holds is true,
// false or empty (cannot be computed).
func (x ClaimsExport) CSVRecords() [][]string {
	out := [][]string{ClaimsCSVHeader()}
	for _, c := range x.Claims.Items {
		holds := ""
		if c.Holds != advice.Unknown {
			holds = strconv.FormatBool(c.Holds == advice.Holds)
		}
		out = append(out, []string{x.GPUID(c.Side), c.SeedGPU, c.ID, c.Claim, holds, c.Because, c.TurnsAt})
	}
	return out
}
