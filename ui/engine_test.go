package ui

import (
	"strings"
	"testing"

	"infercost/model"
)

// TestPanelsNameTheCalibratedEngine: with a calibrated engine the panels
// say where their figures come from (measured on A100, predicted on
// H100); the default scenario shows no engine row.
func TestPanelsNameTheCalibratedEngine(t *testing.T) {
	s := model.DefaultScenario()
	s.Efficiency.Engine = model.Engine{Name: "vLLM", Date: "2026-11-20", GPU: "a100-80gb-sxm", Model: "llama-3-8b",
		BandwidthFactor: 0.9, ComputeFactor: 0.8}
	m := newTestModel(t, 120, 40, func(o *Options) { o.Scenario = s })
	v := m.View()
	assertContains(t, v, "engine: vLLM, measured 2026-11-20")
	// Too long with its label at 120x40: the source is kept whole.
	assertContains(t, v, "vLLM, predicted from A100 80GB SXM │")
	if v := newTestModel(t, 120, 40).View(); strings.Contains(v, "engine: ") {
		t.Error("the default engine shows an engine row")
	}
}

// TestPinPastCeilingIsMarked: the seed's 30 tok/s on one A100 is past
// what 2.039 TB/s allows (14.6 tok/s): kept, marked, the ceiling shown.
func TestPinPastCeilingIsMarked(t *testing.T) {
	s := model.DefaultScenario()
	s.GPUsPerReplica = 1
	s.Sides[0].PinnedTokensPerSecond = 30
	v := newTestModel(t, 120, 40, func(o *Options) { o.Scenario = s }).View()
	assertContains(t, v, "pin!")
	assertContains(t, v, "pin! ceiling")
	assertContains(t, v, "14.6 tok/s")
}

// TestPinCalibratesTheEngine: C on a pinned tok/s fits the engine to it
// (as calibrate --measured does): that side's estimate then reproduces the
// measured figure within 5 %, the pin is gone, and the other GPU's figures
// move by the same engine.
func TestPinCalibratesTheEngine(t *testing.T) {
	s := model.DefaultScenario()
	s.Model, s.Batch = "llama-3-8b", 8
	m := newTestModel(t, 120, 40, func(o *Options) { o.Scenario = s })
	before := m.figures.cmp.Results[1].TokensPerSecond
	est := m.figures.cmp.Results[0].TokensPerSecond
	m = selectControl(t, m, "tok/s", 0)
	pinned := 0.8 * est // the engine reaches 80 % of the default estimate
	m = press(t, m, "enter")
	for _, r := range fmtNum(pinned) {
		m = press(t, m, string(r))
	}
	m = press(t, m, "enter", "C")
	r := m.figures.cmp.Results[0]
	if r.Pinned || m.in.Scenario.Sides[0].PinnedTokensPerSecond != 0 {
		t.Fatal("the pin stayed after calibrating")
	}
	if !m.in.Scenario.Efficiency.Engine.Calibrated() {
		t.Fatalf("no engine: %s", m.status)
	}
	if got := r.TokensPerSecond; got < 0.95*pinned || got > 1.05*pinned {
		t.Errorf("A's estimate %v tok/s after calibrating to %v", got, pinned)
	}
	if after := m.figures.cmp.Results[1].TokensPerSecond; after >= before {
		t.Errorf("B's throughput %v did not follow the slower engine (was %v)", after, before)
	}
	assertContains(t, m.View(), "engine calibrated on A100 80GB SXM")
	assertContains(t, m.View(), "engine: your tok/s, on this GPU")
}
