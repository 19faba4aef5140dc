package screen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"
)

// TestPainterEdgeCases paints random views made of what the explorer does
// not show (wide characters, backgrounds, long blank stretches, links,
// lines wider than the screen, the screen's last cell, graphemes of
// several code points) and checks the
// screen after every frame, as TestPaintedScreenIsTheView does.
func TestPainterEdgeCases(t *testing.T) {
	for _, term := range []string{"xterm-256color", "vt100"} {
		for _, crlf := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/crlf=%v", term, crlf), func(t *testing.T) {
				r := rand.New(rand.NewPCG(1, uint64(len(term))))
				w, h := 30, 8
				pt, em := newPainter(term, crlf), vt.NewEmulator(w, h)
				paint := func(step string, lines []string) {
					view := strings.Join(lines, "\n")
					b := pt.frame(view, w, h)
					if crlf {
						b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
					}
					if _, err := em.Write(b); err != nil {
						t.Fatal(err)
					}
					sameScreen(t, step, em, view, w, h)
				}
				lines := make([]string, h)
				for y := range lines {
					lines[y] = randomLine(r, w)
				}
				paint("start", lines)
				for i := range 300 {
					for range 1 + r.IntN(3) {
						y := r.IntN(h)
						if r.IntN(2) == 0 {
							lines[y] = randomLine(r, w)
						} else { // a small edit: the same line with one piece changed
							lines[y] = strings.Replace(lines[y], pieces[r.IntN(len(pieces))], pieces[r.IntN(len(pieces))], 1)
						}
					}
					paint(fmt.Sprintf("step %d", i), lines)
					if i == 150 {
						w, h = 24, 7
						em.Resize(w, h)
						lines = lines[:h]
						paint("resize", lines)
					}
				}
			})
		}
	}
}

// pieces are what random lines are made of.
var pieces = []string{
	"abc", "x", "  ", "世界", "a世", "│", "⣿⡇", "\u00e9\u0301\u0301", "👍🏽",
	"\x1b[1;31mred\x1b[0m", "\x1b[38;5;214mamber", "\x1b[m", "\x1b[4munder\x1b[24m",
	"\x1b[44m          \x1b[0m", "\x1b[42m   \x1b[49m", "\x1b[7m rev \x1b[27m",
	"\x1b[38;2;10;200;30;48;2;40;40;40m true \x1b[m", "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
	"\x1b[41m" + strings.Repeat(" ", 40), "\x1b[7m" + strings.Repeat(" ", 12) + "\x1b[m", "\x1b[4;44m" + strings.Repeat(" ", 12) + "\x1b[m",
}

func randomLine(r *rand.Rand, w int) string {
	var b strings.Builder
	for b.Len() < r.IntN(3*w) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestPainterManyPens: views with ever new colours make the painter start
// over with a whole frame, and the screen stays right.
func TestPainterManyPens(t *testing.T) {
	w, h := 80, 30
	pt, em := newPainter("xterm-256color", false), vt.NewEmulator(w, h)
	for i := range 3 {
		var b strings.Builder
		for y := range h {
			if y > 0 {
				b.WriteByte('\n')
			}
			for x := range w {
				fmt.Fprintf(&b, "\x1b[38;2;%d;%d;%dm#", i, y, x)
			}
		}
		if _, err := em.Write(pt.frame(b.String(), w, h)); err != nil {
			t.Fatal(err)
		}
		sameScreen(t, fmt.Sprint("view ", i), em, b.String(), w, h)
		if len(pt.pens.list) > maxPens+w*h {
			t.Fatalf("%d pens kept", len(pt.pens.list))
		}
	}
}
