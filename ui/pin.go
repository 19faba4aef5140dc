package ui

import (
	"infercost/model/calibration"

	tea "github.com/charmbracelet/bubbletea"
)

// onCalibratePinKey turns the selected side's pinned tok/s into a
// calibration of the engine (what calibrate --measured does): the
// measured figure then carries to the other GPU, and the pin goes, since
// the engine now produces it.
func (m Model) onCalibratePinKey() (Model, tea.Cmd) {
	c := m.ctl.Selected()
	in := m.in
	if !c.throughput || c.side < 0 {
		m.status = "select A tok/s or B tok/s to calibrate from its pin"
		return m, nil
	}
	pin := in.Scenario.Sides[c.side].PinnedTokensPerSecond
	if pin <= 0 {
		m.status = "nothing to calibrate from: move " + m.selectedLabel() + " to your measured tok/s first"
		return m, nil
	}
	g, w, err := in.Scenario.Workload(c.side)
	if err != nil {
		m.status = "cannot calibrate: " + err.Error()
		return m, nil
	}
	fit, err := calibration.Calibrate(g, w, calibration.Measurement{OutputTokensPerSecond: pin})
	if err != nil {
		m.status = "cannot calibrate: " + err.Error()
		return m, nil
	}
	e := fit.Engine
	e.Name, e.Source, e.GPU, e.Model = "your tok/s", "pinned tok/s", g.ID, in.Scenario.Model
	in.Scenario.Efficiency.Engine = e
	in.Scenario.Sides[c.side].PinnedTokensPerSecond = 0
	bandwidth, compute := e.Factors()
	m.status = "engine calibrated on " + g.Name + " at " + fmtNum(pin) + " tok/s, for both GPUs: bandwidth x" +
		trimFloat(bandwidth, 3) + ", compute x" + trimFloat(compute, 3)
	return m.apply(in)
}
