package ui

import (
	"strconv"
	"strings"
	"testing"
)

// Each control visibly changes the figures, in the direction physics or
// arithmetic says. Figures are read off the screen at 120x40, where the
// two panels sit side by side ([A, B] on one line).
func TestSlidersMoveFigures(t *testing.T) {
	const up, down = 1, -1
	tests := []struct {
		name    string
		control string
		side    int
		setup   []string // keys pressed first (from the start scenario)
		keys    []string
		figure  string
		figSide int
		dir     int
	}{
		{"B price raises B $/M", "$/GPU-hour", 1, nil, []string{"l", "l", "L"}, "$/M output", 1, up},
		{"A price raises A $/M", "$/GPU-hour", 0, nil, []string{"L"}, "$/M output", 0, up},
		{"B price raises B $/h", "$/GPU-hour", 1, nil, []string{"L"}, "$/h replica", 1, up},
		{"A price lowers A $/M", "$/GPU-hour", 0, nil, []string{"H"}, "$/M output", 0, down},
		{"larger model raises decode ms (fixed GPUs)", "size", -1, []string{"tp4"}, []string{"l"}, "decode/token", 0, up},
		{"smaller model lowers decode ms", "size", -1, []string{"tp4"}, []string{"H"}, "decode/token", 1, down},
		{"bigger batch raises tok/s", "batch", -1, nil, []string{"L", "L"}, "tok/s replica", 0, up},
		{"bigger batch raises decode ms", "batch", -1, nil, []string{"L", "L", "L"}, "decode/token", 1, up},
		{"longer prompt raises TTFT", "prompt tok", -1, nil, []string{"L"}, "TTFT idle", 0, up},
		{"longer output lowers max batch", "output tok", -1, nil, []string{"L", "L"}, "/", 1, down}, // the max batch, after "batch / max  1 /"
		{"pinning A tok/s up raises A tok/s", "tok/s", 0, nil, []string{"L"}, "tok/s replica", 0, up},
		{"pinning B tok/s up lowers B $/M", "tok/s", 1, nil, []string{"L"}, "$/M output", 1, down},
		{"lower utilization raises $/M", "utilization", 0, nil, []string{"H"}, "$/M output", 0, up},
		{"fewer GPUs per replica raises decode ms", "GPUs/replica", -1, []string{"tp4"}, []string{"h"}, "decode/token", 0, up},
		{"int8 weights lower A's decode ms (fixed GPUs)", "weights", 0, []string{"tp4"}, []string{"l", "l", "l"}, "decode/token", 0, down},
		{"fp8 weights lower B's decode ms", "weights", 1, []string{"tp4"}, []string{"l", "l"}, "decode/token", 1, down},
		{"fp8 KV frees memory (max batch up)", "KV cache", -1, nil, []string{"l", "l"}, "/", 0, up},
		{"fleet load raises fleet size", "fleet load", -1, []string{"wide"}, []string{"L"}, "A ●", 0, up},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := 120, 40
			if len(tt.setup) > 0 && tt.setup[0] == "wide" {
				w, h = 200, 60
			}
			m := newTestModel(t, w, h)
			if len(tt.setup) > 0 && tt.setup[0] == "tp4" {
				m = fixTP(t, m, "4")
			}
			m = selectControl(t, m, tt.control, tt.side)
			before := figureOf(t, m.View(), tt.figure, tt.figSide)
			m = press(t, m, tt.keys...)
			after := figureOf(t, m.View(), tt.figure, tt.figSide)
			if (after-before)*float64(tt.dir) <= 0 {
				t.Errorf("%s: %q side %d went %v -> %v, want %+d direction", tt.name, tt.figure, tt.figSide, before, after, tt.dir)
			}
		})
	}
}

func TestAdvancedKnobsMoveFigures(t *testing.T) {
	tests := []struct {
		control string
		keys    []string
		figure  string
		dir     int
	}{
		{"bandwidth eff", []string{"H"}, "decode/token", 1},
		{"step overhead", []string{"L", "L", "L", "L", "L", "L", "L", "L", "L", "L"}, "decode/token", 1},
		{"all-reduce", []string{"L", "L"}, "decode/token", 1},
		{"prefill ovh", []string{"L", "L"}, "TTFT idle", 1},
		{"mem reserve", []string{"L", "L"}, "/", -1},
		{"compute eff", []string{"l"}, "TTFT idle", 1}, // 0 = GPU default (50 % on H100 16-bit) -> 1 %
	}
	for _, tt := range tests {
		t.Run(tt.control, func(t *testing.T) {
			m := press(t, fixTP(t, newTestModel(t, 120, 40), "2"), "a")
			m = selectControl(t, m, tt.control, -1)
			before := figureOf(t, m.View(), tt.figure, 1)
			m = press(t, m, tt.keys...)
			after := figureOf(t, m.View(), tt.figure, 1)
			if (after-before)*float64(tt.dir) <= 0 {
				t.Errorf("%s: %q went %v -> %v, want %+d direction", tt.control, tt.figure, before, after, tt.dir)
			}
		})
	}
}

func TestChoiceControlsChangeWhatIsShown(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "GPU", 1)
	m = press(t, m, "l") // h100-sxm -> h100-pcie
	assertContains(t, m.View(), "B ▲ H100 PCIe 80GB")
	m = selectControl(t, m, "model", -1)
	m = press(t, m, "l")
	assertContains(t, m.View(), "Llama-2-7B")
}

func TestFP8OnA100IsRefusedWithReason(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "weights", 0)
	m = press(t, m, "l", "l") // A: fp16 -> bf16 -> fp8
	v := m.View()
	assertContains(t, v, "cannot run this")
	assertContains(t, v, "FP8")
	if f := figures(t, v, "$/M output"); len(f) != 1 {
		t.Errorf("want only B's $/M on screen, got %v", f)
	}
}

func TestUnpinReturnsToEstimate(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "tok/s", 0)
	est := figureOf(t, m.View(), "tok/s replica", 0)
	m = press(t, m, "L", "L")
	assertContains(t, m.View(), "pin")
	if figureOf(t, m.View(), "tok/s replica", 0) == est {
		t.Fatal("moving tok/s did not pin a new figure")
	}
	m = press(t, m, "u")
	if got := figureOf(t, m.View(), "tok/s replica", 0); got != est {
		t.Errorf("after u: %v, want the estimate %v", got, est)
	}
	if strings.Contains(m.View(), " pin") {
		t.Error("still shows pinned")
	}
}

func TestSizeMakesModelCustom(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "model", -1)
	m = press(t, m, "l", "l", "l") // llama-2-7b, 13b, 70b
	assertContains(t, m.View(), "Llama-2-70B")
	m = selectControl(t, m, "size", -1)
	m = press(t, m, "l")
	if m.in.Scenario.Model != "custom" || m.in.Scenario.ParamsB <= 68.98 {
		t.Errorf("size step gave model %q at %vB, want custom above 69B", m.in.Scenario.Model, m.in.Scenario.ParamsB)
	}
}

// fixTP types an exact GPUs-per-replica value, so that the figures
// compared are for the same replica (auto may change it).
func fixTP(t *testing.T, m Model, n string) Model {
	t.Helper()
	m = selectControl(t, m, "GPUs/replica", -1)
	m = press(t, m, "enter")
	for _, r := range n {
		m = press(t, m, string(r))
	}
	m = press(t, m, "enter")
	if got := m.in.Scenario.GPUsPerReplica; strconv.Itoa(got) != n {
		t.Fatalf("GPUs per replica %d after typing %s", got, n)
	}
	return m
}
