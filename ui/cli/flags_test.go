package cli

import (
	"errors"
	"reflect"
	"testing"

	"infercost/model"
	"infercost/ui/scenario"
)

func TestParseFlags(t *testing.T) {
	specs := []flagSpec{{name: "gpu", arg: "ID", repeat: true}, {name: "batch", arg: "N"}, {name: "force"}}
	fs, err := parseFlags(specs, []string{"--gpu", "a100", "-gpu=h100", "--batch=max", "--force"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.all("gpu"); !reflect.DeepEqual(got, []string{"a100", "h100"}) {
		t.Errorf("gpu %v", got)
	}
	if v, _ := fs.get("batch"); v != "max" || !fs.bool("force") || fs.has("x") {
		t.Errorf("batch %q force %v", v, fs.bool("force"))
	}
	if _, err := parseFlags(specs, []string{"--force=maybe"}); err == nil {
		t.Error("--force=maybe accepted")
	}
	if _, err := parseFlags(specs, []string{"-h"}); !errors.Is(err, errHelp) {
		t.Errorf("-h: %v", err)
	}
	if fs, err := parseFlags(specs, []string{"--batch", "-1"}); err != nil || fs.values["batch"][0] != "-1" {
		t.Errorf("a negative value must reach the range check: %v", err)
	}
}

func TestParseNumber(t *testing.T) {
	good := map[string]float64{"1": 1, "0.5": 0.5, " 2.5 ": 2.5, "1e9": 1e9, "-3": -3}
	for s, want := range good {
		if v, ok := scenario.ParseNumber(s); !ok || v != want {
			t.Errorf("%q: %v %v", s, v, ok)
		}
	}
	for _, s := range []string{"", "NaN", "inf", "-Inf", "0x10", "1_000", "1e400", "abc", "1,5"} {
		if v, ok := scenario.ParseNumber(s); ok {
			t.Errorf("%q accepted as %v", s, v)
		}
	}
}

// TestFieldsMatchModelDomains: every scenario field's own range check
// agrees with the model's validation at the edges, so a flag or file
// value the field accepts is never refused later, and vice versa.
func TestFieldsMatchModelDomains(t *testing.T) {
	for _, f := range scenario.Fields() {
		for _, v := range []float64{f.Lo, f.Hi, 0, f.Lo - 1e-9, f.Hi * 1.000001, (f.Lo + f.Hi) / 2} {
			if f.Whole && v != float64(int64(v)) {
				continue
			}
			s := model.DefaultScenario()
			s.Batch = 0 // a latency target needs the batch free
			f.Set(&s, v)
			_, w, err := s.Workload(0)
			if err == nil {
				err = w.Validate()
			}
			if f.Key == "params_b" {
				_, err = s.Arch()
			}
			if err == nil {
				err = s.Context.Validate()
			}
			if f.Check(v) != (err == nil) {
				t.Errorf("%s = %v: field says %v, model says %v", f.Path(), v, f.Check(v), err)
			}
		}
	}
}
