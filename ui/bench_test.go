package ui

import (
	"fmt"
	"testing"
)

// BenchmarkView builds the whole screen from the cached blocks. Budget:
// 1 ms at 120x40, 2 ms at 200x60.
func BenchmarkView(b *testing.B) {
	for _, sz := range [][2]int{{120, 40}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			m := newTestModel(b, sz[0], sz[1])
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkSliderStep is one key press that moves a slider: recompute,
// redraw the charts that depend on it, and build the screen.
func BenchmarkSliderStep(b *testing.B) {
	benchSizeSteps(b)
}

// BenchmarkSliderStepTarget is the same step with a TPOT and a TTFT
// target set: every size on the size chart then gets the batch its
// target chooses, as the panels would show it.
func BenchmarkSliderStepTarget(b *testing.B) {
	benchSizeSteps(b, func(o *Options) {
		o.Scenario.Batch = 0
		o.Scenario.TPOTTargetSeconds, o.Scenario.TTFTTargetSeconds = 0.04, 0.2
	})
}

func benchSizeSteps(b *testing.B, opts ...func(*Options)) {
	for _, sz := range [][2]int{{120, 40}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			m := newTestModel(b, sz[0], sz[1], opts...)
			m = selectControl(b, m, "size", -1)
			left, right := keyMsg("h"), keyMsg("l")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				k := right
				if i%2 == 1 {
					k = left
				}
				i++
				next, _ := m.Update(k)
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}
