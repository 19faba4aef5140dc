package screen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
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

// FuzzPainterFrame paints views made of arbitrary text: the painter must
// never panic, must write nothing for a view already on screen, and, for
// views of printable text and SGR codes (what the explorer shows), must
// leave the screen showing the view.
func FuzzPainterFrame(f *testing.F) {
	f.Add("plain\nlines", "\x1b[1;38;5;75mbold\x1b[0m and ● ━━◆──\nsecond ⣀⡠⠤")
	f.Add("wide 日本語 and e\u0301\n\x1b[48;5;237m on grey \x1b[0m", "\x1b[7mreverse\x1b[0m\tTab\r\x1b[2J")
	f.Add("", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ 👍🏽")
	f.Fuzz(func(t *testing.T, a, b string) {
		w, h := 24, 6
		pt, em := newPainter("xterm-256color", false), vt.NewEmulator(w, h)
		same := true // every view so far is one whose screen the test can know
		for i, view := range []string{a, b, a} {
			out := pt.frame(view, w, h)
			if _, err := em.Write(out); err != nil {
				t.Fatal(err)
			}
			if again := pt.frame(view, w, h); len(again) != 0 {
				t.Fatalf("frame %d drawn twice wrote %q the second time", i, again)
			}
			if err := onlyOwnControls(out); err != nil {
				t.Fatalf("frame %d of %q: %v", i, view, err)
			}
			if same = same && printableAndSGR(view); same {
				sameScreen(t, fmt.Sprintf("frame %d %q", i, view), em, view, w, h)
			}
		}
	})
}

// onlyOwnControls checks that a frame holds only valid UTF-8 text, the
// escape sequences the painter writes and line controls: whatever a view
// holds, it cannot reach the terminal as a control.
func onlyOwnControls(out []byte) error {
	if !utf8.Valid(out) {
		return fmt.Errorf("invalid UTF-8 written: %q", out)
	}
	for s := string(out); s != ""; {
		seq, _, n, _ := ansi.DecodeSequence(s, ansi.NormalState, nil)
		switch c := seq[0]; {
		case c == ansi.ESC && len(seq) > 1: // the painter's own: views' other sequences are dropped
		case c == '\r' || c == '\n':
		case c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0 && len(seq) == 1):
			return fmt.Errorf("control %q written in %q", seq, out)
		}
		s = s[n:]
	}
	return nil
}

// printableAndSGR reports whether s holds only valid UTF-8 text of
// printable runes, newlines and SGR sequences, with every combining mark
// after a character it can combine with: terminals (and width tables)
// disagree on a mark that starts a line or follows a colour change, on
// marks outside the combining diacritics (U+0300-U+036F), on format
// characters and on what joins emoji (skin tones, flag halves), so no
// screen can be expected of those.
func printableAndSGR(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	base := false // the last thing read was a printable character
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\x1b':
			j := i + 1
			if j >= len(s) || s[j] != '[' {
				return false
			}
			for j++; j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';'); j++ {
			}
			if j >= len(s) || s[j] != 'm' {
				return false
			}
			i, base = j, false
		case c == '\n':
			base = false
		case c < 0x20 || c == 0x7f:
			return false
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			joins := unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
			accent := r >= 0x300 && r <= 0x36f                                        // the marks every width table agrees take no cell
			emojiPart := r >= 0x1f1e6 && r <= 0x1f1ff || r >= 0x1f3fb && r <= 0x1f3ff // flag halves, skin tones
			if !unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r) || joins && (!accent || !base) || emojiPart {
				return false
			}
			i, base = i+n-1, true
		default:
			base = true
		}
	}
	return true
}

// TestNoEraseUnderBackgroundOnScreen: GNU screen erases in the default
// background, so under TERM=screen a run of blanks with a background
// colour is written as spaces; xterm erases it.
func TestNoEraseUnderBackgroundOnScreen(t *testing.T) {
	view := "row\n\x1b[48;5;237mselected" + strings.Repeat(" ", 40) + "\x1b[0m"
	for _, c := range []struct {
		term   string
		spaces bool
	}{{"screen", true}, {"screen-256color", true}, {"xterm-256color", false}} {
		pt := newPainter(c.term, false)
		out := string(pt.frame(view, 60, 3))
		if got := strings.Contains(out, strings.Repeat(" ", 40)); got != c.spaces {
			t.Errorf("TERM=%s: background blanks written as spaces: %v, want %v (%q)", c.term, got, c.spaces, out)
		}
	}
}
