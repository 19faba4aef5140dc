package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planningFlags: a 70B A100/H100 scenario of a planning meeting.
var planningFlags = []string{"--model", "llama-3-70b", "--batch", "32", "--input-tokens", "512", "--output-tokens", "256"}

// TestReportSensitivityJSON: the "done when": price, utilization,
// batch, lengths and size listed in swing order, flips marked with where.
func TestReportSensitivityJSON(t *testing.T) {
	out := runOK(t, append([]string{"report", "--sensitivity", "--format", "json"}, planningFlags...)...)
	var doc struct {
		GPUs        []string `json:"gpus"`
		Sensitivity []struct {
			Assumption    string                 `json:"assumption"`
			Low           any                    `json:"low"`
			USDPerMillion map[string][2]*float64 `json:"usd_per_million_tokens"`
			CostRatio     [2]*float64            `json:"cost_ratio"`
			Swing         float64                `json:"swing"`
			Complete      bool                   `json:"complete"`
			FlipsVerdict  bool                   `json:"flips_verdict"`
			FlipsAt       any                    `json:"flips_at"`
		} `json:"sensitivity"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	flips := 0
	for i, r := range doc.Sensitivity {
		seen[r.Assumption] = true
		if i > 0 && doc.Sensitivity[i-1].Complete == r.Complete && doc.Sensitivity[i-1].Swing < r.Swing {
			t.Errorf("%s (swing %v) after a smaller swing", r.Assumption, r.Swing)
		}
		if r.FlipsVerdict != (r.FlipsAt != nil) {
			t.Errorf("%s: flips_verdict %v but flips_at %v", r.Assumption, r.FlipsVerdict, r.FlipsAt)
		}
		if r.FlipsVerdict {
			flips++
		}
		for _, g := range []string{"a100-80gb-sxm", "h100-sxm"} {
			if _, ok := r.USDPerMillion[g]; !ok {
				t.Errorf("%s: no usd_per_million_tokens for %s", r.Assumption, g)
			}
		}
	}
	for _, k := range []string{"price_a", "price_b", "utilization", "batch", "input_tokens", "output_tokens", "model_size"} {
		if !seen[k] {
			t.Errorf("no %s row", k)
		}
	}
	if flips == 0 {
		t.Error("no assumption flips the verdict; H100's price does at these figures")
	}
}

// TestReportSensitivityFormats: Markdown is one table, CSV one record
// per assumption with the JSON's names.
func TestReportSensitivityFormats(t *testing.T) {
	md := runOK(t, append([]string{"report", "--sensitivity"}, planningFlags...)...)
	if !strings.Contains(md, "| Assumption | Range |") || !strings.Contains(md, "**flips at") {
		t.Errorf("markdown:\n%s", md)
	}
	recs, err := csv.NewReader(strings.NewReader(runOK(t, append([]string{"report", "--sensitivity", "--format", "csv"}, planningFlags...)...))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][0] != "assumption" || len(recs) < 12 || recs[0][len(recs[0])-1] != "flips_at" {
		t.Errorf("csv header %v, %d records", recs[0], len(recs))
	}
}

// TestShareThenOpenGivesTheSameReport: report --share then report --open
// prints identical JSON; the same with a GPU of one's own, which then
// opens without the GPU file.
func TestShareThenOpenGivesTheSameReport(t *testing.T) {
	gpus := filepath.Join(t.TempDir(), "mine.toml")
	os.WriteFile(gpus, []byte(`[[gpu]]
id = "h100-reserved"
memory_gb = 80
bandwidth_tb_per_s = 3.35
fp16_tflops = 989
fp8_tflops = 1979
link_gb_per_s = 900
scale_up_link = "nvlink"
gpus_per_node = 8
usd_per_gpu_hour = 2.25
`), 0o600)
	for _, flags := range [][]string{
		planningFlags,
		seedFlags(),
		append([]string{"--gpus-file", gpus, "--gpu", "a100", "--gpu", "h100-reserved", "--utilization", "a100=0.6",
			"--tpot-target-ms", "40", "--scheduling", "static", "--target-tokens-per-day", "3e9", "--starting-fresh",
			"--engine-bandwidth-factor", "0.9", "--kv-precision", "fp8"}, planningFlags[:2]...),
	} {
		str := strings.TrimSpace(runOK(t, append([]string{"report", "--share"}, flags...)...))
		if len(str) > 400 {
			t.Errorf("%d characters: %s", len(str), str)
		}
		before := runOK(t, append([]string{"report", "--format", "json"}, flags...)...)
		after := runOK(t, "report", "--format", "json", "--open", str)
		if before != after {
			t.Errorf("--open %s differs:\n%s\n---\n%s", str, before, after)
		}
	}
}

// TestOpenRefusesADamagedString: one character changed, cut short or a
// future version: one line, exit 2.
func TestOpenRefusesADamagedString(t *testing.T) {
	str := strings.TrimSpace(runOK(t, append([]string{"report", "--share"}, planningFlags...)...))
	i := len(str) / 2
	swapped := byte('A')
	if str[i] == 'A' {
		swapped = 'B'
	}
	for _, bad := range []string{str[:i] + string(swapped) + str[i+1:], str[:len(str)-3], "ic2" + str[3:]} {
		code, _, errOut := runArgs("report", "--open", bad)
		if code != exitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.HasPrefix(errOut, "infercost report: --open: share string: ") {
			t.Errorf("--open %s: exit %d, %q", bad, code, errOut)
		}
	}
	if code, _, errOut := runArgs("report", "--open", str, "--preset", "seed"); code != exitUsage {
		t.Errorf("--open with --preset: exit %d %q", code, errOut)
	}
	if code, _, _ := runArgs("report", "--share", "--sensitivity"); code != exitUsage {
		t.Errorf("--share with --sensitivity: exit %d", code)
	}
}

// TestExplorerAndServeOpen: --open starts the explorer, and every new
// serve session, from the share string's scenario; a damaged one stops
// them with a one-line error.
func TestExplorerAndServeOpen(t *testing.T) {
	str := strings.TrimSpace(runOK(t, append([]string{"report", "--share"}, planningFlags...)...))
	cfg, err := parseTUIArgs([]string{"--open", str}, func(string) string { return "" })
	if err != nil || cfg.scenario.Model != "llama-3-70b" || cfg.scenario.Batch != 32 || cfg.loaded {
		t.Errorf("explorer --open: %+v, %v", cfg.scenario, err)
	}
	if _, err := parseTUIArgs([]string{"--open", str[:len(str)-1]}, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "--open: share string:") {
		t.Errorf("explorer --open cut short: %v", err)
	}
	if _, err := parseTUIArgs([]string{"--open", str, "--scenario", "x.toml"}, func(string) string { return "" }); err == nil {
		t.Error("explorer --open with --scenario accepted")
	}
	sc, err := parseServeArgs([]string{"--open", str, "--host-key", filepath.Join(t.TempDir(), "k")})
	if err != nil || sc.Scenario.Model != "llama-3-70b" || sc.Scenario.InputTokens != 512 {
		t.Errorf("serve --open: %+v, %v", sc.Scenario, err)
	}
}
