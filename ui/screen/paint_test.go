package screen

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/muesli/termenv"
)

// TestPaintedScreenIsTheView drives the explorer through steps, a resize
// and overlays, and after each step compares the screen the painter's
// frames leave in a terminal emulator with the view drawn whole on a
// fresh one, as Bubble Tea v1's renderer showed it: every cell, its
// character and its style, in every colour profile, with and without
// the "\n" -> "\r\n" mapping of an SSH session's emulated PTY.
func TestPaintedScreenIsTheView(t *testing.T) {
	profiles := map[string]termenv.Profile{"truecolor": termenv.TrueColor, "256": termenv.ANSI256, "16": termenv.ANSI, "ascii": termenv.Ascii}
	for name, profile := range profiles {
		for _, crlf := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/crlf=%v", name, crlf), func(t *testing.T) {
				t.Parallel()
				checkSteps(t, profile, crlf)
			})
		}
	}
}

func checkSteps(t *testing.T, profile termenv.Profile, crlf bool) {
	var em *vt.Emulator
	var e *explorer
	step := "start"
	e = newExplorer(t, profile, 120, 40, crlf, func(b []byte) {
		if em == nil {
			em = vt.NewEmulator(120, 40)
		}
		if crlf {
			b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		}
		if _, err := em.Write(b); err != nil {
			t.Fatal(err)
		}
		if e != nil {
			sameScreen(t, step, em, e.m.View(), e.w, e.h)
		}
	})
	sameScreen(t, step, em, e.m.View(), e.w, e.h)
	press := func(keys ...string) {
		for _, k := range keys {
			step = k
			e.key(k)
		}
	}
	e.selectControl("A $/GPU-hour")
	press("left", "left", "right", "shift+right", "shift+right")
	press("up", "up", "up", "up", "up", "up", "up", "up", "up", "up") // to the model size
	press("left", "left", "right", "right", "right", "c", "c", "a", "a", "?", "?", "w", "esc", "v", "v")
	for _, sz := range [][2]int{{80, 24}, {200, 60}, {60, 20}, {120, 40}} {
		step = fmt.Sprintf("resize %dx%d", sz[0], sz[1])
		em.Resize(sz[0], sz[1])
		e.resize(sz[0], sz[1])
		press("right", "left")
	}
}

// sameScreen fails when em does not show view as drawn whole at w x h.
func sameScreen(t *testing.T, step string, em *vt.Emulator, view string, w, h int) {
	t.Helper()
	want := vt.NewEmulator(w, h)
	lines := strings.Split(lastLines(view, h), "\n")
	for i, l := range lines {
		fmt.Fprintf(want, "\x1b[%dH%s%s", i+1, ansi.Truncate(l, w, ""), ansi.ResetStyle)
	}
	for y := range h {
		for x := range w {
			if got, exp := cellOf(em.CellAt(x, y)), cellOf(want.CellAt(x, y)); !got.Equal(&exp) {
				t.Fatalf("after %s: cell %d,%d is %q %+v, want %q %+v\ngot:\n%s\nwant:\n%s", step, x, y,
					got.Content, got.Style, exp.Content, exp.Style, em.String(), want.String())
			}
		}
	}
}

// cellOf is c as a person sees it: a blank spelled one way, and a blank
// without what a blank cannot show (its foreground colour, boldness).
func cellOf(c *uv.Cell) uv.Cell {
	if c == nil {
		return uv.Cell{Content: " ", Width: 1}
	}
	out := *c
	if out.Content == "" {
		out.Content, out.Width = " ", 1
	}
	if out.Content == " " {
		if out.Style.Attrs&uv.AttrReverse == 0 {
			out.Style.Fg = nil
		}
		out.Style.Attrs &= uv.AttrReverse | uv.AttrStrikethrough
		if out.Style.Underline == 0 {
			out.Style.UnderlineColor = nil
		}
	}
	return out
}

func TestLastLines(t *testing.T) {
	for _, tc := range []struct {
		view string
		h    int
		want string
	}{
		{"a\nb\nc", 3, "a\nb\nc"},
		{"a\nb\nc", 5, "a\nb\nc"},
		{"a\nb\nc", 2, "b\nc"},
		{"a\nb\nc\n", 2, "c\n"},
		{"a", 1, "a"},
	} {
		if got := lastLines(tc.view, tc.h); got != tc.want {
			t.Errorf("lastLines(%q, %d) = %q, want %q", tc.view, tc.h, got, tc.want)
		}
	}
}
