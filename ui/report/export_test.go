package report

import (
	"fmt"
	"infercost/model"
	"infercost/model/advice"
	"math"
	"regexp"
	"strings"
	"testing"
)

func TestRoundFigure(t *testing.T) {
	cases := []struct{ in, want float64 }{
		{68.739, 68.74}, // seed: 140 GB / 2.039 TB/s
		{41.842, 41.84}, // seed: 140 GB / 3.35 TB/s
		{23.148, 23.15}, // seed: $2.50 at 30 tok/s
		{25.0, 25},
		{2964.7, 2965},
		{1234567.8, 1234568}, // integer digits are never dropped
		{0.046321, 0.04632},
		{-0.39128, -0.3913},
		{1e-12, 0}, // below maxFigureDecimals
		{0, 0},
		{math.NaN(), 0},
		{math.Inf(1), 0},
		{-1e-12, 0}, // no -0
	}
	for _, c := range cases {
		if got := RoundFigure(c.in); got != c.want || math.Signbit(got) != math.Signbit(c.want) {
			t.Errorf("RoundFigure(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestMoney(t *testing.T) {
	// A column of them reads evenly: never "$0.5" beside "$2.50" (QA), and
	// below $1 the three significant digits $1.00 to $9.99 have.
	cases := map[float64]string{2.5: "$2.50", 25: "$25.00", 0.7491: "$0.749", 728175: "$728,175", 1234.6: "$1,235", 0: "$0.00",
		0.5: "$0.50", 0.78: "$0.78", 0.4076: "$0.408", 0.3386: "$0.339", 0.0421: "$0.0421", 0.9996: "$1.00", 0.05: "$0.05", 0.001234: "$0.00123",
		// Rounded once, as printed (QA #3): 1.555342 to cents is 1.56 (its
		// third decimal is 5 and more follows); 0.12351 to three digits
		// is 0.124; 0.50004 is fifty cents; 999.996 is a thousand dollars.
		1.555342: "$1.56", 0.12351: "$0.124", 0.50004: "$0.50", 999.7: "$999.70", 999.996: "$1,000"}
	for in, want := range cases {
		if got := money(in); got != want {
			t.Errorf("money(%v) = %q, want %q", in, got, want)
		}
	}
}

func seedExport(t *testing.T, load model.Load) Export {
	t.Helper()
	s := model.BuiltinScenarios()[0]
	s.Efficiency.Bandwidth = 1
	e, err := NewExport(s, nil, load)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestMarkdownSeed(t *testing.T) {
	md := seedExport(t, model.Load{OutputTokensPerDay: 1e9}).Markdown()
	for _, want := range []string{
		"### seed blog", "| | A100 80GB SXM | H100 SXM 80GB |", "| $ per million output tokens | $23.15 | $25.00 (+8 %) |",
		"| Decode per token (TPOT), ms | 68.7", " (estimate) | 41.8", "no: 68.08 GB short per GPU",
		"Fleet for 1,000,000,000 output tokens/day", "**Verdict, A100 80GB SXM vs H100 SXM 80GB:",
		"H100 SXM 80GB at $4.17 per GPU-hour (now $4.50)", "A100 80GB SXM still matches at 93 %",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	// Every table line has the same number of cells.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "|") && strings.Count(line, "|")-strings.Count(line, `\|`) != 4 {
			t.Errorf("ragged table line %q", line)
		}
	}
}

func TestCSVRecords(t *testing.T) {
	recs := seedExport(t, model.Load{}).CSVRecords()
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	for _, r := range recs {
		if len(r) != len(CSVHeader()) {
			t.Errorf("record of %d fields, header %d", len(r), len(CSVHeader()))
		}
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	if a, h := recs[1], recs[2]; a[col["usd_per_million_tokens"]] != "23.15" || h[col["usd_per_million_tokens"]] != "25" ||
		!strings.HasPrefix(a[col["tpot_ms"]], "68.7") || h[col["break_even_usd_per_gpu_hour"]] != "4.167" || a[col["fits"]] != "false" {
		t.Errorf("records %q", recs)
	}
}

func TestExportRefusedSide(t *testing.T) {
	s := model.DefaultScenario()
	s.Weights = model.FP8
	e, err := NewExport(s, nil, model.Load{RequestsPerSecond: 2})
	if err != nil {
		t.Fatal(err)
	}
	if e.Rows[0].Err == nil || e.Rows[1].Err != nil || e.Rows[0].HasFleet || !e.Rows[1].HasFleet {
		t.Fatalf("rows %+v", e.Rows)
	}
	if rec := e.CSVRecords()[1]; rec[col(t, "error")] == "" || rec[col(t, "tpot_ms")] != "" {
		t.Errorf("refused row %q", rec)
	}
	if md := e.Markdown(); !strings.Contains(md, "A100 80GB SXM cannot run this workload: ") {
		t.Errorf("markdown:\n%s", md)
	}
}

func col(t *testing.T, name string) int {
	for i, h := range CSVHeader() {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %s", name)
	return -1
}

func TestExportComparisonMatchesNewExport(t *testing.T) {
	for i, s := range model.BuiltinScenarios() {
		c, err := model.Compare(s)
		if err != nil {
			t.Fatal(err)
		}
		a, err := NewExport(s, nil, model.Load{})
		if err != nil {
			t.Fatal(err)
		}
		if b := ExportComparison(s, c, model.Load{}); a.Markdown() != b.Markdown() {
			t.Errorf("preset %d: ExportComparison and NewExport differ", i)
		}
	}
}

func TestNewExportLimits(t *testing.T) {
	if _, err := NewExport(model.DefaultScenario(), make([]model.Side, MaxExportGPUs+1), model.Load{}); err == nil {
		t.Error("too many GPUs accepted")
	}
	e, err := NewExport(model.DefaultScenario(), []model.Side{{GPU: "l4", USDPerGPUHour: 0.5}}, model.Load{})
	if err != nil || len(e.Rows) != 1 || len(e.Verdicts) != 0 {
		t.Errorf("one GPU: %v %+v", err, e)
	}
	e, _ = NewExport(model.DefaultScenario(), []model.Side{{GPU: "h100"}, {GPU: "nope"}}, model.Load{})
	if e.Rows[1].Err == nil || e.Rows[1].GPU.Name != "nope" {
		t.Errorf("unknown GPU row %+v", e.Rows[1])
	}
}

func ExampleExport_CSVRecords() {
	s := model.BuiltinScenarios()[0] // seed blog: pinned 30 and 50 tok/s
	e, _ := NewExport(s, nil, model.Load{})
	for _, rec := range e.CSVRecords() {
		fmt.Println(rec[0], rec[20])
	}
	// Output:
	// gpu usd_per_million_tokens
	// a100-80gb-sxm 23.15
	// h100-sxm 25
}

// TestUtilTextNoContradiction: a break-even utilization within rounding of
// the current one is not called "out of reach".
func TestUtilTextNoContradiction(t *testing.T) {
	if got := utilText("X", 1.004, 1); strings.Contains(got, "out of reach") || !strings.Contains(got, "about its current 100 %") {
		t.Errorf("%q", got)
	}
	if got := utilText("X", 1.2, 1); !strings.Contains(got, "out of reach") {
		t.Errorf("%q", got)
	}
}

// TestRankMarkdownRoundsOnce: the number shown is the number checked. Each
// ranked GPU's $ per million output tokens prints as the model's figure
// rounded once to cents, as the explorer shows it; rounding first to
// four digits printed A100 80GB PCIe's 1.555342 as $1.55 (QA #3).
func TestRankMarkdownRoundsOnce(t *testing.T) {
	s := model.DefaultScenario()
	var sides []model.Side
	for _, g := range model.GPUs() {
		sides = append(sides, model.Side{GPU: g.ID, USDPerGPUHour: g.PriceUSDPerHour})
	}
	k, err := NewRanking(s, sides)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(k.Markdown(), "\n") // title, blank, workload, blank, header, rule, then a row per GPU
	checked := 0
	for i, r := range k.Rows {
		usd := r.Result.USDPerMillionOutputTokens
		if !r.Fits || usd < 1 || usd >= 1000 {
			continue
		}
		want := fmt.Sprintf(" | %s | $%.2f | ", model.FormatPercent(s.Utilization), usd)
		if row := lines[6+i]; !strings.Contains(row, want) {
			t.Errorf("%s: %q lacks %q", r.GPU.Name, row, want)
		}
		checked++
	}
	if checked < 3 {
		t.Fatalf("only %d rows checked", checked)
	}
}

// TestRecommendationSaysDisagreeOnce: the JSON numbers text of a
// disagreement begins "the numbers disagree:"; the Markdown line says it
// once, not "the numbers (they disagree): the numbers disagree: …"
// (QA #9, report --ttft-target-ms 60).
func TestRecommendationSaysDisagreeOnce(t *testing.T) {
	s := model.DefaultScenario()
	s.Batch, s.TTFTTargetSeconds = 0, 0.060 // the target chooses the batch
	x, err := NewClaims(s, model.Load{})
	if err != nil {
		t.Fatal(err)
	}
	r := x.Recommendation
	if r.Agrees != advice.DoesNotHold || !strings.HasPrefix(r.Numbers, "the numbers disagree: ") {
		t.Fatalf("the case no longer applies: %v %q", r.Agrees, r.Numbers)
	}
	md := RecommendationMarkdown(r)
	want := "- the numbers disagree: " + strings.TrimPrefix(r.Numbers, "the numbers disagree: ") + "\n"
	if !strings.Contains(md, want) || strings.Count(md, "disagree") != 1 {
		t.Errorf("markdown:\n%s\nwant the line %q", md, want)
	}
	r.Agrees, r.Numbers = advice.Holds, "for experiments …"
	if md := RecommendationMarkdown(r); !strings.Contains(md, "- the numbers agree: for experiments …\n") {
		t.Errorf("agreeing markdown:\n%s", md)
	}
}

// TestClaimsFiguresReadEvenly is QA #14's case (llama-3-8b at its
// largest batch): dollars below $1 in the claims keep three significant
// digits side by side ("$0.000119 vs $0.0000950", never "$0.095" beside
// the sensitivity table's "$0.0950"), tokens/s from 1,000 have thousands
// separators, and no percentage runs past 999 %.
func TestClaimsFiguresReadEvenly(t *testing.T) {
	s := model.DefaultScenario()
	s.Model, s.Batch = "llama-3-8b", 0
	x, err := NewClaims(s, model.Load{})
	if err != nil {
		t.Fatal(err)
	}
	md := x.Markdown()
	for _, c := range x.Claims.Items {
		md = strings.ReplaceAll(md, c.Claim, "") // the seed's own words: "$0.023 vs $0.025" as it wrote them
	}
	cents := regexp.MustCompile(`\$0\.0*([0-9]+)`)
	for _, m := range cents.FindAllStringSubmatch(md, -1) {
		if len(m[1]) != 3 && !regexp.MustCompile(`^\$0\.[0-9]{2}$`).MatchString(m[0]) {
			t.Errorf("%s: not three significant digits (nor whole cents)", m[0])
		}
	}
	if bad := regexp.MustCompile(`[0-9]{4,} tok/s|[0-9]{4,} %`).FindAllString(md, -1); len(bad) > 0 {
		t.Errorf("ungrouped or absurd figures %q in:\n%s", bad, md)
	}
	if !strings.Contains(md, "tok/s vs") {
		t.Fatalf("the cost per 1K claim is gone:\n%s", md)
	}

	// A pinned rate of 10M tok/s makes A100's $/M tiny: the verdict and
	// the table say the change as a ratio, not "+55281185 %".
	s = model.DefaultScenario()
	s.Sides[0].PinnedTokensPerSecond = 1e7
	e, err := NewExport(s, nil, model.Load{})
	if err != nil {
		t.Fatal(err)
	}
	md = e.Markdown()
	if bad := regexp.MustCompile(`[0-9]{4,} %`).FindAllString(md, -1); len(bad) > 0 {
		t.Errorf("absurd percentages %q in:\n%s", bad, md)
	}
	if !regexp.MustCompile(`×[0-9]{1,3}(,[0-9]{3})+ \$ per million tokens`).MatchString(md) {
		t.Errorf("verdict lacks the ratio:\n%s", md)
	}
}
