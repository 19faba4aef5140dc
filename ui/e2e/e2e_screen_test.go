//go:build linux

package e2e

// Reading the explorer's screen as a person does: which control is
// selected, what a slider says, what each GPU panel says.

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// What the explorer shows and which keys drive it (ui/keys.go).
var (
	// e2eReadyTexts together mean the first full frame is on the screen:
	// both GPUs, and the footer, which is drawn last.
	e2eReadyTexts = []string{"A100 80GB SXM", "H100 SXM 80GB", "↑/↓ select"}
	e2eQuitKey    = "q"
	// e2eHelpOnly is text only the help page shows.
	e2eHelpOnly = "reset to the loaded scenario"
	// e2eTooSmall is what a too-small terminal shows.
	e2eTooSmall = "enlarge the terminal to at least 80x24"
)

// sliderSteps is n presses that move the selected slider, alternating
// right and left so no step is lost at the end of a slider's range.
func sliderSteps(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "right"
		if i%2 == 1 {
			keys[i] = "left"
		}
	}
	return keys
}

// selectedControl is the row of the control marked ▸ at the left edge,
// from its label on ("" when none is on screen).
func selectedControl(rows []string) string {
	for _, r := range rows {
		if rest, ok := strings.CutPrefix(r, "▸ "); ok {
			return rest
		}
	}
	return ""
}

// selectControl presses down until the control called label is selected.
func (s *e2eTerm) selectControl(t *testing.T, label string) {
	t.Helper()
	for range 40 {
		cur := selectedControl(s.Screen())
		if strings.HasPrefix(cur, label+" ") {
			return
		}
		if err := s.write([]byte(keyBytes("down"))); err != nil {
			t.Fatal(err)
		}
		if !s.WaitFor(5*time.Second, func(rows []string) bool { return selectedControl(rows) != cur }) {
			t.Fatalf("%q did not move the selection (looking for %q):\n%s", "down", label, s.ScreenText())
		}
	}
	t.Fatalf("could not select %q:\n%s", label, s.ScreenText())
}

var (
	moneyRe = regexp.MustCompile(`\$([0-9][0-9,]*(?:\.[0-9]+)?)(M?)`)
	// The panels' cost per million output tokens ("$/M output" when wide,
	// "$/M out" when compact), one per side on the same row.
	outCostRe = regexp.MustCompile(`\$/M out(?:put)?\s+(\$[0-9][0-9,.]*M?)`)
)

// parseMoney reads "$2.50", "$12,345" or "$1.2M".
func parseMoney(s string) (float64, bool) {
	m := moneyRe.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	if m[2] == "M" {
		v *= 1e6
	}
	return v, err == nil
}

// sliderPrice is the $/GPU-hour a price slider shows, e.g. for
// "B $/GPU-hour  ━━━━━◆──────  $4.50/h" (0, false if not on screen).
func sliderPrice(rows []string, label string) (float64, bool) {
	for _, r := range rows {
		if _, rest, ok := strings.Cut(r, label); ok {
			if i := strings.Index(rest, "/h"); i >= 0 {
				return parseMoney(rest[:i])
			}
		}
	}
	return 0, false
}

// outputCost is each side's $ per million output tokens from the panels.
func outputCost(rows []string) (sides [2]float64, ok bool) {
	for _, r := range rows {
		m := outCostRe.FindAllStringSubmatch(r, -1)
		if len(m) != 2 {
			continue
		}
		a, okA := parseMoney(m[0][1])
		b, okB := parseMoney(m[1][1])
		return [2]float64{a, b}, okA && okB
	}
	return sides, false
}

// priceReading is what a person reads off the screen about one price
// slider and both panels' output cost.
type priceReading struct {
	price float64
	cost  [2]float64
	ok    bool
}

func readPrice(rows []string, label string) priceReading {
	p, ok1 := sliderPrice(rows, label)
	c, ok2 := outputCost(rows)
	return priceReading{p, c, ok1 && ok2}
}
