package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDirReportsBadFilesOneLineEach(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a-good.toml":  "version = 1\nname = \"good one\"\nmodel = \"llama-3-8b\"\n",
		"b-bad.toml":   "version = 1\nutilization = 7\n",
		"c-junk.toml":  "\x00\x01",
		"d-good.toml":  "version = 1\n",
		"notes.txt":    "not a preset",
		"e-empty.toml": "",
	}
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	presets, warnings := LoadDir(dir, true)
	if len(presets) != 2 || presets[0].Name != "good one" || presets[1].Name != "d-good" {
		t.Errorf("presets %+v", presets)
	}
	if len(warnings) != 3 {
		t.Fatalf("warnings %q, want one per bad file", warnings)
	}
	for _, w := range warnings {
		if strings.Contains(w, "\n") || !strings.Contains(w, dir) {
			t.Errorf("warning %q", w)
		}
	}
	if _, w := LoadDir(filepath.Join(dir, "missing"), false); len(w) != 0 {
		t.Errorf("a missing default directory warned: %q", w)
	}
	if _, w := LoadDir(filepath.Join(dir, "missing"), true); len(w) != 1 {
		t.Errorf("a missing --presets-dir did not warn: %q", w)
	}
}
