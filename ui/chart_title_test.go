package ui

import (
	"io"
	"strings"
	"testing"

	"infercost/model"
	"infercost/theme"
	"infercost/ui/text"
)

// A chart's title says the whole of what it says, or leaves a part out:
// it is never cut mid-word ("… ┊ now A 60 % / B 100…"), and it ends two
// or more columns before the chart's edge, so the title of a chart to its
// right never reads as its continuation.
func TestChartTitlesWholeWithGap(t *testing.T) {
	scenarios := chartScenarios()
	s := model.DefaultScenario()
	s.Batch = 32
	scenarios["batch 32"] = s
	s.Batch, s.TPOTTargetSeconds, s.Sides[0].Utilization = 0, 0.04, 0.6
	scenarios["TPOT target, A at 60 %"] = s
	th := theme.New(asciiRenderer(io.Discard), theme.None)
	for name, s := range scenarios {
		cmp, err := model.Compare(s)
		if err != nil {
			t.Fatal(name, err)
		}
		for k := chartKind(0); k < numCharts; k++ {
			for w := 30; w <= 130; w++ { // past 130 every full title fits
				ch := newChart(th, k).Show(computed{in: inputs{Scenario: s}, cmp: cmp}, w, 12)
				title, _, _ := strings.Cut(ch.View(), "\n")
				used := text.Width(strings.TrimRight(title, " "))
				if strings.Contains(title, "…") || used > w-2 {
					t.Errorf("%s, %s at width %d: title %q (%d columns used)", name, specOf(k).title, w, title, used)
				}
			}
		}
	}
}

// The QA case: at 120x40 after c, the throughput and TTFT charts sit
// side by side; their titles ran together with one space ("… now batch
// 32 TTFT (ms) vs prompt length").
func TestSideBySideChartTitlesApart(t *testing.T) {
	m := newTestModel(t, 120, 40, func(o *Options) { o.Scenario.Batch = 32 })
	m = press(t, m, "c")
	second := specOf(chartTTFT).title
	for _, line := range strings.Split(m.View(), "\n") {
		before, _, ok := strings.Cut(line, second)
		if !ok {
			continue
		}
		if !strings.Contains(before, specOf(chartBatch).title) && !strings.Contains(before, specOf(chartBatch).short) {
			t.Fatalf("the throughput chart's title is not left of the TTFT chart's:\n%s", line)
		}
		if !strings.HasSuffix(before, "  ") {
			t.Errorf("titles run together:\n%s", line)
		}
		return
	}
	t.Fatalf("no TTFT chart title after c:\n%s", m.View())
}
