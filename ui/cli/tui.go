package cli

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"infercost/model"
	"infercost/theme"
	"infercost/ui"
	"infercost/ui/scenario"
	"infercost/ui/screen"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
)

// defaultScenarioFile is where ctrl+s saves without --scenario.
const defaultScenarioFile = "infercost-scenario.toml"

// tuiConfig is a parsed local-run command line.
type tuiConfig struct {
	user         []model.GPU // the user's GPU files
	scenarioPath string      // --scenario: loaded at start, and where ctrl+s saves
	theme        string      // "" = by the terminal's background
	presetsDir   string
	// presetsExplicit: --presets-dir was given, so a missing directory is
	// worth a warning (the default one usually does not exist).
	presetsExplicit bool
	notes           []string // said on stderr before the UI starts
	scenario        model.Scenario
	// file is what ctrl+s saves to: --scenario's, else the default file
	// in the working directory; loaded says --scenario was read.
	file   *scenario.File
	loaded bool
	status string // the explorer's first status line
}

func tuiFlagSpecs() []flagSpec {
	return []flagSpec{
		{name: "scenario", arg: "FILE", usage: "start from a scenario file; ctrl+s saves back to it (and creates it if missing). " +
			"A FILE infercost did not write (no \"written by infercost\" on its first line) is never overwritten: " +
			"ctrl+s refuses it; S saves as another file\n(default: ctrl+s saves ./" + defaultScenarioFile + ")"},
		{name: "theme", arg: "NAME", usage: "colours: " + strings.Join(theme.Names(), ", ") + " (default: by the terminal's background)"},
		{name: "no-color", usage: "no colour at all (same as --theme none; NO_COLOR is honoured too)"},
		{name: "presets-dir", arg: "DIR", usage: "read extra presets (*.toml scenario files) from DIR\n(default: " + defaultPresetsDirText() + ")"},
		gpusFileFlag,
		openFlag,
	}
}

// runTUI runs the explorer in the local terminal.
func runTUI(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseTUIArgs(args, os.Getenv)
	if errors.Is(err, errHelp) {
		writeTUIUsage(stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "infercost:", err)
		return exitUsage
	}
	if err := needTerminal(stdin, stdout); err != nil {
		fmt.Fprintln(stderr, "infercost:", err)
		return exitUsage
	}
	presets, warnings := scenario.LoadDir(cfg.presetsDir, cfg.presetsExplicit)
	for _, w := range warnings {
		fmt.Fprintln(stderr, "infercost: preset skipped:", w)
	}
	for _, n := range cfg.notes {
		fmt.Fprintln(stderr, "infercost:", n)
	}
	opts := cfg.options(presets)
	p := screen.New(ui.New(opts), screen.Options{Input: stdin, Output: stdout, Term: os.Getenv("TERM")})
	if _, err := p.Run(); err != nil {
		fmt.Fprintln(stderr, "infercost:", err)
		return exitError
	}
	return exitOK
}

// parseTUIArgs reads the local run's flags; getenv reads NO_COLOR.
func parseTUIArgs(args []string, getenv func(string) string) (tuiConfig, error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return tuiConfig{}, usagef("unknown command %q: accepted %s (or flags; see infercost -h)", args[0], commandNames())
	}
	fs, err := parseFlags(tuiFlagSpecs(), args)
	if err != nil {
		return tuiConfig{}, err
	}
	cfg := tuiConfig{scenario: model.DefaultScenario()}
	if cfg.theme, err = themeFlag(fs); err != nil {
		return tuiConfig{}, err
	}
	if cfg.user, err = userGPUs(fs); err != nil {
		return tuiConfig{}, err
	}
	if cfg.theme == "" && getenv("NO_COLOR") != "" {
		cfg.theme = theme.None // https://no-color.org: a flag overrides it
	}
	cfg.presetsDir, cfg.presetsExplicit = fs.get("presets-dir")
	if cfg.presetsDir == "" {
		cfg.presetsDir = defaultPresetsDir()
	}
	path, ok := fs.get("scenario")
	if cfg.scenario, err = openedScenario(fs, cfg.scenario); err != nil {
		return tuiConfig{}, err
	}
	if !ok {
		cfg.file = scenario.NewFile(absPath(defaultScenarioFile))
		return cfg, nil
	}
	cfg.scenarioPath = path
	if _, statErr := os.Stat(path); errors.Is(statErr, iofs.ErrNotExist) {
		// A new file: start from the defaults; ctrl+s creates it. The
		// explorer's screen says so, or a mistyped name would pass for
		// the plan.
		cfg.file = scenario.NewFile(absPath(path))
		cfg.status = "new file: " + cfg.file.Path() + " not found; showing the defaults, ctrl+s creates it"
		cfg.notes = append(cfg.notes, path+" does not exist yet: starting from the defaults; ctrl+s creates it")
		return cfg, nil
	}
	if cfg.file, cfg.scenario, err = scenario.OpenFile(absPath(path)); err != nil {
		return tuiConfig{}, usageError{err.Error()}
	}
	cfg.loaded = true
	return cfg, nil
}

// absPath is path made absolute, so status lines say where a file went;
// as given when the working directory is unknown.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// options builds the explorer's options for a local run.
func (c tuiConfig) options(presets []model.Scenario) ui.Options {
	box := &fileBox{f: c.file}
	if box.f == nil {
		box.f = scenario.NewFile(absPath(defaultScenarioFile))
	}
	opts := ui.Options{
		Renderer: lipgloss.DefaultRenderer(),
		Theme:    c.theme,
		Scenario: c.scenario,
		Presets:  append(model.BuiltinScenarios(), presets...),
		UserGPUs: c.user,
		Status:   c.status,
		Save: func(s model.Scenario, force bool) (string, error) {
			f := box.get()
			return f.Path(), f.Save(s, force)
		},
		SaveAs: func(path string, s model.Scenario, force bool) (string, error) {
			f := box.fileFor(absPath(path))
			if err := f.Save(s, force); err != nil {
				return f.Path(), err
			}
			box.set(f)
			return f.Path(), nil
		},
		Reload: func() (model.Scenario, error) { return box.get().Reload() },
		Export: func(markdown string) (string, error) {
			dir, err := os.Getwd()
			if err != nil {
				return scenario.SummaryFile, fmt.Errorf("%s not written: no working directory (%v)", scenario.SummaryFile, err)
			}
			return scenario.ExportSummary(dir, markdown)
		},
	}
	if c.loaded {
		opts.File = box.get().Path()
	}
	return opts
}

// fileBox holds the session's file; "save as" replaces it while a save
// may be running in a command's goroutine.
type fileBox struct {
	mu sync.Mutex
	f  *scenario.File
}

func (b *fileBox) get() *scenario.File  { b.mu.Lock(); defer b.mu.Unlock(); return b.f }
func (b *fileBox) set(f *scenario.File) { b.mu.Lock(); b.f = f; b.mu.Unlock() }

// fileFor is the File a "save as" to path writes through: the session's
// own when path names it, so saving as the open file is a ctrl+s (not
// "another scenario"), else a new File that refuses what it finds there.
func (b *fileBox) fileFor(path string) *scenario.File {
	if f := b.get(); f.Path() == path {
		return f
	}
	return scenario.NewFile(path)
}

// defaultPresetsDir is <user config dir>/infercost/presets, or "" when
// the system has no user config directory.
func defaultPresetsDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "infercost", "presets")
}

func defaultPresetsDirText() string {
	if d := defaultPresetsDir(); d != "" {
		return d
	}
	return "<user config dir>/infercost/presets"
}

func writeTUIUsage(w io.Writer) {
	fmt.Fprint(w, usageText())
	fmt.Fprint(w, "\nFlags of the explorer:\n")
	writeFlagUsage(w, tuiFlagSpecs())
}

// themeFlag reads --theme and --no-color: "" when neither is given (the
// theme then follows the terminal's background).
func themeFlag(fs flagSet) (string, error) {
	v, ok := fs.get("theme")
	name := strings.ToLower(strings.TrimSpace(v))
	if ok && !slices.Contains(theme.Names(), name) {
		return "", usagef("--theme %s: accepted %s", v, strings.Join(theme.Names(), ", "))
	}
	if fs.bool("no-color") {
		return theme.None, nil
	}
	return name, nil
}

// needTerminal refuses to start the explorer when its input or output is
// not a terminal (a pipe, a file, /dev/null): it would switch screens and
// hide the cursor of nothing, then wait forever for keys.
func needTerminal(stdin io.Reader, stdout io.Writer) error {
	for _, end := range []struct {
		name string
		f    any
	}{{"standard input", stdin}, {"standard output", stdout}} {
		if f, ok := end.f.(term.File); !ok || !term.IsTerminal(f.Fd()) {
			return fmt.Errorf("%s is not a terminal: the explorer needs one (for scripts use infercost report)", end.name)
		}
	}
	return nil
}
