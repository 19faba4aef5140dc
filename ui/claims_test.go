package ui

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"infercost/model"
)

// TestGoldenClaimsOverlay: w opens "the seed's claims vs this scenario"
// over the seed preset; at 80x24 and 120x40 it fits the screen, shows the
// recommendation and the first claims, and scrolls to the last.
func TestGoldenClaimsOverlay(t *testing.T) {
	seed := func(o *Options) { o.Scenario = model.BuiltinScenarios()[0] }
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("claims-%dx%d.golden", sz[0], sz[1])
		t.Run(name, func(t *testing.T) {
			m := send(t, newTestModel(t, sz[0], sz[1], seed), keyMsg("s"))
			v := m.View()
			checkFrame(t, v, sz[0], sz[1])
			for _, want := range []string{"The seed's advice vs this scenario", "Practical recommendation (default): A100 for experiments",
				"When H100 wins", "✗ not here", "high-volume serving", "8 % higher at", "↑/↓ scroll"} {
				assertContains(t, v, want)
			}
			golden(t, name, v)
			end := send(t, m, keyMsg("G")).View()
			checkFrame(t, end, sz[0], sz[1])
			for _, want := range []string{"cost per token often similar", "67 % more tokens/s per", ", 0 below"} {
				assertContains(t, end, want)
			}
			if closed := send(t, m, keyMsg("s")).View(); strings.Contains(closed, "When H100 wins") || !strings.Contains(closed, "Verdict:") {
				t.Errorf("w again should close the overlay:\n%s", closed)
			}
		})
	}
}

// typeInto types text into the selected control.
func typeInto(t *testing.T, m Model, text string) Model {
	t.Helper()
	m = press(t, m, "enter")
	for _, r := range text {
		m = press(t, m, string(r))
	}
	return press(t, m, "enter")
}

// TestContextControlsChangeTheAdvice: x shows the deployment context; an
// A100 fleet typed at 60 % sets the A100 side's utilization too (H100's
// stays at 100 %) and the verdict gives optimize_a100; a fresh start whose
// $4M budget covers the H100 fleet (1B tokens/day at H100's own 100 %:
// 712 GPUs x $4.50 x 730 h = $2,338,920 a month) gives fresh_h100, the
// numbers agreeing (H100 at 100 % is 21 % cheaper per token than the A100
// fleet at 70 %). Both read at 120x40 and 80x24.
func TestContextControlsChangeTheAdvice(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		m := newTestModel(t, sz[0], sz[1])
		assertContains(t, m.View(), "Seed: A100 for experiments, H100 for production (default; numbers agree)")
		m = press(t, m, "x")
		if c := m.ctl.Selected(); c.label != "fresh start" {
			t.Fatalf("x should select the first context control, not %q", c.label)
		}
		m = typeInto(t, selectControl(t, m, "A100 fleet", -1), "60%")
		if s := m.in.Scenario; !s.Context.HaveA100Fleet || s.Context.Utilization != 0.6 || s.SideUtilization(0) != 0.6 || s.SideUtilization(1) != 1 {
			t.Fatalf("fleet at 60 %%: %+v, utilization A %v, B %v", s.Context, s.SideUtilization(0), s.SideUtilization(1))
		}
		v := m.View()
		checkFrame(t, v, sz[0], sz[1])
		assertContains(t, v, "Seed: Optimize A100 usage before upgrading (optimize_a100; numbers agree)")
		assertContains(t, v, "yes, at 60 %")

		// The A100 side's utilization moves the fleet with it: at 70 %
		// the seed's branch no longer applies.
		m = typeInto(t, selectControl(t, m, "utilization", 0), "70%")
		if u := m.in.Scenario.Context.Utilization; u != m.in.Scenario.SideUtilization(0) || math.Abs(u-0.7) > 1e-9 {
			t.Errorf("fleet utilization %v, want it to follow the A100 side's slider to 0.7", m.in.Scenario.Context.Utilization)
		}
		assertContains(t, m.View(), "(default;")

		m = press(t, selectControl(t, m, "fresh start", -1), "right")
		m = typeInto(t, selectControl(t, m, "H100 budget", -1), "4M")
		v = m.View()
		checkFrame(t, v, sz[0], sz[1])
		assertContains(t, v, "Seed: H100 - better investment for the future (fresh_h100; numbers agree)")
		if sz[0] == 120 {
			golden(t, "context-120x40.golden", v)
		}
		// The overlay states the budget it checked.
		assertContains(t, press(t, m, "s").View(), "$2,338,920/month")
	}
}

// TestFleetUtilizationBindsTheA100Side: the "A100 fleet" context control
// and the A100 side's utilization control are one value, on whichever
// side the A100 is; the other side's utilization moves with neither.
func TestFleetUtilizationBindsTheA100Side(t *testing.T) {
	for _, a100 := range []int{0, 1} {
		t.Run(fmt.Sprintf("A100 as side %c", 'A'+a100), func(t *testing.T) {
			m := newTestModel(t, 120, 40, func(o *Options) {
				if a100 == 1 {
					o.Scenario.Sides[0], o.Scenario.Sides[1] = o.Scenario.Sides[1], o.Scenario.Sides[0]
				}
			})
			other := 1 - a100
			check := func(m Model, fleet, own, others float64) {
				t.Helper()
				s := m.in.Scenario
				if !s.Context.HaveA100Fleet || math.Abs(s.Context.Utilization-fleet) > 1e-9 ||
					math.Abs(s.SideUtilization(a100)-own) > 1e-9 || math.Abs(s.SideUtilization(other)-others) > 1e-9 {
					t.Errorf("fleet %+v, A100 side %v, other %v; want %v, %v, %v", s.Context,
						s.SideUtilization(a100), s.SideUtilization(other), fleet, own, others)
				}
			}
			m = press(t, m, "x")
			// Declaring the fleet takes the A100 side's utilization.
			m = press(t, selectControl(t, m, "A100 fleet", -1), "right")
			check(m, 1, 1, 1)
			// The fleet typed at 60 % moves the A100 side, not the other
			// (the linked controls come apart).
			m = typeInto(t, m, "60%")
			check(m, 0.6, 0.6, 1)
			assertContains(t, m.View(), "Seed: Optimize A100 usage before upgrading (optimize_a100;")
			// The A100 side's control moves the fleet.
			m = typeInto(t, selectControl(t, m, "utilization", a100), "50%")
			check(m, 0.5, 0.5, 1)
			assertContains(t, m.View(), "yes, at 50 %")
			// The other side's moves neither.
			m = typeInto(t, selectControl(t, m, "utilization", other), "90%")
			check(m, 0.5, 0.5, 0.9)
			// Linking again (U) puts both at side A's; the fleet follows
			// the A100 side.
			m = press(t, m, "U")
			want := []float64{0.5, 0.9}[a100]
			check(m, want, want, want)
			// Linked, the A100 side's control moves both sides and the
			// fleet with them.
			m = press(t, selectControl(t, m, "utilization", a100), "left")
			if s := m.in.Scenario; s.Context.Utilization != s.SideUtilization(a100) || s.Context.Utilization >= want {
				t.Errorf("linked: fleet %v, A100 side %v (was %v)", s.Context.Utilization, s.SideUtilization(a100), want)
			}
		})
	}
}

// TestClaimsOverlayKeys: while the overlay is open, arrows scroll it
// rather than move a control unseen; e copies the claims table.
func TestClaimsOverlayKeys(t *testing.T) {
	m := press(t, newTestModel(t, 80, 24), "s")
	before := m.in
	m = press(t, m, "right", "l", "down")
	if m.in != before || m.claims.top != 1 {
		t.Errorf("keys behind the overlay: inputs changed %v, top %d", m.in != before, m.claims.top)
	}
	for _, b := range m.keys.ShortHelp() {
		if b.Help().Desc == "adjust" && b.Enabled() {
			t.Error("the help offers adjust while the overlay is open")
		}
	}
	m = press(t, m, "e")
	if !strings.Contains(m.status, "copied") {
		t.Errorf("status %q after e", m.status)
	}
	if m = press(t, m, "esc"); m.showClaims {
		t.Error("esc should close the overlay")
	}
}

// TestPresentationShowsTheAdvice: presentation mode carries the seed's
// recommendation under the verdict.
func TestPresentationShowsTheAdvice(t *testing.T) {
	v := press(t, newTestModel(t, 80, 24), "v").View()
	assertContains(t, v, "Seed: A100 for experiments, H100 for production (default; numbers agree)")
}

// TestFleetPresetGivesTheFleetAdvice: the sixth preset, "A100 fleet at
// 60 % vs new H100s at 90 %", is there to discuss the seed's fleet advice,
// so its verdict gives that recommendation and x shows the fleet at 60 %.
func TestFleetPresetGivesTheFleetAdvice(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		m := press(t, newTestModel(t, sz[0], sz[1]), "p", "p", "p", "p", "p", "p")
		v := m.View()
		assertContains(t, v, "A100 fleet at 60 %")
		assertContains(t, v, "Seed: Optimize A100 usage before upgrading (optimize_a100;")
		if c := m.in.Scenario.Context; !c.HaveA100Fleet || c.Utilization != 0.6 {
			t.Errorf("%dx%d: context %+v", sz[0], sz[1], c)
		}
		if sz[0] == 120 {
			assertContains(t, press(t, m, "x").View(), "yes, at 60 %")
		}
	}
}
