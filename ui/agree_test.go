package ui

import (
	"infercost/theme"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// TestDeltasReadWithoutColour: the % column says better or worse by a
// glyph as well as colour (NO_COLOR, red-green colour blindness), and a
// $0 reference gives n/a, not a made-up ±0 %.
func TestDeltasReadWithoutColour(t *testing.T) {
	m := newTestModel(t, 120, 40) // an Ascii renderer: no colour at all
	v := m.View()
	// H100 is faster (better) and dearer per token (worse) than A100.
	for _, want := range []string{"decode/token       30.6 ms -37 % ✓", "$/M output          $76.78 +13 % ✗"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q", want)
		}
	}
	m = selectControl(t, m, "$/GPU-hour", 0)
	m = press(t, m, "enter", "0", "enter")
	for _, line := range strings.Split(m.View(), "\n") {
		if strings.Contains(line, "$/h replica") && !strings.Contains(line, "n/a") {
			t.Errorf("a $0 side's $/h compared as %q", line)
		}
	}
}

// TestVerdictUsesThePanelsBase: the verdict's percentages are B against
// A, the base of the panels' % column, so they are the same numbers.
func TestVerdictUsesThePanelsBase(t *testing.T) {
	m := newTestModel(t, 120, 40)
	v := m.View()
	if !strings.Contains(v, "+13 % ✗") || !strings.Contains(v, "+13 % $ per") || strings.Contains(v, "12 % cheaper") {
		t.Errorf("verdict and panel disagree on the cost difference:\n%s", v)
	}
}

// TestNarrowVerdictIsNotCut: at 80x24 the verdict's three lines say it
// shorter rather than end in an ellipsis.
func TestNarrowVerdictIsNotCut(t *testing.T) {
	m := newTestModel(t, 80, 24)
	for _, line := range strings.Split(m.View(), "\n") {
		if (strings.HasPrefix(line, "Verdict") || strings.HasPrefix(line, "B vs A") || strings.HasPrefix(line, "break-even")) &&
			strings.Contains(line, "…") {
			t.Errorf("cut: %q", line)
		}
	}
}

// TestPresentationFiguresAgree: with a pinned throughput, presentation
// mode shows the measured rate labelled as such and no estimated time per
// token beside it.
func TestPresentationFiguresAgree(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "tok/s", 0)
	m = press(t, m, "enter", "30", "enter", "v")
	v := m.View()
	if !strings.Contains(v, "30.0 tok/s per replica (your measurement)") || strings.Contains(v, "48.5 ms per token") {
		t.Errorf("presentation mixes a pinned rate with the estimate:\n%s", v)
	}
}

// TestPanelBoxMatchesTheThemesPanel: the hand-drawn box reads exactly as
// the theme's bordered Panel style would draw it, and colours its border.
func TestPanelBoxMatchesTheThemesPanel(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	th := theme.New(r, theme.Dark)
	p := gpuPanel{th: th}
	lines := []string{th.Text.Render("decode/token") + "   48.5 ms", "tok/s        20.5      "}
	for i := range lines {
		lines[i] = fitLine(lines[i], 24)
	}
	got, want := p.box(lines, 24), th.Panel.Render(strings.Join(lines, "\n"))
	if ansi.Strip(got) != ansi.Strip(want) {
		t.Errorf("box:\n%s\nPanel:\n%s", ansi.Strip(got), ansi.Strip(want))
	}
	if border := th.PanelBorder.Render("╭"); !strings.HasPrefix(got, strings.TrimSuffix(border, "\x1b[0m")) {
		t.Errorf("border not coloured: %q", got[:20])
	}
}
