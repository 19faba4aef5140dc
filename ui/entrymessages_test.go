package ui

import (
	"strings"
	"testing"

	"infercost/model"
)

// TestEntryAcceptsWhatTheModelAccepts: a pinned tok/s typed at enter has
// the model's bounds, as report --tps does (QA: 0.05 was refused here but
// accepted by report, and a file with it opened showing "0.05 pinned").
func TestEntryAcceptsWhatTheModelAccepts(t *testing.T) {
	m := selectControl(t, newTestModel(t, 120, 40), "tok/s", 0)
	low := typeInto(t, m, model.FormatDecimal(model.MinPinnedTokensPerSecond))
	if got := low.in.Scenario.Sides[0].PinnedTokensPerSecond; got != model.MinPinnedTokensPerSecond || low.entry.active {
		t.Errorf("typed the model's smallest pinned rate: pinned %v, entry open %v (%q)", got, low.entry.active, low.entry.err)
	}
	below := typeInto(t, m, "0.0005")
	if want := "from 0.001 to 10,000,000, or est"; !strings.Contains(below.entry.err, want) {
		t.Errorf("below the bound: %q, want it to say %q", below.entry.err, want)
	}
}

// TestEntryErrorsSayTheRange: entry errors give their range in plain
// numbers (QA: "up to 3.6e+06"; a fleet load of 0 or 1e16 gave no range,
// and 0, none in report, was refused without saying why).
func TestEntryErrorsSayTheRange(t *testing.T) {
	m := newTestModel(t, 120, 40)
	for _, c := range []struct {
		label, typed string
		want         []string
	}{
		{"TPOT target", "1e10", []string{"up to 3,600,000"}},
		{"TTFT target", "1e10", []string{"up to 3,600,000"}},
		{loadLabel, "1e16", []string{"output tokens per day from 1k to 1000T, e.g. 500M or 2B"}},
		{loadLabel, "0", []string{"from 1k to 1000T", "the explorer always sizes a fleet (0, none, is report's)"}},
	} {
		got := typeInto(t, selectControl(t, m, c.label, -1), c.typed).entry.err
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s: %q lacks %q", c.label, c.typed, got, w)
			}
		}
		if strings.Contains(got, "e+") {
			t.Errorf("%s %s: scientific notation in %q", c.label, c.typed, got)
		}
	}
	if ok := typeInto(t, selectControl(t, m, loadLabel, -1), "2B"); ok.in.Scenario.TargetTokensPerDay != 2e9 || ok.entry.active {
		t.Errorf("fleet load 2B: %v, entry open %v", ok.in.Scenario.TargetTokensPerDay, ok.entry.active)
	}
}
