package cli

import (
	"fmt"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/ui/scenario"
)

// contextFlagSpecs are report's deployment-context yes/no flags (the
// numeric ones, --a100-fleet-utilization and --budget-usd-per-month, come
// from scenario.Fields), --preset and --claims.
func contextFlagSpecs() []flagSpec {
	specs := []flagSpec{
		{name: "preset", arg: "NAME", usage: "start from a built-in or user preset, as the explorer's p does: its number, or a word of its name (seed, chat, fp8, retrieval, batch, or a file's name)"},
		{name: "presets-dir", arg: "DIR", usage: "where --preset finds user presets (*.toml)\n(default: " + defaultPresetsDirText() + ")"},
	}
	for _, f := range scenario.BoolFields() {
		if f.Flag != "" {
			specs = append(specs, flagSpec{name: f.Flag, usage: "deployment context: " + f.Help})
		}
	}
	return append(specs, flagSpec{name: "claims", usage: "print the seed's practical recommendation and its claims judged against this scenario, instead of the comparison"})
}

// applyContextFlags sets the deployment context. --a100-fleet-utilization
// X (already stored by the numeric fields) declares the fleet and is the
// A100 side's utilization: on this version the scenario's, so a
// different --utilization beside it is a conflict. A budget and
// --can-afford-h100 are one question answered twice.
func applyContextFlags(fs flagSet, s *model.Scenario) error {
	c := &s.Context
	for _, f := range scenario.BoolFields() {
		if f.Flag != "" && fs.has(f.Flag) {
			*f.Of(s) = fs.bool(f.Flag)
		}
	}
	budget, hasBudget := fs.get("budget-usd-per-month")
	switch {
	case hasBudget && fs.has("can-afford-h100") && fs.bool("can-afford-h100"):
		return usagef("--budget-usd-per-month %s and --can-afford-h100: give one (a budget decides whether H100 is affordable)", budget)
	case hasBudget && c.BudgetUSDPerMonth > 0:
		c.CanAffordH100 = false // the budget decides, not the file's answer
	case fs.bool("can-afford-h100"):
		c.BudgetUSDPerMonth = 0
	}
	util, hasUtil := fs.get("utilization")
	if fleet, ok := fs.get("a100-fleet-utilization"); ok {
		c.HaveA100Fleet = c.Utilization > 0 // 0 is "no fleet"
		if c.HaveA100Fleet && hasUtil && s.Utilization != c.Utilization {
			return usagef("--a100-fleet-utilization %s and --utilization %s: the A100 fleet's utilization is the A100 side's; give one, or the same value", fleet, util)
		}
	}
	switch {
	case c.HaveA100Fleet && fs.has("a100-fleet-utilization"):
		s.Utilization = c.Utilization
	case c.HaveA100Fleet && hasUtil: // a file's fleet follows --utilization
		c.Utilization = s.Utilization
	}
	if err := c.Validate(); err != nil {
		return usagef("deployment context: %v", err)
	}
	return nil
}

// presetScenario is --preset NAME: a built-in preset or one of the
// user's, matched by its number, its name, or one word of its name that
// only it has.
func presetScenario(fs flagSet) (model.Scenario, bool, error) {
	name, ok := fs.get("preset")
	if !ok {
		return model.Scenario{}, false, nil
	}
	if path, both := fs.get("scenario"); both {
		return model.Scenario{}, true, usagef("--preset %s and --scenario %s: each gives a whole scenario; give one", name, path)
	}
	dir, explicit := fs.get("presets-dir")
	if dir == "" {
		dir = defaultPresetsDir()
	}
	user, warnings := scenario.LoadDir(dir, explicit)
	if explicit && len(warnings) > 0 && len(user) == 0 {
		return model.Scenario{}, true, usagef("%s", warnings[0])
	}
	presets := append(model.BuiltinScenarios(), user...)
	s, err := matchPreset(strings.TrimSpace(name), presets)
	if err != nil {
		return model.Scenario{}, true, usagef("--preset %s: %v", name, err)
	}
	return s, true, nil
}

func matchPreset(name string, presets []model.Scenario) (model.Scenario, error) {
	if n, err := strconv.Atoi(name); err == nil && n >= 1 && n <= len(presets) {
		return presets[n-1], nil
	}
	var hits []int
	for i, p := range presets {
		if strings.EqualFold(p.Name, name) {
			return p, nil
		}
		if name != "" && strings.Contains(strings.ToLower(p.Name), strings.ToLower(name)) {
			hits = append(hits, i)
		}
	}
	if len(hits) == 1 {
		return presets[hits[0]], nil
	}
	list := make([]string, len(presets))
	for i, p := range presets {
		list[i] = fmt.Sprintf("%d %q", i+1, p.Name)
	}
	what := "no preset matches"
	if len(hits) > 1 {
		what = fmt.Sprintf("%d presets match", len(hits))
	}
	return model.Scenario{}, fmt.Errorf("%s; accepted a number or a word of one name: %s", what, strings.Join(list, ", "))
}
