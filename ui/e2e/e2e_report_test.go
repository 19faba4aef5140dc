//go:build linux

package e2e

// The performance report: start-up, bytes and latency per key, CPU and
// memory of the real binary in a pseudo-terminal. Figures are printed, not
// asserted (timings depend on the machine); only a generous sanity ceiling
// on start-up fails the run.
//
//	INFERCOST_E2E_REPORT=1 go test -run TestE2EPerfReport -v -count=1 .
//	go test -run TestE2EPerfReport -v -count=1 . -args -e2e.report -e2e.keys 60 -e2e.out perf.json

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	e2eReportFlag = flag.Bool("e2e.report", false, "run TestE2EPerfReport (or set INFERCOST_E2E_REPORT=1)")
	e2eReportKeys = flag.Int("e2e.keys", 40, "slider steps per size in the performance report")
	e2eReportRuns = flag.Int("e2e.startups", 9, "start-ups per size in the performance report")
	e2eReportGap  = flag.Duration("e2e.gap", 60*time.Millisecond, "silence that ends a key's redraw")
	e2eReportOut  = flag.String("e2e.out", "", "also write the report as JSON to this file")
	e2eReportCtl  = flag.String("e2e.slider", "B $/GPU-hour", "the slider the report steps (its label on screen)")
)

// perfScenario is one terminal the report measures.
type perfScenario struct {
	Cols, Rows int
	ColorTerm  string // "truecolor", or "" for a 256-colour terminal (e.g. over SSH)
}

func (p perfScenario) name() string {
	c := "256"
	if p.ColorTerm != "" {
		c = p.ColorTerm
	}
	return fmt.Sprintf("%dx%d/%s", p.Cols, p.Rows, c)
}

var perfScenarios = []perfScenario{
	{120, 40, "truecolor"}, {120, 40, ""}, {80, 24, "truecolor"}, {200, 60, "truecolor"},
}

// perfFigures is one scenario's result; times in ms, sizes in bytes or KiB.
type perfFigures struct {
	Scenario         string         `json:"scenario"`
	Slider           string         `json:"slider"`
	StartupMSMedian  float64        `json:"startup_ms_median"`
	StartupMSP90     float64        `json:"startup_ms_p90"`
	StartupMSMin     float64        `json:"startup_ms_min"`
	StartupBytes     int            `json:"startup_bytes"`
	Queries          map[string]int `json:"queries_answered"`
	Keys             int            `json:"keys"`
	Redraws          int            `json:"redraws"`
	BytesMedian      float64        `json:"bytes_per_key_median"`
	BytesP90         float64        `json:"bytes_per_key_p90"`
	BytesMax         float64        `json:"bytes_per_key_max"`
	FirstByteMSMed   float64        `json:"key_to_first_byte_ms_median"`
	FirstByteMSP90   float64        `json:"key_to_first_byte_ms_p90"`
	QuietMSMed       float64        `json:"key_to_quiet_ms_median"`
	QuietMSP90       float64        `json:"key_to_quiet_ms_p90"`
	CPUMSPerKey      float64        `json:"cpu_ms_per_key"`
	CPUMSPerKeyTicks float64        `json:"cpu_ms_per_key_proc_stat"`
	CPUMSPerKeyNet   float64        `json:"cpu_ms_per_key_net_of_idle"`
	IdleCPUMSPerSec  float64        `json:"idle_cpu_ms_per_s"`
	RowsMedian       float64        `json:"rows_rewritten_per_key_median"`
	Costliest        []rowCost      `json:"last_key_costliest_rows"`
	PeakRSSKiB       int            `json:"peak_rss_kib"`
	ExitCode         int            `json:"exit_code_after_q"`
	AltScreenLeft    bool           `json:"alt_screen_left"`
	CursorShown      bool           `json:"cursor_shown"`
	Cooked           *bool          `json:"terminal_cooked,omitempty"` // pty only
}

func TestE2EPerfReport(t *testing.T) {
	if !*e2eReportFlag && os.Getenv("INFERCOST_E2E_REPORT") == "" {
		t.Skip("performance report: set INFERCOST_E2E_REPORT=1 or pass -args -e2e.report")
	}
	bin := e2eBinary(t)
	var all []perfFigures
	for _, sc := range perfScenarios {
		f := measureScenario(t, bin, sc)
		all = append(all, f)
	}
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		all = append(all, measureSSH(t, sz[0], sz[1]))
	}
	for _, f := range all {
		if f.StartupMSMedian > 2000 {
			t.Errorf("%s: start-up median %.0f ms: a terminal query is waiting out its time-out?", f.Scenario, f.StartupMSMedian)
		}
	}
	out, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%s\n\n%s", out, perfTable(all))
	if *e2eReportOut != "" {
		if err := os.WriteFile(*e2eReportOut, append(out, '\n'), 0o644); err != nil {
			t.Error(err)
		}
	}
}

func measureScenario(t *testing.T, bin string, sc perfScenario) perfFigures {
	t.Helper()
	f := perfFigures{Scenario: sc.name(), Slider: *e2eReportCtl}
	var startups []float64
	for range max(1, *e2eReportRuns) {
		s := startE2E(t, bin, sc)
		startups = append(startups, ms(s.ReadyAfter()))
		s.Close()
	}
	f.StartupMSMedian, f.StartupMSP90, f.StartupMSMin = quantile(startups, .5), quantile(startups, .9), slices.Min(startups)

	s := startE2E(t, bin, sc)
	defer s.Close()
	stepSlider(t, s.e2eTerm, s.Pid(), &f)
	s.write([]byte(keyBytes(e2eQuitKey))) //nolint:errcheck
	f.ExitCode, _ = s.Exit(5 * time.Second)
	f.AltScreenLeft, f.CursorShown = !s.AltScreen(), !s.CursorHidden()
	cooked, _ := s.Cooked()
	f.Cooked = &cooked
	return f
}

// stepSlider selects the report's slider, steps it and fills in the
// per-key figures; pid is the process that does the work.
func stepSlider(t *testing.T, s *e2eTerm, pid int, f *perfFigures) {
	t.Helper()
	gap := *e2eReportGap
	s.WaitQuiet(gap, 2*time.Second)
	f.StartupBytes, f.Queries = s.Total(), s.Queries()
	s.selectControl(t, *e2eReportCtl)
	s.WaitQuiet(gap, 2*time.Second)
	f.IdleCPUMSPerSec = idleCPU(t, pid, 500*time.Millisecond)

	tick0, ns0, _ := procCPU(pid)
	var bytes, first, quiet, rows []float64
	var last keyStat
	keys := sliderSteps(*e2eReportKeys)
	began := time.Now()
	for _, k := range keys {
		st, err := s.Press(k, gap, 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		bytes = append(bytes, float64(st.Bytes))
		rows = append(rows, float64(len(frameRowBytes(s.Raw(st.From)[:st.Bytes]))))
		last = st
		if st.Bytes > 0 {
			first, quiet = append(first, ms(st.FirstByte)), append(quiet, ms(st.Quiet))
		}
	}
	tick1, ns1, _ := procCPU(pid)
	perKey := time.Since(began).Seconds() / float64(len(keys))
	f.Keys, f.Redraws = len(keys), len(first)
	f.BytesMedian, f.BytesP90, f.BytesMax = quantile(bytes, .5), quantile(bytes, .9), slices.Max(bytes)
	f.FirstByteMSMed, f.FirstByteMSP90 = quantile(first, .5), quantile(first, .9)
	f.QuietMSMed, f.QuietMSP90 = quantile(quiet, .5), quantile(quiet, .9)
	f.RowsMedian = quantile(rows, .5)
	f.Costliest = costliestRows(s.Raw(last.From)[:last.Bytes], s.Screen(), 8)
	f.CPUMSPerKeyTicks = (tick1 - tick0) / float64(len(keys))
	f.CPUMSPerKey = float64(ns1-ns0) / 1e6 / float64(len(keys))
	if ns1 == 0 {
		f.CPUMSPerKey = f.CPUMSPerKeyTicks
	}
	f.CPUMSPerKeyNet = max(0, f.CPUMSPerKey-f.IdleCPUMSPerSec*perKey)
	f.PeakRSSKiB, _ = procPeakRSS(pid)
}

// measureSSH is the same over SSH at w x h (256 colours: OpenSSH does
// not forward COLORTERM): start-up from dial to first frame, and the
// server's CPU and memory while it serves this one viewer.
func measureSSH(t *testing.T, w, h int) perfFigures {
	t.Helper()
	f := perfFigures{Scenario: fmt.Sprintf("ssh %dx%d/256", w, h), Slider: *e2eReportCtl}
	p := startServe(t)
	var startups []float64
	for range max(1, *e2eReportRuns) {
		s := p.dialSSH(t, w, h)
		if err := s.WaitText(10*time.Second, e2eReadyTexts...); err != nil {
			t.Fatal(err)
		}
		startups = append(startups, ms(s.ReadyAfter()))
		s.close()
	}
	f.StartupMSMedian, f.StartupMSP90, f.StartupMSMin = quantile(startups, .5), quantile(startups, .9), slices.Min(startups)
	s := p.dialSSH(t, w, h)
	if err := s.WaitText(10*time.Second, e2eReadyTexts...); err != nil {
		t.Fatal(err)
	}
	stepSlider(t, s.e2eTerm, p.cmd.Process.Pid, &f)
	s.write([]byte(keyBytes(e2eQuitKey))) //nolint:errcheck
	f.ExitCode, _ = s.Exit(5 * time.Second)
	f.AltScreenLeft, f.CursorShown = !s.AltScreen(), !s.CursorHidden()
	return f
}

// startE2E starts the binary for sc and waits for its first full frame.
func startE2E(t *testing.T, bin string, sc perfScenario) *ptySession {
	t.Helper()
	var env []string
	if sc.ColorTerm != "" {
		env = append(env, "COLORTERM="+sc.ColorTerm)
	}
	s, err := startPTY(bin, ptyOptions{Cols: sc.Cols, Rows: sc.Rows, Ready: e2eReadyTexts, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitText(10*time.Second, e2eReadyTexts...); err != nil {
		s.Close()
		t.Fatalf("%s: %v", sc.name(), err)
	}
	return s
}

// idleCPU is the CPU the program burns per second while nobody types.
func idleCPU(t *testing.T, pid int, d time.Duration) float64 {
	t.Helper()
	_, ns0, err := procCPU(pid)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(d)
	_, ns1, _ := procCPU(pid)
	return float64(ns1-ns0) / 1e6 / d.Seconds()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// quantile is the nearest-rank q-quantile of xs (0 when empty: see Redraws).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(len(s)-1, i))]
}

// perfTable is the report for people, with the budgets.
func perfTable(all []perfFigures) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s %9s %9s %11s %11s %9s %9s %9s %9s %8s %6s\n", "scenario", "start ms", "start p90",
		"B/key med", "B/key p90", "1st B ms", "quiet ms", "CPU ms/k", "net ms/k", "RSS MiB", "exit")
	for _, f := range all {
		exit := fmt.Sprint(f.ExitCode)
		if !f.AltScreenLeft || (f.Cooked != nil && !*f.Cooked) || !f.CursorShown {
			exit += "!"
		}
		fmt.Fprintf(&b, "%-18s %9.1f %9.1f %11.0f %11.0f %9.1f %9.1f %9.2f %9.2f %8.1f %6s\n",
			f.Scenario, f.StartupMSMedian, f.StartupMSP90, f.BytesMedian, f.BytesP90, f.FirstByteMSMed,
			f.QuietMSMed, f.CPUMSPerKey, f.CPUMSPerKeyNet, float64(f.PeakRSSKiB)/1024, exit)
	}
	for _, f := range all {
		fmt.Fprintf(&b, "%s: one step of %q rewrites %.0f rows (median); the costliest of the last step:\n%s",
			f.Scenario, f.Slider, f.RowsMedian, describeRows(f.Costliest))
	}
	b.WriteString("budgets: start-up <= 150 ms; <= 1800 B per price step at 120x40 (median); <= 30 MiB peak RSS; exit 0 with the terminal restored (\"!\" marks a miss)\n")
	return b.String()
}
