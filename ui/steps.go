package ui

import (
	"errors"
	"fmt"
	"infercost/model"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Step rules shared by the controls. Sliders move along "ladders" of
// round values (so a figure never lands on 2.6000000001), and typed values
// are parsed with the units people write ("8k", "70%", "$4.5").

// stepLinear moves v by n steps of size step on a grid of step, within
// [lo, hi].
func stepLinear(v float64, dir int, step, lo, hi float64) float64 {
	n := v / step
	if dir > 0 {
		n = math.Floor(n+1e-6) + 1
	} else {
		n = math.Ceil(n-1e-6) - 1
	}
	return clamp(round6(n*step), lo, hi)
}

// stepDecade moves v by frac of its decade (70 -> 75 with frac 0.5),
// within [lo, hi]. Going down across a decade uses the lower decade's step
// (10 -> 9.5).
func stepDecade(v float64, dir int, frac, lo, hi float64) float64 {
	probe := v
	if dir < 0 {
		probe = v * (1 - 1e-9)
	}
	if probe <= 0 {
		return clamp(lo, lo, hi)
	}
	step := math.Pow(10, math.Floor(math.Log10(probe))) * frac
	return stepLinear(v, dir, step, lo, hi)
}

// stepLadder moves v n rungs along an ascending ladder: to the next rung
// above (dir > 0) or below, clamped to the ends.
func stepLadder(v float64, dir, n int, ladder []float64) float64 {
	i := 0
	if dir > 0 {
		for i < len(ladder) && ladder[i] <= v+1e-9 {
			i++
		}
		i += n - 1
	} else {
		i = len(ladder) - 1
		for i >= 0 && ladder[i] >= v-1e-9 {
			i--
		}
		i -= n - 1
	}
	return ladder[max(0, min(len(ladder)-1, i))]
}

// pow2Ladder is 1, 2, 3, 4, 6, 8, 12, ... (powers of two and 1.5x) up to hi.
func pow2Ladder(hi float64) []float64 {
	var out []float64
	for p := 1.0; p <= hi; p *= 2 {
		out = append(out, p)
		if p >= 2 && p*1.5 <= hi {
			out = append(out, p*1.5)
		}
	}
	return out
}

// decadeLadder is 1, 2, 5, 10, 20, 50, ... from lo to hi.
func decadeLadder(lo, hi float64) []float64 {
	var out []float64
	for d := lo; d <= hi; d *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if d*m <= hi {
				out = append(out, d*m)
			}
		}
	}
	return out
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// logFrac places v on a log scale from lo to hi as 0..1.
func logFrac(v, lo, hi float64) float64 {
	if v <= lo {
		return 0
	}
	return clamp(math.Log(v/lo)/math.Log(hi/lo), 0, 1)
}

// parseNumber reads "8k", "1.5M", "2e9", "$4.50", "70%", "1,000". A
// percent sign divides by 100.
func parseNumber(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.NewReplacer("$", "", "_", "", " ", "").Replace(t)
	mult := 1.0
	for _, u := range []struct {
		suffix string
		m      float64
	}{{"%", 0.01}, {"k", 1e3}, {"m", 1e6}, {"b", 1e9}, {"t", 1e12}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.m
			break
		}
	}
	t, err := decimalCommas(t)
	if err != nil {
		return 0, fmt.Errorf("%q: %v", s, err)
	}
	if !plainNumber.MatchString(t) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !model.Finite(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v * mult, nil
}

// plainNumber is a decimal number as people type it: no hex, no NaN or
// Inf, no underscores.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$`)

// commaGroups is a number grouped by commas in threes: 1,000 or 12,500.50.
var commaGroups = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$`)

// decimalCommas reads commas as people write them: grouping in threes
// (1,000) is dropped; one comma and no point is a decimal comma (3,20 is
// 3.20, never 320); anything else is refused rather than guessed.
func decimalCommas(t string) (string, error) {
	switch {
	case !strings.Contains(t, ","):
		return t, nil
	case commaGroups.MatchString(t) && !decimalLike(t):
		return strings.ReplaceAll(t, ",", ""), nil
	case strings.Count(t, ",") == 1 && !strings.Contains(t, "."):
		return strings.Replace(t, ",", ".", 1), nil
	}
	return "", fmt.Errorf("commas: write 1,000 for thousands or 3.20 (or 3,20) for decimals")
}

// decimalLike is a single comma after a leading zero ("0,250"): a decimal
// comma, not a thousands separator.
func decimalLike(t string) bool {
	return strings.Count(t, ",") == 1 && strings.HasPrefix(strings.TrimLeft(t, "+-"), "0,")
}

// parseFraction reads a share typed as a percent or a fraction: "70%",
// "70" and "0.7" are all 70 %. A number with % or above 1 is a percent,
// one below 1 a fraction; a bare 1 could be 1 % or 100 %, so it is
// refused with both readings rather than guessed. The value is kept as
// typed (1.5 is 1.5 %, not rounded).
func parseFraction(s string) (float64, error) {
	v, err := parseNumber(s)
	if err != nil || strings.Contains(s, "%") {
		return v, err
	}
	switch {
	case v == 1:
		return 0, errAmbiguousOne
	case v > 1:
		v /= 100
	}
	return v, nil
}

// errAmbiguousOne refuses a bare 1 typed for a share.
var errAmbiguousOne = errors.New("1 could be 1 % or 100 %: type 1% or 100%")

// fracRange words the accepted shares lo..hi and how to type them.
func fracRange(lo, hi float64) string {
	return fmtShare(lo) + " to " + fmtShare(hi) + " (50, 50% and 0.5 all mean 50 %)"
}

// inRange checks lo <= v <= hi and words the accepted range otherwise.
func inRange(v, lo, hi float64, what string) error {
	if !model.Finite(v) || v < lo || v > hi {
		return fmt.Errorf("enter %s", what)
	}
	return nil
}
