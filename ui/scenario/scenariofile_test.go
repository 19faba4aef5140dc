package scenario

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"infercost/model"
)

// validFile is a hand-written scenario: comments, partial tables, an
// alias for a GPU, keys left to the defaults.
const validFile = `# my plan
version = 1
name = "plan: 8B chat"
model = "llama-3-8b"
batch = 32   # concurrent sequences
utilization = 0.6

[[sides]]
gpu = "a100"
usd_per_gpu_hour = 2.0

[[sides]]
gpu = "h100"
pinned_tokens_per_second = 900

[efficiency]
bandwidth = 0.7
allreduce_us = 15
`

func TestParseScenarioValid(t *testing.T) {
	s, err := Parse("plan.toml", []byte(validFile))
	if err != nil {
		t.Fatal(err)
	}
	def := model.DefaultScenario()
	want := def
	want.Name, want.Model, want.Batch, want.Utilization = "plan: 8B chat", "llama-3-8b", 32, 0.6
	want.ParamsB = 8.03 // Llama-3-8B's own size (meta-llama/Meta-Llama-3-8B)
	want.Sides[0] = model.Side{GPU: "a100-80gb-sxm", USDPerGPUHour: 2.0}
	want.Sides[1] = model.Side{GPU: "h100-sxm", USDPerGPUHour: 4.5, PinnedTokensPerSecond: 900} // catalog price
	want.Efficiency.Bandwidth = 0.7
	want.Efficiency.AllReduceSeconds = 15e-6
	if !scenariosClose(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
}

func TestParseScenarioNameFromFile(t *testing.T) {
	s, err := Parse("/x/presets/long-context.toml", []byte("version = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "long-context" {
		t.Errorf("name %q, want the file's base name", s.Name)
	}
}

// TestBadScenarioFiles covers the ten kinds of bad scenario file (and a
// few more): each gives one line naming the file, the line where there
// is one, the field, and what is accepted.
func TestBadScenarioFiles(t *testing.T) {
	const v = "version = 1\n"
	cases := []struct {
		kind, src string
		want      []string // substrings of the message
	}{
		{"truncated", v + "name = \"half a na", []string{"bad.toml:2:", "truncated"}},
		{"truncated table", v + "[[sides]\n", []string{"bad.toml:2:"}},
		{"wrong type", v + "batch = \"eight\"\n", []string{"bad.toml:2:", `batch = "eight"`, "not a number", "accepted 0 (max) or a whole number from 1 to 4096"}},
		{"wrong type, fraction for a whole number", v + "input_tokens = 12.5\n", []string{"bad.toml:2:", "input_tokens = 12.5", "whole number"}},
		{"wrong type, number for text", v + "model = 70\n", []string{"bad.toml:2:", "model", "not a string"}},
		{"wrong type, table", v + "efficiency = 3\n", []string{"bad.toml:2:", "efficiency", "not a table"}},
		{"negative", v + "utilization = -0.5\n", []string{"bad.toml:2:", "utilization = -0.5", "accepted 0.01 to 1"}},
		{"negative in a side", v + "[[sides]]\ngpu = \"a100\"\n[[sides]]\ngpu = \"h100\"\nusd_per_gpu_hour = -4\n", []string{"bad.toml:6:", "sides #2 usd_per_gpu_hour = -4", "accepted 0 to 1000"}},
		{"NaN", v + "[efficiency]\nbandwidth = nan\n", []string{"bad.toml:3:", "efficiency.bandwidth = nan", "accepted 0.01 to 1"}},
		{"infinity", v + "params_b = inf\n", []string{"bad.toml:2:", "params_b = inf", "accepted 0.5 to 2000"}},
		{"unknown GPU", v + "[[sides]]\ngpu = \"a200\"\n[[sides]]\ngpu = \"h100\"\n", []string{"bad.toml:3:", "sides #1 gpu", `unknown GPU "a200"`, "h100-sxm"}},
		{"unknown model", v + "model = \"llama-9\"\n", []string{"bad.toml:2:", `unknown model "llama-9"`, "llama-3-8b"}},
		{"unknown field", v + "[efficiency]\nbandwith = 0.7\n", []string{"bad.toml:3:", "efficiency.bandwith", "unknown field in [efficiency]", "bandwidth"}},
		{"unknown top-level field", v + "gpus = 2\n", []string{"bad.toml:2:", "gpus", "unknown field at the top level", "gpus_per_replica"}},
		{"unknown table", v + "[fleet]\nreplicas = 2\n", []string{"bad.toml:2:", "fleet", "unknown field"}},
		{"empty", "", []string{"bad.toml:", "empty file", "version = 1"}},
		{"only blanks", " \n\t\n", []string{"empty file"}},
		{"binary junk", "version = 1\n\x00\x01\x02\xff\xfe", []string{"bad.toml:2:", "binary data"}},
		{"invalid UTF-8", "name = \"\xc3\x28\"\n", []string{"bad.toml:1:", "binary data"}},
		{"huge integer", v + "batch = 99999999999999999999999\n", []string{"bad.toml:2:", "batch: 99999999999999999999999 is out of range", "accepted 0 (max) or a whole number from 1 to 4096"}},
		{"huge float", v + "utilization = 1e400\n", []string{"bad.toml:2:", "utilization: 1e400 is out of range", "accepted 0.01 to 1"}},
		{"huge but parseable", v + "output_tokens = 9223372036854775807\n", []string{"bad.toml:2:", "output_tokens = 9223372036854775807", "accepted a whole number from 1 to 1048576"}},
		{"huge price", v + "[[sides]]\ngpu = \"a100\"\nusd_per_gpu_hour = 1e300\n[[sides]]\ngpu = \"h100\"\n", []string{"bad.toml:4:", "accepted 0 to 1000"}},
		{"duplicate key", v + "batch = 1\nbatch = 2\n", []string{"bad.toml:3:", "batch", "given twice"}},
		{"duplicate table", v + "[efficiency]\n[efficiency]\n", []string{"bad.toml:3:", "given twice"}},
		{"wrong version", "version = 2\n", []string{"bad.toml:1:", "version", "accepted 1"}},
		{"version as text", "version = \"1\"\n", []string{"bad.toml:1:", "version", "accepted 1"}},
		{"missing version", "# just a comment\nbatch = 4\n", []string{"version", "missing"}},
		{"three sides", v + "[[sides]]\ngpu = \"a100\"\n[[sides]]\ngpu = \"h100\"\n[[sides]]\ngpu = \"l4\"\n", []string{"bad.toml:2:", "3 [[sides]] tables", "exactly 2"}},
		{"side without gpu", v + "[[sides]]\nusd_per_gpu_hour = 2\n[[sides]]\ngpu = \"h100\"\n", []string{"bad.toml:2:", "sides #1 gpu", "missing"}},
		{"control character in name", v + "name = \"a\\u001b[31mred\"\n", []string{"bad.toml:2:", "name", "control character"}},
		{"bad precision", v + "precision = \"fp4\"\n", []string{"bad.toml:2:", "precision", "accepted fp16, bf16, fp8, int8, int4"}},
		{"KV precision int4", v + "kv_precision = \"int4\"\n", []string{"bad.toml:2:", "kv_precision", "accepted fp16, bf16, fp8"}},
		{"memory reserve at the bound", v + "[efficiency]\nmemory_reserve = 0.9\n", []string{"bad.toml:3:", "at least 0 and less than 0.9"}},
		{"too large", "version = 1\n" + strings.Repeat("# padding\n", maxScenarioBytes/10+1), []string{"larger than"}},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			s, err := Parse("bad.toml", []byte(c.src))
			if err == nil {
				t.Fatalf("accepted: %+v", s)
			}
			if s != (model.Scenario{}) {
				t.Errorf("a failed load returned a partly filled scenario: %+v", s)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestLoadScenarioFileMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if err == nil || !strings.Contains(err.Error(), "nope.toml") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("got %v", err)
	}
}

// TestScenarioRoundTrip saves every built-in preset, reloads it and checks
// the scenario and all three export formats come back the same.
func TestScenarioRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for i, s := range model.BuiltinScenarios() {
		path := filepath.Join(dir, "preset.toml")
		if err := Save(path, s, false); err != nil {
			t.Fatalf("preset %d: %v", i, err)
		}
		back, err := Load(path)
		if err != nil {
			t.Fatalf("preset %d reloaded: %v", i, err)
		}
		if !scenariosClose(s, back) {
			t.Errorf("preset %d:\nsaved  %+v\nloaded %+v", i, s, back)
		}
	}
}

// scenariosClose compares two scenarios exactly, except the fields
// stored in other units in the file (µs, ms), which may differ in the
// last bit.
func scenariosClose(a, b model.Scenario) bool {
	ea, eb := a.Efficiency, b.Efficiency
	for _, f := range fields {
		if f.Unit != 0 {
			x, y := *f.f(&a), *f.f(&b)
			if math.Abs(x-y) > 1e-12*math.Max(math.Abs(x), math.Abs(y)) {
				return false
			}
			*f.f(&a) = 0
			*f.f(&b) = 0
		}
	}
	same := a == b
	a.Efficiency, b.Efficiency = ea, eb
	return same
}

func TestSaveRefusesForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.toml")
	const mine = "# my own notes\nversion = 1\n"
	if err := os.WriteFile(path, []byte(mine), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Save(path, model.DefaultScenario(), false)
	if err == nil || !strings.Contains(err.Error(), "not written by infercost") {
		t.Fatalf("got %v, want a refusal", err)
	}
	if got, _ := os.ReadFile(path); string(got) != mine {
		t.Errorf("foreign file changed: %q", got)
	}
	if err := Save(path, model.DefaultScenario(), true); err != nil {
		t.Fatalf("forced: %v", err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600 kept", fi.Mode().Perm())
	}
	// Now it carries the marker: saving again needs no force.
	if err := Save(path, model.DefaultScenario(), false); err != nil {
		t.Errorf("own file: %v", err)
	}
}

func TestSaveRefusesDirectoryAndEmptyForeign(t *testing.T) {
	dir := t.TempDir()
	if err := Save(dir, model.DefaultScenario(), false); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: got %v", err)
	}
	empty := filepath.Join(dir, "empty.toml")
	os.WriteFile(empty, nil, 0o644)
	if err := Save(empty, model.DefaultScenario(), false); err == nil {
		t.Error("an empty file of the user's was overwritten")
	}
}

func TestFailedSaveKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.toml")
	if err := Save(path, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path)
	s := model.DefaultScenario()
	s.Batch = 7
	data, err := Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	w := fileWriter{sync: func(*os.File) error { return errors.New("disk full") }}
	err = w.writeOwned(path, data, scenarioMarker, false, nil)
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "unchanged") {
		t.Fatalf("got %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, old) {
		t.Error("the old file changed after a failed save")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestSaveRefusesInvalidScenario(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.toml")
	s := model.DefaultScenario()
	s.Utilization = 2
	if err := Save(path, s, false); err == nil || !strings.Contains(err.Error(), "utilization") {
		t.Errorf("got %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("an invalid scenario was written")
	}
}

func TestSavedFileIsCommentedAndMarked(t *testing.T) {
	data, err := Marshal(model.BuiltinScenarios()[0])
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	first, _, _ := strings.Cut(text, "\n")
	if !strings.Contains(first, scenarioMarker) {
		t.Errorf("first line %q lacks the marker", first)
	}
	for _, want := range []string{"version = 1", "[[sides]]", "[efficiency]", "allreduce_us = 12.0", "# fraction of paid GPU hours", "pinned_tokens_per_second = 30.0"} {
		if !strings.Contains(text, want) {
			t.Errorf("saved file lacks %q:\n%s", want, text)
		}
	}
}

func TestTOMLStringEscapes(t *testing.T) {
	s := model.DefaultScenario()
	s.Name = "quote \" back\\slash tab\t bell\x07 ünï"
	data, err := Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("x.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "quote \" back\\slash tab  bell  ünï"; back.Name != want {
		t.Errorf("name %q, want %q (control characters made spaces)", back.Name, want)
	}
}

// FuzzLoadScenario: the parser never panics, and every file it accepts
// saves and reloads to the same scenario, and saves the same bytes again.
func FuzzLoadScenario(f *testing.F) {
	f.Add([]byte(validFile))
	f.Add([]byte("version = 1\n"))
	f.Add([]byte("version = 1\nsides = [{gpu='l4', usd_per_gpu_hour=0.5}, {gpu='mi300x'}]\nefficiency.compute = 0.5\n"))
	f.Add([]byte("version = 1\n[efficiency]\nbandwidth = nan\n"))
	f.Add([]byte("version = 1\nbatch = 1\nbatch = 2\n"))
	f.Add([]byte("\x00\xff"))
	for _, s := range model.BuiltinScenarios() {
		if data, err := Marshal(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.toml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		saved, err := Marshal(s)
		if err != nil {
			t.Fatalf("accepted but not savable: %v\n%q", err, data)
		}
		back, err := Parse("fuzz.toml", saved)
		if err != nil {
			t.Fatalf("saved file does not load: %v\n%s", err, saved)
		}
		if !scenariosClose(s, back) {
			t.Fatalf("round trip changed the scenario:\n%+v\n%+v", s, back)
		}
		again, _ := Marshal(back)
		if !bytes.Equal(saved, again) {
			t.Fatalf("second save differs:\n%s\n---\n%s", saved, again)
		}
	})
}
