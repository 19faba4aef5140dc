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

// What a typed value was refused for reads whole: when it does not fit
// beside the input, the second line carries it, to its last accepted value.
func TestEntryErrorsReadWhole(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range []struct {
			control    string
			side       int
			typed, end string
		}{
			{"GPU", 0, "xyz", "e.g. a100, h100, mi300x"},
			{"GPU", 1, "h100x", "h100-sxm, h100-pcie, h100-nvl"},
			{"GPUs/replica", -1, "3", "16, 32, 64"},
			{"$/GPU-hour", 0, "lambda", "long-tail"},
			{"$/GPU-hour", 1, "2000", "long-tail"},
		} {
			m := newTestModel(t, size[0], size[1])
			m = selectControl(t, m, c.control, c.side)
			m = typeEntry(t, m, c.typed)
			if view := m.View(); !strings.Contains(view, c.end) {
				t.Errorf("%dx%d, %s %q: the refusal does not read to %q:\n%s", size[0], size[1], c.control, c.typed, c.end, view)
			}
		}
	}
}
