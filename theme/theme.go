// Package theme holds infercost's palettes and the named styles built
// from them. Every style comes from the *lipgloss.Renderer it is given, so
// an SSH session renders in its viewer's colour profile, not the server's.
package theme

import (
	"slices"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Theme names accepted by New. Auto ("") picks Dark or Light from the
// renderer's background.
const (
	Auto         = ""
	Dark         = "dark"
	Light        = "light"
	HighContrast = "high-contrast"
	None         = "none"
)

// Names returns the selectable theme names in cycling order, for command
// lines and help texts to list. Each call returns a new slice, so a caller
// may change it freely.
func Names() []string { return []string{Dark, Light, HighContrast, None} }

// Next returns the theme after name in Names (the first after an unknown
// or auto name).
func Next(name string) string {
	names := Names()
	// Index is -1 for an unknown name, so the cycle restarts at the first.
	return names[(slices.Index(names, name)+1)%len(names)]
}

// Valid reports whether name is accepted by New.
func Valid(name string) bool { return name == Auto || slices.Contains(Names(), name) }

// Palette is the semantic colours of a theme. lipgloss.NoColor{} means
// "the terminal's own colour".
type Palette struct {
	Text, Muted, Accent, Good, Bad, Warn lipgloss.TerminalColor
	Side                                 [2]lipgloss.TerminalColor // one per compared GPU
	Border                               lipgloss.TerminalColor
	SelectBg                             lipgloss.TerminalColor
}

// Marks tell the two compared sides apart without colour.
type Marks struct {
	Letter [2]string // "A", "B"
	Glyph  [2]string // chart marker and panel title glyph
	Line   [2]string // a sample of the side's chart line
	Dash   [2]string // word for the line: "solid", "dashed"
}

// Theme is a palette and the named styles built from it.
type Theme struct {
	Name string // resolved name (never Auto)
	// Plain is true when the renderer draws no attributes at all (an
	// Ascii profile: NO_COLOR, TERM=dumb): reverse video and underline
	// vanish too, so a cursor must be drawn as a glyph.
	Plain   bool
	Palette Palette
	Marks   Marks

	Text, Muted, Accent, Good, Bad, Warn Style
	Title                                Style // app title, panel titles
	Bold                                 Style
	Side, SideBold                       [2]Style
	Selected                             Style // the selected control row
	Panel                                Style // bordered box
	PanelBorder                          Style // the box's border alone, for boxes drawn by hand
	Key, Desc, Sep                       Style // help
	Axis, Label                          Style // chart axes and tick labels
	Headline                             Style // presentation-mode figures
	Input                                Style // numeric entry
	// Bar segments of the memory bar: weights, KV cache, free.
	BarWeights, BarKV, BarFree Style
}

// New builds the named theme ("" = dark or light by the renderer's
// background; unknown names fall back to the same) with styles from r.
func New(r *lipgloss.Renderer, name string) *Theme {
	if name == Auto || !Valid(name) {
		name = Light
		if r.HasDarkBackground() {
			name = Dark
		}
	}
	t := &Theme{Name: name, Plain: r.ColorProfile() == termenv.Ascii, Palette: palette(name), Marks: Marks{
		Letter: [2]string{"A", "B"},
		Glyph:  [2]string{"●", "▲"},
		Line:   [2]string{"──", "┄┄"},
		Dash:   [2]string{"solid", "dashed"},
	}}
	t.build(r)
	return t
}

func (t *Theme) build(r *lipgloss.Renderer) {
	p := t.Palette
	fg := func(c lipgloss.TerminalColor) lipgloss.Style { return r.NewStyle().Foreground(c) }
	st := NewStyle
	t.Text, t.Muted, t.Accent = st(fg(p.Text)), st(fg(p.Muted)), st(fg(p.Accent))
	t.Good, t.Bad, t.Warn = st(fg(p.Good)), st(fg(p.Bad)), st(fg(p.Warn))
	t.Title = st(fg(p.Accent).Bold(true))
	t.Bold = st(fg(p.Text).Bold(true))
	for i := range t.Side {
		t.Side[i] = st(fg(p.Side[i]))
		t.SideBold[i] = st(fg(p.Side[i]).Bold(true))
	}
	t.Selected = st(fg(p.Text).Bold(true).Background(p.SelectBg))
	if t.Name == None {
		t.Selected = st(r.NewStyle().Reverse(true))
	}
	t.Panel = st(r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Border).Padding(0, 1))
	t.PanelBorder = st(r.NewStyle().Foreground(p.Border))
	t.Key, t.Desc, t.Sep = st(fg(p.Accent).Bold(true)), st(fg(p.Muted)), st(fg(p.Border))
	t.Axis, t.Label = st(fg(p.Border)), st(fg(p.Muted))
	t.Headline = st(fg(p.Text).Bold(true))
	t.Input = st(fg(p.Text).Underline(true))
	t.BarWeights, t.BarKV, t.BarFree = st(fg(p.Accent)), st(fg(p.Warn)), st(fg(p.Border))
}

// palette is the named theme's colours, each readable on the theme's
// background (TestThemesMeetContrastOnTheirBackground). Body text of the dark and light
// themes is the terminal's own colour: readable on the background the
// terminal chose, and a frame that redraws it sends no colour codes for it
// (a tenth of a slider step's bytes).
func palette(name string) Palette {
	c := func(s string) lipgloss.TerminalColor { return lipgloss.Color(s) }
	switch name {
	case Light:
		return Palette{Text: lipgloss.NoColor{}, Muted: c("242"), Accent: c("25"), Good: c("28"), Bad: c("160"), Warn: c("94"),
			Side: [2]lipgloss.TerminalColor{c("130"), c("91")}, Border: c("245"), SelectBg: c("254")}
	case HighContrast:
		a := func(light, dark string) lipgloss.TerminalColor {
			return lipgloss.AdaptiveColor{Light: light, Dark: dark}
		}
		return Palette{Text: a("0", "15"), Muted: a("0", "15"), Accent: a("4", "14"), Good: a("2", "10"), Bad: a("1", "9"), Warn: a("3", "11"),
			Side: [2]lipgloss.TerminalColor{a("3", "11"), a("5", "13")}, Border: a("0", "15"), SelectBg: a("7", "8")}
	case None:
		n := lipgloss.NoColor{}
		return Palette{Text: n, Muted: n, Accent: n, Good: n, Bad: n, Warn: n,
			Side: [2]lipgloss.TerminalColor{n, n}, Border: n, SelectBg: n}
	}
	return Palette{Text: lipgloss.NoColor{}, Muted: c("245"), Accent: c("75"), Good: c("78"), Bad: c("203"), Warn: c("179"),
		Side: [2]lipgloss.TerminalColor{c("214"), c("141")}, Border: c("241"), SelectBg: c("237")}
}
