package cli

import (
	"fmt"
	"slices"
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
		{name: "preset", arg: "NAME", usage: "start from a built-in or user preset, as the explorer's p does: its number, or a word of its name (seed, chat, fp8, retrieval, batch, fleet, or a file's name)"},
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
// X (already stored by the numeric fields) declares the fleet (0 is "no
// fleet"); bindFleetUtilization then makes X the A100 side's
// utilization, once the compared GPUs are known. A budget and
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
	if fs.has("a100-fleet-utilization") {
		c.HaveA100Fleet = c.Utilization > 0 // 0 is "no fleet"
	}
	if err := c.Validate(); err != nil {
		return usagef("deployment context: %v", err)
	}
	return nil
}

// bindFleetUtilization keeps an A100 fleet's utilization and the A100
// side's (model.A100Side of the first two compared GPUs; with --rank and
// no --gpu, of the scenario's two) one value, after the side flags:
// --a100-fleet-utilization X sets that side's utilization and leaves the
// other's as it was; a --utilization that sets the same side (plain, or
// ID=Y naming it) to a different value is a conflict. Without the flag a
// scenario's fleet follows its A100 side.
func bindFleetUtilization(fs flagSet, opts *reportOptions) error {
	s, sides := &opts.scenario, opts.sides
	if !s.Context.HaveA100Fleet || len(sides) == 0 {
		return nil
	}
	pair := *s
	pair.Sides = [2]model.Side{sides[0], sides[min(1, len(sides)-1)]}
	fleet := []int{min(pair.FleetSide(), len(sides)-1)}
	if opts.rank && !fs.has("gpu") {
		fleet = matchSides(s.Sides[s.FleetSide()].GPU, sides, opts.user)
		pair = *s
	}
	if len(fleet) == 0 {
		return nil
	}
	raw, given := fs.get("a100-fleet-utilization")
	if !given {
		s.Context.Utilization = effectiveUtilization(*s, sides[fleet[0]])
		return nil
	}
	x := s.Context.Utilization
	for _, i := range fleet {
		if flag, set := lastUtilizationFlag(fs, i, sides, opts.user); set && effectiveUtilization(*s, sides[i]) != x {
			return usagef("--a100-fleet-utilization %s and --utilization %s: the A100 fleet's utilization is the A100 side's (%s); give one, or the same value; accepted beside it: --utilization ID=X for another GPU",
				raw, flag, sides[i].GPU)
		}
	}
	if opts.rank && !fs.has("gpu") {
		for _, i := range fleet {
			sides[i].Utilization = x
		}
		return nil
	}
	pair.SetFleetUtilization(x) // the other side keeps its utilization
	copy(sides, pair.Sides[:min(2, len(sides))])
	return nil
}

// effectiveUtilization is a compared side's utilization: its own, else
// the scenario's.
func effectiveUtilization(s model.Scenario, sd model.Side) float64 {
	if sd.Utilization > 0 {
		return sd.Utilization
	}
	return s.Utilization
}

// lastUtilizationFlag is the last --utilization that sets compared side
// i: a plain one (every GPU) or ID=X naming it.
func lastUtilizationFlag(fs flagSet, i int, sides []model.Side, user []model.GPU) (string, bool) {
	var last string
	var set bool
	for _, raw := range fs.all("utilization") {
		id, _, perGPU := strings.Cut(raw, "=")
		if !perGPU || slices.Contains(matchSides(strings.TrimSpace(id), sides, user), i) {
			last, set = raw, true
		}
	}
	return last, set
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
