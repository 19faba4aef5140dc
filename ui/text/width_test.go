package text

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestNarrowRunesMeasureAsAnsi holds every rune Width measures itself to
// what ansi measures: one cell alone, and no cluster with a letter, a
// space or itself on either side.
func TestNarrowRunesMeasureAsAnsi(t *testing.T) {
	count := 0
	for _, rg := range narrowRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			s := string(r)
			for _, probe := range []struct {
				text string
				want int
			}{{s, 1}, {"a" + s, 2}, {s + "a", 2}, {s + s, 2}, {" " + s + " ", 3}} {
				if got := ansi.StringWidth(probe.text); got != probe.want {
					t.Fatalf("U+%04X: ansi measures %q as %d cells, Width would say %d", r, probe.text, got, probe.want)
				}
			}
			count++
		}
	}
	if count < 2000 {
		t.Fatalf("only %d runes in narrowRanges", count)
	}
}

func TestWidthIsAnsiWidth(t *testing.T) {
	cases := []string{
		"", "plain", "\x1b[38;5;245mmuted\x1b[0m text", "\x1b[1;38;2;10;20;30m$1,234 ✓\x1b[0m",
		"A ● A100 ━━◆──── ⣀⡠⠤⠒", "µs é ü · × ≤ …", "two\nlines, the second longer", "\x1b[31mred\nand\x1b[0m longer line",
		"wide 日本語", "emoji 👍🏽 family 👨‍👩‍👧", "e\u0301 combining", "flag 🇩🇪", "tab\there", "bell\a", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
		"\x1b[", "\x1b[12", "\x1bX", "⚠️ warn", "✓\ufe0f", "↔\ufe0f",
	}
	for _, s := range cases {
		want := 0
		for _, l := range strings.Split(s, "\n") {
			want = max(want, ansi.StringWidth(l))
		}
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, ansi measures %d", s, got, want)
		}
	}
}

func BenchmarkWidth(b *testing.B) {
	s := "\x1b[38;5;245m$/M output   \x1b[0m\x1b[38;5;252m       $23.15\x1b[0m\x1b[38;5;78m -12 % ✓\x1b[0m"
	b.Run("Width", func(b *testing.B) {
		for b.Loop() {
			Width(s)
		}
	})
	b.Run("ansi", func(b *testing.B) {
		for b.Loop() {
			ansi.StringWidth(s)
		}
	})
}
