package screen

import (
	"fmt"
	"testing"

	"github.com/muesli/termenv"
)

// BenchmarkPriceStep is one price step of the explorer drawn by the
// painter: the model's update and view, and the frame.
func BenchmarkPriceStep(b *testing.B) {
	for _, sz := range [][2]int{{120, 40}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			bytes := 0
			e := newExplorer(b, termenv.TrueColor, sz[0], sz[1], false, func(f []byte) { bytes += len(f) })
			e.selectControl("A $/GPU-hour")
			b.ReportAllocs()
			b.ResetTimer() // not the set-up
			bytes = 0
			for i := range b.N {
				e.key([]string{"left", "right"}[i%2])
			}
			b.ReportMetric(float64(bytes)/float64(b.N), "B/step")
		})
	}
}

// BenchmarkFrame is the painter alone: a view it has not drawn (the two
// alternate) at 200x60.
func BenchmarkFrame(b *testing.B) {
	var views []string
	e := newExplorer(b, termenv.TrueColor, 200, 60, false, func([]byte) {})
	e.selectControl("A $/GPU-hour")
	for _, k := range []string{"left", "right"} {
		e.key(k)
		views = append(views, e.m.View())
	}
	pt := newPainter("xterm-256color", false)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		pt.frame(views[i%2], 200, 60)
	}
}
