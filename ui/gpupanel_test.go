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

// At 80x24 the short verdict and the break-even word a huge change as the
// panels do, never as a run of percent digits.
func TestShortVerdictWordsHugeChanges(t *testing.T) {
	s := model.DefaultScenario()
	s.Sides[0].PinnedTokensPerSecond = 1e7
	m := newTestModel(t, 80, 24, func(o *Options) { o.Scenario = s })
	if bad := regexp.MustCompile(`[0-9]{5,} %`).FindString(m.View()); bad != "" {
		t.Errorf("a change reads %q:\n%s", bad, m.View())
	}
}

// A GPU whose name begins another's keeps its own letter in the short
// at-target line ("H100 SXM" against "H100 SXM 80GB").
func TestShortVerdictLettersLongerNameFirst(t *testing.T) {
	mine, err := model.LookupGPU("h100")
	if err != nil {
		t.Fatal(err)
	}
	mine.ID, mine.Name, mine.User = "my-h100", "H100 SXM", true
	s := model.DefaultScenario()
	s.Sides[0] = model.Side{GPU: mine.ID, Spec: &mine, USDPerGPUHour: 9}
	s.TPOTTargetSeconds, s.Batch = 0.040, 0
	m := newTestModel(t, 80, 24, func(o *Options) { o.Scenario = s })
	v := m.View()
	assertContains(t, v, "At the target")
	if strings.Contains(v, "A 80GB") {
		t.Errorf("B's name was lettered as A's:\n%s", v)
	}
}
