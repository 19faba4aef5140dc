package text

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the cells s takes on a terminal, escape sequences excluded,
// the widest line's when s has several: what ansi.StringWidth counts,
// found without its grapheme segmentation for the text the explorer
// redraws on every key (ASCII, SGR codes, box drawing, braille and the
// symbols of narrowRanges). Anything else is measured by ansi.
func Width(s string) int {
	widest, n := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c == '\n':
			widest, n = max(widest, n), 0
			i++
		case c == 0x1b:
			end := csiEnd(s, i)
			if end < 0 {
				return slowWidth(s)
			}
			i = end
		case c < 0x80:
			return slowWidth(s) // control characters
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !narrow(r) {
				return slowWidth(s)
			}
			n++
			i += size
		}
	}
	return max(widest, n)
}

// csiEnd is the index after the control sequence (ESC [ parameters
// intermediates final) starting at s[i], or -1 if none does.
func csiEnd(s string, i int) int {
	if i+1 >= len(s) || s[i+1] != '[' {
		return -1
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c >= 0x40 && c <= 0x7e:
			return j + 1
		case c < 0x20 || c > 0x3f:
			return -1
		}
	}
	return -1
}

// slowWidth measures line by line with ansi, as lipgloss.Width does.
func slowWidth(s string) int {
	widest, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '\n' {
			widest = max(widest, ansi.StringWidth(s[start:i]))
			start = i + 1
		}
	}
	return widest
}

// narrowRanges hold symbols one cell wide on their own that never join a
// neighbour in a grapheme cluster (TestNarrowRunesMeasureAsAnsi checks
// every one against ansi): Latin, Greek and Cyrillic letters, general
// punctuation, currency, letterlike symbols, arrows, mathematical
// operators, box drawing, blocks, geometric shapes, dingbats' ticks and
// crosses, and braille.
var narrowRanges = [][2]rune{
	{0xa0, 0xac}, {0xae, 0x2ff}, {0x370, 0x377}, {0x37a, 0x37f}, {0x384, 0x38a}, {0x38c, 0x38c}, {0x38e, 0x3a1}, {0x3a3, 0x3ff},
	{0x400, 0x482}, {0x48a, 0x52f}, {0x2010, 0x2027}, {0x2030, 0x205e}, {0x20a0, 0x20c0},
	{0x2100, 0x214f}, {0x2190, 0x21ff}, {0x2200, 0x22ff}, {0x2500, 0x25fc}, {0x2713, 0x2718}, {0x2800, 0x28ff},
}

func narrow(r rune) bool {
	for _, rg := range narrowRanges {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}
