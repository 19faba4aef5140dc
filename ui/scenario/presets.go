package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"infercost/model"
)

// maxPresetFiles bounds how many scenario files one directory gives.
const maxPresetFiles = 100

// LoadDir reads every *.toml file of dir, in name order. Bad files
// are skipped with a one-line reason each; a missing directory is no
// presets.
func LoadDir(dir string, explicit bool) ([]model.Scenario, []string) {
	if dir == "" {
		return nil, nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		if explicit {
			return nil, []string{fmt.Sprintf("--presets-dir %s: not a readable directory", dir)}
		}
		return nil, nil
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return nil, []string{fmt.Sprintf("%s: %v", dir, err)}
	}
	slices.Sort(paths)
	var warnings []string
	if len(paths) > maxPresetFiles {
		warnings = append(warnings, fmt.Sprintf("%s: %d files; reading the first %d", dir, len(paths), maxPresetFiles))
		paths = paths[:maxPresetFiles]
	}
	var out []model.Scenario
	for _, p := range paths {
		s, err := Load(p)
		if err != nil {
			warnings = append(warnings, err.Error())
			continue
		}
		out = append(out, s)
	}
	return out, warnings
}
