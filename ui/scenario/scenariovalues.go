package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/ui/text"
)

// numbers reads every numeric workload, efficiency, engine and context
// field present.
func (p *scenarioParser) numbers(doc map[string]any, s *model.Scenario) error {
	tables := map[string]map[string]any{TableTop: doc}
	for _, name := range []string{TableEfficiency, TableEngine, TableContext} {
		t, err := p.table(doc, name)
		if err != nil {
			return err
		}
		tables[name] = t
	}
	for _, f := range fields {
		t := tables[f.Table]
		raw, ok := t[f.Key]
		if !ok {
			continue
		}
		v, err := p.number(f, raw, lineOf(p.src, f.Table, 0, f.Key), f.Path())
		if err != nil {
			return err
		}
		f.Set(s, v)
	}
	return nil
}

// table returns the [name] section, empty when absent.
func (p *scenarioParser) table(doc map[string]any, name string) (map[string]any, error) {
	raw, ok := doc[name]
	if !ok {
		return map[string]any{}, nil
	}
	t, isTable := raw.(map[string]any)
	if !isTable {
		return nil, p.fail(lineOf(p.src, TableTop, 0, name), name,
			"%s is not a table; accepted an [%s] section", show(raw), name)
	}
	return t, nil
}

// engineText reads the [engine] table's text: where it was calibrated.
func (p *scenarioParser) engineText(doc map[string]any, s *model.Scenario) error {
	t, err := p.table(doc, TableEngine)
	if err != nil {
		return err
	}
	for _, key := range EngineTextKeys {
		raw, ok := t[key]
		if !ok {
			continue
		}
		line := lineOf(p.src, TableEngine, 0, key)
		str, isStr := raw.(string)
		if !isStr {
			return p.fail(line, TableEngine+"."+key, "%s is not a string; accepted text in quotes", show(raw))
		}
		if err := checkName(str); err != nil {
			return p.fail(line, TableEngine+"."+key, "%v", err)
		}
		*engineText(s, key) = str
	}
	return nil
}

// context reads the [context] table's yes/no fields and checks the
// context as a whole (after the sides: the fleet needs them). The A100
// fleet's utilization is the A100 side's (model.Scenario.FleetSide): a
// fleet without fleet_utilization takes that side's utilization;
// fleet_utilization sets it when the file gives that side none (neither
// its [[sides]] utilization nor the top-level one), the other side
// keeping its own; a different value given for that side is refused at
// fleet_utilization's line.
func (p *scenarioParser) context(doc map[string]any, s *model.Scenario) error {
	t, err := p.table(doc, TableContext)
	if err != nil {
		return err
	}
	for _, f := range boolFields {
		raw, ok := t[f.Key]
		if !ok {
			continue
		}
		b, isBool := raw.(bool)
		if !isBool {
			return p.fail(lineOf(p.src, TableContext, 0, f.Key), TableContext+"."+f.Key+" = "+show(raw), "not true or false; accepted true or false")
		}
		*f.Of(s) = b
	}
	c := &s.Context
	if c.HaveA100Fleet {
		if err := p.fleetUtilization(doc, t, s); err != nil {
			return err
		}
	}
	if err := c.Validate(); err != nil {
		key := "fleet_utilization"
		if c.BudgetUSDPerMonth != 0 {
			key = "budget_usd_per_month"
		}
		return p.fail(lineOf(p.src, TableContext, 0, key), TableContext, "%v", err)
	}
	return nil
}

// fleetUtilization makes the fleet's utilization and the A100 side's one
// value (see context).
func (p *scenarioParser) fleetUtilization(doc, ctx map[string]any, s *model.Scenario) error {
	c, f := &s.Context, s.FleetSide()
	side := s.SideUtilization(f)
	if _, given := ctx["fleet_utilization"]; !given {
		c.Utilization = side
		return nil
	}
	var where string // the key that gave the side's value, if any
	var line int
	switch _, top := doc["utilization"]; {
	case s.Sides[f].Utilization > 0:
		where, line = fmt.Sprintf("sides #%d utilization", f+1), lineOf(p.src, TableSides, f, "utilization")
	case top:
		where, line = "utilization", lineOf(p.src, TableTop, 0, "utilization")
	default:
		s.SetFleetUtilization(c.Utilization) // the other side keeps its own
		return nil
	}
	if side == c.Utilization {
		return nil
	}
	name := s.Sides[f].GPU
	if g, err := s.Sides[f].LookupGPU(); err == nil {
		name = g.Name
	}
	at := ""
	if line > 0 {
		at = fmt.Sprintf(" (line %d)", line)
	}
	hint := ""
	if s.Sides[f].Utilization == 0 {
		hint = "; the other GPU's own goes in its [[sides]] table"
	}
	return p.fail(lineOf(p.src, TableContext, 0, "fleet_utilization"), TableContext+".fleet_utilization",
		"%s and %s = %s%s: the A100 fleet's utilization is the A100 side's (%s); accepted the same value, or give one of them%s",
		model.FormatDecimal(c.Utilization), where, model.FormatDecimal(side), at, name, hint)
}

// number checks one value against its field.
func (p *scenarioParser) number(f Field, raw any, line int, path string) (float64, error) {
	var v float64
	switch n := raw.(type) {
	case int64:
		v = float64(n)
	case float64:
		v = n
	default:
		return 0, p.fail(line, path+" = "+show(raw), "not a number; accepted %s", f.Accepted())
	}
	if !f.Check(v) {
		return 0, p.fail(line, path+" = "+show(raw), "accepted %s", f.Accepted())
	}
	return v, nil
}

// sides reads the [[sides]] tables: exactly two, one per compared GPU.
func (p *scenarioParser) sides(doc map[string]any, s *model.Scenario) error {
	raw, ok := doc[TableSides]
	if !ok {
		return nil
	}
	tables, isList := tablesOf(raw)
	line := headerLine(p.src, TableSides, 0)
	if !isList {
		return p.fail(line, TableSides, "%s: accepted two [[sides]] tables, one per compared GPU", show(raw))
	}
	if len(tables) != len(s.Sides) {
		return p.fail(line, TableSides, "%d [[sides]] tables: accepted exactly %d, one per compared GPU", len(tables), len(s.Sides))
	}
	for i, t := range tables {
		side, err := p.side(i, t)
		if err != nil {
			return err
		}
		s.Sides[i] = side
	}
	return nil
}

// tablesOf accepts an array of tables written either as [[sides]] or
// inline as sides = [{...}, {...}].
func tablesOf(raw any) ([]map[string]any, bool) {
	switch v := raw.(type) {
	case []map[string]any:
		return v, true
	case []any:
		out := make([]map[string]any, len(v))
		for i, x := range v {
			t, ok := x.(map[string]any)
			if !ok {
				return nil, false
			}
			out[i] = t
		}
		return out, true
	}
	return nil, false
}

// side reads one [[sides]] table. A missing price takes the catalog's.
func (p *scenarioParser) side(i int, t map[string]any) (model.Side, error) {
	prefix := fmt.Sprintf("sides #%d ", i+1)
	raw, ok := t["gpu"]
	if !ok {
		return model.Side{}, p.fail(headerLine(p.src, TableSides, i), prefix+"gpu",
			"missing; accepted a catalog id such as a100 or h100-sxm")
	}
	line := lineOf(p.src, TableSides, i, "gpu")
	id, isStr := raw.(string)
	if !isStr {
		return model.Side{}, p.fail(line, prefix+"gpu = "+show(raw), "not a string; accepted a catalog id in quotes")
	}
	side, err := SideFor(id, p.gpus)
	if err != nil {
		return model.Side{}, p.fail(line, prefix+"gpu", "%v, or the id of a [[gpu]] table in this file", err)
	}
	for _, f := range sideFields {
		raw, ok := t[f.Key]
		if !ok {
			continue
		}
		v, err := p.number(f.Field, raw, lineOf(p.src, TableSides, i, f.Key), prefix+f.Key)
		if err != nil {
			return model.Side{}, err
		}
		*f.Of(&side) = v
	}
	for _, k := range [...]struct {
		key   string
		parse func(string) (model.Precision, error)
		dst   *model.Precision
		ok    string
	}{
		{"precision", model.ParsePrecision, &side.Weights, "fp16, bf16, fp8, int8, int4"},
		{"kv_precision", model.ParseKVPrecision, &side.KV, "fp16, bf16, fp8"},
	} {
		raw, ok := t[k.key]
		if !ok {
			continue
		}
		line := lineOf(p.src, TableSides, i, k.key)
		text, isStr := raw.(string)
		if !isStr {
			return model.Side{}, p.fail(line, prefix+k.key+" = "+show(raw), "not a string; accepted %s in quotes", k.ok)
		}
		v, err := k.parse(text)
		if err != nil {
			return model.Side{}, p.fail(line, prefix+k.key, "%v", err)
		}
		*k.dst = v
	}
	return side, nil
}

// SideFor starts a side on GPU id, at its default price: one of user
// (which the side then carries as its Spec), else a catalog GPU.
func SideFor(id string, user []model.GPU) (model.Side, error) {
	want := strings.ToLower(strings.TrimSpace(id))
	for i := range user {
		if user[i].ID == want {
			g := user[i]
			return model.Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour, Spec: &g}, nil
		}
	}
	g, err := model.LookupGPU(id)
	if err != nil {
		return model.Side{}, err
	}
	return model.Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour}, nil
}

// show prints a decoded TOML value for a message, briefly.
func show(v any) string {
	switch x := v.(type) {
	case string:
		x = text.Clip(x, 40) // a quoted value in a one-line error
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		switch {
		case math.IsNaN(x):
			return "nan"
		case math.IsInf(x, 1):
			return "inf"
		case math.IsInf(x, -1):
			return "-inf"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return fmt.Sprintf("a %T", v)
}

// lineOf finds the line where key is set in table (the idx-th [[table]]
// for an array of tables; idx < 0 for any), or 0 when it cannot tell.
// Best effort: it follows the common layouts (key = value under a
// header, dotted keys), which covers every file infercost writes; the
// TOML parser has already checked the syntax.
func lineOf(src, table string, idx int, key string) int {
	want := key
	if table != TableTop {
		want = table + "." + key
	}
	cur, n := TableTop, 0
	counts := map[string]int{}
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			var arr bool
			cur, arr = headerName(t)
			n = 0
			if arr {
				n = counts[cur]
				counts[cur]++
			}
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if !ok || strings.HasPrefix(t, "#") {
			continue
		}
		full := normalizeKey(k)
		if cur != TableTop {
			full = cur + "." + full
		}
		if full == want && (idx < 0 || cur != table || n == idx) {
			return i + 1
		}
	}
	if table != TableTop {
		return headerLine(src, table, max(idx, 0))
	}
	return findHeader(src, key, 0)
}

// headerLine finds [table] or the idx-th [[table]], or table = {...}.
func headerLine(src, table string, idx int) int {
	if n := findHeader(src, table, idx); n > 0 {
		return n
	}
	return lineOf(src, TableTop, 0, table)
}

// findHeader finds [table] or the idx-th [[table]] (or a sub-table of
// it), or 0.
func findHeader(src, table string, idx int) int {
	n := 0
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "[") {
			continue
		}
		if name, _ := headerName(t); name == table || strings.HasPrefix(name, table+".") {
			if n == idx {
				return i + 1
			}
			n++
		}
	}
	return 0
}

// headerName reads "[name]" or "[[name]]" (with a trailing comment).
func headerName(t string) (name string, array bool) {
	array = strings.HasPrefix(t, "[[")
	t = strings.TrimLeft(t, "[")
	if i := strings.Index(t, "]"); i >= 0 {
		t = t[:i]
	}
	return normalizeKey(t), array
}

// normalizeKey turns ` "a" . b ` into `a.b`.
func normalizeKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
