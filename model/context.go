package model

import (
	"fmt"
	"strings"
)

// Context is what the seed's practical_recommendation asks about: the
// deployment the comparison is for. Its zero value is "nothing said",
// which the seed answers with its default branch. The recommendation
// itself is package model/advice's; the scenario carries the context and
// validates it.
type Context struct {
	StartingFresh bool
	// CanAffordH100 is the user's own answer; with BudgetUSDPerMonth set it
	// is decided by advice.Advise from the H100 fleet's cost instead (both
	// set is an error).
	CanAffordH100 bool
	HaveA100Fleet bool
	Utilization   float64 // of the existing A100 fleet, 0-1 (with HaveA100Fleet)
	CanUseSpot    bool
	// BudgetUSDPerMonth, when > 0, is what the deployment may spend a
	// month; 0 = no budget given.
	BudgetUSDPerMonth float64
}

// MaxBudgetUSDPerMonth bounds a monthly budget.
const MaxBudgetUSDPerMonth = 1e12

// Validate reports a context that cannot be asked: a fleet utilization
// outside [MinUtilization, 1] (0 is accepted without a fleet), a budget that is negative, not finite or
// above MaxBudgetUSDPerMonth, or a budget beside CanAffordH100.
func (c Context) Validate() error {
	switch {
	case !Finite(c.Utilization) || c.Utilization < 0 || c.Utilization > 1 || (c.Utilization > 0 || c.HaveA100Fleet) && c.Utilization < MinUtilization:
		return fmt.Errorf("fleet utilization %g: accepted %g to 1 (0 without a fleet)", c.Utilization, MinUtilization)
	case !Finite(c.BudgetUSDPerMonth) || c.BudgetUSDPerMonth < 0 || c.BudgetUSDPerMonth > MaxBudgetUSDPerMonth:
		return fmt.Errorf("budget %g $/month: accepted 0 (none) to %g", c.BudgetUSDPerMonth, MaxBudgetUSDPerMonth)
	case c.BudgetUSDPerMonth > 0 && c.CanAffordH100:
		return fmt.Errorf("a budget and \"can afford H100\" both given: give one (the budget decides affordability)")
	}
	return nil
}

// A100Side is which of two compared GPUs is "the A100 side", whose
// utilization an existing A100 fleet's is (Context.Utilization): the
// one that is an A100 (any variant); when neither or both are, the one
// that plays A100's role in the seed's claims (advice.RolesOf: the
// less memory bandwidth; side 0 on a tie).
func A100Side(a, b GPU) int {
	isA, isB := isFamily(a, "A100"), isFamily(b, "A100")
	switch {
	case isA && !isB:
		return 0
	case isB && !isA:
		return 1
	case isA && isFamily(b, "H100"): // both named A100: RolesOf's pair rule
		return 0
	case isFamily(a, "H100") && isB:
		return 1
	case a.BandwidthBytesPerSecond > b.BandwidthBytesPerSecond:
		return 1
	}
	return 0
}

func isFamily(g GPU, family string) bool { return strings.Contains(g.Name, family) }
