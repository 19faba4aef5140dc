package ui

import (
	"math"
	"testing"

	"infercost/model"
)

// chartScenarios are the scenarios whose charts must agree with their
// panels: a fixed batch, each latency target, batch max, and the two
// sides at different utilizations.
func chartScenarios() map[string]model.Scenario {
	out := map[string]model.Scenario{}
	base := model.DefaultScenario()
	out["batch 1"] = base
	s := base
	s.Batch, s.TPOTTargetSeconds = 0, 0.04
	out["TPOT target 40 ms"] = s
	s = base
	s.Batch, s.TTFTTargetSeconds = 0, 0.2
	out["TTFT target 200 ms"] = s
	s = base
	s.Batch = 0
	out["batch max"] = s
	s = base
	s.Sides[0].Utilization = 0.6
	out["A at 60 %, B at 100 %"] = s
	return out
}

// curveAt is the curve's value at x, read off the line between the
// drawn points either side of it (false when x is not between two).
func curveAt(pts []model.Point, x float64) (float64, bool) {
	for j := 1; j < len(pts); j++ {
		p, q := pts[j-1], pts[j]
		if !p.OK || !q.OK || !model.Finite(p.Y) || !model.Finite(q.Y) || x < p.X || x > q.X {
			continue
		}
		if q.X == p.X {
			return p.Y, true
		}
		return p.Y + (q.Y-p.Y)*(x-p.X)/(q.X-p.X), true
	}
	return 0, false
}

// Every chart's curve passes through its own ● and ▲: the marker is the
// panel's figure, and the curve is the same model at that scenario. The
// QA case: with a TPOT target of 40 ms the size chart's curves ran at
// several hundred ms per token, beside markers (and panels) at 40 ms.
func TestCurvesPassThroughMarkers(t *testing.T) {
	for name, s := range chartScenarios() {
		cmp, err := model.Compare(s)
		if err != nil {
			t.Fatal(name, err)
		}
		for k := chartKind(0); k < numCharts; k++ {
			var d series
			d.compute(k, inputs{Scenario: s}, cmp, 64)
			for i, cur := range d.cur {
				if !cur.OK {
					t.Errorf("%s, %s: side %d has no marker", name, specOf(k).title, i)
					continue
				}
				y, ok := curveAt(d.pts[i], cur.X)
				if !ok || math.Abs(y-cur.Y) > 1e-9*cur.Y {
					t.Errorf("%s, %s: side %d's marker at (%g, %g), its curve there %g (drawn: %v)",
						name, specOf(k).title, i, cur.X, cur.Y, y, ok)
				}
			}
		}
	}
}

// Each point of the size chart is what the panels show with the size
// slider at that size, GPUs held: at a latency target, the batch the
// target chooses at that size, so the curve stays within a TPOT target
// wherever the panels would say it is met.
func TestSizeChartIsThePanelsAtEachSize(t *testing.T) {
	for name, s := range chartScenarios() {
		cmp, err := model.Compare(s)
		if err != nil {
			t.Fatal(name, err)
		}
		var d series
		d.compute(chartLatency, inputs{Scenario: s}, cmp, 24)
		for i := range d.pts {
			for _, p := range d.pts[i] {
				at := s
				at.ParamsB, at.GPUsPerReplica = p.X, cmp.Results[i].GPUsPerReplica
				c, err := model.Compare(at)
				if err != nil || c.Errs[i] != nil {
					t.Fatalf("%s at %gB: %v %v", name, p.X, err, c.Errs[i])
				}
				r := c.Results[i]
				if panel := r.TPOTSeconds * 1e3; !p.OK || math.Abs(p.Y-panel) > 1e-9*panel {
					t.Errorf("%s, side %d at %gB: chart %g ms, panels %g ms", name, i, p.X, p.Y, panel)
				}
				if tpot := s.TPOTTargetSeconds * 1e3; tpot > 0 && r.Target.Met && p.Y > tpot {
					t.Errorf("%s, side %d at %gB: %g ms drawn where the panels meet %g ms", name, i, p.X, p.Y, tpot)
				}
			}
		}
	}
}
