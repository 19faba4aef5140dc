package report

import (
	"fmt"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/model/sensitivity"
)

// SensitivityExport is "what moves the answer" for one scenario: each
// assumption moved alone across its range (sensitivity.Of), sorted
// by swing. Markdown and CSVRecords print the same rows.
type SensitivityExport struct {
	Scenario model.Scenario
	// GPUs and Names are the two sides' GPU ids and names; an id that
	// both sides share is told apart by its side letter ("h100-sxm (B)").
	GPUs, Names [2]string
	Rows        []sensitivity.Sensitivity
}

// NewSensitivity computes the sensitivity of s's two sides.
func NewSensitivity(s model.Scenario) (SensitivityExport, error) {
	rows, err := sensitivity.Of(s)
	if err != nil {
		return SensitivityExport{}, err
	}
	x := SensitivityExport{Scenario: s, Rows: rows}
	for i, sd := range s.Sides {
		x.GPUs[i], x.Names[i] = sd.GPU, sd.GPU
		if g, err := sd.LookupGPU(); err == nil {
			x.GPUs[i], x.Names[i] = g.ID, g.Name
		}
	}
	if x.GPUs[0] == x.GPUs[1] {
		x.GPUs[1] += " (B)"
		x.Names[1] += " (B)"
	}
	return x, nil
}

// ValueText words one value of a row in its unit: "$4.00/h", "50 %",
// "16", "x0.5", "52.5B", "fp8".
func ValueText(r sensitivity.Sensitivity, x float64, p model.Precision) string {
	switch r.Unit {
	case "precision":
		if p == "" {
			return "none"
		}
		return string(p)
	case "USD/GPU-hour":
		return "$" + strconv.FormatFloat(x, 'f', 2, 64) + "/h"
	case "fraction":
		return strconv.FormatFloat(RoundFigure(100*x), 'f', -1, 64) + " %"
	case "x":
		return "x" + strconv.FormatFloat(RoundFigure(x), 'f', -1, 64)
	case "B params":
		return strconv.FormatFloat(RoundFigure(x), 'f', -1, 64) + "B"
	case "ms", "us":
		return strconv.FormatFloat(RoundFigure(x), 'f', -1, 64) + " " + map[string]string{"ms": "ms", "us": "µs"}[r.Unit]
	}
	return strconv.FormatFloat(RoundFigure(x), 'f', -1, 64)
}

// RangeText is a row's range: "$4.00/h → $5.00/h (now $4.50/h)".
func RangeText(r sensitivity.Sensitivity) string {
	lo, hi := ValueText(r, r.Low.Value, r.Low.Precision), ValueText(r, r.High.Value, r.High.Precision)
	if r.Unit == "precision" {
		return lo + " → " + hi
	}
	return lo + " → " + hi + " (now " + ValueText(r, r.Base, "") + ")"
}

// FlipText says where a row turns the verdict, or "".
func FlipText(r sensitivity.Sensitivity) string {
	if !r.FlipsVerdict {
		return ""
	}
	return "flips at " + ValueText(r, r.FlipsAt, r.FlipsAtPrecision)
}

// CostText is side i's $ per million output tokens at one end: "$67.81"
// or "n/a" (a step it cannot take).
func CostText(e sensitivity.SensitivityEnd, i int) string {
	if !e.OK[i] {
		return "n/a"
	}
	return money(e.USDPerMillion[i])
}

// RatioText is B/A's cost ratio at one end: "1.13x", or "n/a".
func RatioText(e sensitivity.SensitivityEnd) string {
	r, ok := e.CostRatio()
	if !ok {
		return "n/a"
	}
	return strconv.FormatFloat(RoundFigure(r), 'f', -1, 64) + "x"
}

// SwingText is a row's swing as a percentage, "n/a" when no side moved
// through both ends.
func SwingText(r sensitivity.Sensitivity) string {
	if r.Swing == 0 && !r.Complete {
		return "n/a"
	}
	return model.FormatPercent(r.Swing)
}

// Markdown is one table: each assumption, its range, each GPU's $ per
// million output tokens at both ends, the cost ratio and the flip.
func (x SensitivityExport) Markdown() string {
	var b strings.Builder
	name := x.Scenario.Name
	if name == "" {
		name = "infercost comparison"
	}
	fmt.Fprintf(&b, "### What moves the answer: %s\n\n", mdText(name))
	b.WriteString("Each assumption moved alone across its range, the rest held (GPUs per replica as resolved now); " +
		"$ per million output tokens at the low → high end, sorted by swing. n/a: a step that GPU cannot take.\n\n")
	fmt.Fprintf(&b, "| Assumption | Range | %s $/M | %s $/M | B/A cost | Swing | Verdict |\n|:--|:--|--:|--:|--:|--:|:--|\n",
		mdText(x.Names[0]), mdText(x.Names[1]))
	for _, r := range x.Rows {
		flip := FlipText(r)
		if flip == "" {
			flip = "holds"
		} else {
			flip = "**" + flip + "**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s → %s | %s → %s | %s → %s | %s | %s |\n", mdText(r.Label), mdText(RangeText(r)),
			CostText(r.Low, 0), CostText(r.High, 0), CostText(r.Low, 1), CostText(r.High, 1),
			RatioText(r.Low), RatioText(r.High), SwingText(r), flip)
	}
	return b.String()
}

// SensitivityCSVHeader names the CSV columns, as the JSON names them.
func SensitivityCSVHeader(gpus [2]string) []string {
	return []string{"assumption", "label", "unit", "base", "low", "high",
		gpus[0] + " at_low", gpus[0] + " at_high", gpus[1] + " at_low", gpus[1] + " at_high",
		"cost_ratio at_low", "cost_ratio at_high", "swing", "flips_verdict", "flips_at"}
}

// CSVRecords is the header and one record per assumption; a null is an
// empty field.
func (x SensitivityExport) CSVRecords() [][]string {
	out := [][]string{SensitivityCSVHeader(x.GPUs)}
	num := func(v float64, ok bool) string {
		if !ok {
			return ""
		}
		return strconv.FormatFloat(RoundFigure(v), 'f', -1, 64)
	}
	for _, r := range x.Rows {
		rec := []string{r.Key, r.Label, r.Unit, csvValue(ValueJSON(r, r.Base, r.Low.Precision)),
			csvValue(ValueJSON(r, r.Low.Value, r.Low.Precision)), csvValue(ValueJSON(r, r.High.Value, r.High.Precision))}
		for i := range 2 {
			rec = append(rec, num(r.Low.USDPerMillion[i], r.Low.OK[i]), num(r.High.USDPerMillion[i], r.High.OK[i]))
		}
		rl, okl := r.Low.CostRatio()
		rh, okh := r.High.CostRatio()
		rec = append(rec, num(rl, okl), num(rh, okh), num(r.Swing, true), strconv.FormatBool(r.FlipsVerdict), "")
		if r.FlipsVerdict {
			rec[len(rec)-1] = csvValue(ValueJSON(r, r.FlipsAt, r.FlipsAtPrecision))
		}
		out = append(out, rec)
	}
	return out
}

func csvValue(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// ValueJSON is one value of a row for JSON and CSV: a number rounded as
// every figure is, or for precision rows its name (nil when none).
func ValueJSON(r sensitivity.Sensitivity, x float64, p model.Precision) any {
	if r.Unit == "precision" {
		if p == "" {
			return nil
		}
		return string(p)
	}
	return RoundFigure(x)
}
