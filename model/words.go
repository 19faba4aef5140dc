package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The number words of the verdict's reasons, exported so that the
// packages that word the same figures beside it (advice, calibration,
// the report) print them alike.

// Finite reports whether x is a number the estimator accepts: neither NaN
// nor ±Inf. Finite(0) is true.
func Finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// FormatPercent words a fraction as a whole percentage: 0.123 -> "12 %",
// 0 -> "0 %". It rounds half to even, as fmt's %.0f does.
func FormatPercent(x float64) string { return fmt.Sprintf("%.0f %%", 100*x) }

// FormatSignedPercent words a relative change as a signed whole
// percentage: 0.12 -> "+12 %", -0.3 -> "-30 %". Below half a percent
// either way, 0 included, it is "±0 %", since "-0 %" reads as a change.
//
// Past +999 % it is the ratio, as the explorer's panels show it: a
// percentage of five or more digits is hard to read and compare, so
// 12.3 (+1230 %) is "×13" and 552811.85 is "×553,000" (FormatRatio of
// 1 + x).
func FormatSignedPercent(x float64) string {
	switch {
	case math.Abs(x) < 0.005:
		return "±0 %"
	case x >= maxPercent:
		return "×" + FormatRatio(1+x)
	}
	return fmt.Sprintf("%+.0f %%", 100*x)
}

// maxPercent is the largest change worded as a percentage: +999 %, by
// the value as printed (9.995 prints as +1000 %).
const maxPercent = 9.995

// FormatRatio words a ratio of 1 or more for a reader comparing
// magnitudes: whole below 1,000 ("13"), else three significant digits
// with thousands separators ("553,000"). Below 1 it keeps two decimals.
func FormatRatio(r float64) string {
	switch {
	case !Finite(r):
		return "n/a"
	case r < 1:
		return strconv.FormatFloat(r, 'f', 2, 64)
	case math.Round(r) < 1000:
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	d := math.Pow(10, math.Floor(math.Log10(r))-2)
	return GroupThousands(strconv.FormatFloat(math.Round(r/d)*d, 'f', 0, 64))
}

// GroupThousands puts commas in the integer part of a decimal string:
// "1234567.5" -> "1,234,567.5", "-1234" -> "-1,234".
func GroupThousands(s string) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	sign := ""
	if strings.HasPrefix(intPart, "-") {
		sign, intPart = "-", intPart[1:]
	}
	var b strings.Builder
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	return sign + b.String() + frac
}

// maxUSDDecimals bounds the decimals of tiny dollar figures.
const maxUSDDecimals = 9

// FormatUSD prints dollars as a column of them reads evenly: whole
// dollars from $1,000, cents from $1 ($2.50, never $2.5), and below $1
// three significant digits, as $1.00 to $9.99 have ($0.408, $0.0421,
// $0.0950), or cents when the amount is whole cents ($0.50, not $0.500).
// It rounds x once, as printed: 1.555342 is $1.56. NaN, infinities and 0
// are "$0.00".
func FormatUSD(x float64) string {
	switch {
	case !Finite(x) || x == 0:
		return "$0.00" // also no "-0.00"
	case math.Round(math.Abs(x)*100) >= 1000*100: // by the value as printed: $999.996 is "$1,000", not "$1000.00"
		return "$" + GroupThousands(strconv.FormatFloat(x, 'f', 0, 64))
	case math.Abs(x) >= 1:
		return "$" + strconv.FormatFloat(x, 'f', 2, 64)
	}
	dec := min(2-int(math.Floor(math.Log10(math.Abs(x)))), maxUSDDecimals)
	s := strconv.FormatFloat(x, 'f', dec, 64)
	v, _ := strconv.ParseFloat(s, 64)
	if v == 0 {
		return "$0.00"
	}
	if cents := v * 100; math.Abs(v) >= 1 || math.Abs(cents-math.Round(cents)) < 1e-9 {
		// 0.9996 prints as a dollar, 0.5001 as fifty cents: v is the
		// value as printed, so this is no second rounding.
		return "$" + strconv.FormatFloat(v, 'f', 2, 64)
	}
	return "$" + s
}

// FormatGPUs words a count of GPUs: "1 GPU", "8 GPUs" (and "0 GPUs").
func FormatGPUs(n int) string {
	if n == 1 {
		return "1 GPU"
	}
	return fmt.Sprintf("%d GPUs", n)
}

// FormatDecimal prints x in the fewest decimal digits that read back as
// x, without an exponent: 0.5 -> "0.5", 70 -> "70", 1e9 -> "1000000000".
func FormatDecimal(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
