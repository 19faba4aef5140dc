package ui

import (
	"strings"
	"testing"

	"infercost/model"
)

// prose is a full-width block of the screen as one line of words, so a
// sentence wrapped over rows reads as the sentence.
func prose(view string) string { return strings.Join(strings.Fields(view), " ") }

// Presentation mode tells the room the latency target its figures were
// chosen for: the workload names it, and the comparison at the target
// outranks the generic "against" line.
func TestPresentationNamesTheTarget(t *testing.T) {
	for _, c := range []struct {
		tpot, ttft float64
		target     string
	}{{0.04, 0, "TPOT ≤ 40 ms"}, {0, 0.06, "TTFT at load ≤ 60 ms"}} {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
			m := newTestModel(t, size[0], size[1], func(o *Options) {
				o.Scenario.Batch, o.Scenario.TPOTTargetSeconds, o.Scenario.TTFTTargetSeconds = 0, c.tpot, c.ttft
			})
			view := press(t, m, "v").View()
			checkFrame(t, view, size[0], size[1])
			if strings.Contains(view, "batch max") {
				t.Errorf("%dx%d %s: the workload says batch max", size[0], size[1], c.target)
			}
			for _, want := range []string{"batch: largest meeting " + c.target, "At the target: " + c.target + ", H100 SXM 80GB serves",
				"output tokens per dollar (batch"} {
				if !strings.Contains(prose(view), want) {
					t.Errorf("%dx%d lacks %q:\n%s", size[0], size[1], want, view)
				}
			}
		}
	}
}

// The verdict block wraps onto the rows below it that no chart takes,
// rather than cutting its sentences.
func TestPresentationVerdictWraps(t *testing.T) {
	seed := model.BuiltinScenarios()[0] // neither GPU holds 70B FP16 on one card
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		view := press(t, newTestModel(t, size[0], size[1], func(o *Options) { o.Scenario = seed }), "v").View()
		for _, want := range []string{"Verdict: Neither fits in memory as configured: the figures are bandwidth arithmetic only",
			"short 68.1 GB per GPU: more GPUs per replica, fewer bytes per weight or a smaller batch"} {
			if !strings.Contains(prose(view), want) {
				t.Errorf("%dx%d lacks %q:\n%s", size[0], size[1], want, view)
			}
		}
	}
}

func TestPresentLayout(t *testing.T) {
	for _, c := range []struct {
		w, h, head, verdict   int
		verdictH, charts, cht int
	}{
		{80, 24, 2, 3, 13, 0, 0},    // no chart fits: the verdict has every row left
		{120, 40, 3, 6, 6, 2, 22},   // the verdict's rows, the charts the rest
		{120, 40, 3, 20, 16, 2, 12}, // the charts keep their minimum height
		{200, 60, 2, 1, 3, 2, 46},   // at least 3 rows
	} {
		f := presentLayout(c.w, c.h, c.head, c.verdict)
		if f.Verdict.Y != c.head+presentPanelRows || f.Verdict.H != c.verdictH || len(f.Charts) != c.charts {
			t.Errorf("%dx%d head %d verdict %d: verdict %+v, %d charts", c.w, c.h, c.head, c.verdict, f.Verdict, len(f.Charts))
		}
		for _, r := range f.Charts {
			if r.H != c.cht || r.Y+r.H != c.h {
				t.Errorf("%dx%d: chart %+v, want %d rows to the bottom", c.w, c.h, r, c.cht)
			}
		}
	}
}

// The short verdict at 80x24 drops whole parts rather than cut one: the
// comparison at the target still says it is at the target, and no figure
// is left half printed.
func TestShortVerdictDropsWholeParts(t *testing.T) {
	for _, c := range []struct {
		tpot, ttft float64
		want       string
	}{{0.04, 0, "At the target: TPOT ≤ 40 ms, B serves 1.38x the output tokens per dollar"},
		{0, 0.06, "At the target: TTFT at load ≤ 60 ms, B serves 1.81x the output tokens per dollar"}} {
		m := newTestModel(t, 80, 24, func(o *Options) {
			o.Scenario.Batch, o.Scenario.TPOTTargetSeconds, o.Scenario.TTFTTargetSeconds = 0, c.tpot, c.ttft
		})
		view := m.View()
		assertContains(t, view, c.want)
		if strings.Contains(view, "(batch") || strings.Contains(view, "(…") {
			t.Errorf("a cut comparison at the target:\n%s", view)
		}
	}
	seed := model.BuiltinScenarios()[0]
	view := newTestModel(t, 80, 24, func(o *Options) { o.Scenario = seed }).View()
	if !strings.Contains(view, "Verdict: Neither fits in memory as configured ") || strings.Contains(view, "arithm…") {
		t.Errorf("the headline is cut, not shortened whole:\n%s", view)
	}
}

// A pinned throughput says it is measured, whole, in half of 80 columns.
func TestPresentationPinnedFigureWhole(t *testing.T) {
	seed := model.BuiltinScenarios()[0] // both sides pinned
	for _, c := range []struct {
		w, h int
		want string
	}{{80, 24, "30.0 tok/s per replica (measured)"}, {120, 40, "30.0 tok/s per replica (your measurement)"}} {
		view := press(t, newTestModel(t, c.w, c.h, func(o *Options) { o.Scenario = seed }), "v").View()
		assertContains(t, view, c.want)
		if strings.Contains(view, "measureme…") {
			t.Errorf("%dx%d cuts the pinned figure:\n%s", c.w, c.h, view)
		}
	}
}

// Why a side has no fleet reads whole: wrapped where the fleet block has
// rows, else without its last clause.
func TestFleetBlockSaysWhyWhole(t *testing.T) {
	seed := model.BuiltinScenarios()[0] // neither side holds the model
	for _, c := range []struct {
		w, h int
		want string
	}{{200, 60, "A100 80GB SXM cannot hold the workload (short 68.1 GB per GPU), so no fleet of it serves it"},
		{100, 30, "A100 80GB SXM cannot hold the workload (short 68.1 GB per GPU)"}} {
		block := newTestModel(t, c.w, c.h, func(o *Options) { o.Scenario = seed }).fleet.View()
		if !strings.Contains(prose(block), c.want) || strings.Contains(block, "…") {
			t.Errorf("%dx%d fleet block lacks %q whole:\n%s", c.w, c.h, c.want, block)
		}
	}
}
