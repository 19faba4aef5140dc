package scenario

import (
	"reflect"
	"strings"
	"testing"

	"infercost/model"
)

// everything is a scenario that differs from the defaults in every way a
// share string must carry: a GPU of the user's own, a calibrated engine,
// per-GPU utilization and precision, the context, latency targets,
// scheduling and the fleet load.
func everything(t testing.TB) model.Scenario {
	t.Helper()
	gpus, err := ParseGPUs("mine.toml", []byte(`[[gpu]]
id = "h100-reserved"
name = "H100 SXM (1-year reserved)"
memory_gb = 80
bandwidth_tb_per_s = 3.35
fp16_tflops = 989
fp8_tflops = 1979
link_gb_per_s = 900
scale_up_link = "nvlink"
gpus_per_node = 8
usd_per_gpu_hour = 2.25
compute_efficiency = 0.6
source = "our contract, 2026-04"
`))
	if err != nil {
		t.Fatal(err)
	}
	s := model.DefaultScenario()
	s.Name = "plan: 70B chat on reserved H100"
	s.Model, s.ParamsB = "llama-3-70b", 70.6
	s.KV = model.FP8
	s.Scheduling = model.Static
	s.Batch, s.TPOTTargetSeconds, s.TTFTTargetSeconds = 0, 0.05, 1.5
	s.InputTokens, s.OutputTokens, s.TargetTokensPerDay = 2048, 512, 3e9
	s.Efficiency.Bandwidth, s.Efficiency.StepOverheadSeconds = 0.7, 15e-6
	s.Efficiency.Engine = model.Engine{Name: "vLLM", Date: "2026-11-20", GPU: "a100-80gb-sxm", Model: "llama-3-70b",
		BandwidthFactor: 0.93, ComputeFactor: 1.1, StepOverheadSeconds: 120e-6, PrefillOverheadSeconds: 3e-3}
	g := gpus[0]
	g.Source = "your GPU file" // the note a share string drops
	s.Sides[1] = model.Side{GPU: g.ID, USDPerGPUHour: 2.1, Spec: &g, Weights: model.FP8, Utilization: 0.9}
	s.Sides[0].Utilization = 0.6
	s.Context = model.Context{StartingFresh: true, CanUseSpot: true, BudgetUSDPerMonth: 250000}
	return s
}

// TestShareRoundTripsEveryAssumption: what a share string opens to is
// the scenario it was made from, field for field, and compares the same.
func TestShareRoundTripsEveryAssumption(t *testing.T) {
	cases := append(model.BuiltinScenarios(), model.DefaultScenario(), everything(t))
	fleet := model.DefaultScenario()
	fleet.Context = model.Context{HaveA100Fleet: true, Utilization: 0.55}
	fleet.Utilization = 0.55
	cases = append(cases, fleet)
	for _, s := range cases {
		str, err := Share(s)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		back, err := OpenShare(str)
		if err != nil {
			t.Fatalf("%s: %s: %v", s.Name, str, err)
		}
		if !reflect.DeepEqual(back, s) {
			t.Errorf("%s: opened as\n%+v\nwant\n%+v", s.Name, back, s)
		}
		c1, err1 := model.Compare(s)
		c2, err2 := model.Compare(back)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(c1, c2) {
			t.Errorf("%s: comparison differs after the round trip", s.Name)
		}
	}
}

// TestShareSkipsTheDefaults: the defaults share as the bare prefix and
// checksum, and open to the defaults.
func TestShareSkipsTheDefaults(t *testing.T) {
	text, err := shareText(model.DefaultScenario())
	if err != nil || text != "" {
		t.Fatalf("defaults as %q, %v", text, err)
	}
	str, _ := Share(model.DefaultScenario())
	if !strings.HasPrefix(str, "ic1.") || len(str) > 20 {
		t.Errorf("defaults share as %q", str)
	}
}

// TestShareFitsInOneLine: a plain scenario (every preset) fits in 400
// characters, and one with a GPU of one's own and an engine in the
// explorer's 512-character entry; every character is URL-safe.
func TestShareFitsInOneLine(t *testing.T) {
	for _, s := range model.BuiltinScenarios() {
		str, _ := Share(s)
		if len(str) > 400 {
			t.Errorf("%s: %d characters: %s", s.Name, len(str), str)
		}
		urlSafe(t, str)
	}
	str, _ := Share(everything(t))
	if len(str) > 512 {
		t.Errorf("everything: %d characters", len(str))
	}
	urlSafe(t, str)
	t.Logf("everything: %d characters", len(str))
}

func urlSafe(t *testing.T, s string) {
	t.Helper()
	if i := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.", r))
	}); i >= 0 {
		t.Errorf("%q at %d is not URL-safe in %s", s[i], i, s)
	}
}

// TestShareRefusesAChangedCharacter: every single-character change,
// every truncation and every future version is refused.
func TestShareRefusesAChangedCharacter(t *testing.T) {
	str, _ := Share(everything(t))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.1"
	for i := range len(str) {
		for _, r := range []byte{alphabet[(strings.IndexByte(alphabet, str[i])+1)%len(alphabet)], alphabet[(i*7)%len(alphabet)], '=', ' '} {
			if r == str[i] || (r == ' ' && (i == 0 || i == len(str)-1)) {
				continue
			}
			bad := str[:i] + string(r) + str[i+1:]
			if _, err := OpenShare(bad); err == nil {
				t.Fatalf("changing character %d to %q was accepted", i, r)
			} else if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "share string: ") {
				t.Fatalf("error not one line: %q", err)
			}
		}
	}
	for n := range len(str) {
		if _, err := OpenShare(str[:n]); err == nil {
			t.Fatalf("cut to %d characters was accepted", n)
		}
	}
	if _, err := OpenShare(str + "A"); err == nil {
		t.Fatal("a character added was accepted")
	}
	_, err := OpenShare("ic2." + str[4:])
	if err == nil || !strings.Contains(err.Error(), "newer infercost") {
		t.Fatalf("a future version: %v", err)
	}
	if _, err := OpenShare("  " + str + "\n"); err != nil {
		t.Errorf("pasted with spaces around: %v", err)
	}
}

// FuzzOpenShare: untrusted text never panics; what opens is a valid
// scenario that shares back to a string opening to the same scenario.
func FuzzOpenShare(f *testing.F) {
	for _, s := range append(model.BuiltinScenarios(), everything(f)) {
		str, _ := Share(s)
		f.Add(str)
	}
	f.Add("ic1.")
	f.Add("ic9.AAAA")
	f.Add("ic1.AAAAAAAA")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := OpenShare(in)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error not one line: %q", err)
			}
			return
		}
		if _, err := model.Compare(s); err != nil {
			t.Fatalf("opened an invalid scenario: %v", err)
		}
		again, err := Share(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := OpenShare(again)
		if err != nil || !reflect.DeepEqual(back, s) {
			t.Fatalf("re-shared scenario differs: %v", err)
		}
	})
}
