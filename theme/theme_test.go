package theme

import (
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func renderer(p termenv.Profile, dark bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(dark)
	return r
}

// styles returns every Style field of t, by name.
func styles(t *Theme) map[string]Style {
	out := map[string]Style{}
	v := reflect.ValueOf(t).Elem()
	for i := 0; i < v.NumField(); i++ {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch s := f.Interface().(type) {
		case Style:
			out[name] = s
		case [2]Style:
			out[name+"A"], out[name+"B"] = s[0], s[1]
		}
	}
	return out
}

// TestStylesRenderAsLipgloss checks the learnt escape codes: every style
// of every theme, under every colour profile, renders text exactly as
// lipgloss does, one line or several.
func TestStylesRenderAsLipgloss(t *testing.T) {
	texts := []string{"", "x", "  spaced  out ", "$1,234.50 ✓", "● A100 ━━◆──", "two\nlines", "tab\there", "cr\r\nlf"}
	fast := 0
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, name := range Names() {
			th := New(renderer(p, true), name)
			styles := styles(th)
			if len(styles) < 20 {
				t.Fatalf("found %d styles in the theme", len(styles))
			}
			for sname, s := range styles {
				if s.line {
					fast++
				}
				for _, x := range texts {
					if got, want := s.Render(x), s.Style.Render(x); got != want {
						t.Errorf("%v/%s/%s.Render(%q) = %q, lipgloss renders %q", p, name, sname, x, got, want)
					}
				}
				if got, want := s.Render("a", "b"), s.Style.Render("a", "b"); got != want {
					t.Errorf("%v/%s/%s.Render(a, b) = %q, lipgloss renders %q", p, name, sname, got, want)
				}
			}
		}
	}
	if fast == 0 {
		t.Error("no style renders by its learnt codes")
	}
}

func TestEveryThemeRenders(t *testing.T) {
	for _, name := range Names() {
		for _, dark := range []bool{true, false} {
			th := New(renderer(termenv.ANSI256, dark), name)
			if th.Name != name {
				t.Fatalf("New(%q).Name = %q", name, th.Name)
			}
			for sname, s := range styles(th) {
				out := s.Render("x")
				if !strings.Contains(out, "x") {
					t.Errorf("%s/%s: render lost its text: %q", name, sname, out)
				}
			}
		}
	}
}

func TestColourThemesUseColour(t *testing.T) {
	for _, name := range []string{Dark, Light, HighContrast} {
		th := New(renderer(termenv.ANSI256, true), name)
		if out := th.Side[0].Render("A"); out == "A" || out == th.Side[1].Render("A") {
			t.Errorf("%s: sides not coloured apart: %q vs %q", name, out, th.Side[1].Render("A"))
		}
	}
}

func TestNoneHasNoColour(t *testing.T) {
	th := New(renderer(termenv.TrueColor, true), None)
	sgr := regexp.MustCompile("\x1b\\[([0-9;]*)m")
	for sname, s := range styles(th) {
		for _, m := range sgr.FindAllStringSubmatch(s.Render("x"), -1) {
			for _, p := range strings.Split(m[1], ";") {
				switch p {
				case "", "0", "1", "4", "7", "22", "24", "27": // reset, bold, underline, reverse
				default:
					t.Errorf("none/%s renders colour parameter %q", sname, p)
				}
			}
		}
	}
}

func TestSidesDistinctWithoutColour(t *testing.T) {
	m := New(renderer(termenv.Ascii, true), None).Marks
	for _, pair := range [][2]string{m.Letter, m.Glyph, m.Line, m.Dash} {
		if pair[0] == pair[1] || pair[0] == "" {
			t.Errorf("marks not distinct: %q", pair)
		}
	}
}

func TestAutoFollowsBackground(t *testing.T) {
	if got := New(renderer(termenv.ANSI256, true), Auto).Name; got != Dark {
		t.Errorf("auto on dark = %q", got)
	}
	if got := New(renderer(termenv.ANSI256, false), Auto).Name; got != Light {
		t.Errorf("auto on light = %q", got)
	}
	if got := New(renderer(termenv.ANSI256, false), "bogus").Name; got != Light {
		t.Errorf("unknown on light = %q", got)
	}
}

func TestNextCycles(t *testing.T) {
	seen := map[string]bool{}
	n := Dark
	for range Names() {
		seen[n] = true
		n = Next(n)
	}
	if n != Dark || len(seen) != len(Names()) {
		t.Errorf("Next does not cycle through all: %v", seen)
	}
	if Next(Auto) != Dark {
		t.Errorf("Next(auto) = %q", Next(Auto))
	}
}

func TestNamesListsEveryThemeInOrder(t *testing.T) {
	want := []string{"dark", "light", "high-contrast", "none"}
	if got := Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %q, want %q", got, want)
	}
	Names()[0] = "changed"
	if got := Names(); got[0] != Dark {
		t.Errorf("Names() shares its slice: a caller's change shows as %q", got[0])
	}
	for _, n := range want {
		if !Valid(n) {
			t.Errorf("Valid(%q) = false for a listed name", n)
		}
	}
	if Valid("bogus") || !Valid(Auto) {
		t.Errorf("Valid: bogus %v, auto %v", Valid("bogus"), Valid(Auto))
	}
}
