package ui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"infercost/model"
	"infercost/ui/scenario"

	tea "github.com/charmbracelet/bubbletea"
)

// TestGoldenSensitivityOverlay: m opens "what moves the answer" over the
// default scenario; at 80x24 and 120x40 it fits the screen with the
// largest swings first as bars per GPU, the flips marked, and scrolls to
// the null rows at the end.
func TestGoldenSensitivityOverlay(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("sensitivity-%dx%d.golden", sz[0], sz[1])
		t.Run(name, func(t *testing.T) {
			m := press(t, newTestModel(t, sz[0], sz[1]), "m")
			v := m.View()
			// Half the utilization doubles $/M: 2 x $67.81 = $135.62 and
			// 2 x $76.78 = $153.56, to the cent (not $135.60 from a
			// figure rounded to four digits first).
			checkFrame(t, v, sz[0], sz[1])
			for _, want := range []string{"What moves the answer", "utilization 50 % → 100 %", "A ● $135.62 → $67.81", "B ▲ $153.56 → $76.78",
				"█", "│", "⚑ flips at fp8", "↑/↓ scroll"} {
				assertContains(t, v, want)
			}
			golden(t, name, v)
			end := press(t, m, "G").View()
			checkFrame(t, end, sz[0], sz[1])
			for _, want := range []string{"model size", "n/a: cannot take this step", ", 0 below"} {
				assertContains(t, end, want)
			}
			if closed := press(t, m, "m").View(); strings.Contains(closed, "What moves the answer") || !strings.Contains(closed, "Verdict:") {
				t.Errorf("m again should close the overlay:\n%s", closed)
			}
		})
	}
}

// TestSensitivityOverlayFitsEverySize: the overlay fills the frame
// exactly at the sizes the explorer supports.
func TestSensitivityOverlayFitsEverySize(t *testing.T) {
	for _, sz := range [][2]int{{60, 20}, {80, 24}, {120, 40}, {200, 60}} {
		m := press(t, newTestModel(t, sz[0], sz[1]), "m")
		checkFrame(t, m.View(), sz[0], sz[1])
		checkFrame(t, press(t, m, "G").View(), sz[0], sz[1])
	}
}

// TestSensitivityOverlayKeys: while open, arrows scroll rather than edit
// unseen, the overlay follows no edit, e copies its Markdown table, esc
// closes; the help offers m.
func TestSensitivityOverlayKeys(t *testing.T) {
	var out bytes.Buffer
	help := press(t, newTestModel(t, 120, 40), "?").View()
	assertContains(t, help, "m what moves the answer")
	assertContains(t, help, "copy share string")
	m := newTestModel(t, 80, 24, func(o *Options) { o.Renderer = asciiRenderer(&out) })
	m = press(t, m, "m")
	before := m.in
	m = press(t, m, "right", "l", "down")
	if m.in != before || m.sens.top != 1 {
		t.Errorf("keys behind the overlay: inputs changed %v, top %d", m.in != before, m.sens.top)
	}
	out.Reset()
	m = press(t, m, "e")
	if !strings.Contains(m.status, "copied") || !strings.Contains(osc52(t, out.String()), "| Assumption | Range |") {
		t.Errorf("e: status %q, clipboard %q", m.status, osc52(t, out.String()))
	}
	if m = press(t, m, "esc"); m.showSens {
		t.Error("esc should close the overlay")
	}
}

// osc52 is the text of the last OSC 52 clipboard sequence in out.
func osc52(t *testing.T, out string) string {
	t.Helper()
	ms := regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]*)\x07`).FindAllStringSubmatch(out, -1)
	if len(ms) == 0 {
		return ""
	}
	b, err := base64.StdEncoding.DecodeString(ms[len(ms)-1][1])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestShareKeyAndPaste: y copies the scenario as a share string; pasted
// into the typed-value entry of another session it opens the same
// scenario (and r returns to it); a damaged one keeps the entry open
// with why.
func TestShareKeyAndPaste(t *testing.T) {
	var out bytes.Buffer
	m := newTestModel(t, 120, 40, func(o *Options) { o.Renderer = asciiRenderer(&out) })
	m = press(t, m, "p", "p") // the chat preset
	m = press(t, selectControl(t, m, "batch", -1), "right")
	out.Reset()
	m = press(t, m, "y")
	str := osc52(t, out.String())
	if !strings.HasPrefix(str, "ic1.") || !strings.Contains(m.status, "copied the share string") {
		t.Fatalf("y: clipboard %q, status %q", str, m.status)
	}
	other := press(t, newTestModel(t, 80, 24), "enter")
	bad := send(t, other, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(str[:len(str)-2]), Paste: true})
	bad = press(t, bad, "enter")
	if !bad.entry.active || !strings.Contains(bad.entry.err, "share string") {
		t.Errorf("a cut string: entry active %v, error %q", bad.entry.active, bad.entry.err)
	}
	got := send(t, other, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(str), Paste: true})
	got = press(t, got, "enter")
	want, _ := scenario.OpenShare(str)
	if got.entry.active || got.in.Scenario.Batch != m.in.Scenario.Batch || got.in.Scenario.Model != "llama-3-8b" {
		t.Fatalf("pasted: entry %v (%q), scenario %+v", got.entry.active, got.entry.err, got.in.Scenario)
	}
	c1, _ := model.Compare(m.in.Scenario)
	c2, _ := model.Compare(got.in.Scenario)
	if !reflect.DeepEqual(c1.Results, c2.Results) || want.Batch != got.in.Scenario.Batch {
		t.Error("the pasted scenario compares differently")
	}
	checkFrame(t, got.View(), 80, 24)
	if r := press(t, selectControl(t, got, "batch", -1), "right", "r"); r.in.Scenario.Batch != want.Batch {
		t.Errorf("r after a pasted scenario: batch %d, want %d", r.in.Scenario.Batch, want.Batch)
	}
}
