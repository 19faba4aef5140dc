package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func claimsOf(t *testing.T, args ...string) claimsJSON {
	t.Helper()
	out := runOK(t, append([]string{"report", "--claims", "--format", "json"}, args...)...)
	var doc claimsJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return doc
}

func recommendationOf(t *testing.T, args ...string) map[string]any {
	t.Helper()
	doc := reportJSONOf(t, args...)
	v, _ := doc["verdict"].(map[string]any)
	r, ok := v["recommendation"].(map[string]any)
	if !ok {
		t.Fatalf("%v: no verdict.recommendation", args)
	}
	return r
}

// TestReportClaimsSeedPreset: report --claims on the seed's preset judges
// every one of the seed's eight advantages and its headline figures, each
// with the figure that decides it. On the seed's own numbers ($2.50/h at
// 30 tok/s = $23.15/M vs $4.50/h at 50 tok/s = $25.00/M) the A100 is 7 %
// cheaper per token, so "H100 20-30 % cheaper at volume" does not hold and
// "A100 $0.023 vs H100 $0.025 per 1K" does.
func TestReportClaimsSeedPreset(t *testing.T) {
	doc := claimsOf(t, "--preset", "seed")
	if doc.Roles.H100 != "h100-sxm" || doc.Roles.A100 != "a100-80gb-sxm" || doc.Roles.Note != "" {
		t.Errorf("roles %+v", doc.Roles)
	}
	want := map[string]*bool{ // nil: cannot be computed
		"high_volume_serving": ptr(false), "latency_critical": ptr(true), "large_models": ptr(true), "fp8_quantization": ptr(true),
		"cost_constrained": ptr(true), "prefill_heavy": ptr(false), "availability": nil, "experimentation": nil,
		"decode_70_42_ms": ptr(true), "cost_per_1k_tokens": ptr(true), "cost_often_similar": ptr(true),
	}
	if len(doc.Claims) != len(want) {
		t.Fatalf("%d claims, want %d", len(doc.Claims), len(want))
	}
	for _, c := range doc.Claims {
		w, ok := want[c.ID]
		if !ok {
			t.Errorf("unexpected claim %q", c.ID)
			continue
		}
		if (w == nil) != (c.Holds == nil) || (w != nil && *w != *c.Holds) {
			t.Errorf("%s: holds %v, want %v (%s)", c.ID, show(c.Holds), show(w), c.Because)
		}
		if c.Because == "" || c.Claim == "" || (c.SeedGPU != "H100" && c.SeedGPU != "A100") {
			t.Errorf("%s: %+v", c.ID, c)
		}
	}
	if c := doc.Claims[0]; !strings.Contains(c.Because, "8 % higher at batch 1") || !strings.Contains(c.TurnsAt, "$3.33/GPU-hour") {
		t.Errorf("high-volume: %+v", c)
	}
	// The raw JSON uses the names scripts rely on, holds null when unknown.
	out := runOK(t, "report", "--claims", "--format", "json", "--preset", "seed")
	for _, k := range []string{`"claims": [`, `"gpu": "h100-sxm"`, `"claim": `, `"holds": null`, `"holds": false`, `"because": `, `"turns_at": `} {
		if !strings.Contains(out, k) {
			t.Errorf("JSON lacks %s", k)
		}
	}
}

func ptr(b bool) *bool { return &b }

func show(b *bool) string {
	if b == nil {
		return "null"
	}
	if *b {
		return "true"
	}
	return "false"
}

func TestReportClaimsMarkdownAndCSV(t *testing.T) {
	md := runOK(t, "report", "--claims", "--preset", "seed")
	for _, w := range []string{"### The seed's advice vs seed blog", "rule `default`", "| GPU | The seed's claim | Here | Because | Turns at |",
		"| A100 80GB SXM (the seed's A100) | availability", "cannot be computed", "68.7 ms vs 41.8 ms"} {
		if !strings.Contains(md, w) {
			t.Errorf("Markdown lacks %q:\n%s", w, md)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(runOK(t, "report", "--claims", "--preset", "seed", "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 12 || strings.Join(recs[0], ",") != "gpu,seed_gpu,id,claim,holds,because,turns_at" {
		t.Fatalf("%d records, header %v", len(recs), recs[0])
	}
	if r := recs[7]; r[2] != "availability" || r[4] != "" {
		t.Errorf("availability row %v: holds should be empty", r)
	}
}

// TestReportClaimsOtherPair: H200 against L40S; the output says H200
// plays H100's part.
func TestReportClaimsOtherPair(t *testing.T) {
	doc := claimsOf(t, "--model", "llama-3-8b", "--gpu", "l40s", "--gpu", "h200")
	if doc.Roles.H100 != "h200-sxm" || !strings.Contains(doc.Roles.Note, "takes H100's role") {
		t.Errorf("roles %+v", doc.Roles)
	}
	if !strings.Contains(runOK(t, "report", "--claims", "--model", "llama-3-8b", "--gpu", "l40s", "--gpu", "h200"), "takes H100's role") {
		t.Error("Markdown does not say which GPU plays H100")
	}
}

// TestReportRecommendationRules: the Done-when cases. An A100 fleet at
// 60 % gives optimize_a100 with its figures (the default scenario at 60
// %: A100 $67.81 / 0.6 = $113.02/M, against H100 at its own 100 %:
// $76.78/M); starting fresh with an H100 budget gives fresh_h100.
func TestReportRecommendationRules(t *testing.T) {
	r := recommendationOf(t, "--a100-fleet-utilization", "0.6")
	if r["rule"] != "optimize_a100" || r["text"] != "Optimize A100 usage before upgrading" {
		t.Fatalf("%v", r)
	}
	if n, _ := r["numbers"].(string); !strings.Contains(n, "at 60 % the A100 80GB SXM fleet costs $113.02/M") ||
		!strings.Contains(n, "at 90 % it would cost $75.35/M, below H100 SXM 80GB's $76.78/M") {
		t.Errorf("numbers %q", n)
	}
	doc := reportJSONOf(t, "--a100-fleet-utilization", "0.6")
	scen := doc["scenario"].(map[string]any)
	ctx := scen["context"].(map[string]any)
	if ctx["have_a100_fleet"] != true || ctx["fleet_utilization"] != 0.6 {
		t.Errorf("context %v", ctx)
	}
	if u := utilizations(t, doc); u["a100-80gb-sxm"] != 0.6 || u["h100-sxm"] != 1.0 {
		t.Errorf("the fleet's utilization should be the A100 side's, H100 keeping its own 100 %%: %v", u)
	}
	if fc := r["context"].(map[string]any); fc["fleet_gpu"] != "a100-80gb-sxm" || fc["fleet_utilization"] != 0.6 {
		t.Errorf("recommendation context %v", fc)
	}

	if r = recommendationOf(t, "--starting-fresh", "--can-afford-h100"); r["rule"] != "fresh_h100" {
		t.Errorf("%v", r)
	}
	// The default scenario's H100 fleet for 1B tokens/day costs
	// $2,338,920 a month (712 GPUs at $4.50/h x 730 h).
	r = recommendationOf(t, "--starting-fresh", "--budget-usd-per-month", "3000000")
	ctx = r["context"].(map[string]any)
	if r["rule"] != "fresh_h100" || ctx["can_afford_h100_from"] != "budget" || ctx["h100_fleet_usd_per_month"] != 2338920.0 {
		t.Errorf("%v", r)
	}
	if r = recommendationOf(t, "--starting-fresh", "--budget-usd-per-month", "2000000"); r["rule"] != "default" {
		t.Errorf("under budget: %v", r)
	}
	// H100's published spot price ($2.69, RunPod 2026-03) puts its tokens
	// at $76.78 x 2.69 / 4.5 = $45.90/M, under A100's $67.81/M.
	if r = recommendationOf(t, "--can-use-spot"); r["rule"] != "spot_mix" || r["numbers_agree"] != true ||
		!strings.Contains(r["numbers"].(string), "they cost $45.90/M, 32 % lower") {
		t.Errorf("%v", r)
	}
	md := runOK(t, "report", "--a100-fleet-utilization", "0.6")
	if !strings.Contains(md, "The seed's practical recommendation (rule `optimize_a100`)") {
		t.Errorf("Markdown report lacks the recommendation:\n%s", md)
	}
}

func TestReportContextFlagErrors(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--a100-fleet-utilization", "0.6", "--utilization", "0.8"}, []string{"--a100-fleet-utilization 0.6 and --utilization 0.8", "give one"}},
		{[]string{"--a100-fleet-utilization", "0.6", "--utilization", "a100=0.8"}, []string{"--a100-fleet-utilization 0.6 and --utilization a100=0.8",
			"the A100 side's (a100-80gb-sxm)", "give one, or the same value", "accepted beside it: --utilization ID=X"}},
		{[]string{"--gpu", "h100", "--gpu", "a100-40gb", "--utilization", "2=0.5", "--a100-fleet-utilization", "0.6"},
			[]string{"--a100-fleet-utilization 0.6 and --utilization 2=0.5", "(a100-40gb-sxm)"}},
		{[]string{"--budget-usd-per-month", "5000", "--can-afford-h100"}, []string{"--budget-usd-per-month 5000 and --can-afford-h100", "give one"}},
		{[]string{"--a100-fleet-utilization", "1.5"}, []string{"--a100-fleet-utilization 1.5", "accepted"}},
		{[]string{"--budget-usd-per-month", "-1"}, []string{"--budget-usd-per-month -1", "accepted"}},
		{[]string{"--preset", "nope"}, []string{"--preset nope", "no preset matches", "seed blog"}},
		{[]string{"--preset", "seed", "--scenario", "x.toml"}, []string{"--preset seed and --scenario x.toml"}},
		{[]string{"--claims", "--gpu", "a100", "--gpu", "h100", "--gpu", "l4"}, []string{"--claims", "3 are compared"}},
	}
	for _, c := range cases {
		code, _, errOut := runArgs(append([]string{"report"}, c.args...)...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: exit %d, %q", c.args, code, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: %q lacks %q", c.args, errOut, w)
			}
		}
	}
	// The same utilization twice is no conflict.
	if r := recommendationOf(t, "--a100-fleet-utilization", "0.6", "--utilization", "0.6"); r["rule"] != "optimize_a100" {
		t.Errorf("%v", r)
	}
	if r := recommendationOf(t, "--a100-fleet-utilization", "0.6", "--utilization", "a100=0.6"); r["rule"] != "optimize_a100" {
		t.Errorf("%v", r)
	}
}

// utilizations maps each result's GPU to its utilization.
func utilizations(t *testing.T, doc map[string]any) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, r := range results(t, doc) {
		out[r["gpu"].(string)] = r["utilization"]
	}
	return out
}

// TestReportFleetSetsTheA100Side: --a100-fleet-utilization sets the A100
// side's own utilization wherever the A100 is and leaves the other GPU's
// as given; with neither GPU an A100 the one with less memory bandwidth
// (the seed's A100 role) is the fleet.
func TestReportFleetSetsTheA100Side(t *testing.T) {
	cases := []struct {
		args  []string
		fleet string
		want  map[string]any
	}{
		{[]string{"--utilization", "h100=0.9"}, "a100-80gb-sxm", map[string]any{"a100-80gb-sxm": 0.6, "h100-sxm": 0.9}},
		{[]string{"--utilization", "0.6", "--utilization", "h100=0.9"}, "a100-80gb-sxm", map[string]any{"a100-80gb-sxm": 0.6, "h100-sxm": 0.9}},
		{[]string{"--gpu", "h100", "--gpu", "a100"}, "a100-80gb-sxm", map[string]any{"a100-80gb-sxm": 0.6, "h100-sxm": 1.0}},
		{[]string{"--gpu", "l40s", "--gpu", "a100", "--model", "llama-3-8b"}, "a100-80gb-sxm", map[string]any{"a100-80gb-sxm": 0.6, "l40s": 1.0}},
		{[]string{"--gpu", "h200", "--gpu", "h100", "--utilization", "h200=0.8"}, "h100-sxm", map[string]any{"h100-sxm": 0.6, "h200-sxm": 0.8}},
	}
	for _, c := range cases {
		args := append([]string{"--a100-fleet-utilization", "0.6"}, c.args...)
		doc := reportJSONOf(t, args...)
		if u := utilizations(t, doc); len(u) != len(c.want) || u[c.fleet] != c.want[c.fleet] {
			t.Errorf("%v: utilizations %v, want %v", c.args, u, c.want)
		} else {
			for g, w := range c.want {
				if u[g] != w {
					t.Errorf("%v: %s at %v, want %v", c.args, g, u[g], w)
				}
			}
		}
		r := doc["verdict"].(map[string]any)["recommendation"].(map[string]any)
		if ctx := r["context"].(map[string]any); r["rule"] != "optimize_a100" || ctx["fleet_gpu"] != c.fleet || ctx["fleet_utilization"] != 0.6 {
			t.Errorf("%v: %v", c.args, r)
		}
	}
}

// TestReportContextSavedAndPreset: --save keeps the context; --preset
// loads a preset like the explorer's p.
func TestReportContextSavedAndPreset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.toml")
	runOK(t, "report", "--a100-fleet-utilization", "0.55", "--can-use-spot", "--save", path)
	if r := recommendationOf(t, "--scenario", path); r["rule"] != "optimize_a100" || !strings.Contains(r["why"].(string), "55 %") {
		t.Errorf("reloaded: %v", r)
	}
	// A file's fleet follows its A100 side's utilization; the H100's own
	// leaves it be.
	if r := recommendationOf(t, "--scenario", path, "--utilization", "0.8"); r["rule"] != "spot_mix" {
		t.Errorf("fleet at 80 %%: %v", r)
	}
	if r := recommendationOf(t, "--scenario", path, "--utilization", "a100=0.65"); r["rule"] != "optimize_a100" || !strings.Contains(r["why"].(string), "65 %") {
		t.Errorf("fleet at 65 %%: %v", r)
	}
	doc := reportJSONOf(t, "--scenario", path, "--utilization", "h100=0.9")
	if u := utilizations(t, doc); u["a100-80gb-sxm"] != 0.55 || u["h100-sxm"] != 0.9 {
		t.Errorf("reloaded with H100 at 90 %%: %v", u)
	}
	// Saved and loaded, the A100 side and the fleet stay one value and
	// the H100 keeps its own.
	path2 := filepath.Join(t.TempDir(), "plan2.toml")
	runOK(t, "report", "--a100-fleet-utilization", "0.6", "--utilization", "h100=0.9", "--save", path2)
	doc = reportJSONOf(t, "--scenario", path2)
	if u := utilizations(t, doc); u["a100-80gb-sxm"] != 0.6 || u["h100-sxm"] != 0.9 {
		t.Errorf("round trip: %v", u)
	}
	if r := doc["verdict"].(map[string]any)["recommendation"].(map[string]any); r["rule"] != "optimize_a100" ||
		r["context"].(map[string]any)["fleet_utilization"] != 0.6 {
		t.Errorf("round trip: %v", r)
	}
	doc = reportJSONOf(t, "--preset", "2")
	if name := doc["scenario"].(map[string]any)["name"]; !strings.HasPrefix(name.(string), "chat:") {
		t.Errorf("--preset 2: %v", name)
	}
}

// TestReportFleetPresetIsTheFleetFlags: the preset "A100 fleet at 60 %
// vs new H100s at 90 %" is the seed's fleet advice, so it gives the same
// deployment context, utilizations and recommendation as the flags that
// say so (report --a100-fleet-utilization 0.6 --utilization h100=0.9 on
// the preset's workload): optimize_a100, not the default rule.
func TestReportFleetPresetIsTheFleetFlags(t *testing.T) {
	preset := reportJSONOf(t, "--preset", "6")
	flags := reportJSONOf(t, "--model", "llama-3-70b", "--batch", "32", "--input-tokens", "512", "--output-tokens", "256",
		"--a100-fleet-utilization", "0.6", "--utilization", "h100=0.9")
	for _, doc := range []map[string]any{preset, flags} {
		r := doc["verdict"].(map[string]any)["recommendation"].(map[string]any)
		if r["rule"] != "optimize_a100" || r["text"] != "Optimize A100 usage before upgrading" {
			t.Errorf("recommendation %v", r)
		}
		if u := utilizations(t, doc); u["a100-80gb-sxm"] != 0.6 || u["h100-sxm"] != 0.9 {
			t.Errorf("utilizations %v", u)
		}
	}
	ctx := func(doc map[string]any) any { return doc["scenario"].(map[string]any)["context"] }
	if got, want := fmt.Sprint(ctx(preset)), fmt.Sprint(ctx(flags)); got != want {
		t.Errorf("preset context %s, flags give %s", got, want)
	}
	if md := runOK(t, "report", "--preset", "6"); !strings.Contains(md, "The seed's practical recommendation (rule `optimize_a100`)") {
		t.Errorf("Markdown of preset 6 lacks optimize_a100:\n%s", md)
	}
}
