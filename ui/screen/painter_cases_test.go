package screen

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"
)

// paintViews paints views in turn on one emulator and, after each, compares
// it with a fresh emulator given a fresh painter's whole frame of the view.
func paintViews(t *testing.T, term string, crlf bool, w, h int, views ...string) {
	t.Helper()
	pt, em := newPainter(term, crlf), vt.NewEmulator(w, h)
	for i, v := range views {
		b := pt.frame(v, w, h)
		if crlf {
			b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		}
		em.Write(b)
		fresh := vt.NewEmulator(w, h)
		fresh.Write(newPainter(term, false).frame(v, w, h))
		for y := range h {
			for x := range w {
				if got, exp := cellOf(em.CellAt(x, y)), cellOf(fresh.CellAt(x, y)); !got.Equal(&exp) {
					t.Fatalf("view %d %q: cell %d,%d is %q %+v, want %q %+v\nbytes %q\ngot:\n%s\nwant:\n%s", i, v, x, y,
						got.Content, got.Style, exp.Content, exp.Style, b, em.String(), fresh.String())
				}
			}
		}
	}
}

// TestStrayByteThenChangedColour: a stray byte shows as U+FFFD, three
// bytes long, but takes one byte of its line; a frame that changes only a
// colour after it must re-read the line from the byte after the stray one,
// not from two bytes into the sequence ("32ma" shown for a green "a").
func TestStrayByteThenChangedColour(t *testing.T) {
	paintViews(t, "xterm-256color", false, 10, 4, "\xff\x1b[31ma", "\xff\x1b[32ma")
	paintViews(t, "xterm-256color", false, 10, 4, "\xf0\x9f\x1b[31ma", "\xf0\x9f\x1b[32ma")
}

// TestPainterSmallCases: colour changes with nothing else changing, wide
// characters at the last column, the last row's last cell, erases under a
// background or reverse, views shorter then taller than the screen.
func TestPainterSmallCases(t *testing.T) {
	cases := [][]string{
		{"\xff\x1b[31ma", "\xff\x1b[32ma"},
		{"abcdefgh\x1b[31mX", "abcdefgh\x1b[32mX"},
		{"a\x1b[31mb", "a\x1b[32mb"},
		{"e\u0301\x1b[31mb", "e\u0301\x1b[32mb"},
		{"abcdefg世", "abcdefgh世"},
		{"abcdef世", "abcdefg世"},
		{"\n\n\nabcdefghij", "\n\n\nabcdefghiX", "\n\nz\nabcdefghiX"},
		{"\n\n\nabcdefgh世", "\n\n\nabcdefg世", "\n\n\nabcdefg"},
		{"\x1b[44m" + strings.Repeat(" ", 10), "\x1b[44mab" + strings.Repeat(" ", 8), "ab"},
		{"\x1b[7m" + strings.Repeat(" ", 10), "ab"},
		{"a\nb\nc\nd", "a", "a\nb\nc\nd\ne\nf"},
		{"世界世界世", " 界世界世", "a界世界世", "世界世界世"},
		{"\x1b[1mab\x1b[2mcd", "\x1b[2mab\x1b[1mcd", "\x1b[1;2mab\x1b[22mcd"},
	}
	for _, term := range []string{"xterm", "vt100"} {
		for _, crlf := range []bool{false, true} {
			for i, c := range cases {
				t.Run(fmt.Sprint(term, crlf, i), func(t *testing.T) { paintViews(t, term, crlf, 10, 4, c...) })
			}
		}
	}
}

// TestUnknownPenClosesLink: after a frame cut short inside a link (a
// failed write), the painter starts over from an unknown pen; the reset
// must close the link too, as SGR 0 leaves it open and the text of the
// next frame would link to it.
func TestUnknownPenClosesLink(t *testing.T) {
	w, h := 10, 2
	pt, em := newPainter("xterm-256color", false), vt.NewEmulator(w, h)
	b := pt.frame("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\", w, h)
	i := bytes.Index(b, []byte("link"))
	em.Write(b[:i+2]) // the write failed after "li"
	pt.erase()
	view := "plain"
	em.Write(pt.frame(view, w, h))
	sameScreen(t, "after a failed write", em, view, w, h)
}
