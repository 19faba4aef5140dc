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
	assertContains(t, v, "engine: vLLM, predicted from A100")
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
