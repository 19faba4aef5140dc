//go:build linux

package e2e

// End-to-end tests: the real binary in a pseudo-terminal (and over SSH, in
// e2e_ssh_test.go), read as a person reads the screen. No test asserts on
// timing beyond a sanity ceiling; every wait is for something on screen.

import (
	"fmt"
	"maps"
	"testing"
	"time"
)

// e2eSizes are the terminals every local test runs in.
var e2eSizes = [][2]int{{80, 24}, {120, 40}}

// e2eWait bounds every wait for the screen; reached only when a test fails.
const e2eWait = 5 * time.Second

// runE2E starts the binary at cols x rows and waits for its first frame.
func runE2E(t *testing.T, cols, rows int) *ptySession {
	t.Helper()
	s, err := startPTY(e2eBinary(t), ptyOptions{Cols: cols, Rows: rows, Ready: e2eReadyTexts})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if err := s.WaitText(2*e2eWait, e2eReadyTexts...); err != nil {
		t.Fatal(err)
	}
	// A sanity ceiling, not the 150 ms budget (the report measures that): a
	// start-up query left unanswered costs termenv's 5 s time-out, while a
	// loaded 2-core CI machine has been seen to take 1 s.
	if d := s.ReadyAfter(); d > 4*time.Second {
		t.Errorf("first frame after %v: did a terminal query wait out its time-out?", d)
	}
	return s
}

// forEachSize runs f in parallel at every size in e2eSizes.
func forEachSize(t *testing.T, f func(t *testing.T, s *ptySession)) {
	for _, sz := range e2eSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			t.Parallel()
			f(t, runE2E(t, sz[0], sz[1]))
		})
	}
}

// quit presses the quit key and checks the program left the terminal as
// it found it: exit status 0, main screen, cursor shown, line mode.
func (s *ptySession) quit(t *testing.T) {
	t.Helper()
	if err := s.write([]byte(keyBytes(e2eQuitKey))); err != nil {
		t.Fatal(err)
	}
	code, err := s.Exit(e2eWait)
	if err != nil || code != 0 {
		t.Fatalf("after %q: exit %d, %v\n%s", e2eQuitKey, code, err, s.ScreenText())
	}
	if s.AltScreen() {
		t.Error("still on the alternate screen after exit")
	}
	if s.CursorHidden() {
		t.Error("cursor left hidden after exit")
	}
	if ok, err := s.Cooked(); !ok || err != nil {
		t.Errorf("terminal left in raw mode after exit (%v)", err)
	}
}

func TestE2EShowsBothGPUsAndQuits(t *testing.T) {
	forEachSize(t, func(t *testing.T, s *ptySession) {
		if !s.AltScreen() {
			t.Error("the explorer should run on the alternate screen")
		}
		s.quit(t)
	})
}

// priceStep is one slider move and what it must do to the panels.
type priceStep struct {
	control string // the slider's label
	key     string
	side    int // whose output cost follows the price
	dir     float64
}

var priceSteps = []priceStep{
	{"B $/GPU-hour", "right", 1, +1},
	{"A $/GPU-hour", "left", 0, -1},
}

func TestE2EPriceSliderMovesCost(t *testing.T) {
	forEachSize(t, func(t *testing.T, s *ptySession) {
		for _, st := range priceSteps {
			s.checkPriceStep(t, st)
		}
		s.quit(t)
	})
}

// checkPriceStep selects the price slider, presses the key and checks that
// the price and that side's $/M output moved in dir, the other side's not.
func (s *e2eTerm) checkPriceStep(t *testing.T, st priceStep) {
	t.Helper()
	s.selectControl(t, st.control)
	s.settle()
	before := readPrice(s.Screen(), st.control)
	if !before.ok {
		t.Fatalf("cannot read %q and both $/M output:\n%s", st.control, s.ScreenText())
	}
	if err := s.write([]byte(keyBytes(st.key))); err != nil {
		t.Fatal(err)
	}
	var after priceReading
	s.WaitFor(e2eWait, func(rows []string) bool {
		after = readPrice(rows, st.control)
		return after.ok && after.price != before.price && after.cost[st.side] != before.cost[st.side]
	})
	s.settle()
	after = readPrice(s.Screen(), st.control)
	other := 1 - st.side
	switch {
	case (after.price-before.price)*st.dir <= 0:
		t.Errorf("%s after %q: %v -> %v", st.control, st.key, before.price, after.price)
	case (after.cost[st.side]-before.cost[st.side])*st.dir <= 0:
		t.Errorf("%s %q: side %d $/M output %v -> %v", st.control, st.key, st.side, before.cost[st.side], after.cost[st.side])
	case after.cost[other] != before.cost[other]:
		t.Errorf("%s %q moved the other side's $/M output: %v -> %v", st.control, st.key, before.cost[other], after.cost[other])
	}
	if t.Failed() {
		t.Logf("screen:\n%s", s.ScreenText())
	}
}

func TestE2EHelpToggles(t *testing.T) {
	forEachSize(t, func(t *testing.T, s *ptySession) {
		if containsAll(s.Screen(), []string{e2eHelpOnly}) {
			t.Fatalf("help shows before %q:\n%s", "?", s.ScreenText())
		}
		s.write([]byte("?")) //nolint:errcheck
		if err := s.WaitText(e2eWait, e2eHelpOnly); err != nil {
			t.Fatal(err)
		}
		s.write([]byte("?")) //nolint:errcheck
		if !s.WaitFor(e2eWait, func(rows []string) bool {
			return !containsAll(rows, []string{e2eHelpOnly}) && containsAll(rows, e2eReadyTexts)
		}) {
			t.Fatalf("second %q did not close help:\n%s", "?", s.ScreenText())
		}
		s.quit(t)
	})
}

func TestE2ETooSmallThenResized(t *testing.T) {
	s, err := startPTY(e2eBinary(t), ptyOptions{Cols: 60, Rows: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if err := s.WaitText(e2eWait, e2eTooSmall, "now 60x20"); err != nil {
		t.Fatal(err)
	}
	if err := s.Resize(80, 24); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitText(e2eWait, e2eReadyTexts...); err != nil {
		t.Fatalf("after growing to 80x24: %v", err)
	}
	if err := s.Resize(79, 24); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitText(e2eWait, e2eTooSmall, "now 79x24"); err != nil {
		t.Fatalf("after shrinking to 79x24: %v", err)
	}
	s.quit(t)
}

func TestE2ESSH(t *testing.T) {
	p := startServe(t)
	s := p.dialSSH(t, 120, 40)
	if err := s.WaitText(e2eWait, e2eReadyTexts...); err != nil {
		t.Fatal(err)
	}
	if q := s.Queries(); q["osc11"] == 0 {
		t.Errorf("the server never asked the viewer's terminal for its background (queries %v)", q)
	}
	s.checkPriceStep(t, priceSteps[0])
	if err := s.Resize(60, 20); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitText(e2eWait, e2eTooSmall, "now 60x20"); err != nil {
		t.Fatalf("after the window shrank to 60x20: %v", err)
	}
	if err := s.write([]byte(keyBytes(e2eQuitKey))); err != nil {
		t.Fatal(err)
	}
	if code, err := s.Exit(e2eWait); err != nil || code != 0 {
		t.Fatalf("after %q over SSH: exit %d, %v\n%s", e2eQuitKey, code, err, s.ScreenText())
	}
}

func TestAnswerQueriesSplitAcrossReads(t *testing.T) {
	stream := "\x1b[?25l\x1b]11;?\x1b\\\x1b[6nframe\x1b[c\x1b[0c\x1b]10;?\x07"
	want := "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\\x1b[1;1R\x1b[?62;22c\x1b[?62;22c\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\"
	for cut := 0; cut <= len(stream); cut++ {
		var carry []byte
		counts := map[string]int{}
		got := answerQueries(&carry, []byte(stream[:cut]), counts)
		got = append(got, answerQueries(&carry, []byte(stream[cut:]), counts)...)
		if string(got) != want {
			t.Fatalf("cut at %d: answers %q, want %q", cut, got, want)
		}
		if counts["osc11"] != 1 || counts["cpr"] != 1 || counts["da1"] != 2 || counts["osc10"] != 1 {
			t.Fatalf("cut at %d: counts %v", cut, counts)
		}
	}
}

func TestFrameRowBytes(t *testing.T) {
	// Two frames as the cell renderer writes them (rows from 0): the first
	// writes two cells of row 1 and two of row 3, reached by two
	// newlines; the second moves to row 3 and, by a reverse index, to row
	// 2, whose end it erases. A movement belongs to the row it moves to;
	// modes (synchronized output) belong to no row.
	raw := "\x1b[?2026h\x1b[2;5H\x1b[1mab\x1b[m\r\n\ncd\x1b[?2026l" + "\x1b[?2026h\x1b[4;1H\x1bM\x1b[3G\x1b[K\x1b[?2026l"
	got := frameRowBytes([]byte(raw))
	want := map[int]int{1: len("\x1b[2;5H\x1b[1mab\x1b[m\r"), 2: len("\n") + len("\x1bM\x1b[3G\x1b[K"), 3: len("\ncd") + len("\x1b[4;1H")}
	if !maps.Equal(got, want) {
		t.Errorf("frameRowBytes = %v, want %v", got, want)
	}
}
