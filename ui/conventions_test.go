package ui

import (
	"fmt"
	"math"
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
	row := rowOf(t, m, "$/GPU-hour", 0)
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

// TestTypedValuesReadAsWritten: a decimal comma is a decimal, never a
// hundredfold price; grouping commas are thousands; odd commas are
// refused with a reason.
func TestTypedValuesReadAsWritten(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
	}{{"3,20", 3.2}, {"3.20", 3.2}, {"$3,5", 3.5}, {"0,250", 0.25}, {"1,000", 1000}, {"12,500.5", 12500.5}, {"1 000", 1000}, {"2k", 2000}} {
		if got, err := parseNumber(c.in); err != nil || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"1,2,3", "1,00.5", "0x10", "NaN", "inf", "1e400", ""} {
		if v, err := parseNumber(in); err == nil {
			t.Errorf("parseNumber(%q) = %v, want an error", in, v)
		}
	}
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "$/GPU-hour", 0)
	m = press(t, m, "enter", "3", ",", "2", "0", "enter")
	if got := m.in.Scenario.Sides[0].USDPerGPUHour; got != 3.2 {
		t.Errorf("typed 3,20: price %v", got)
	}
}

// TestTypedValueRefusedAsReportRefusesIt: 3 GPUs per replica cannot split
// 64 attention heads; typing it keeps the entry open with that reason.
func TestTypedValueRefusedAsReportRefusesIt(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "GPUs/replica", -1)
	before := m.in
	m = press(t, m, "enter", "3", "enter")
	if m.in != before || !m.entry.active || !strings.Contains(m.entry.err, "must divide") {
		t.Errorf("typed 3 GPUs: applied %v, entry open %v, error %q", m.in != before, m.entry.active, m.entry.err)
	}
}

// TestEntryEmptyCancelsAndSpaceIsOneSpace: enter on nothing closes the
// entry without an error; a space key adds exactly one space.
func TestEntryEmptyCancelsAndSpaceIsOneSpace(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	m = send(t, m, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	if v := m.entry.input.Value(); v != " " {
		t.Errorf("space typed %q", v)
	}
	before := m.in
	m = press(t, m, "enter")
	if m.entry.active || m.in != before || m.entry.err != "" {
		t.Errorf("empty entry: open %v, changed %v, error %q", m.entry.active, m.in != before, m.entry.err)
	}
}

// rowOf is the screen row (from the top of the controls) of a control.
func rowOf(t *testing.T, m Model, label string, side int) int {
	t.Helper()
	for y, i := range m.ctl.visible()[m.ctl.top:] {
		if d := m.ctl.defs[i]; d.label == label && d.side == side {
			return y
		}
	}
	t.Fatalf("no control %q side %d on screen", label, side)
	return -1
}

// TestFleetShownWhereItsSliderIs: at 120x40 and 80x24, where no fleet
// panel fits, selecting "fleet load" puts the fleet in the status line,
// sized at load (the largest batch that fits), not the panels' batch 1.
func TestFleetShownWhereItsSliderIs(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m := newTestModel(t, size[0], size[1])
		m = selectControl(t, m, loadLabel, -1)
		v := m.View()
		want := fmt.Sprintf("(at batch %d)", m.figures.cmp.Results[0].MaxBatch)
		if !strings.Contains(v, "fleet for 1B tok/day: A ") || !strings.Contains(v, want) {
			t.Errorf("%dx%d: no fleet at max batch (%s) in:\n%s", size[0], size[1], want, v)
		}
		if m.figures.fleet[0].f.Batch != m.figures.cmp.Results[0].MaxBatch {
			t.Errorf("fleet at batch %d, max %d", m.figures.fleet[0].f.Batch, m.figures.cmp.Results[0].MaxBatch)
		}
	}
}

// TestHelpListsEveryKeyAt80x24: the help page names every binding that
// works, at the smallest size too (descriptions may be cut, keys not).
func TestHelpListsEveryKeyAt80x24(t *testing.T) {
	m := press(t, newTestModel(t, 80, 24), "?")
	v := m.View()
	for _, g := range m.keys.FullHelp() {
		for _, b := range g {
			if b.Enabled() && !strings.Contains(v, b.Help().Key+" ") {
				t.Errorf("help at 80x24 lacks %q (%s)", b.Help().Key, b.Help().Desc)
			}
		}
	}
}

// TestHelpScrollsToItsLastNote: at 80x24 the notes run past the screen;
// ↓ and G bring the last one into view, and keys that would change the
// scenario behind the page do nothing while it is open.
func TestHelpScrollsToItsLastNote(t *testing.T) {
	m := press(t, newTestModel(t, 80, 24), "?")
	last := "on any control to open it."
	if strings.Contains(m.View(), last) {
		t.Fatalf("the last note already shows at 80x24; this test needs a page that scrolls:\n%s", m.View())
	}
	assertContains(t, m.View(), "below · ↑/↓ scroll")
	lines := strings.Split(m.View(), "\n")
	if footer := lines[len(lines)-1]; strings.Contains(footer, "adjust") || !strings.Contains(footer, "scroll") {
		t.Errorf("the footer offers keys the help page ignores: %q", footer)
	}
	before := m.in.Scenario
	m = press(t, m, "G")
	assertContains(t, m.View(), last)
	assertContains(t, m.View(), "0 below")
	m = press(t, m, "right", "p", "c", "x", "enter")
	if m.in.Scenario != before || m.entry.active || m.showContext {
		t.Error("a key changed the explorer behind the help page")
	}
	if !m.showHelp {
		t.Fatal("the help page closed on a key that does not close it")
	}
	m = press(t, m, "g")
	assertContains(t, m.View(), "Keys")
	if m = press(t, m, "?"); m.showHelp {
		t.Error("? did not close the help page")
	}
}

// TestStatusLineDropsWholeParts: at 80 columns a status that does not fit
// beside the standing reminders keeps its whole sentence; the reminders
// go first.
func TestStatusLineDropsWholeParts(t *testing.T) {
	m := press(t, newTestModel(t, 80, 24), "b")
	line := strings.Split(m.View(), "\n")[1]
	want := "baseline pinned: the panels show each figure's change against it"
	if !strings.Contains(line, want) {
		t.Errorf("status line %q lacks %q", line, want)
	}
	if strings.Contains(line, "…") {
		t.Errorf("status line cut: %q", line)
	}
	m = press(t, newTestModel(t, 120, 40), "b")
	assertContains(t, strings.Split(m.View(), "\n")[1], "baseline pinned (b clears)")
}
