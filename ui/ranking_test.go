package ui

import (
	"fmt"
	"strings"
	"testing"

	"infercost/model"
)

// TestUtilizationPerSide: A and B utilization move together until U
// unlinks them; then lowering A's raises only A's $/M.
func TestUtilizationPerSide(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = press(t, selectControl(t, m, "utilization", 1), "H")
	if s := m.in.Scenario; s.Utilization != 0.9 || s.Sides[0].Utilization != 0 || s.Sides[1].Utilization != 0 {
		t.Fatalf("linked B utilization step: scenario %v, sides %v/%v; want the shared 0.9", s.Utilization, s.Sides[0].Utilization, s.Sides[1].Utilization)
	}
	assertContains(t, m.View(), "A=B 90 %")
	before := figures(t, m.View(), "$/M output")
	m = press(t, m, "U", "up", "H", "H")
	s := m.in.Scenario
	if s.SideUtilization(0) != 0.7 || s.SideUtilization(1) != 0.9 {
		t.Fatalf("unlinked: A %v B %v, want 0.7 and 0.9", s.SideUtilization(0), s.SideUtilization(1))
	}
	after := figures(t, m.View(), "$/M output")
	if after[0] <= before[0] || after[1] != before[1] {
		t.Errorf("$/M output A %v -> %v, B %v -> %v: only A's should rise", before[0], after[0], before[1], after[1])
	}
	assertContains(t, m.View(), "A 70 % / B 90 %")
	if m = press(t, m, "U"); !utilizationLinked(m.in.Scenario) || m.in.Scenario.Utilization != 0.7 {
		t.Errorf("U again: linked %v at %v, want linked at A's 0.7", utilizationLinked(m.in.Scenario), m.in.Scenario.Utilization)
	}
}

// TestRankingOverlay: w ranks every GPU, cheapest first; B makes the
// selected row side B; the help never offers a key that does nothing.
func TestRankingOverlay(t *testing.T) {
	user := model.GPU{ID: "mine", Name: "My GPU", MemoryBytes: 96e9, BandwidthBytesPerSecond: 4e12, FP16FLOPS: 900e12,
		LinkBytesPerSecond: 900e9, NVLink: true, GPUsPerNode: 8, ComputeEfficiency16: 0.55, PriceUSDPerHour: 2, User: true}
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := newTestModel(t, sz[0], sz[1], func(o *Options) {
				o.Scenario.Model = "llama-3-70b"
				o.UserGPUs = []model.GPU{user}
			})
			m = press(t, m, "w")
			v := m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, fmt.Sprintf("ranking-%dx%d.golden", sz[0], sz[1]), v)
			assertContains(t, v, "Which GPU")
			assertContains(t, v, "My GPU (yours)")
			if len(m.rank.rows) != len(model.GPUs())+1 {
				t.Fatalf("%d rows ranked", len(m.rank.rows))
			}
			if m.keys.Preset.Enabled() || m.keys.Left.Enabled() || !m.keys.PickA.Enabled() {
				t.Error("with the ranking open only its keys apply")
			}
			m = press(t, m, "down", "B")
			if m.rank.open || m.in.Scenario.Sides[1].GPU != m.rank.rows[1].GPU.ID {
				t.Errorf("B: open %v, side B %s, want %s", m.rank.open, m.in.Scenario.Sides[1].GPU, m.rank.rows[1].GPU.ID)
			}
			if !strings.Contains(m.View(), gpuLabel(m.rank.rows[1].GPU)) {
				t.Errorf("the panels do not show %s", m.rank.rows[1].GPU.Name)
			}
		})
	}
}

// TestUserGPUInChoice: the user's GPU is offered after the catalog,
// marked as theirs, and carried as the side's spec.
func TestUserGPUInChoice(t *testing.T) {
	user := model.GPU{ID: "mine", Name: "My GPU", MemoryBytes: 96e9, BandwidthBytesPerSecond: 4e12, FP16FLOPS: 900e12,
		LinkBytesPerSecond: 900e9, NVLink: true, GPUsPerNode: 8, ComputeEfficiency16: 0.55, PriceUSDPerHour: 2, User: true}
	m := newTestModel(t, 120, 40, func(o *Options) { o.UserGPUs = []model.GPU{user} })
	m = selectControl(t, m, "GPU", 1)
	for range len(model.GPUs()) {
		m = press(t, m, "right")
	}
	sd := m.in.Scenario.Sides[1]
	if sd.GPU != "mine" || sd.Spec == nil || sd.USDPerGPUHour != 2 {
		t.Fatalf("side B %+v, want the user's GPU at $2", sd)
	}
	assertContains(t, m.View(), "My GPU (yours)")
}

// TestRankingCopiesAsMarkdown: e in the ranking copies the table report
// --rank prints (OSC 52) and says so.
func TestRankingCopiesAsMarkdown(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "w")
	m = press(t, m, "e")
	assertContains(t, m.View(), "copied the ranking as Markdown (OSC 52)")
	if !m.rank.open {
		t.Error("copying closed the ranking")
	}
}

// TestOverlayCopiesSayWhat: e in the sensitivity overlay says it copied
// that table, not the summary.
func TestOverlayCopiesSayWhat(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "m", "e")
	assertContains(t, m.View(), "copied the sensitivity table as Markdown (OSC 52)")
}

// TestScenarioGPUIsAChoice: a GPU of the user's own that arrives only
// inside the scenario (a file or share string from a colleague) stays
// among the GPU choices after the side steps away from it.
func TestScenarioGPUIsAChoice(t *testing.T) {
	mine := model.GPU{ID: "lab-accel", Name: "Lab Accel 96GB", MemoryBytes: 96e9, BandwidthBytesPerSecond: 4e12, FP16FLOPS: 900e12,
		LinkBytesPerSecond: 900e9, NVLink: true, GPUsPerNode: 8, ComputeEfficiency16: 0.55, PriceUSDPerHour: 3, User: true}
	s := model.DefaultScenario()
	s.Sides[1] = model.Side{GPU: mine.ID, USDPerGPUHour: mine.PriceUSDPerHour, Spec: &mine}
	m := newTestModel(t, 120, 40, func(o *Options) { o.Scenario = s })
	assertContains(t, m.View(), "Lab Accel 96GB (yours)")
	m = selectControl(t, m, "GPU", 1)
	m = press(t, m, "left")
	if got := m.in.Scenario.Sides[1].GPU; got == mine.ID {
		t.Fatalf("← did not step away from %s", got)
	}
	m = press(t, m, "right")
	if sd := m.in.Scenario.Sides[1]; sd.GPU != mine.ID || sd.Spec == nil || sd.Spec.Name != mine.Name || sd.USDPerGPUHour != mine.PriceUSDPerHour {
		t.Errorf("→ did not step back to the scenario's own GPU: side B is %q", sd.GPU)
	}
	assertContains(t, m.View(), "Lab Accel 96GB (yours)")
}
