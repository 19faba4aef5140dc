package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
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
	// rank prints every GPU (or the --gpu ones) at its own serving point,
	// cheapest first, instead of the comparison.
	rank bool
	// user are the GPUs of the user's own GPU files.
	user   []model.GPU
	claims bool // --claims: the seed's advice judged, not the comparison
	// sensitivity: each assumption moved alone (--sensitivity); share:
	// the scenario as one share string (--share).
	sensitivity, share bool
}

// Report output formats.
var reportFormats = []string{"markdown", "json", "csv"}

// targetRPSField is the fleet target in requests per second: a question
// asked of a scenario, not saved with it (target_tokens_per_day is).
var targetRPSField = scenario.Field{Key: "requests_per_second", Flag: "target-rps", Lo: 0, LoOpen: true, Hi: 1e9,
	Help: "size a fleet for this many requests per second (of --input-tokens and --output-tokens each)"}

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
	if opts.rank {
		return runRanking(opts, stdout, stderr)
	}
	if opts.claims {
		return runClaims(opts, stdout, stderr)
	}
	if opts.sensitivity {
		return runSensitivity(opts, stdout, stderr)
	}
	if opts.share {
		return runShare(opts, stdout, stderr)
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

// runRanking prints report --rank.
func runRanking(opts reportOptions, stdout, stderr io.Writer) int {
	k, err := report.NewRanking(opts.scenario, opts.sides)
	if err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitUsage
	}
	if err := writeRanking(stdout, opts.format, k); err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitError
	}
	return exitOK
}

func writeReport(w io.Writer, format string, exp report.Export) error {
	return writeTable(w, format, exp, func() any { return newReportJSON(exp) })
}

// table is what every report prints: CSV records and Markdown.
type table interface {
	CSVRecords() [][]string
	Markdown() string
}

// writeTable prints t in format: indented JSON of the document doc
// builds, CSV, or Markdown (the default).
func writeTable(w io.Writer, format string, t table, doc func() any) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc())
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(t.CSVRecords()); err != nil {
			return err
		}
		return cw.Error()
	}
	_, err := io.WriteString(w, t.Markdown())
	return err
}

// parseReportArgs applies, in order: the defaults, the scenario file,
// then the flags.
func parseReportArgs(args []string) (reportOptions, error) {
	fs, err := parseFlags(reportFlagSpecs(), args)
	if err != nil {
		return reportOptions{}, err
	}
	user, err := userGPUs(fs)
	if err != nil {
		return reportOptions{}, err
	}
	s, err := scenarioFromFlags(fs)
	if err != nil {
		return reportOptions{}, err
	}
	opts := reportOptions{scenario: s, format: "markdown", force: fs.bool("force"), rank: fs.bool("rank"), user: user, claims: fs.bool("claims"),
		sensitivity: fs.bool("sensitivity"), share: fs.bool("share")}
	opts.save, _ = fs.get("save")
	if opts.sides, err = resolveSides(fs, s, user, opts.rank); err != nil {
		return reportOptions{}, err
	}
	for _, f := range scenario.SideFields() {
		if err := applySideFlag(fs, f, opts.sides, user); err != nil {
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
	if err := applySidePrecision(fs, opts.sides, user); err != nil {
		return reportOptions{}, err
	}
	if err := bindFleetUtilization(fs, &opts); err != nil {
		return reportOptions{}, err
	}
	if !fs.has("name") && !fs.has("scenario") && !fs.has("preset") && !fs.has("open") && !isDefault(opts.scenario, opts.sides) {
		opts.scenario.Name = describe(opts.scenario, opts.sides)
	}
	if opts.load, err = loadFromFlags(fs, opts.scenario); err != nil {
		return reportOptions{}, err
	}
	if v, ok := fs.get("format"); ok {
		opts.format = strings.ToLower(v)
		if !slices.Contains(reportFormats, opts.format) {
			return reportOptions{}, usagef("--format %s: accepted %s", v, strings.Join(reportFormats, ", "))
		}
	}
	if err := oneReport(fs); err != nil {
		return reportOptions{}, err
	}
	if opts.rank && opts.save != "" {
		return reportOptions{}, usagef("--rank with --save %s: a ranking is not a scenario; save without --rank", opts.save)
	}
	for _, f := range []string{"claims", "sensitivity", "share"} {
		if fs.bool(f) && len(opts.sides) != 2 {
			return reportOptions{}, usagef("--%s: it takes the scenario's two GPUs; %d are compared (give --gpu twice, or none)", f, len(opts.sides))
		}
	}
	if opts.share && fs.has(targetRPSField.Flag) {
		return reportOptions{}, usagef("--share with --%s: a share string holds the load as target_tokens_per_day; give --target-tokens-per-day", targetRPSField.Flag)
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
	if str, ok := fs.get("open"); ok {
		if fromPreset || fs.has("scenario") {
			return model.Scenario{}, usagef("--open with --%s: each gives the whole scenario; give one", map[bool]string{true: "preset", false: "scenario"}[fromPreset])
		}
		var err error
		if s, err = scenario.OpenShare(str); err != nil {
			return model.Scenario{}, usagef("--open: %v", err)
		}
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
		raw, ok, err := plainValue(fs, f.Flag)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		v, err := f.ParseFlagValue(raw)
		if err != nil {
			return err
		}
		f.Set(s, v)
	}
	if err := gpusPerReplicaSplits(fs, *s); err != nil {
		return err
	}
	return targetChoosesBatch(fs, s)
}

// gpusPerReplicaSplits refuses GPUs per replica given by a flag that the
// model's attention heads do not split into, naming the flag and the
// counts that do. A model that does not resolve is left to Estimate.
func gpusPerReplicaSplits(fs flagSet, s model.Scenario) error {
	flag := "tp"
	raw, ok := fs.get(flag)
	if !ok {
		flag = "gpus-per-replica"
		raw, ok, _ = plainValue(fs, flag)
	}
	a, err := s.Arch()
	if !ok || err != nil || s.GPUsPerReplica == 0 || slices.Contains(model.GPUsPerReplicaChoices(a), s.GPUsPerReplica) {
		return nil
	}
	return usagef("--%s %s: %s", flag, raw, model.GPUsPerReplicaRule(a))
}

// plainValue is a flag's value that is not ID=VALUE (those are one
// GPU's: --utilization a100=0.6); given twice is an error.
func plainValue(fs flagSet, flag string) (string, bool, error) {
	var plain []string
	for _, v := range fs.all(flag) {
		if !strings.Contains(v, "=") {
			plain = append(plain, v)
		}
	}
	switch len(plain) {
	case 0:
		return "", false, nil
	case 1:
		return plain[0], true, nil
	}
	return "", false, usagef("--%s given twice (%s and %s): give every GPU's once; for one GPU use --%s ID=X", flag, plain[0], plain[1], flag)
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
// the scenario's two sides (with --rank and no --gpu, every catalog and
// user GPU). A --gpu that is one of the scenario's sides keeps that
// side's price, utilization and pinned throughput; any other starts from
// its default price, estimated throughput.
func resolveSides(fs flagSet, s model.Scenario, user []model.GPU, rank bool) ([]model.Side, error) {
	ids := fs.all("gpu")
	if len(ids) == 0 && !rank {
		return append([]model.Side(nil), s.Sides[:]...), nil
	}
	if len(ids) == 0 {
		for _, g := range model.GPUs() {
			ids = append(ids, g.ID)
		}
		for _, g := range user {
			ids = append(ids, g.ID)
		}
	} else if len(ids) > report.MaxExportGPUs && !rank {
		return nil, usagef("--gpu given %d times: accepted 1 to %d GPUs", len(ids), report.MaxExportGPUs)
	}
	sides := make([]model.Side, 0, len(ids))
	for _, id := range ids {
		side, err := scenario.SideFor(id, user)
		if err != nil {
			return nil, usagef("--gpu %s: %v%s", id, err, userIDsText(user))
		}
		for _, old := range s.Sides {
			if canonicalID(old.GPU, user) == side.GPU {
				spec := side.Spec
				side = old
				side.GPU = canonicalID(old.GPU, user)
				if side.Spec == nil {
					side.Spec = spec
				}
				break
			}
		}
		sides = append(sides, side)
	}
	return sides, nil
}

// userIDsText lists the user's GPU ids for an error message.
func userIDsText(user []model.GPU) string {
	if len(user) == 0 {
		return ""
	}
	ids := make([]string, len(user))
	for i, g := range user {
		ids[i] = g.ID
	}
	return "; yours: " + strings.Join(ids, ", ")
}

// canonicalID resolves an id or alias to the GPU's id, among the user's
// GPUs and the catalog; the id as given when it is neither.
func canonicalID(id string, user []model.GPU) string {
	if sd, err := scenario.SideFor(id, user); err == nil {
		return sd.GPU
	}
	return id
}

// applySideFlag reads --price/--tps/--utilization ID=VALUE. ID is a
// compared GPU's id or alias (all sides with that GPU), or its position
// 1..N. A plain --utilization X is the scenario's: it clears the sides'
// own values a scenario file brought.
func applySideFlag(fs flagSet, f scenario.SideField, sides []model.Side, user []model.GPU) error {
	for _, raw := range fs.all(f.Flag) {
		id, val, ok := strings.Cut(raw, "=")
		if !ok && f.Shared() {
			for i := range sides {
				*f.Of(&sides[i]) = 0
			}
			continue
		}
		if !ok {
			return usagef("--%s %s: accepted ID=VALUE with ID one of %s, e.g. --%s %s=%s",
				f.Flag, raw, sideIDs(sides), f.Flag, shortID(sides[0]), model.FormatDecimal(*f.Of(&sides[0])))
		}
		idx := matchSides(strings.TrimSpace(id), sides, user)
		if len(idx) == 0 {
			return usagef("--%s %s: %q is not a compared GPU; accepted %s", f.Flag, raw, id, sideIDs(sides))
		}
		v, err := f.ParseFlagValue(val)
		if err != nil && f.Flag == "price" && !numeric(val) {
			q, err := quotedPrice(sides[idx[0]], val)
			if err != nil {
				return usagef("--price %s: %v", raw, err)
			}
			for _, i := range idx {
				sides[i].SetQuote(q)
			}
			continue
		}
		if err != nil {
			return usagef("--%s %s: accepted %s", f.Flag, raw, f.Accepted())
		}
		for _, i := range idx {
			*f.Of(&sides[i]) = v
		}
	}
	return nil
}

// quotedPrice reads --price ID=QUOTE: one of the GPU's published prices
// (model.PriceQuotes), named by its id with or without the date.
func quotedPrice(sd model.Side, name string) (model.PriceQuote, error) {
	number := "a number from 0 to " + model.FormatDecimal(model.MaxPriceUSDPerHour)
	if len(model.SideQuotes(sd)) == 0 {
		return model.PriceQuote{}, fmt.Errorf("no published price is shipped for %s: accepted %s", sd.GPU, number)
	}
	q, err := model.LookupPriceQuote(sd.GPU, name)
	if err != nil {
		return q, fmt.Errorf("%v, or %s", err, number)
	}
	return q, nil
}

// numeric reports whether s is meant as a number, well formed or not
// ("2.5", "1e400", "2,5", "$3"): a quote's name always has a letter
// other than an exponent's, and no digit comes first. An empty value is
// taken as a missing number.
func numeric(s string) bool {
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) || s == "" {
		return true
	}
	return strings.Trim(s, "0123456789.,$/h+-") == "" && strings.ContainsAny(s, "0123456789")
}

// applySidePrecision reads --precision ID=P: that GPU's weight precision
// instead of the scenario's (A100 in FP16 against H100 in FP8).
func applySidePrecision(fs flagSet, sides []model.Side, user []model.GPU) error {
	for _, pf := range precisionFlags {
		for _, raw := range fs.all(pf.flag) {
			id, val, ok := strings.Cut(raw, "=")
			if !ok {
				continue
			}
			idx := matchSides(strings.TrimSpace(id), sides, user)
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
func matchSides(id string, sides []model.Side, user []model.GPU) []int {
	for i := range sides {
		if id == fmt.Sprint(i+1) {
			return []int{i}
		}
	}
	want := canonicalID(id, user)
	var out []int
	for i, s := range sides {
		if s.GPU == want || (s.Spec != nil && s.Spec.ID == strings.ToLower(id)) {
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
		if g, err := s.LookupGPU(); err == nil {
			names = append(names, g.Aliases...)
		}
		parts[i] = fmt.Sprintf("%s (or %d)", strings.Join(names, ", "), i+1)
	}
	return strings.Join(parts, "; ")
}

// shortID is a side's GPU's shortest alias, for examples.
func shortID(sd model.Side) string {
	g, err := sd.LookupGPU()
	if err != nil {
		return sd.GPU
	}
	short := g.ID
	for _, a := range g.Aliases {
		if len(a) < len(short) {
			short = a
		}
	}
	return short
}

func loadFromFlags(fs flagSet, s model.Scenario) (model.Load, error) {
	rps, hasRPS := fs.get(targetRPSField.Flag)
	if !hasRPS {
		return model.Load{OutputTokensPerDay: s.TargetTokensPerDay}, nil
	}
	if fs.has("target-tokens-per-day") {
		return model.Load{}, usagef("--target-tokens-per-day and --%s: give one target", targetRPSField.Flag)
	}
	v, err := targetRPSField.ParseFlagValue(rps)
	return model.Load{RequestsPerSecond: v}, err
}

// isDefault reports whether the flags left the default scenario as it
// is (a fleet target aside, which asks a question of it): it keeps its
// name, so that report and the explorer's e title the defaults alike.
func isDefault(s model.Scenario, sides []model.Side) bool {
	if len(sides) != len(s.Sides) {
		return false
	}
	s.TargetTokensPerDay = 0
	copy(s.Sides[:], sides)
	return s == model.DefaultScenario()
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
		if g, err := side.LookupGPU(); err == nil {
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

// oneReport refuses two of the flags that each print their own report.
func oneReport(fs flagSet) error {
	var given []string
	for _, f := range []string{"rank", "claims", "sensitivity", "share"} {
		if fs.bool(f) {
			given = append(given, "--"+f)
		}
	}
	if len(given) > 1 {
		return usagef("%s: each prints its own report; give one", strings.Join(given, " and "))
	}
	return nil
}

// quoteNamesText lists the published prices shipped, by name, each with
// the GPUs it is shipped for: "seed (a100-80gb-sxm, h100-sxm), ...".
func quoteNamesText() string {
	var names []string
	gpus := map[string][]string{}
	for _, id := range model.GPUIDs() {
		for _, q := range model.PriceQuotes(id) {
			n := q.ShortID()
			if len(gpus[n]) == 0 {
				names = append(names, n)
			}
			gpus[n] = append(gpus[n], id)
		}
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " (" + strings.Join(gpus[n], ", ") + ")"
	}
	return strings.Join(parts, ", ")
}
