package screen

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/muesli/termenv"
)

var update = flag.Bool("update", false, "rewrite testdata/bytes.json with this build's byte counts")

// byteCounts are the bytes the explorer writes for a fixed sequence of
// steps at 120x40 in a truecolor terminal (medians per step).
type byteCounts struct {
	Start     int `json:"start"`
	PriceStep int `json:"price_step_median"`
	SizeStep  int `json:"size_step_median"`
	Total     int `json:"total"`
}

// Budgets of the bytes a step may write at 120x40 (a model-size step
// redraws a chart's curves; a price step only figures and a slider).
const (
	priceStepBudget = 1800
	sizeStepBudget  = 4500
	// regression is how much a figure may grow over testdata/bytes.json.
	regression = 1.2
)

// TestBytesPerStep counts the bytes of a fixed sequence of steps, with no
// terminal and no clock, so every machine counts the same. It fails when
// a figure grows more than 20 % over testdata/bytes.json (a change that
// adds to the screen on purpose updates that file: go test -run
// TestBytesPerStep ./ui/screen -update) or exceeds its budget.
func TestBytesPerStep(t *testing.T) {
	got := countBytes(t)
	path := filepath.Join("testdata", "bytes.json")
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want byteCounts
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	t.Logf("bytes at 120x40: %+v (recorded: %+v)", got, want)
	for _, f := range []struct {
		name      string
		got, want int
	}{
		{"start-up frame", got.Start, want.Start},
		{"price step (median)", got.PriceStep, want.PriceStep},
		{"model-size step (median)", got.SizeStep, want.SizeStep},
		{"whole sequence", got.Total, want.Total},
	} {
		if float64(f.got) > regression*float64(f.want) {
			t.Errorf("%s: %d B, more than %.0f %% over the recorded %d B", f.name, f.got, 100*(regression-1), f.want)
		}
	}
	if got.PriceStep > priceStepBudget || got.SizeStep > sizeStepBudget {
		t.Errorf("a price step writes %d B (budget %d), a model-size step %d B (budget %d)",
			got.PriceStep, priceStepBudget, got.SizeStep, sizeStepBudget)
	}
}

// countBytes runs the sequence: start, select A's price, ten steps down
// and ten up, select the model size, ten down and ten up.
func countBytes(t *testing.T) byteCounts {
	var c byteCounts
	var step []int
	e := newExplorer(t, termenv.TrueColor, 120, 40, false, func(b []byte) {
		c.Total += len(b)
		step = append(step, len(b))
	})
	c.Start = c.Total
	steps := func() int {
		step = step[:0]
		for _, k := range []string{"left", "right"} {
			for range 10 {
				e.key(k)
			}
		}
		return median(step)
	}
	e.selectControl("A $/GPU-hour")
	c.PriceStep = steps()
	e.key("g") // the first control
	e.selectControl("size")
	c.SizeStep = steps()
	return c
}

func median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
