package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"infercost/model"
	"infercost/ui/report"
	"infercost/ui/scenario"
)

// reportOptions is a parsed report command line.
type reportOptions struct {
	scenario model.Scenario
	sides    []model.Side // every compared GPU; the first is the baseline
	load     model.Load
	format   string
	save     string
	force    bool
	claims   bool // --claims: the seed's advice judged, not the comparison
}

// Report output formats.
var reportFormats = []string{"markdown", "json", "csv"}

// Fleet targets: not part of a scenario, so not among scenario.Fields.
var (
	targetTokensField = scenario.Field{Key: "output_tokens_per_day", Flag: "target-tokens-per-day", Lo: 0, LoOpen: true, Hi: 1e15,
		Help: "size a fleet for this many output tokens per day"}
	targetRPSField = scenario.Field{Key: "requests_per_second", Flag: "target-rps", Lo: 0, LoOpen: true, Hi: 1e9,
		Help: "size a fleet for this many requests per second (of --input-tokens and --output-tokens each)"}
)

// runReport prints the comparison for scripts and planning documents.
func runReport(args []string, stdout, stderr io.Writer) int {
	opts, err := parseReportArgs(args)
	if errors.Is(err, errHelp) {
		writeReportUsage(stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitUsage
	}
	if opts.claims {
		return runClaims(opts, stdout, stderr)
	}
	exp, err := report.NewExport(opts.scenario, opts.sides, opts.load)
	if err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitUsage
	}
	if opts.save != "" {
		if err := scenario.Save(opts.save, exp.Scenario, opts.force); err != nil {
			fmt.Fprintln(stderr, "infercost report:", err)
			return exitError
		}
		fmt.Fprintln(stderr, "infercost report: scenario saved to", opts.save)
	}
	if err := writeReport(stdout, opts.format, exp); err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitError
	}
	return exitOK
}

func writeReport(w io.Writer, format string, exp report.Export) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(newReportJSON(exp))
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(exp.CSVRecords()); err != nil {
			return err
		}
		return cw.Error()
	}
	_, err := io.WriteString(w, exp.Markdown())
	return err
}

// parseReportArgs applies, in order: the defaults, the scenario file,
// then the flags.
func parseReportArgs(args []string) (reportOptions, error) {
	fs, err := parseFlags(reportFlagSpecs(), args)
	if err != nil {
		return reportOptions{}, err
	}
	s, err := scenarioFromFlags(fs)
	if err != nil {
		return reportOptions{}, err
	}
	opts := reportOptions{scenario: s, format: "markdown", force: fs.bool("force"), claims: fs.bool("claims")}
	opts.save, _ = fs.get("save")
	if opts.sides, err = resolveSides(fs, s); err != nil {
		return reportOptions{}, err
	}
	for _, f := range scenario.SideFields() {
		if err := applySideFlag(fs, f, opts.sides); err != nil {
			return reportOptions{}, err
		}
	}
	// A plain --precision / --kv-precision is every GPU's: it replaces
	// per-GPU values a scenario file brought; ID=P flags then apply.
	for _, raw := range fs.all("precision") {
		if !strings.Contains(raw, "=") {
			for i := range opts.sides {
				opts.sides[i].Weights = ""
			}
		}
	}
	for _, raw := range fs.all("kv-precision") {
		if !strings.Contains(raw, "=") {
			for i := range opts.sides {
				opts.sides[i].KV = ""
			}
		}
	}
	if err := applySidePrecision(fs, opts.sides); err != nil {
		return reportOptions{}, err
	}
	if !fs.has("name") && !fs.has("scenario") && !fs.has("preset") {
		opts.scenario.Name = describe(opts.scenario, opts.sides)
	}
	if opts.load, err = loadFromFlags(fs); err != nil {
		return reportOptions{}, err
	}
	if v, ok := fs.get("format"); ok {
		opts.format = strings.ToLower(v)
		if !slices.Contains(reportFormats, opts.format) {
			return reportOptions{}, usagef("--format %s: accepted %s", v, strings.Join(reportFormats, ", "))
		}
	}
	if opts.claims && len(opts.sides) != 2 {
		return reportOptions{}, usagef("--claims: the seed's claims compare two GPUs; %d are compared (give --gpu twice, or none)", len(opts.sides))
	}
	if opts.save != "" && len(opts.sides) != 2 {
		return reportOptions{}, usagef("--save %s: a scenario file holds exactly two GPUs; %d are compared", opts.save, len(opts.sides))
	}
	return opts, nil
}

// scenarioFromFlags builds the shared workload: the defaults, overridden
// by --scenario FILE, overridden by the other flags.
func scenarioFromFlags(fs flagSet) (model.Scenario, error) {
	s, fromPreset, err := presetScenario(fs)
	if err != nil {
		return model.Scenario{}, err
	}
	if !fromPreset {
		s = model.DefaultScenario()
	}
	if path, ok := fs.get("scenario"); ok {
		var err error
		if s, err = scenario.Load(path); err != nil {
			return model.Scenario{}, usageError{err.Error()}
		}
	}
	if err := applyTextFlags(fs, &s); err != nil {
		return model.Scenario{}, err
	}
	if err := applyNumberFlags(fs, &s); err != nil {
		return model.Scenario{}, err
	}
	return s, applyContextFlags(fs, &s)
}

// textFlags maps flags to the scenario's text fields.
var textFlags = [...]struct{ flag, key string }{
	{"name", "name"}, {"model", "model"}, {"precision", "precision"}, {"kv-precision", "kv_precision"},
	{"scheduling", "scheduling"},
}

// precisionFlags are the flags that take P (every GPU) or ID=P (one GPU).
var precisionFlags = [...]struct{ flag, key string }{{"precision", "precision"}, {"kv-precision", "kv_precision"}}

func applyTextFlags(fs flagSet, s *model.Scenario) error {
	for _, pf := range precisionFlags {
		plain := 0
		for _, raw := range fs.all(pf.flag) {
			if strings.Contains(raw, "=") {
				continue // one GPU's precision: applySidePrecision
			}
			if plain++; plain > 1 {
				return usagef("--%s %s: the scenario's value is given twice; for one GPU use --%s ID=P", pf.flag, raw, pf.flag)
			}
			if err := scenario.SetString(s, pf.key, raw); err != nil {
				return usagef("--%s %s: %v", pf.flag, raw, err)
			}
		}
	}
	for _, t := range textFlags {
		if t.flag == "precision" || t.flag == "kv-precision" {
			continue
		}
		if v, ok := fs.get(t.flag); ok {
			if err := scenario.SetString(s, t.key, v); err != nil {
				return usagef("--%s %s: %v", t.flag, v, err)
			}
		}
	}
	if _, ok := fs.get("params"); !ok {
		return nil
	}
	if m, ok := fs.get("model"); ok && s.Model != model.CustomModel {
		return usagef("--params with --model %s: a preset has its own size; give one of them (or --model custom)", m)
	}
	s.Model = model.CustomModel
	return nil
}

func applyNumberFlags(fs flagSet, s *model.Scenario) error {
	if tp, ok := fs.get("tp"); ok {
		if g, both := fs.get("gpus-per-replica"); both && g != tp {
			return usagef("--tp %s and --gpus-per-replica %s: they are the same setting; give one", tp, g)
		}
		f, _ := scenario.FieldByFlag("gpus-per-replica")
		v, err := f.ParseFlagValue(tp)
		if err != nil {
			return usagef("--tp %s: accepted %s", tp, f.Accepted())
		}
		f.Set(s, v)
	}
	for _, f := range scenario.Fields() {
		raw, ok := fs.get(f.Flag)
		if !ok {
			continue
		}
		v, err := f.ParseFlagValue(raw)
		if err != nil {
			return err
		}
		f.Set(s, v)
	}
	return targetChoosesBatch(fs, s)
}

// targetChoosesBatch: a latency target picks the batch, so one given on
// the command line frees the scenario's batch; --batch beside a target is
// a conflict.
func targetChoosesBatch(fs flagSet, s *model.Scenario) error {
	target := ""
	for _, flag := range []string{"tpot-target-ms", "ttft-target-ms"} {
		if v, ok := fs.get(flag); ok && target == "" && !strings.EqualFold(strings.TrimSpace(v), "off") && v != "0" {
			target = "--" + flag + " " + v
		}
	}
	switch b, given := fs.get("batch"); {
	case target == "":
	case given:
		return usagef("--batch %s and %s: a latency target chooses the batch; give one or the other", b, target)
	default:
		s.Batch = 0
	}
	return nil
}

// resolveSides returns the compared GPUs: the --gpu flags in order, or
// the scenario's two sides. A --gpu that is one of the scenario's sides
// keeps that side's price and pinned throughput; any other starts from
// the catalog price, estimated throughput.
func resolveSides(fs flagSet, s model.Scenario) ([]model.Side, error) {
	ids := fs.all("gpu")
	if len(ids) == 0 {
		return append([]model.Side(nil), s.Sides[:]...), nil
	}
	if len(ids) > report.MaxExportGPUs {
		return nil, usagef("--gpu given %d times: accepted 1 to %d GPUs", len(ids), report.MaxExportGPUs)
	}
	sides := make([]model.Side, 0, len(ids))
	for _, id := range ids {
		g, err := model.LookupGPU(id)
		if err != nil {
			return nil, usagef("--gpu %s: %v", id, err)
		}
		side := model.Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour}
		for _, old := range s.Sides {
			if og, err := model.LookupGPU(old.GPU); err == nil && og.ID == g.ID {
				side = old
				side.GPU = g.ID
				break
			}
		}
		sides = append(sides, side)
	}
	return sides, nil
}

// applySideFlag reads --price/--tps ID=VALUE. ID is a compared GPU's id
// or alias (all sides with that GPU), or its position 1..N.
func applySideFlag(fs flagSet, f scenario.SideField, sides []model.Side) error {
	for _, raw := range fs.all(f.Flag) {
		id, val, ok := strings.Cut(raw, "=")
		if !ok {
			return usagef("--%s %s: accepted ID=VALUE with ID one of %s, e.g. --%s %s=%s",
				f.Flag, raw, sideIDs(sides), f.Flag, shortID(sides[0].GPU), scenario.Plain(*f.Of(&sides[0])))
		}
		idx := matchSides(strings.TrimSpace(id), sides)
		if len(idx) == 0 {
			return usagef("--%s %s: %q is not a compared GPU; accepted %s", f.Flag, raw, id, sideIDs(sides))
		}
		v, err := f.ParseFlagValue(val)
		if err != nil {
			return usagef("--%s %s: accepted %s", f.Flag, raw, f.Accepted())
		}
		for _, i := range idx {
			*f.Of(&sides[i]) = v
		}
	}
	return nil
}

// applySidePrecision reads --precision ID=P: that GPU's weight precision
// instead of the scenario's (A100 in FP16 against H100 in FP8).
func applySidePrecision(fs flagSet, sides []model.Side) error {
	for _, pf := range precisionFlags {
		for _, raw := range fs.all(pf.flag) {
			id, val, ok := strings.Cut(raw, "=")
			if !ok {
				continue
			}
			idx := matchSides(strings.TrimSpace(id), sides)
			if len(idx) == 0 {
				return usagef("--%s %s: %q is not a compared GPU; accepted %s", pf.flag, raw, id, sideIDs(sides))
			}
			parse := model.ParsePrecision
			if pf.flag == "kv-precision" {
				parse = model.ParseKVPrecision
			}
			p, err := parse(val)
			if err != nil {
				return usagef("--%s %s: %v", pf.flag, raw, err)
			}
			for _, i := range idx {
				if pf.flag == "kv-precision" {
					sides[i].KV = p
				} else {
					sides[i].Weights = p
				}
			}
		}
	}
	return nil
}

// matchSides returns the sides an ID names: a 1-based position, or every
// side whose GPU the id or alias resolves to.
func matchSides(id string, sides []model.Side) []int {
	for i := range sides {
		if id == fmt.Sprint(i+1) {
			return []int{i}
		}
	}
	g, err := model.LookupGPU(id)
	if err != nil {
		return nil
	}
	var out []int
	for i, s := range sides {
		if s.GPU == g.ID {
			out = append(out, i)
		}
	}
	return out
}

// sideIDs lists how each compared GPU can be named.
func sideIDs(sides []model.Side) string {
	parts := make([]string, len(sides))
	for i, s := range sides {
		names := []string{s.GPU}
		if g, err := model.LookupGPU(s.GPU); err == nil {
			names = append(names, g.Aliases...)
		}
		parts[i] = fmt.Sprintf("%s (or %d)", strings.Join(names, ", "), i+1)
	}
	return strings.Join(parts, "; ")
}

// shortID is a GPU's shortest alias, for examples.
func shortID(id string) string {
	g, err := model.LookupGPU(id)
	if err != nil {
		return id
	}
	short := g.ID
	for _, a := range g.Aliases {
		if len(a) < len(short) {
			short = a
		}
	}
	return short
}

func loadFromFlags(fs flagSet) (model.Load, error) {
	var l model.Load
	tok, hasTok := fs.get(targetTokensField.Flag)
	rps, hasRPS := fs.get(targetRPSField.Flag)
	if hasTok && hasRPS {
		return l, usagef("--%s and --%s: give one target", targetTokensField.Flag, targetRPSField.Flag)
	}
	var err error
	if hasTok {
		l.OutputTokensPerDay, err = targetTokensField.ParseFlagValue(tok)
	}
	if hasRPS {
		l.RequestsPerSecond, err = targetRPSField.ParseFlagValue(rps)
	}
	return l, err
}

// describe names a scenario built from flags alone, so that the
// summary's title says what was compared: "Llama-3-70B FP16: A100 80GB
// SXM vs H100 SXM 80GB".
func describe(s model.Scenario, sides []model.Side) string {
	name := s.Model
	if a, err := s.Arch(); err == nil {
		name = a.Name
	}
	mixed := false
	for _, side := range sides {
		mixed = mixed || (side.Weights != "" && side.Weights != s.Weights)
	}
	gpus := make([]string, len(sides))
	for i, side := range sides {
		gpus[i] = side.GPU
		if g, err := model.LookupGPU(side.GPU); err == nil {
			gpus[i] = g.Name
		}
		if mixed {
			w := side.Weights
			if w == "" {
				w = s.Weights
			}
			gpus[i] += " " + strings.ToUpper(string(w))
		}
	}
	if mixed {
		return scenario.CleanName(fmt.Sprintf("%s: %s", name, strings.Join(gpus, " vs ")))
	}
	return scenario.CleanName(fmt.Sprintf("%s %s: %s", name, strings.ToUpper(string(s.Weights)), strings.Join(gpus, " vs ")))
}
