package ui

import (
	"math"
	"strings"
	"testing"
)

// TestTypedSharesReadOneWay: every share typed at enter (utilization, the
// A100 fleet under x, the efficiency knobs under a) reads one rule: with %
// or above 1 a percent, below 1 a fraction; a bare 1 (1 % or 100 %?) is
// refused naming both, and typed values are kept exactly, not rounded to
// a whole percent (QA: "1" became 100 % and "1.5" became 2 %).
func TestTypedSharesReadOneWay(t *testing.T) {
	for _, c := range []struct {
		label   string
		side    int
		keys    []string // shows the control
		shown   string   // the control's text for 1.5 %
		current func(Model) float64
	}{
		{"utilization", 0, nil, "A=B 1.5 %", func(m Model) float64 { return m.in.Scenario.SideUtilization(0) }},
		{"A100 fleet", -1, []string{"x"}, "yes, at 1.5 %", func(m Model) float64 { return m.in.Scenario.Context.Utilization }},
		{"bandwidth eff", -1, []string{"a"}, "1.5 %", func(m Model) float64 { return m.in.Scenario.Efficiency.Bandwidth }},
	} {
		start := selectControl(t, press(t, newTestModel(t, 120, 40), c.keys...), c.label, c.side)
		for _, ok := range []struct {
			typed string
			want  float64
		}{{"1%", 0.01}, {"0.5", 0.5}, {"50", 0.5}, {"100", 1}, {"100%", 1}, {"60%", 0.6}} {
			if c.label == "bandwidth eff" && ok.want < 0.05 {
				continue // below the knob's floor
			}
			if got := c.current(typeInto(t, start, ok.typed)); math.Abs(got-ok.want) > 1e-12 {
				t.Errorf("%s: typed %q gives %v, want %v", c.label, ok.typed, got, ok.want)
			}
		}
		one := typeInto(t, start, "1")
		if c.current(one) != c.current(start) || !one.entry.active || !strings.Contains(one.entry.err, "1 could be 1 % or 100 %: type 1% or 100%") {
			t.Errorf("%s: typed 1: value %v (was %v), entry open %v, error %q", c.label, c.current(one), c.current(start), one.entry.active, one.entry.err)
		}
		if c.label == "bandwidth eff" {
			continue
		}
		exact := typeInto(t, start, "1.5")
		if got := c.current(exact); math.Abs(got-0.015) > 1e-12 {
			t.Errorf("%s: typed 1.5 gives %v, want 0.015", c.label, got)
		}
		assertContains(t, exact.View(), c.shown)
	}
}

// TestShareRangeSaysHowToType: a share out of range names the range and
// the ways to type it, without offering 1 as a fraction.
func TestShareRangeSaysHowToType(t *testing.T) {
	m := typeInto(t, selectControl(t, newTestModel(t, 120, 40), "utilization", 0), "0.001")
	if want := "enter 1 % to 100 % (50, 50% and 0.5 all mean 50 %)"; !strings.HasSuffix(m.entry.err, want) {
		t.Errorf("error %q, want %q", m.entry.err, want)
	}
}
