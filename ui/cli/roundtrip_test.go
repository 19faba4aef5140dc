package cli

import (
	"bytes"
	"path/filepath"
	"testing"

	"infercost/model"
	"infercost/ui/report"
	"infercost/ui/scenario"
)

// TestPresetsPrintTheSameAfterSaving: every built-in preset saved to a
// file and read back prints the same report in every format.
func TestPresetsPrintTheSameAfterSaving(t *testing.T) {
	dir := t.TempDir()
	for i, s := range model.BuiltinScenarios() {
		path := filepath.Join(dir, "preset.toml")
		if err := scenario.Save(path, s, false); err != nil {
			t.Fatalf("preset %d: %v", i, err)
		}
		back, err := scenario.Load(path)
		if err != nil {
			t.Fatalf("preset %d reloaded: %v", i, err)
		}
		for _, format := range reportFormats {
			if a, b := exportText(t, s, format), exportText(t, back, format); a != b {
				t.Errorf("preset %d, %s differs after the round trip:\n%s\n---\n%s", i, format, a, b)
			}
		}
	}
}

// TestRoundTripThroughReport: a scenario given as flags, saved by report
// --save, reloaded with --scenario, prints the same in every format.
func TestRoundTripThroughReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.toml")
	flags := seedFlags()
	runOK(t, append([]string{"report", "--save", path}, flags...)...)
	for _, format := range reportFormats {
		before := runOK(t, append([]string{"report", "--format", format}, flags...)...)
		after := runOK(t, "report", "--format", format, "--scenario", path)
		if before != after {
			t.Errorf("%s: before and after the round trip differ:\n%s\n---\n%s", format, before, after)
		}
	}
}

func exportText(t *testing.T, s model.Scenario, format string) string {
	t.Helper()
	e, err := report.NewExport(s, nil, model.Load{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeReport(&b, format, e); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
