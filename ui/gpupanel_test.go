package ui

import (
	"regexp"
	"strings"
	"testing"

	"infercost/model"
)

// A change as wide as the panel's change column (+104 %) stays apart from
// the figure before it.
func TestWideChangeKeepsItsSpace(t *testing.T) {
	s := model.DefaultScenario()
	s.Sides[1].USDPerGPUHour = 5.10 // $/h replica +104 % against A's $2.50
	glued := regexp.MustCompile(`[0-9][+-][0-9]+ %`)
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		m := newTestModel(t, size[0], size[1], func(o *Options) { o.Scenario = s })
		view := m.View()
		if size[0] >= 120 { // the compact panels have no $/h row
			assertContains(t, view, "+104 %")
		}
		if bad := glued.FindString(view); bad != "" {
			t.Errorf("%dx%d: a change is glued to its figure: %q", size[0], size[1], bad)
		}
	}
}

// A change past +999 % reads as a ratio with thousands grouped, as the
// report words it ("×553,000"), never as a run of digits.
func TestHugeChangeReadsAsGroupedRatio(t *testing.T) {
	s := model.DefaultScenario()
	s.Sides[0].PinnedTokensPerSecond = 1e7 // A's $/M falls by a factor of about half a million
	m := newTestModel(t, 120, 40, func(o *Options) { o.Scenario = s })
	r := m.figures.cmp.Results
	ratio := r[1].USDPerMillionOutputTokens / r[0].USDPerMillionOutputTokens
	if ratio < 1e5 {
		t.Fatalf("the pin gives a ratio of only %v", ratio)
	}
	want := "×" + model.FormatRatio(ratio)
	assertContains(t, m.View(), want)
	if !strings.Contains(want, ",") {
		t.Errorf("%q has no thousands separator", want)
	}
}
