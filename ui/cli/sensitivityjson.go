package cli

import (
	"fmt"
	"io"

	"infercost/model"
	"infercost/model/sensitivity"
	"infercost/ui/report"
	"infercost/ui/scenario"
)

// runSensitivity prints report --sensitivity: each assumption moved
// alone across its range, sorted by swing.
func runSensitivity(opts reportOptions, stdout, stderr io.Writer) int {
	s := opts.scenario
	s.Sides = [2]model.Side{opts.sides[0], opts.sides[1]}
	x, err := report.NewSensitivity(s)
	if err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitUsage
	}
	if err := writeTable(stdout, opts.format, x, func() any { return newSensitivityJSON(x) }); err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitError
	}
	return exitOK
}

// runShare prints report --share: the scenario as one share string.
func runShare(opts reportOptions, stdout, stderr io.Writer) int {
	s := opts.scenario
	s.Sides = [2]model.Side{opts.sides[0], opts.sides[1]}
	str, err := scenario.Share(s)
	if err != nil {
		fmt.Fprintln(stderr, "infercost report:", err)
		return exitUsage
	}
	fmt.Fprintln(stdout, str)
	return exitOK
}

// sensitivityJSON is report --sensitivity --format json. Field names are
// a contract with scripts: add fields, never rename.
type sensitivityJSON struct {
	Scenario    string          `json:"scenario"`
	GPUs        [2]string       `json:"gpus"`
	Sensitivity []sensitiveJSON `json:"sensitivity"`
}

// sensitiveJSON is one assumption. usd_per_million_tokens holds each
// GPU's $ per million output tokens at [low, high]; null where the GPU
// cannot take that step (and then cost_ratio's entry is null too).
type sensitiveJSON struct {
	Assumption    string        `json:"assumption"`
	Label         string        `json:"label"`
	Unit          string        `json:"unit"`
	Base          any           `json:"base"`
	Low           any           `json:"low"`
	High          any           `json:"high"`
	USDPerMillion orderedObject `json:"usd_per_million_tokens"`
	CostRatio     [2]*float64   `json:"cost_ratio"`
	Swing         float64       `json:"swing"`
	Complete      bool          `json:"complete"`
	FlipsVerdict  bool          `json:"flips_verdict"`
	FlipsAt       any           `json:"flips_at"`
}

func optional(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	r := report.RoundFigure(v)
	return &r
}

func newSensitivityJSON(x report.SensitivityExport) sensitivityJSON {
	out := sensitivityJSON{Scenario: x.Scenario.Name, GPUs: x.GPUs, Sensitivity: []sensitiveJSON{}}
	for _, r := range x.Rows {
		row := sensitiveJSON{Assumption: r.Key, Label: r.Label, Unit: r.Unit,
			Base: report.ValueJSON(r, r.Base, r.Low.Precision), Low: report.ValueJSON(r, r.Low.Value, r.Low.Precision),
			High: report.ValueJSON(r, r.High.Value, r.High.Precision), Swing: report.RoundFigure(r.Swing),
			Complete: r.Complete, FlipsVerdict: r.FlipsVerdict}
		for i, id := range x.GPUs {
			row.USDPerMillion = append(row.USDPerMillion, jsonKV{id, [2]*float64{
				optional(r.Low.USDPerMillion[i], r.Low.OK[i]), optional(r.High.USDPerMillion[i], r.High.OK[i])}})
		}
		for j, e := range []sensitivity.SensitivityEnd{r.Low, r.High} {
			v, ok := e.CostRatio()
			row.CostRatio[j] = optional(v, ok)
		}
		if r.FlipsVerdict {
			row.FlipsAt = report.ValueJSON(r, r.FlipsAt, r.FlipsAtPrecision)
		}
		out.Sensitivity = append(out.Sensitivity, row)
	}
	return out
}
