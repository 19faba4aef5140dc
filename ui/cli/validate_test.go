package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"infercost/model"
	"infercost/model/cases"
)

func TestValidatePrintsCasesAndSummary(t *testing.T) {
	out := runOK(t, "validate")
	for _, c := range cases.Cases() {
		if !strings.Contains(out, c.ID+" ") {
			t.Errorf("case %s missing", c.ID)
		}
	}
	for _, want := range []string{fmt.Sprintf("Summary: %d cases; median error", len(cases.Cases())), "within 15 %", "within 30 %",
		"P9 H100/A100 throughput ratio: measured 1.660", "all but a few within 30 %", "median error within 10 %",
		"H100/A100 ratios at load within 10 %", "P9 H100/A100 ratio within 10 %", "Result: ", "Sources:", "[1] gpt-fast README",
		"Batch-1 latency (", "Prefill (", "Static batch (", "Max load (", "Concurrency sweep (", "H100/A100:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for i, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > textWidth && !isURL(line) {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
		}
	}
}

// TestValidateSaysWhichTargetsAreMissed: the output's verdict agrees with
// the summary it prints, whatever the estimator's current accuracy.
func TestValidateSaysWhichTargetsAreMissed(t *testing.T) {
	v := runCases(model.DefaultEfficiency(), false)
	out := runOK(t, "validate")
	for _, tg := range v.targets {
		status := "MISSED"
		if tg.Met {
			status = "met"
		}
		if !strings.Contains(out, tg.Name) || !strings.Contains(out, status) {
			t.Errorf("target %q should read %s", tg.Name, status)
		}
	}
	// A deliberately bad calibration misses targets, says so, and still
	// exits 0: the run worked.
	out = runOK(t, "validate", "--efficiency", "0.3")
	if !strings.Contains(out, "MISSED") || !strings.Contains(out, "efficiency from the flags") {
		t.Errorf("bad calibration not reported as missed:\n%s", out)
	}
}

func TestValidateJSON(t *testing.T) {
	var doc struct {
		Cases   []map[string]any `json:"cases"`
		Summary struct {
			Count  int     `json:"count"`
			Median float64 `json:"median_error_pct"`
		} `json:"summary"`
		P9      map[string]float64 `json:"-"`
		Targets []target           `json:"targets"`
		Met     *bool              `json:"targets_met"`
	}
	out := runOK(t, "validate", "--format", "json")
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) != len(cases.Cases()) || doc.Summary.Count != len(cases.Cases()) || len(doc.Targets) != 4 || doc.Met == nil {
		t.Errorf("cases %d, count %d, targets %d, met %v", len(doc.Cases), doc.Summary.Count, len(doc.Targets), doc.Met)
	}
	for _, k := range []string{"id", "gpu", "tp", "model", "precision", "batch", "input_tokens", "output_tokens", "metric", "measured", "estimated", "error_pct", "source", "regime", "scheduling"} {
		if _, ok := doc.Cases[0][k]; !ok {
			t.Errorf("case lacks %q", k)
		}
	}
	for _, k := range []string{`"p9_ratio"`, `"regimes"`, `"h100_a100_ratios"`} {
		if !strings.Contains(out, k) {
			t.Errorf("no %s", k)
		}
	}
}

func TestValidateBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--format", "yaml"}, {"--efficiency", "2"}, {"--bogus"}, {"extra"}} {
		code, out, errOut := runArgs(append([]string{"validate"}, args...)...)
		if code != exitUsage || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "infercost validate: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if out := runOK(t, "validate", "-h"); !strings.Contains(out, "Usage: infercost validate") {
		t.Errorf("help: %q", out)
	}
}

// TestValidateMore: --more adds the wider TensorRT-LLM v0.9 rows after the
// shipped cases and their targets, in text and JSON, within 80 columns.
func TestValidateMore(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Run([]string{"validate", "--more"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	i, j := strings.Index(text, "Accuracy targets"), strings.Index(text, "More published measurements")
	if i < 0 || j < i {
		t.Fatalf("targets then the wider rows expected:\n%s", text)
	}
	for _, c := range cases.MoreCases() {
		if !strings.Contains(text, c.ID) {
			t.Errorf("row %s missing", c.ID)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if len([]rune(line)) > 80 && !isURL(line) {
			t.Errorf("line wider than 80 columns: %q", line)
		}
	}
	out.Reset()
	if code := Run([]string{"validate", "--more", "--format", "json"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("json exit %d", code)
	}
	var doc struct {
		More struct {
			Cases   []json.RawMessage `json:"cases"`
			Summary struct {
				Count int `json:"count"`
			} `json:"summary"`
		} `json:"more"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if n := len(cases.MoreCases()); len(doc.More.Cases) != n || doc.More.Summary.Count != n {
		t.Errorf("json more: %d cases, count %d, want %d", len(doc.More.Cases), doc.More.Summary.Count, n)
	}
}

// isURL reports whether a line is one unbreakable web address (a source's
// URL, which wrapping cannot shorten).
func isURL(line string) bool {
	f := strings.Fields(line)
	return len(f) == 1 && strings.HasPrefix(f[0], "https://")
}
