package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"infercost/model"
	"infercost/ui/scenario"

	tea "github.com/charmbracelet/bubbletea"
)

// fileSession is a model whose Save, SaveAs and Reload use a real
// scenario file in a temporary directory, as a local run does.
func fileSession(t *testing.T) (Model, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.toml")
	if err := scenario.Save(path, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	f, s, err := scenario.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, 120, 40, func(o *Options) {
		o.Scenario, o.File = s, path
		o.Save = func(s model.Scenario, force bool) (string, error) { return path, f.Save(s, force) }
		o.SaveAs = func(p string, s model.Scenario, force bool) (string, error) {
			p = filepath.Join(dir, p)
			return p, scenario.NewFile(p).Save(s, force)
		}
		o.Reload = f.Reload
	})
	return m, path
}

// TestSaveAsksWhenTheFileChangedOnDisk: a hand edit made since loading is
// never overwritten silently: o overwrites, r reloads, esc keeps both.
func TestSaveAsksWhenTheFileChangedOnDisk(t *testing.T) {
	m, path := fileSession(t)
	m = selectControl(t, m, "batch", -1)
	m = press(t, m, "right")
	edited := m.in.Scenario
	hand := strings.Replace(readFile(t, path), "batch = 1", "batch = 7", 1)
	if err := os.WriteFile(path, []byte(hand), 0o644); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "ctrl+s")
	if m.confirm == nil || readFile(t, path) != hand {
		t.Fatalf("ctrl+s over a hand edit: asked %v, file kept %v", m.confirm != nil, readFile(t, path) == hand)
	}
	assertContains(t, m.View(), "changed on disk")
	assertContains(t, m.View(), "o overwrite it")
	if esc := press(t, m, "esc"); esc.confirm != nil || readFile(t, path) != hand {
		t.Error("esc did not cancel, or the file changed")
	}
	if rl := press(t, m, "r"); rl.in.Scenario.Batch != 7 || rl.in.Scenario == edited {
		t.Errorf("r: batch %d, want the file's 7", rl.in.Scenario.Batch)
	}
	ow := press(t, m, "o")
	if back, err := scenario.Load(path); err != nil || back != edited || ow.confirm != nil {
		t.Errorf("o: file holds %+v (%v), want the session's scenario", back, err)
	}
	assertContains(t, ow.View(), "saved to "+path)
	if strings.Contains(ow.View(), "(modified)") {
		t.Error("(modified) still shown after saving")
	}
}

// TestSaveAsRefusesAFileInfercostDidNotWrite: save as onto the user's own
// file says it exists and is not infercost's, offers only another path or
// esc, and no key replaces it (QA: one o replaced it, under a message
// claiming it "changed on disk since it was loaded or saved").
func TestSaveAsRefusesAFileInfercostDidNotWrite(t *testing.T) {
	m, path := fileSession(t)
	foreign := filepath.Join(filepath.Dir(path), "foreign.txt")
	if err := os.WriteFile(foreign, []byte("important data\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = typePath(t, m, "foreign.txt")
	if m.confirm == nil {
		t.Fatal("save as over a foreign file was not refused")
	}
	assertContains(t, m.View(), "not saved: the file exists and was not written by infercost")
	assertContains(t, m.status, "("+foreign+")")
	assertContains(t, m.footer, "S save as another file…")
	assertContains(t, m.footer, "esc keep editing, not saved")
	for _, wrong := range []string{"changed on disk", "o overwrite", "r reload", "close help"} {
		if strings.Contains(m.View(), wrong) {
			t.Errorf("screen offers %q:\n%s", wrong, m.View())
		}
	}
	m = press(t, m, "o", "r")
	if readFile(t, foreign) != "important data\n" {
		t.Fatalf("the foreign file was replaced: %q", readFile(t, foreign))
	}
	if m.confirm == nil {
		t.Error("o or r closed the question")
	}
	if m = press(t, m, "esc"); m.confirm != nil || !strings.Contains(m.View(), "not saved") {
		t.Error("esc did not close the question")
	}
}

// TestSaveAsOverAnotherScenarioAsks: save as onto a scenario infercost
// wrote but this session did not open asks, naming it as such, and o
// replaces it.
func TestSaveAsOverAnotherScenarioAsks(t *testing.T) {
	m, path := fileSession(t)
	other := filepath.Join(filepath.Dir(path), "other.toml")
	if err := scenario.Save(other, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	m = selectControl(t, m, "batch", -1)
	m = press(t, m, "right")
	m = typePath(t, m, "other.toml")
	assertContains(t, m.View(), "not saved: the file exists, another scenario saved by infercost")
	assertContains(t, m.status, "("+other+")")
	assertContains(t, m.footer, "o overwrite it")
	if strings.Contains(m.View(), "changed on disk") || strings.Contains(m.footer, "close help") {
		t.Errorf("wrong wording:\n%s", m.View())
	}
	m = press(t, m, "o")
	if back, err := scenario.Load(other); err != nil || back != m.in.Scenario {
		t.Errorf("o: %v, file holds batch %d", err, back.Batch)
	}
}

// TestSaveAsNamesAMissingDirectory: a save into a directory that does not
// exist names the full path, not only the file's name.
func TestSaveAsNamesAMissingDirectory(t *testing.T) {
	m, path := fileSession(t)
	m = typePath(t, m, "nodir/x.toml")
	dir := filepath.Join(filepath.Dir(path), "nodir")
	assertContains(t, m.View(), "not saved: the directory "+dir+" does not exist")
	assertContains(t, m.status, "("+filepath.Join(dir, "x.toml")+")")
}

// typePath saves as p, typed at S.
func typePath(t *testing.T, m Model, p string) Model {
	t.Helper()
	return typeAt(t, m, "S", p)
}

// TestQuitAsksOnceWithUnsavedChanges: q with edits to a file asks once;
// q again quits; ctrl+c always quits at once.
func TestQuitAsksOnceWithUnsavedChanges(t *testing.T) {
	m, _ := fileSession(t)
	m = selectControl(t, m, "batch", -1)
	m = press(t, m, "right")
	m2, cmd := m.Update(keyMsg("q"))
	if cmd != nil {
		t.Fatal("q with unsaved changes quit at once")
	}
	assertContains(t, m2.View(), "q again quits without saving")
	if _, cmd = m2.Update(keyMsg("q")); !isQuit(cmd) {
		t.Error("second q did not quit")
	}
	if _, cmd = m.Update(keyMsg("ctrl+c")); !isQuit(cmd) {
		t.Error("ctrl+c did not quit at once")
	}
	// Nothing to lose: q quits at once.
	fresh, _ := fileSession(t)
	if _, cmd = fresh.Update(keyMsg("q")); !isQuit(cmd) {
		t.Error("q without changes did not quit")
	}
}

// TestSaveAsTakesATypedPath: S asks for a name and saves there.
func TestSaveAsTakesATypedPath(t *testing.T) {
	m, path := fileSession(t)
	m = press(t, m, "S")
	if !m.entry.active || !m.entry.path {
		t.Fatal("S did not open a path entry")
	}
	for _, r := range "other.toml" {
		m = press(t, m, string(r))
	}
	m = press(t, m, "enter")
	other := filepath.Join(filepath.Dir(path), "other.toml")
	if _, err := scenario.Load(other); err != nil {
		t.Errorf("save as: %v", err)
	}
	assertContains(t, m.View(), "saved to "+other)
}

// TestResetReturnsToTheOpeningScenario: after cycling presets, r undoes
// edits, then r again returns to the scenario the session opened with;
// the preset cycle passes through it too.
func TestResetReturnsToTheOpeningScenario(t *testing.T) {
	start := model.DefaultScenario()
	start.Name, start.Batch = "my plan", 3
	m := newTestModel(t, 120, 40, func(o *Options) { o.Scenario = start })
	start = withFleetLoad(start) // as the explorer holds it
	m = press(t, m, "p")
	if m.in.Scenario == start {
		t.Fatal("p did not load a preset")
	}
	if m = press(t, m, "r", "r"); m.in.Scenario != start {
		t.Errorf("r r after a preset: %q, want the opening scenario", m.in.Scenario.Name)
	}
	for range len(m.opts.Presets) + 1 { // from the start: every preset, then back
		m = press(t, m, "p")
	}
	if m.in.Scenario != start {
		t.Errorf("cycling every preset ends on %q, want the opening scenario", m.in.Scenario.Name)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// isQuit reports whether cmd, run, asks the program to quit.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if isQuit(c) {
				return true
			}
		}
	}
	return false
}
