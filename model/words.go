package model

import (
	"fmt"
	"math"
	"strconv"
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
func FormatSignedPercent(x float64) string {
	if math.Abs(x) < 0.005 {
		return "±0 %"
	}
	return fmt.Sprintf("%+.0f %%", 100*x)
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
