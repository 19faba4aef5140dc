package ui

import (
	"math"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/ui/text"

	"github.com/charmbracelet/x/ansi"
)

// Number formats: three significant figures or so, units spelled out, so
// a figure reads the same on screen, in tests and in the Markdown export.

// fmtMs formats seconds as milliseconds ("68.7 ms"), or seconds from 10 s.
func fmtMs(sec float64) string {
	ms := sec * 1e3
	switch {
	case !model.Finite(ms):
		return "n/a"
	case math.Round(ms) >= 1e4: // 9,999.6 ms shows as "10.0 s"
		return trimFloat(sec, 1) + " s"
	}
	return fig3(ms) + " ms"
}

// fig3 prints x (under 1e5) with about three significant figures: "0.42",
// "48.5", "167"; the number of decimals follows the rounded value, so
// 99.96 is "100", not "100.0".
func fig3(x float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	switch {
	case math.Abs(r) >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case math.Abs(r) >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// fmtUSD formats dollars: "$2.50", "$123", "$12,345", "$1.23M".
func fmtUSD(x float64) string {
	switch {
	case !model.Finite(x):
		return "n/a"
	case math.Round(x) >= 1e7: // each case by the value as it would print
		return "$" + trimFloat(x/1e6, 1) + "M"
	case math.Round(x) >= 1000:
		return "$" + thousands(x)
	case math.Round(x*100) >= 100*100: // $99.996 is "$100", not "$100.00"
		return "$" + strconv.FormatFloat(x, 'f', 0, 64)
	}
	return "$" + strconv.FormatFloat(x, 'f', 2, 64)
}

// fmtNum formats a rate or count with about three significant figures.
func fmtNum(x float64) string {
	switch {
	case !model.Finite(x):
		return "n/a"
	case math.Round(x) >= 1e5:
		return thousands(x)
	}
	return fig3(x)
}

// fmtSI formats a large count with a k/M/B/T suffix: "1.5B".
func fmtSI(x float64) string {
	for _, u := range []struct {
		f float64
		s string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}} {
		if x >= u.f {
			return trimFloat(x/u.f, 1) + u.s
		}
	}
	return trimFloat(x, 1)
}

// fmtGB formats bytes as decimal gigabytes.
func fmtGB(b float64) string { return strconv.FormatFloat(b/1e9, 'f', 1, 64) + " GB" }

// fmtPct formats a fraction as a signed percentage: "+37 %".
func fmtPct(f float64) string {
	if !model.Finite(f) {
		return ""
	}
	return model.FormatSignedPercent(f) // past +999 % a ratio: "×553,000"
}

// fmtFrac formats a fraction 0..1 as "72 %".
func fmtFrac(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + " %" }

// fmtShare formats a share the user set, 0..1, as a percentage with up to
// two decimals, so a typed 1.5 % shows as "1.5 %", not "2 %".
func fmtShare(f float64) string { return trimFloat(f*100, 2) + " %" }

func trimFloat(x float64, dec int) string {
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func thousands(x float64) string {
	s := strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fitLine pads or truncates s (which may hold styles) to exactly w cells.
func fitLine(s string, w int) string {
	n := text.Width(s)
	switch {
	case n == w:
		return s
	case n < w:
		return s + strings.Repeat(" ", w-n)
	}
	t := ansi.Truncate(s, w, "…")
	if n := text.Width(t); n < w {
		t += strings.Repeat(" ", w-n)
	}
	return t
}

// fitBlock makes s exactly w cells wide and h lines high, as lines.
func fitBlock(s string, w, h int) []string {
	out := make([]string, h)
	lines := strings.Split(s, "\n")
	for i := range out {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out[i] = fitLine(l, w)
	}
	return out
}

// spread puts left and right on one line of width w, right-aligned.
func spread(left, right string, w int) string {
	gap := w - text.Width(left) - text.Width(right)
	if gap < 1 {
		return fitLine(left+" "+right, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// wrap breaks plain text into lines of at most w cells at spaces, with
// the project's one word-wrap (text.Wrap: never after a hyphen, which
// ansi.Wordwrap and lipgloss's Style.Width do, splitting "-28 %").
func wrap(s string, w int) []string { return text.Wrap(s, w) }

// fitParts joins parts with sep in w cells, leaving out whole each part
// that does not fit (the first is cut if it alone does not).
func fitParts(parts []string, sep string, w int) string {
	return fitLine(fitPartsLines(parts, sep, w, 1)[0], w)
}

// fitPartsLines lays parts, joined by sep, on at most n lines of w cells,
// in order; a part that fits on none of them is left out whole.
func fitPartsLines(parts []string, sep string, w, n int) []string {
	var lines []string
	for _, p := range parts {
		last := len(lines) - 1
		switch {
		case last >= 0 && text.Width(lines[last])+text.Width(sep)+text.Width(p) <= w:
			lines[last] += sep + p
		case len(lines) < n && (text.Width(p) <= w || len(lines) == 0):
			lines = append(lines, p)
		}
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}
