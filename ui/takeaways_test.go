package ui

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"infercost/model"
	"infercost/theme"
	"infercost/ui/report"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func TestPresetsCycleAndAreNamed(t *testing.T) {
	m := newTestModel(t, 120, 40)
	presets := model.BuiltinScenarios()
	for i := range presets { // as the explorer holds them: with a fleet load
		presets[i] = withFleetLoad(presets[i])
	}
	for i := range presets {
		m = press(t, m, "p")
		if m.in.Scenario != presets[i] {
			t.Fatalf("p #%d: scenario is not preset %d", i+1, i)
		}
		v := m.View()
		assertContains(t, v, fmt.Sprintf("preset %d/%d", i+1, len(presets)))
		assertContains(t, v, presets[i].Name[:30])
	}
	// After the last preset, the scenario the session opened with, then
	// the first preset again.
	if m = press(t, m, "p"); m.in.Scenario != withFleetLoad(model.DefaultScenario()) {
		t.Error("the preset list does not return to the opening scenario")
	}
	if m = press(t, m, "p"); m.in.Scenario != presets[0] {
		t.Error("presets do not wrap around")
	}
	// r goes back to the loaded preset, not the start.
	m = press(t, selectControl(t, m, "utilization", 0), "H")
	assertContains(t, m.View(), "(modified)")
	if m = press(t, m, "r"); m.in.Scenario != presets[0] {
		t.Error("r did not return to the loaded preset")
	}
}

func TestBaselineShowsChangeUntilCleared(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "b")
	v := m.View()
	assertContains(t, v, "baseline pinned")
	assertContains(t, v, "vs base")
	m = press(t, selectControl(t, m, "$/GPU-hour", 1), "L") // B $4.50 -> $5.00/h
	v = m.View()
	// B's $/M output is now 11 % above its baseline; A's is unchanged.
	re := "│ $/M output "
	lines := strings.Split(v, "\n")
	found := false
	for _, l := range lines {
		if strings.Contains(l, re) {
			found = true
			if !strings.Contains(l, "±0 %") || !strings.Contains(l, "+11 %") {
				t.Errorf("$/M row vs baseline: %q", l)
			}
		}
	}
	if !found {
		t.Fatal("no $/M output row")
	}
	m = press(t, m, "b")
	v = m.View()
	if strings.Contains(v, "vs base") || strings.Contains(v, "baseline pinned") {
		t.Error("baseline still shown after clearing")
	}
	assertContains(t, v, "vs A")
}

func TestThemeCycles(t *testing.T) {
	m := newTestModel(t, 120, 40)
	seen := []string{m.th.Name}
	for range theme.Names() {
		m = press(t, m, "t")
		seen = append(seen, m.th.Name)
		assertContains(t, m.View(), "theme: "+m.th.Name)
		checkFrame(t, m.View(), 120, 40)
	}
	if seen[0] != seen[len(seen)-1] || seen[1] == seen[0] {
		t.Errorf("themes cycled %v", seen)
	}
}

func TestPresentationMode(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "v")
	v := m.View()
	checkFrame(t, v, 120, 40)
	assertContains(t, v, "Verdict:")
	assertContains(t, v, "$ per million")
	assertContains(t, v, "█▀█") // the large figures
	for _, chrome := range []string{"↑/↓ select", "GPUs/replica", "solid line ·"} {
		if strings.Contains(v, chrome) {
			t.Errorf("presentation shows %q", chrome)
		}
	}
	m = press(t, m, "v")
	assertContains(t, m.View(), "↑/↓ select")
}

func TestSave(t *testing.T) {
	var got model.Scenario
	ok := func(o *Options) {
		o.Save = func(s model.Scenario, _ bool) (string, error) { got = s; return "/home/me/plan.toml", nil }
	}
	m := press(t, newTestModel(t, 120, 40, ok), "ctrl+s")
	assertContains(t, m.View(), "saved to /home/me/plan.toml")
	if got != m.in.Scenario {
		t.Error("saved a different scenario")
	}
	bad := func(o *Options) {
		o.Save = func(model.Scenario, bool) (string, error) { return "", errors.New("plan.toml: permission denied") }
	}
	m = press(t, newTestModel(t, 120, 40, bad), "ctrl+s")
	assertContains(t, m.View(), "save failed: plan.toml: permission denied")
	m = press(t, newTestModel(t, 120, 40), "ctrl+s")
	assertContains(t, m.View(), "saving is off over SSH")
}

func TestExportCopiesMarkdownOverOSC52(t *testing.T) {
	var out bytes.Buffer
	r := lipgloss.NewRenderer(&out)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	var exported string
	m := newTestModel(t, 120, 40, func(o *Options) {
		o.Renderer = r
		o.Export = func(md string) (string, error) { exported = md; return "/home/me/infercost-summary.md", nil }
	})
	out.Reset()
	m = press(t, m, "e")
	md := markdown(m.in, m.figures.cmp, m.figures.err)
	if exported != md {
		t.Error("Export got a different summary than the clipboard")
	}
	if want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(md)); !strings.Contains(out.String(), want) {
		t.Errorf("no OSC 52 copy of the summary in the output: %q", out.String())
	}
	assertContains(t, m.View(), "copied the Markdown summary (OSC 52); wrote /home/me/infercost-summary.md")
}

// TestMarkdownSummary: the clipboard summary is the report's Markdown
// table, so a planning doc gets the same figures either way.
func TestMarkdownSummary(t *testing.T) {
	s := model.DefaultScenario()
	c, err := model.Compare(s)
	md := markdown(inputs{Scenario: s}, c, err)
	want, werr := report.MarkdownSummary(s)
	if werr != nil || md != want {
		t.Errorf("clipboard summary differs from the report's:\n%s\n---\n%s", md, want)
	}
	a, b := c.Results[0], c.Results[1]
	for _, want := range []string{
		"| | A100 80GB SXM | H100 SXM 80GB |",
		"| Decode per token (TPOT), ms | " + report.FormatFigure(a.TPOTSeconds*1e3) + " | " + report.FormatFigure(b.TPOTSeconds*1e3),
		"| $ per million output tokens | $" + strconv.FormatFloat(a.USDPerMillionOutputTokens, 'f', 2, 64),
		"H100 SXM 80GB for latency, A100 80GB SXM for cost.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	s.Weights = model.FP8
	c, err = model.Compare(s)
	md = markdown(inputs{Scenario: s}, c, err)
	if !strings.Contains(md, "no FP8 tensor cores, so FP8 weights cannot run") {
		t.Errorf("refusal missing:\n%s", md)
	}
}

// Each theme at 80x24 and 120x40 in 256 colours, reviewed as diffs.
func TestGoldenThemes(t *testing.T) {
	for _, name := range theme.Names() {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			file := fmt.Sprintf("theme-%s-%dx%d.golden", name, sz[0], sz[1])
			t.Run(file, func(t *testing.T) {
				r := lipgloss.NewRenderer(&bytes.Buffer{})
				r.SetColorProfile(termenv.ANSI256)
				r.SetHasDarkBackground(true)
				m := newTestModel(t, sz[0], sz[1], func(o *Options) { o.Renderer, o.Theme = r, name })
				v := m.View()
				checkFrame(t, v, sz[0], sz[1])
				golden(t, file, v)
			})
		}
	}
}

// TestPerSidePrecisionPreset: the FP8 preset runs A100 in FP16 and H100 in
// FP8; the shared KV control shows both values, and moving it sets one
// precision for both sides again.
func TestPerSidePrecisionPreset(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "p", "p", "p")
	v := m.View()
	assertContains(t, v, "fp16|fp8")
	if m.in.Scenario.SideWeights(0) != model.FP16 || m.in.Scenario.SideWeights(1) != model.FP8 {
		t.Fatalf("preset weights %s / %s", m.in.Scenario.SideWeights(0), m.in.Scenario.SideWeights(1))
	}
	m = press(t, selectControl(t, m, "KV cache", -1), "l")
	if a, b := m.in.Scenario.SideKV(0), m.in.Scenario.SideKV(1); a != b {
		t.Errorf("after moving the shared KV control: %s / %s", a, b)
	}
	m = press(t, selectControl(t, m, "weights", 1), "h")
	if m.in.Scenario.SideWeights(1) == model.FP8 || m.in.Scenario.SideWeights(0) != model.FP16 {
		t.Errorf("B weights h: %s / %s", m.in.Scenario.SideWeights(0), m.in.Scenario.SideWeights(1))
	}
}

// TestGPUChangeKeepsPrecision: picking another GPU for a side keeps that
// side's precisions (it resets only the price and a pinned rate).
func TestGPUChangeKeepsPrecision(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "p", "p", "p")
	m = press(t, selectControl(t, m, "GPU", 1), "l")
	if m.in.Scenario.SideWeights(1) != model.FP8 || m.in.Scenario.SideKV(1) != model.FP8 {
		t.Errorf("after changing B's GPU: weights %s, KV %s", m.in.Scenario.SideWeights(1), m.in.Scenario.SideKV(1))
	}
}

// TestExportCarriesWarnings: e's summary, like report's Markdown, says
// when a pinned tok/s is past the physics ceiling and why a fleet could
// not be sized.
func TestExportCarriesWarnings(t *testing.T) {
	exportOf := func(edit func(s *model.Scenario)) string {
		var exported string
		m := newTestModel(t, 120, 40, func(o *Options) {
			edit(&o.Scenario)
			o.Export = func(md string) (string, error) { exported = md; return "infercost-summary.md", nil }
		})
		press(t, m, "e")
		return exported
	}
	md := exportOf(func(s *model.Scenario) { s.Sides[0].PinnedTokensPerSecond = 1e7 })
	assertContains(t, md, "A100 80GB SXM: pinned 10,000,000 tok/s is above the 29.1 tok/s ceiling")
	md = exportOf(func(s *model.Scenario) { s.Utilization, s.TargetTokensPerDay = 0.01, 1e15 })
	assertContains(t, md, "A100 80GB SXM: no fleet sized: load: needs more than a billion replicas")
}
