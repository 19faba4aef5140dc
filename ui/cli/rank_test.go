package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"infercost/model"
)

// noUserGPUDir points the default GPU directory at an empty place, so
// the developer's own GPU files do not change the figures.
func noUserGPUDir(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

const reservedH100 = `[[gpu]]
id = "h100-reserved"
name = "H100 SXM reserved"
memory_gb = 80
bandwidth_tb_per_s = 3.35
fp16_tflops = 989
fp8_tflops = 1979
link_gb_per_s = 900
scale_up_link = "nvlink"
gpus_per_node = 8
usd_per_gpu_hour = 2.25
compute_efficiency = 0.55
source = "our 1-year contract"
`

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReportUtilizationPerGPU: --utilization a100=0.6 changes only
// A100's $/M, by 1/0.6; a plain --utilization still sets every GPU.
func TestReportUtilizationPerGPU(t *testing.T) {
	noUserGPUDir(t)
	base := results(t, reportJSONOf(t))
	per := results(t, reportJSONOf(t, "--utilization", "a100=0.6", "--utilization", "h100=1"))
	a0, a := num(t, base[0], "usd_per_million_tokens"), num(t, per[0], "usd_per_million_tokens")
	if math.Abs(a/a0-1/0.6) > 0.002 {
		t.Errorf("A100 $/M %v -> %v, want x%.4f", a0, a, 1/0.6)
	}
	if b0, b := num(t, base[1], "usd_per_million_tokens"), num(t, per[1], "usd_per_million_tokens"); b != b0 {
		t.Errorf("H100 $/M moved: %v -> %v", b0, b)
	}
	if u := num(t, per[0], "utilization"); u != 0.6 {
		t.Errorf("A100 utilization %v, want 0.6", u)
	}
	all := results(t, reportJSONOf(t, "--utilization", "a100=0.6", "--utilization", "0.5"))
	if num(t, all[0], "utilization") != 0.5 || num(t, all[1], "utilization") != 0.5 {
		t.Errorf("plain --utilization after ID=X: %v, %v; want both 0.5", all[0]["utilization"], all[1]["utilization"])
	}
}

// TestReportUserGPU: a GPU from a file is estimated like a catalog one
// with the same figures, at its own price.
func TestReportUserGPU(t *testing.T) {
	noUserGPUDir(t)
	f := writeFile(t, "gpus.toml", reservedH100)
	rs := results(t, reportJSONOf(t, "--gpus-file", f, "--model", "llama-3-8b",
		"--gpu", "h100", "--gpu", "h100-reserved", "--price", "h100=4.5"))
	if rs[1]["gpu"] != "h100-reserved" || rs[1]["name"] != "H100 SXM reserved" {
		t.Fatalf("second result %v %v", rs[1]["gpu"], rs[1]["name"])
	}
	if a, b := num(t, rs[0], "tpot_ms"), num(t, rs[1], "tpot_ms"); a != b {
		t.Errorf("same figures, TPOT %v vs %v", a, b)
	}
	if a, b := num(t, rs[0], "usd_per_million_tokens"), num(t, rs[1], "usd_per_million_tokens"); math.Abs(b/a-0.5) > 0.002 {
		t.Errorf("half the price, $/M %v vs %v", a, b)
	}
}

// TestReportBadGPUFile: a bad GPU file exits 2 with file:line, field and
// what is accepted; so does a clash with the catalog.
func TestReportBadGPUFile(t *testing.T) {
	noUserGPUDir(t)
	for _, c := range []struct{ body, want string }{
		{strings.Replace(reservedH100, "memory_gb = 80", "memory_gb = -80", 1), "gpus.toml:4: gpu #1 memory_gb = -80: accepted greater than 0"},
		{strings.Replace(reservedH100, `"h100-reserved"`, `"h100"`, 1), `gpus.toml:2: gpu #1 id: "h100" clashes with the catalog's H100 SXM 80GB`},
		{strings.Replace(reservedH100, `"nvlink"`, `"ethernet"`, 1), `gpus.toml:9: gpu #1 scale_up_link: "ethernet": accepted "nvlink", "infinity-fabric", "pcie"`},
		{strings.Replace(reservedH100, "gpus_per_node = 8\n", "", 1), "gpus.toml:1: gpu #1 gpus_per_node: missing"},
		{reservedH100 + "colour = 1\n", "gpus.toml:14: gpu.colour: unknown field"},
	} {
		f := writeFile(t, "gpus.toml", c.body)
		code, out, errOut := runArgs("report", "--gpus-file", f)
		if code != exitUsage || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 with %q", code, out, errOut, c.want)
		}
	}
}

// TestReportRank: every catalog GPU and the user's, in $/M order, with
// the JSON fields the issue names.
func TestReportRank(t *testing.T) {
	noUserGPUDir(t)
	f := writeFile(t, "gpus.toml", reservedH100)
	out := runOK(t, "report", "--rank", "--model", "llama-3-70b", "--format", "json", "--gpus-file", f)
	var doc struct {
		Ranking []map[string]any `json:"ranking"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Ranking) != len(model.GPUs())+1 {
		t.Fatalf("%d ranked, want %d", len(doc.Ranking), len(model.GPUs())+1)
	}
	prev, seen := 0.0, false
	for _, r := range doc.Ranking {
		for _, k := range []string{"gpu", "name", "fits", "gpus_per_replica", "batch", "tpot_ms", "ttft_ms", "output_tokens_per_second_per_gpu", "usd_per_million_tokens", "reason"} {
			if _, ok := r[k]; !ok {
				t.Errorf("%v lacks %s", r["gpu"], k)
			}
		}
		usd := num(t, r, "usd_per_million_tokens")
		if usd < prev {
			t.Errorf("%v at $%v after $%v", r["gpu"], usd, prev)
		}
		prev, seen = usd, seen || r["gpu"] == "h100-reserved"
	}
	if !seen {
		t.Error("the user's GPU is not ranked")
	}
	md := runOK(t, "report", "--rank", "--model", "llama-3-70b", "--gpus-file", f)
	if !strings.Contains(md, "H100 SXM reserved (yours)") || strings.Count(md, "\n| ") != len(model.GPUs())+2 {
		t.Errorf("markdown ranking:\n%s", md)
	}
	csv := runOK(t, "report", "--rank", "--model", "llama-3-70b", "--format", "csv", "--gpu", "a100", "--gpu", "h100")
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[1], "1,h100-sxm,") {
		t.Errorf("csv ranking of two:\n%s", csv)
	}
}

// TestReportRankCannotRunLast: FP8 weights put the A100s last, with why.
func TestReportRankCannotRunLast(t *testing.T) {
	noUserGPUDir(t)
	out := runOK(t, "report", "--rank", "--model", "llama-3-70b", "--precision", "fp8", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, ",false,") || !strings.Contains(last, "no FP8 tensor cores") {
		t.Errorf("last row %q: want a GPU without FP8, with the reason", last)
	}
}

// TestScenarioCarriesUserGPU: a saved scenario that uses a user GPU
// opens without the GPU file.
func TestScenarioCarriesUserGPU(t *testing.T) {
	noUserGPUDir(t)
	f := writeFile(t, "gpus.toml", reservedH100)
	plan := filepath.Join(t.TempDir(), "plan.toml")
	runOK(t, "report", "--gpus-file", f, "--gpu", "a100", "--gpu", "h100-reserved", "--utilization", "a100=0.6", "--save", plan)
	rs := results(t, reportJSONOf(t, "--scenario", plan))
	if rs[1]["gpu"] != "h100-reserved" || num(t, rs[1], "usd_per_gpu_hour") != 2.25 || num(t, rs[0], "utilization") != 0.6 {
		t.Errorf("reopened: %v at %v, A utilization %v", rs[1]["gpu"], rs[1]["usd_per_gpu_hour"], rs[0]["utilization"])
	}
}

// TestEveryCommandReadsGPUFiles: the explorer and serve refuse a bad GPU
// file as report does, and one in the default directory counts too.
func TestEveryCommandReadsGPUFiles(t *testing.T) {
	noUserGPUDir(t)
	bad := writeFile(t, "gpus.toml", strings.Replace(reservedH100, "fp16_tflops = 989", "fp16_tflops = \"fast\"", 1))
	for _, args := range [][]string{{"--gpus-file", bad}, {"serve", "--gpus-file", bad}} {
		code, _, errOut := runArgs(args...)
		if code != exitUsage || !strings.Contains(errOut, "gpus.toml:6: gpu #1 fp16_tflops") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "infercost", "gpus")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mine.toml"), []byte(reservedH100), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := runOK(t, "report", "--rank", "--format", "csv"); !strings.Contains(out, "h100-reserved") {
		t.Errorf("the default directory's GPU is not ranked:\n%s", out)
	}
}

// TestMoneyColumnsReadEvenly: dollar figures in report's Markdown and the
// ranking keep cents ($0.50 beside $2.50, never $0.5) and below $1 three
// significant digits, as $1.00 to $9.99 have (QA: "$0.5" next to "$2.50",
// "$0.3386" next to "$1.35").
func TestMoneyColumnsReadEvenly(t *testing.T) {
	md := runOK(t, "report", "--gpu", "a100", "--gpu", "h100", "--gpu", "l4", "--price", "l4=0.5")
	rank := runOK(t, "report", "--rank", "--price", "l4=0.5")
	for _, want := range []string{"| $ per GPU-hour | $2.50 | $4.50 | $0.50 |", "| $ per million input tokens | $0.429 | $0.339 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(rank, "| $0.50 | 100 % |") || !strings.Contains(rank, "| $0.408 |") {
		t.Errorf("ranking prices:\n%s", rank)
	}
	for name, out := range map[string]string{"report": md, "rank": rank} {
		for _, m := range regexp.MustCompile(`\$[\d,]+(\.\d+)?`).FindAllString(out, -1) {
			if !evenMoney(m) {
				t.Errorf("%s: %s", name, m)
			}
		}
	}
}

// evenMoney: whole dollars from $1,000, else cents, or below $1 three
// significant digits.
func evenMoney(m string) bool {
	whole, frac, _ := strings.Cut(strings.TrimPrefix(m, "$"), ".")
	switch {
	case strings.Contains(whole, ","):
		return frac == ""
	case whole != "0":
		return len(frac) == 2
	}
	return len(frac) == 2 || len(strings.TrimLeft(frac, "0")) == 3
}
