package ui

import "testing"

// Figures keep about three significant digits, also where rounding
// crosses a decade: 99.96 ms reads "100 ms", not "100.0 ms".
func TestFiguresAtDecadeBoundaries(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{fmtMs(0.09996), "100 ms"},
		{fmtMs(0.0485), "48.5 ms"},
		{fmtMs(0.009996), "10.0 ms"},
		{fmtMs(0.00042), "0.42 ms"},
		{fmtNum(99.96), "100"},
		{fmtNum(9.999), "10.0"},
		{fmtNum(20.48), "20.5"},
		{fmtUSD(99.996), "$100"},
		{fmtUSD(99.99), "$99.99"},
		{fmtUSD(2.5), "$2.50"},
		{fmtUSD(999.7), "$1,000"},
		{fmtUSD(9999999.7), "$10M"},
		{fmtNum(99999.7), "100,000"},
		{fmtMs(9.9996), fmtMs(10)}, // "10 s"
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
