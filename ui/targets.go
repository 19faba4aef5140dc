package ui

import (
	"strings"

	"infercost/model"
)

// Latency-target controls: "TPOT target" and "TTFT target", each from an
// "off" end up a ladder of round figures, and the scheduling stepper. A
// target chooses the batch (the largest that meets it), so turning one on
// frees the batch.

// tpotTargetControl and ttftTargetControl step over round figures in ms,
// the ones serving SLOs are usually written in.
func tpotTargetControl() control {
	return targetControl("TPOT target", []float64{5, 7.5, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500},
		func(s *model.Scenario) *float64 { return &s.TPOTTargetSeconds })
}

func ttftTargetControl() control {
	return targetControl("TTFT target", []float64{25, 50, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000},
		func(s *model.Scenario) *float64 { return &s.TTFTTargetSeconds })
}

// targetControl steps a target in seconds over rungs given in ms; left of
// the first rung is off.
func targetControl(label string, rungs []float64, field func(*model.Scenario) *float64) control {
	lo, hi := rungs[0], rungs[len(rungs)-1]
	return control{
		label: label, side: -1,
		value: func(in inputs, c model.Comparison) (string, float64) {
			ms := *field(&in.Scenario) * 1e3
			if ms <= 0 {
				return "off", 0
			}
			return "≤ " + trimFloat(ms, 1) + " ms" + targetMark(c), 0.08 + 0.92*logFrac(ms, lo, hi)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			p := field(&in.Scenario)
			ms := *p * 1e3
			switch {
			case ms <= 0 && dir < 0:
				return
			case ms <= 0:
				*p = lo / 1e3
			case dir < 0 && ms <= lo+1e-9:
				*p = 0
			default:
				*p = stepLadder(ms, dir, map[bool]int{true: 3, false: 1}[big], rungs) / 1e3
			}
			freeBatch(in)
		},
		set: func(in *inputs, text string) error {
			t := strings.ToLower(strings.TrimSpace(text))
			if t == "off" || t == "0" || t == "none" {
				*field(&in.Scenario) = 0
				return nil
			}
			v, err := parseNumber(strings.TrimSuffix(t, "ms"))
			if err == nil {
				err = inRange(v, 0.001, model.MaxTargetSeconds*1e3, "off, or a mean latency in ms up to "+thousands(model.MaxTargetSeconds*1e3))
			}
			if err != nil {
				return err
			}
			*field(&in.Scenario) = v / 1e3
			freeBatch(in)
			return nil
		},
	}
}

// targetMark is " ✓" when both sides meet the target, " ✗" when one
// misses it (a word in the panels says which).
func targetMark(c model.Comparison) string {
	for i, r := range c.Results {
		if c.Errs[i] == nil && r.Target.Set && !r.Target.Met {
			return " ✗"
		}
	}
	return ""
}

// freeBatch lets a latency target choose the batch.
func freeBatch(in *inputs) {
	if hasTarget(in.Scenario) {
		in.Scenario.Batch = 0
	}
}

func hasTarget(s model.Scenario) bool { return s.TPOTTargetSeconds > 0 || s.TTFTTargetSeconds > 0 }

// clearTargets turns both targets off, keeping the batch they chose for
// side A, so moving the batch by hand starts from where the target was.
func clearTargets(in *inputs, c model.Comparison) {
	if !hasTarget(in.Scenario) {
		return
	}
	in.Scenario.TPOTTargetSeconds, in.Scenario.TTFTTargetSeconds = 0, 0
	if c.Errs[0] == nil && c.Results[0].Batch > 0 {
		in.Scenario.Batch = c.Results[0].Batch
	}
}

func schedulingControl() control {
	opts := func() []string {
		var out []string
		for _, s := range model.Schedulings() {
			out = append(out, string(s))
		}
		return out
	}
	get := func(in inputs) string {
		if in.Scenario.Scheduling == "" {
			return string(model.InFlight)
		}
		return string(in.Scenario.Scheduling)
	}
	put := func(in *inputs, v string) {
		in.Scenario.Scheduling = model.Scheduling(v)
		if in.Scenario.Scheduling == model.InFlight {
			in.Scenario.Scheduling = "" // the default, as scenario files read it
		}
	}
	show := func(in inputs, _ model.Comparison) string {
		if get(in) == string(model.Static) {
			return "static batches"
		}
		return "in-flight (chunked)"
	}
	parse := func(s string) (string, error) {
		v, err := model.ParseScheduling(strings.ToLower(strings.TrimSpace(s)))
		return string(v), err
	}
	c := choiceControl("scheduling", -1, opts, get, put, show, parse)
	c.advanced = true
	return c
}

// batchText is the batch control's value while a target chooses it.
func batchByTarget(c model.Comparison) string {
	return "target " + perSide(c, func(r model.Result) int { return r.Batch })
}
