package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"infercost/model"
)

// The deployment-context controls (x): what the seed's practical
// recommendation asks about. They change no figure, only the advice in
// the verdict and the claims overlay (w).

// budgetLadder is the H100 budget stepper's rungs after "no" and "can
// afford": USD per month.
var budgetLadder = [...]float64{1e4, 3e4, 1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8}

func contextControls() []control {
	yesNo := func(label string, field func(*model.Context) *bool) control {
		c := choiceControl(label, -1, func() []string { return []string{"no", "yes"} },
			func(in inputs) string { return map[bool]string{true: "yes", false: "no"}[*field(&in.Scenario.Context)] },
			func(in *inputs, v string) { *field(&in.Scenario.Context) = v == "yes" },
			func(in inputs, _ model.Comparison) string {
				return map[bool]string{true: "yes", false: "no"}[*field(&in.Scenario.Context)]
			}, parseYesNo)
		c.context = true
		return c
	}
	return []control{
		yesNo("fresh start", func(c *model.Context) *bool { return &c.StartingFresh }),
		fleetControl(),
		yesNo("spot OK", func(c *model.Context) *bool { return &c.CanUseSpot }),
		budgetControl(),
	}
}

func parseYesNo(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes", "true", "1", "on":
		return "yes", nil
	case "n", "no", "false", "0", "off":
		return "no", nil
	}
	return "", fmt.Errorf("enter yes or no")
}

// fleetControl is an existing A100 fleet: no, or yes at the A100 side's
// utilization (model.Scenario.FleetSide: that side's utilization
// control). Typing a percentage declares the fleet at it and moves that
// side's utilization, not the other's.
func fleetControl() control {
	return control{
		label: "A100 fleet", side: -1, context: true,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			if !in.Scenario.Context.HaveA100Fleet {
				return "no", -1
			}
			return "yes, at " + fmtShare(in.Scenario.Context.Utilization), -1
		},
		step: func(in *inputs, _ model.Comparison, dir int, _ bool) {
			in.Scenario.Context.HaveA100Fleet = dir > 0
		},
		set: func(in *inputs, text string) error {
			// A bare 1 is refused before it could read as "yes": the
			// user may mean 1 % or 100 % as well.
			v, err := parseFraction(text)
			if errors.Is(err, errAmbiguousOne) {
				return err
			}
			if yes, err := parseYesNo(text); err == nil {
				in.Scenario.Context.HaveA100Fleet = yes == "yes"
				return nil
			}
			if err == nil {
				err = inRange(v, minUtilization, 1, "")
			}
			if err != nil {
				return fmt.Errorf("enter no, yes, or the fleet's utilization, %s", fracRange(minUtilization, 1))
			}
			in.Scenario.SetFleetUtilization(v)
			return nil
		},
	}
}

// budgetControl answers "can afford H100": no, yes (as given), or a
// monthly budget that the H100 fleet at the fleet load must fit.
func budgetControl() control {
	opts := []string{"no", "yes"}
	for _, b := range budgetLadder {
		opts = append(opts, fmtUSD(b))
	}
	get := func(in inputs) string {
		c := in.Scenario.Context
		switch {
		case c.BudgetUSDPerMonth > 0:
			return fmtUSD(c.BudgetUSDPerMonth)
		case c.CanAffordH100:
			return "yes"
		}
		return "no"
	}
	put := func(in *inputs, v string) {
		c := &in.Scenario.Context
		c.CanAffordH100, c.BudgetUSDPerMonth = v == "yes", 0
		if i := slices.Index(opts, v); i >= 2 {
			c.BudgetUSDPerMonth = budgetLadder[i-2]
		}
	}
	show := func(in inputs, _ model.Comparison) string {
		if in.Scenario.Context.BudgetUSDPerMonth > 0 {
			return get(in) + "/month"
		}
		return map[string]string{"no": "no", "yes": "can afford"}[get(in)]
	}
	c := choiceControl("H100 budget", -1, func() []string { return opts }, get, put, show, func(string) (string, error) { return "", nil })
	c.context = true
	c.set = func(in *inputs, text string) error {
		if v, err := parseYesNo(text); err == nil {
			put(in, v)
			return nil
		}
		v, err := parseNumber(strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(text), "/month"), "$"))
		if err == nil {
			err = inRange(v, 1, model.MaxBudgetUSDPerMonth, "no, yes, or a budget in $ per month, e.g. 500k")
		}
		if err != nil {
			return err
		}
		in.Scenario.Context.CanAffordH100, in.Scenario.Context.BudgetUSDPerMonth = false, v
		return nil
	}
	return c
}

// bindFleetUtilization keeps an A100 fleet's utilization and the A100
// side's own utilization (model.Scenario.FleetSide) one value: declaring
// the fleet takes that side's utilization, and moving either moves both;
// the other side's stays. (When A and B are linked, moving the A100
// side's utilization control moves both sides, as linked controls do;
// moving the fleet unlinks them instead, so that the other side stays.)
func bindFleetUtilization(old, in inputs) inputs {
	s := &in.Scenario
	c := &s.Context
	if !c.HaveA100Fleet {
		return in
	}
	side := s.SideUtilization(s.FleetSide())
	switch was := old.Scenario; {
	case !was.Context.HaveA100Fleet || c.Utilization == 0 || side != was.SideUtilization(was.FleetSide()):
		c.Utilization = side
	case c.Utilization != was.Context.Utilization:
		s.SetFleetUtilization(c.Utilization)
	}
	return in
}
