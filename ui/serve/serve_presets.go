package serve

import (
	"fmt"
	"log/slog"
	"os"

	"infercost/model"
	"infercost/ui/scenario"
)

// serverPresets are the scenarios every session can cycle through: the
// built-ins, then the *.toml scenario files of --scenario-dir (read once
// at start; sessions never write them). Bad files are skipped and
// logged, as the local explorer does with --presets-dir.
func serverPresets(dir string, log *slog.Logger) ([]model.Scenario, error) {
	presets := model.BuiltinScenarios()
	if dir == "" {
		return presets, nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("--scenario-dir %s: not a readable directory", dir)
	}
	extra, warnings := scenario.LoadDir(dir, true)
	for _, w := range warnings {
		log.Warn("scenario file skipped", "why", w)
	}
	log.Info("presets", "dir", dir, "files", len(extra))
	return append(presets, extra...), nil
}
