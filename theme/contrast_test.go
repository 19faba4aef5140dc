package theme

import (
	"math"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// rgb256 is an xterm 256-colour index as sRGB (the 6x6x6 cube and the
// grey ramp; the 16 system colours are the terminal's own and not fixed).
func rgb256(n int) (r, g, b float64, ok bool) {
	switch {
	case n >= 232:
		v := float64(8 + 10*(n-232))
		return v, v, v, true
	case n >= 16:
		level := func(i int) float64 {
			if i == 0 {
				return 0
			}
			return float64(55 + 40*i)
		}
		n -= 16
		return level(n / 36), level(n / 6 % 6), level(n % 6), true
	}
	return 0, 0, 0, false
}

// luminance is WCAG 2's relative luminance of an sRGB colour.
func luminance(r, g, b float64) float64 {
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b float64) float64 { return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05) }

// The dark and light themes stay readable on the background they are
// for (black, white), on a projector too: text colours at least 4.5:1,
// borders, axes and empty bars at least 3:1 (WCAG 2's thresholds for text
// and for the parts of a graphic).
func TestThemesMeetContrastOnTheirBackground(t *testing.T) {
	for _, c := range []struct {
		name string
		bg   float64
	}{{Dark, luminance(0, 0, 0)}, {Light, luminance(255, 255, 255)}} {
		p := palette(c.name)
		check := func(what string, col lipgloss.TerminalColor, min float64) {
			s, ok := col.(lipgloss.Color)
			if !ok {
				return // the terminal's own colour
			}
			n, err := strconv.Atoi(string(s))
			if err != nil {
				t.Fatalf("%s %s: colour %q", c.name, what, s)
			}
			r, g, b, ok := rgb256(n)
			if !ok {
				return
			}
			if got := contrast(luminance(r, g, b), c.bg); got < min {
				t.Errorf("%s theme: %s colour %d has contrast %.2f:1 on its background, under %.1f:1", c.name, what, n, got, min)
			}
		}
		for what, col := range map[string]lipgloss.TerminalColor{"muted": p.Muted, "accent": p.Accent, "good": p.Good,
			"bad": p.Bad, "warn": p.Warn, "side A": p.Side[0], "side B": p.Side[1]} {
			check(what, col, 4.5)
		}
		check("border", p.Border, 3)
	}
}
