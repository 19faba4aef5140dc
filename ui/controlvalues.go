package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"infercost/model"
)

// Numeric controls: batch, token lengths, prices, throughput, fractions,
// the fleet load and the advanced efficiency knobs.

func batchControl() control {
	ladder := pow2Ladder(model.MaxBatch)
	return control{
		label: "batch", side: -1,
		value: func(in inputs, c model.Comparison) (string, float64) {
			if hasTarget(in.Scenario) {
				return batchByTarget(c), 1
			}
			if in.Scenario.Batch == 0 {
				return "max → " + perSide(c, func(r model.Result) int { return r.Batch }), 1
			}
			return strconv.Itoa(in.Scenario.Batch), logFrac(float64(in.Scenario.Batch), 1, model.MaxBatch) * 0.95
		},
		// "max" sits past the top rung; stepping down from it lands on the
		// largest rung that fits both sides.
		step: func(in *inputs, c model.Comparison, dir int, big bool) {
			clearTargets(in, c) // moving the batch by hand turns a target off
			n := map[bool]int{true: 2, false: 1}[big]
			b := float64(in.Scenario.Batch)
			switch {
			case in.Scenario.Batch == 0 && dir > 0:
				return
			case in.Scenario.Batch == 0:
				b = float64(fitBatch(c)) + 0.5
			case dir > 0 && b >= ladder[len(ladder)-1]:
				in.Scenario.Batch = 0
				return
			}
			in.Scenario.Batch = int(stepLadder(b, dir, n, ladder))
		},
		set: func(in *inputs, text string) error {
			t := strings.ToLower(strings.TrimSpace(text))
			in.Scenario.TPOTTargetSeconds, in.Scenario.TTFTTargetSeconds = 0, 0 // a typed batch replaces a target
			if t == "max" || t == "0" {
				in.Scenario.Batch = 0
				return nil
			}
			v, err := parseNumber(t)
			if err != nil || v != math.Trunc(v) || v < 1 || v > model.MaxBatch {
				return fmt.Errorf("enter max or a whole number from 1 to %d", model.MaxBatch)
			}
			in.Scenario.Batch = int(v)
			return nil
		},
	}
}

// fitBatch is the largest batch both sides hold (at least 1).
func fitBatch(c model.Comparison) int {
	b := math.MaxInt
	for i, r := range c.Results {
		if c.Errs[i] == nil {
			b = min(b, r.MaxBatch)
		}
	}
	if b == math.MaxInt || b < 1 {
		return 1
	}
	return b
}

func tokensControl(label string, field func(*model.Scenario) *int) control {
	ladder := pow2Ladder(model.MaxTokens)
	return control{
		label: label, side: -1,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := *field(&in.Scenario)
			return strconv.Itoa(v), logFrac(float64(v), 1, model.MaxTokens)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			n := map[bool]int{true: 2, false: 1}[big]
			p := field(&in.Scenario)
			*p = int(stepLadder(float64(*p), dir, n, ladder))
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(text)
			if err != nil || v != math.Trunc(v) || v < 1 || v > model.MaxTokens {
				return fmt.Errorf("enter a whole number of tokens from 1 to %d", model.MaxTokens)
			}
			*field(&in.Scenario) = int(v)
			return nil
		},
	}
}

// priceScale is the bar's full scale for both price sliders, shared so
// the bars compare.
func priceScale(in inputs) float64 {
	return math.Max(10, 1.25*math.Max(in.Scenario.Sides[0].USDPerGPUHour, in.Scenario.Sides[1].USDPerGPUHour))
}

func priceControl(side int) control {
	return control{
		label: "$/GPU-hour", side: side, price: true,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := in.Scenario.Sides[side].USDPerGPUHour
			return fmtUSD(v) + "/h", v / priceScale(in)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			step := map[bool]float64{true: 1, false: 0.10}[big]
			sd := &in.Scenario.Sides[side]
			sd.USDPerGPUHour, sd.PriceQuote = stepLinear(sd.USDPerGPUHour, dir, step, 0, maxSliderPrice), ""
		},
		set: func(in *inputs, text string) error {
			sd := &in.Scenario.Sides[side]
			v, err := parseNumber(strings.TrimSuffix(strings.TrimSpace(text), "/h"))
			if err != nil {
				if q, ok := quoteNamed(*sd, text); ok {
					sd.SetQuote(q)
					return nil
				}
			}
			if err == nil {
				err = inRange(v, 0, maxSliderPrice, fmt.Sprintf("0 to %g $/GPU-hour", maxSliderPrice))
			}
			if err != nil {
				return fmt.Errorf("%v%s", err, quoteNames(*sd))
			}
			sd.USDPerGPUHour, sd.PriceQuote = v, ""
			return nil
		},
	}
}

func throughputControl(side int) control {
	cur := func(in inputs, c model.Comparison) float64 {
		if p := in.Scenario.Sides[side].PinnedTokensPerSecond; p > 0 {
			return p
		}
		return c.Results[side].EstimatedTokensPerSecond
	}
	return control{
		label: "tok/s", side: side, throughput: true,
		value: func(in inputs, c model.Comparison) (string, float64) {
			v := cur(in, c)
			note := " est"
			if in.Scenario.Sides[side].PinnedTokensPerSecond > 0 {
				note = " pinned"
			}
			if c.Errs[side] != nil && note == " est" {
				return "n/a", 0
			}
			return fmtNum(v) + note, logFrac(v, 1, 1e5)
		},
		// Moving it pins the side's tokens/s per replica, starting from
		// the estimate.
		step: func(in *inputs, c model.Comparison, dir int, big bool) {
			frac := map[bool]float64{true: 0.5, false: 0.1}[big]
			v := cur(*in, c)
			if v <= 0 {
				return
			}
			in.Scenario.Sides[side].PinnedTokensPerSecond = stepDecade(v, dir, frac, model.MinPinnedTokensPerSecond, model.MaxPinnedTokensPerSecond)
		},
		set: func(in *inputs, text string) error {
			t := strings.ToLower(strings.TrimSpace(text))
			if t == "est" || t == "estimate" || t == "0" || t == "auto" {
				in.Scenario.Sides[side].PinnedTokensPerSecond = 0
				return nil
			}
			v, err := parseNumber(t)
			if err == nil {
				err = inRange(v, model.MinPinnedTokensPerSecond, model.MaxPinnedTokensPerSecond, "tokens/s per replica from "+
					model.FormatDecimal(model.MinPinnedTokensPerSecond)+" to "+thousands(model.MaxPinnedTokensPerSecond)+", or est for the estimate")
			}
			if err != nil {
				return err
			}
			in.Scenario.Sides[side].PinnedTokensPerSecond = v
			return nil
		},
	}
}

// fracControl is a 0..1 figure shown as a percentage.
func fracControl(label string, advanced bool, lo, hi float64, field func(*inputs) *float64) control {
	return control{
		label: label, side: -1, advanced: advanced,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := *field(&in)
			return fmtShare(v), v / hi
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			step := map[bool]float64{true: 0.05, false: 0.01}[big]
			if !advanced {
				step = map[bool]float64{true: 0.10, false: 0.01}[big]
			}
			p := field(in)
			*p = stepLinear(*p, dir, step, lo, hi)
		},
		set: func(in *inputs, text string) error {
			v, err := parseFraction(text)
			if err == nil {
				err = inRange(v, lo, hi, fracRange(lo, hi))
			}
			if err != nil {
				return err
			}
			*field(in) = v
			return nil
		},
	}
}

// utilizationControl is side's utilization. Linked (neither side has
// its own, the default) it moves the scenario's, so both sides; the
// link key gives each side its own (model.Side.Utilization).
func utilizationControl(side int) control {
	c := fracControl("utilization", false, minUtilization, 1, func(in *inputs) *float64 {
		if utilizationLinked(in.Scenario) {
			return &in.Scenario.Utilization
		}
		return &in.Scenario.Sides[side].Utilization
	})
	c.side = side
	value := c.value
	c.value = func(in inputs, cmp model.Comparison) (string, float64) {
		text, pos := value(in, cmp)
		if utilizationLinked(in.Scenario) {
			text = "A=B " + text
		}
		return text, pos
	}
	return c
}

// utilizationLinked reports whether both sides use the scenario's
// utilization.
func utilizationLinked(s model.Scenario) bool {
	return s.Sides[0].Utilization == 0 && s.Sides[1].Utilization == 0
}

// toggleUtilizationLink unlinks (each side starts at the shared value)
// or links again (both at side A's).
func toggleUtilizationLink(s model.Scenario) model.Scenario {
	if utilizationLinked(s) {
		s.Sides[0].Utilization, s.Sides[1].Utilization = s.Utilization, s.Utilization
		return s
	}
	s.Utilization = s.SideUtilization(0)
	s.Sides[0].Utilization, s.Sides[1].Utilization = 0, 0
	return s
}

// loadLabel names the fleet load control.
const loadLabel = "fleet load"

// loadRange words the fleet loads the explorer accepts.
func loadRange() string {
	return "output tokens per day from " + fmtSI(minLoadPerDay) + " to " + fmtSI(maxLoadPerDay) + ", e.g. 500M or 2B"
}

func loadControl() control {
	ladder := decadeLadder(minLoadPerDay, maxLoadPerDay)
	return control{
		label: loadLabel, side: -1,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			return fmtSI(in.Scenario.TargetTokensPerDay) + " tok/day", logFrac(in.Scenario.TargetTokensPerDay, 1e6, 1e13)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			in.Scenario.TargetTokensPerDay = stepLadder(in.Scenario.TargetTokensPerDay, dir, map[bool]int{true: 3, false: 1}[big], ladder)
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(text)
			switch {
			case err != nil:
				return err
			case v == 0: // report's "none": here the fleet is always sized
				return fmt.Errorf("the explorer always sizes a fleet (0, none, is report's): enter %s", loadRange())
			}
			if err := inRange(v, minLoadPerDay, maxLoadPerDay, loadRange()); err != nil {
				return err
			}
			in.Scenario.TargetTokensPerDay = v
			return nil
		},
	}
}

// microsControl is an efficiency time in microseconds (or ms).
func microsControl(label string, unit float64, field func(*model.Efficiency) *float64) control {
	name := map[float64]string{1e-6: "µs", 1e-3: "ms"}[unit]
	full := map[float64]float64{1e-6: 100, 1e-3: 10}[unit] // bar full scale
	return control{
		label: label, side: -1, advanced: true,
		value: func(in inputs, _ model.Comparison) (string, float64) {
			v := *field(&in.Scenario.Efficiency) / unit
			return trimFloat(v, 1) + " " + name, math.Min(1, v/full)
		},
		step: func(in *inputs, _ model.Comparison, dir int, big bool) {
			step := map[bool]float64{true: 10, false: 1}[big]
			if unit == 1e-3 {
				step /= 10
			}
			p := field(&in.Scenario.Efficiency)
			*p = stepLinear(*p/unit, dir, step, 0, maxOverheadMicros*1e-6/unit) * unit
		},
		set: func(in *inputs, text string) error {
			v, err := parseNumber(text)
			hi := maxOverheadMicros * 1e-6 / unit
			if err == nil {
				err = inRange(v, 0, hi, fmt.Sprintf("0 to %g %s", hi, name))
			}
			if err != nil {
				return err
			}
			*field(&in.Scenario.Efficiency) = v * unit
			return nil
		},
	}
}

func efficiencyControls() []control {
	eff := func(f func(*model.Efficiency) *float64) func(*inputs) *float64 {
		return func(in *inputs) *float64 { return f(&in.Scenario.Efficiency) }
	}
	compute := fracControl("compute eff", true, 0, 1, eff(func(e *model.Efficiency) *float64 { return &e.Compute }))
	inner := compute.value
	compute.value = func(in inputs, c model.Comparison) (string, float64) {
		if in.Scenario.Efficiency.Compute == 0 {
			return "GPU default", 0
		}
		return inner(in, c)
	}
	return []control{
		fracControl("bandwidth eff", true, minBandwidthEff, 1, eff(func(e *model.Efficiency) *float64 { return &e.Bandwidth })),
		fracControl("int8 bw eff", true, minBandwidthEff, 1, eff(func(e *model.Efficiency) *float64 { return &e.BandwidthInt8 })),
		fracControl("int4 bw eff", true, minBandwidthEff, 1, eff(func(e *model.Efficiency) *float64 { return &e.BandwidthInt4 })),
		compute,
		microsControl("all-reduce", 1e-6, func(e *model.Efficiency) *float64 { return &e.AllReduceSeconds }),
		microsControl("+ per 2x GPUs", 1e-6, func(e *model.Efficiency) *float64 { return &e.AllReducePerDoublingSeconds }),
		microsControl("step overhead", 1e-6, func(e *model.Efficiency) *float64 { return &e.StepOverheadSeconds }),
		microsControl("prefill ovh", 1e-3, func(e *model.Efficiency) *float64 { return &e.PrefillOverheadSeconds }),
		fracControl("mem reserve", true, 0, maxMemoryReserve, eff(func(e *model.Efficiency) *float64 { return &e.MemoryReserve })),
	}
}

// utilizationText is the scenario's utilization, or each side's when
// they differ: "A 60 % / B 90 %".
func utilizationText(s model.Scenario) string {
	a, b := s.SideUtilization(0), s.SideUtilization(1)
	if a == b {
		return fmtShare(a)
	}
	return "A " + fmtShare(a) + " / B " + fmtShare(b)
}
