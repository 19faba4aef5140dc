package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"infercost/model"
	"infercost/ui"
	"infercost/ui/report"
	"infercost/ui/scenario"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestTUIThemeFlags(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, nil, ""},
		{[]string{"--theme", "light"}, nil, "light"},
		{[]string{"--theme", "High-Contrast"}, nil, "high-contrast"},
		{nil, map[string]string{"NO_COLOR": "1"}, "none"},
		{[]string{"--theme", "dark"}, map[string]string{"NO_COLOR": "1"}, "dark"}, // a flag beats the environment
		{[]string{"--no-color"}, nil, "none"},
		{[]string{"--theme", "light", "--no-color"}, nil, "none"},
		{nil, map[string]string{"NO_COLOR": ""}, ""}, // empty NO_COLOR does not count
	}
	for _, c := range cases {
		cfg, err := parseTUIArgs(append(c.args, "--presets-dir", t.TempDir()), env(c.env))
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if cfg.theme != c.want {
			t.Errorf("%v env %v: theme %q, want %q", c.args, c.env, cfg.theme, c.want)
		}
	}
}

// TestTUIBadFlags: bad input ends before the UI starts, with one line and
// exit 2.
func TestTUIBadFlags(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("version = 1\nbatch = -4\n"), 0o644)
	cases := map[string][]string{
		"--theme sepia: accepted dark, light, high-contrast, none": {"--theme", "sepia"},
		"unknown flag --colour":            {"--colour"},
		`unknown command "reprot"`:         {"reprot"},
		"bad.toml:2: batch = -4: accepted": {"--scenario", bad},
		"--scenario needs a value":         {"--scenario"},
	}
	for want, args := range cases {
		code, out, errOut := runArgs(args...)
		if code != exitUsage || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", args, code, out, errOut, want)
		}
	}
}

// TestUnknownCommandListsEveryCommand: a mistyped command names every
// command the usage lists, each of which runs (QA: calibrate was left
// out of the list).
func TestUnknownCommandListsEveryCommand(t *testing.T) {
	_, _, errOut := runArgs("extra")
	listed := regexp.MustCompile(`(?m)^  infercost (\w+)`).FindAllStringSubmatch(runOK(t, "help"), -1)
	if len(listed) < 5 {
		t.Fatalf("usage lists %d commands", len(listed))
	}
	for _, c := range listed {
		if !strings.Contains(errOut, c[1]) {
			t.Errorf("unknown-command error lacks %q: %s", c[1], errOut)
		}
		if code, _, _ := runArgs(c[1], "-h"); code != exitOK {
			t.Errorf("%s -h: exit %d", c[1], code)
		}
	}
}

// TestTUIScenarioHelpSaysWhatCtrlSRefuses: --scenario's help tells that
// ctrl+s never replaces a file infercost did not write, and what to do
// instead (review #11: it said ctrl+s saves back to any FILE).
func TestTUIScenarioHelpSaysWhatCtrlSRefuses(t *testing.T) {
	out := runOK(t, "-h")
	_, help, _ := strings.Cut(out, "--scenario FILE\n")
	help, _, _ = strings.Cut(help, "\n  --")
	help = strings.Join(strings.Fields(help), " ")
	for _, want := range []string{`A FILE infercost did not write (no "written by infercost" on its first line) is never overwritten`,
		"ctrl+s refuses it", "S saves as another file"} {
		if !strings.Contains(help, want) {
			t.Errorf("--scenario help lacks %q:\n%s", want, help)
		}
	}
}

func TestTUIHelp(t *testing.T) {
	for _, h := range []string{"-h", "--help"} {
		out := runOK(t, h)
		for _, want := range []string{"infercost report [flags]", "--scenario FILE", "--theme NAME", "--no-color", "--presets-dir DIR"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", h, want)
			}
		}
	}
}

func TestTUIScenarioFlagLoads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.toml")
	os.WriteFile(path, []byte("version = 1\nname = \"plan\"\nbatch = 12\n"), 0o644)
	cfg, err := parseTUIArgs([]string{"--scenario", path}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.scenario.Name != "plan" || cfg.scenario.Batch != 12 || cfg.scenarioPath != path {
		t.Errorf("%+v", cfg)
	}
}

func TestTUIOptionsPresetsAndSave(t *testing.T) {
	dir := t.TempDir()
	presetsDir := filepath.Join(dir, "presets")
	os.Mkdir(presetsDir, 0o755)
	os.WriteFile(filepath.Join(presetsDir, "mine.toml"), []byte("version = 1\n"), 0o644)
	path := filepath.Join(dir, "plan.toml")
	os.WriteFile(path, []byte("# hand-made\nversion = 1\n"), 0o644)
	cfg, err := parseTUIArgs([]string{"--scenario", path, "--presets-dir", presetsDir}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	presets, _ := scenario.LoadDir(cfg.presetsDir, cfg.presetsExplicit)
	opts := cfg.options(presets)
	if n := len(model.BuiltinScenarios()); len(opts.Presets) != n+1 || opts.Presets[n].Name != "mine" {
		t.Errorf("presets: %d, want the built-ins then the user's", len(opts.Presets))
	}
	// The --scenario file is the user's own (no marker): ctrl+s refuses.
	s := model.DefaultScenario()
	s.Batch = 9
	got, err := opts.Save(s, false)
	if err == nil || got != path {
		t.Errorf("save over a hand-made file: %q, %v", got, err)
	}
	if text, _ := os.ReadFile(path); string(text) != "# hand-made\nversion = 1\n" {
		t.Error("hand-made file changed")
	}
	os.Remove(path)
	if got, err = opts.Save(s, false); err != nil {
		t.Fatal(err)
	}
	back, err := scenario.Load(got)
	if err != nil || back.Batch != 9 {
		t.Errorf("saved %q: batch %d, %v", got, back.Batch, err)
	}
}

func TestExportSummary(t *testing.T) {
	dir := t.TempDir()
	md, err := report.MarkdownSummary(model.DefaultScenario())
	if err != nil {
		t.Fatal(err)
	}
	path, err := scenario.ExportSummary(dir, md)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(path)
	if filepath.Base(path) != scenario.SummaryFile || !strings.HasPrefix(string(text), "<!-- infercost summary, written by infercost") || !strings.HasSuffix(string(text), md) {
		t.Errorf("%s:\n%s", path, text)
	}
	if _, err := scenario.ExportSummary(dir, md); err != nil {
		t.Errorf("second export over its own file: %v", err)
	}
	os.WriteFile(path, []byte("my notes\n"), 0o644)
	if _, err := scenario.ExportSummary(dir, md); err == nil {
		t.Error("export overwrote a file infercost did not write")
	}
}

func TestTUIScenarioFlagNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new-plan.toml")
	cfg, err := parseTUIArgs([]string{"--scenario", path}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.scenario != model.DefaultScenario() || len(cfg.notes) != 1 || !strings.Contains(cfg.notes[0], "ctrl+s creates it") {
		t.Errorf("%+v", cfg)
	}
	opts := cfg.options(nil)
	// The screen says the file is new (QA: a mistyped --scenario opened
	// the defaults with nothing on screen to tell it from the plan).
	opts.Renderer = lipgloss.NewRenderer(io.Discard)
	var shown tea.Model = ui.New(opts)
	shown, _ = shown.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	if want := "new file: " + path + " not found; showing the defaults, ctrl+s creates it"; !strings.Contains(shown.View(), want) {
		t.Errorf("screen lacks %q:\n%s", want, shown.View())
	}
	if got, err := opts.Save(cfg.scenario, false); err != nil || got != path {
		t.Fatalf("save: %q %v", got, err)
	}
	os.WriteFile(path, []byte("mine\n"), 0o644)
	if _, err := opts.Save(cfg.scenario, false); !errors.Is(err, scenario.ErrForeignFile) {
		t.Errorf("file replaced by hand since the save: %v", err)
	}
	if text, _ := os.ReadFile(path); string(text) != "mine\n" {
		t.Errorf("the hand edit was overwritten: %q", text)
	}
}

// TestTUINeedsATerminal: `infercost < /dev/null` or a pipe gives one line
// and exit 2, and writes nothing to the output (no alternate screen, no
// hidden cursor left behind).
func TestTUINeedsATerminal(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	for name, in := range map[string]io.Reader{"a buffer": strings.NewReader("q"), "/dev/null": devnull} {
		var out, errb bytes.Buffer
		code := Run(nil, in, &out, &errb)
		if code != exitUsage || out.Len() != 0 || strings.Count(errb.String(), "\n") != 1 ||
			!strings.Contains(errb.String(), "standard input is not a terminal") {
			t.Errorf("%s: exit %d, out %q, err %q", name, code, out.String(), errb.String())
		}
	}
}

// TestErrorsNeverEchoControlCharacters: a flag value or file holding an
// escape sequence comes back spelled out, on one line.
func TestErrorsNeverEchoControlCharacters(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("version = 1\nname = \"x\"\nmodel = \"\x1b]0;owned\x07\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--theme", "\x1b[2J\x1b[31mred"},
		{"report", "--gpu", "a100\x1b[1A"},
		{"report", "--scenario", bad},
		{"serve", "--addr", "\x9b2J"},
	} {
		var out, errb bytes.Buffer
		code := Run(args, strings.NewReader(""), &out, &errb)
		if code != exitUsage || strings.ContainsAny(errb.String(), "\x1b\x07\u009b") || bytes.IndexByte(errb.Bytes(), 0x9b) >= 0 || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

// TestSaveAsTheSessionsOwnFile: S with the path of the file this session
// has open saves through it, as ctrl+s does, instead of calling it
// "another scenario saved by infercost" (review #9). Both the --scenario
// file and a file the session itself saved as count.
func TestSaveAsTheSessionsOwnFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.toml")
	if err := scenario.Save(path, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseTUIArgs([]string{"--scenario", path}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	opts := cfg.options(nil)
	s := model.DefaultScenario()
	for i, as := range []string{path, filepath.Join(dir, ".", "plan.toml"), filepath.Join(dir, "other.toml"), filepath.Join(dir, "other.toml")} {
		s.Batch = i + 2
		got, err := opts.SaveAs(as, s, false)
		if err != nil || got != filepath.Clean(as) {
			t.Fatalf("save as %s: %q, %v", as, got, err)
		}
		if back, err := scenario.Load(got); err != nil || back.Batch != s.Batch {
			t.Errorf("%s: batch %v, want %v (%v)", got, back.Batch, s.Batch, err)
		}
		if got, err := opts.Save(s, false); err != nil || got != filepath.Clean(as) {
			t.Errorf("ctrl+s after save as %s: %q, %v", as, got, err)
		}
	}
	// A scenario file this session did not open is still refused.
	theirs := filepath.Join(dir, "theirs.toml")
	if err := scenario.Save(theirs, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	if _, err := opts.SaveAs(theirs, s, false); !errors.Is(err, scenario.ErrExists) {
		t.Errorf("save as another scenario file: %v", err)
	}
}

// explorerExport runs the explorer as `infercost args...` would open it,
// presses e and returns the Markdown its export writes.
func explorerExport(t *testing.T, args ...string) string {
	t.Helper()
	cfg, err := parseTUIArgs(args, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	opts := cfg.options(nil)
	opts.Renderer = lipgloss.NewRenderer(io.Discard) // the OSC 52 copy goes nowhere
	exported := ""
	opts.Export = func(md string) (string, error) { exported = md; return scenario.SummaryFile, nil }
	var m tea.Model = ui.New(opts)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")})
	runCmds(cmd)
	if exported == "" {
		t.Fatal("e exported nothing")
	}
	return exported
}

// runCmds runs cmd and the commands of any batch it returns; their
// messages are dropped.
func runCmds(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range batch {
			runCmds(c)
		}
	}
}
