package ui

import (
	"regexp"
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
