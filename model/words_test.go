package model

import "testing"

// TestFormatWords: the number words a planning document reads, checked by
// hand (QA #14).
func TestFormatWords(t *testing.T) {
	cases := []struct{ got, want string }{
		// Past +999 % a change is a ratio, as the explorer's panels show it:
		// 1 + 12.3 = 13.3 is "×13"; 1 + 552811.85 = 552812.85 is 553,000 to
		// three significant digits.
		{FormatSignedPercent(9.99), "+999 %"},
		{FormatSignedPercent(12.3), "×13"},
		{FormatSignedPercent(552811.85), "×553,000"},
		{FormatSignedPercent(-0.9999), "-100 %"},
		{FormatSignedPercent(0.004), "±0 %"},
		{FormatRatio(1.5), "2"},
		{FormatRatio(999.4), "999"},
		{FormatRatio(999.6), "1,000"},
		{FormatRatio(1234567), "1,230,000"},
		{GroupThousands("13200"), "13,200"},
		{GroupThousands("-1234567.25"), "-1,234,567.25"},
		{GroupThousands("583"), "583"},
		// Dollars below $1 keep three significant digits: $0.0950 beside
		// $0.119, never $0.095; and are rounded once (1.555342 is $1.56).
		{FormatUSD(0.095), "$0.0950"},
		{FormatUSD(0.000095), "$0.0000950"},
		{FormatUSD(0.119), "$0.119"},
		{FormatUSD(1.555342), "$1.56"},
		{FormatUSD(170820.4), "$170,820"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}
