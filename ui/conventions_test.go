package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestEscClosesHelpAndPresentation: esc is the terminal's "go back".
func TestEscClosesHelpAndPresentation(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = press(t, m, "?")
	if !m.showHelp {
		t.Fatal("? did not open help")
	}
	if m = press(t, m, "esc"); m.showHelp {
		t.Error("esc did not close help")
	}
	m = press(t, m, "v")
	if !m.presentation {
		t.Fatal("v did not start presentation mode")
	}
	if m = press(t, m, "esc"); m.presentation {
		t.Error("esc did not leave presentation mode")
	}
	if !strings.Contains(m.View(), "A GPU") {
		t.Error("after esc the controls are not back on screen")
	}
}

// TestHomeEndJump: home/g and end/G select the first and last control.
func TestHomeEndJump(t *testing.T) {
	m := newTestModel(t, 120, 40)
	vis := m.ctl.visible()
	for _, k := range []string{"end", "G"} {
		m = press(t, m, "home")
		if m = press(t, m, k); m.ctl.sel != vis[len(vis)-1] {
			t.Errorf("%s selected %q, want the last control %q", k, m.ctl.Selected().label, m.ctl.defs[vis[len(vis)-1]].label)
		}
	}
	for _, k := range []string{"home", "g"} {
		m = press(t, m, "end")
		if m = press(t, m, k); m.ctl.sel != vis[0] {
			t.Errorf("%s selected %q, want the first control", k, m.ctl.Selected().label)
		}
	}
	if !strings.Contains(m.View(), "▸ A GPU") {
		t.Error("the first control is not shown selected after home")
	}
}

// TestPresentationKeysActOnlyOnWhatIsShown: in presentation mode the
// controls are hidden, so arrows and typed values change nothing.
func TestPresentationKeysActOnlyOnWhatIsShown(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "$/GPU-hour", 0)
	before := m.in
	m = press(t, m, "v", "right", "L", "left", "up", "down", "enter", "a", "?")
	if m.in != before {
		t.Error("keys changed the scenario unseen in presentation mode")
	}
	if m.entry.active || m.showHelp || m.advanced {
		t.Errorf("hidden state changed: entry %v, help %v, advanced %v", m.entry.active, m.showHelp, m.advanced)
	}
	if m = press(t, m, "p"); m.in == before {
		t.Error("p (next preset), which the headline panels show, did nothing")
	}
}

// TestClickOnTrackSetsSlider: a click at the far left of a price track
// takes the price to the bottom of its range, at the far right to the
// top, and in the middle between them; the knob lands where clicked.
func TestClickOnTrackSetsSlider(t *testing.T) {
	m := newTestModel(t, 120, 40)
	r := m.lay.Controls
	const row = 11 // "A $/GPU-hour", as TestMouseSelectsAndWheelMoves
	click := func(m Model, x int) Model {
		return send(t, m, tea.MouseMsg{X: r.X + x, Y: r.Y + row, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	}
	m = click(m, 3) // on the label: selects, changes nothing
	start := m.in.Scenario.Sides[0].USDPerGPUHour
	labelW, barW, _ := m.ctl.rows[m.ctl.sel].columns()
	x0 := 2 + labelW + 1
	lo := click(m, x0).in.Scenario.Sides[0].USDPerGPUHour
	hi := click(m, x0+barW-1).in.Scenario.Sides[0].USDPerGPUHour
	mid := click(m, x0+barW/2)
	if !(lo < start && start < hi) || lo >= mid.in.Scenario.Sides[0].USDPerGPUHour || mid.in.Scenario.Sides[0].USDPerGPUHour >= hi {
		t.Errorf("clicks: left $%v, middle $%v, right $%v (start $%v)", lo, mid.in.Scenario.Sides[0].USDPerGPUHour, hi, start)
	}
	_, frac := m.ctl.Selected().value(mid.in, mid.figures.cmp)
	if frac < 0.4 || frac > 0.6 {
		t.Errorf("a click in the middle put the knob at %.2f", frac)
	}
}
