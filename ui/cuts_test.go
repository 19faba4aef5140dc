package ui

import (
	"strings"
	"testing"

	"infercost/model"
)

// Where a block has no room for everything, whole sentences and figures
// go, never half of one: a projector shows no "… (now" or "does…".
func TestBlocksDropWholeTextsNotHalves(t *testing.T) {
	seed := model.BuiltinScenarios()[0] // neither GPU holds 70B FP16 on one card
	m := newTestModel(t, 120, 40, func(o *Options) { o.Scenario = seed })
	view := m.View()
	// Why neither serves outranks the break-even price in a short block.
	assertContains(t, view, "more GPUs per replica, fewer bytes per weight or a smaller batch")
	assertContains(t, view, "memory, does not fit")
	for _, l := range strings.Split(view, "\n") {
		if l = strings.TrimRight(l, " "); strings.HasSuffix(l, "(now") || strings.HasSuffix(l, "does…") {
			t.Errorf("a text cut mid-sentence: %q", l)
		}
	}

	// Presentation mode lays its figures on the rows it has, whole.
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		m := press(t, newTestModel(t, size[0], size[1]), "v")
		view := m.View()
		for _, want := range []string{"ms/token at batch 1", "tok/s per replica", "2 GPUs", "Model custom 70B"} {
			if !strings.Contains(view, want) {
				t.Errorf("%dx%d presentation lacks %q:\n%s", size[0], size[1], want, view)
			}
		}
		for _, l := range strings.Split(view, "\n")[:12] {
			if strings.Contains(l, "…") {
				t.Errorf("%dx%d presentation cuts %q", size[0], size[1], l)
			}
		}
	}
}
