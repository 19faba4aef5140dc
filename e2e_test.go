//go:build linux

package main

// End-to-end tests: the real binary in a pseudo-terminal, read as a person
// reads the screen.

import (
	"fmt"
	"testing"
	"time"
)

// What the explorer shows and which keys drive it (see ui/keys.go).
var (
	// e2eReadyTexts together mean the first full frame is on the screen.
	e2eReadyTexts = []string{"H100"}
	e2eQuitKey    = "q"
)

// sliderSteps is n presses that move the selected slider, alternating
// right and left so no step is lost at the end of a slider's range.
func sliderSteps(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "right"
		if i%2 == 1 {
			keys[i] = "left"
		}
	}
	return keys
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

// e2eSizes are the terminals every local test runs in.
var e2eSizes = [][2]int{{80, 24}, {120, 40}}

// runE2E starts the binary at cols x rows and waits for its first frame.
func runE2E(t *testing.T, cols, rows int) *ptySession {
	t.Helper()
	s, err := startPTY(e2eBinary(t), ptyOptions{Cols: cols, Rows: rows, Ready: e2eReadyTexts})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if err := s.WaitText(5*time.Second, e2eReadyTexts...); err != nil {
		t.Fatal(err)
	}
	// A sanity ceiling, not a budget: a terminal query that waited out its
	// time-out would take 5 s.
	if d := s.ReadyAfter(); d > 2*time.Second {
		t.Errorf("first frame after %v", d)
	}
	return s
}

// quit presses the quit key and checks the program left the terminal as
// it found it: exit status 0, main screen, cursor shown, line mode.
func (s *ptySession) quit(t *testing.T) {
	t.Helper()
	if err := s.write([]byte(keyBytes(e2eQuitKey))); err != nil {
		t.Fatal(err)
	}
	code, err := s.Exit(5 * time.Second)
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
	for _, sz := range e2eSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			t.Parallel()
			s := runE2E(t, sz[0], sz[1])
			if !s.AltScreen() {
				t.Error("the explorer should run on the alternate screen")
			}
			if q := s.Queries(); q["osc11"] == 0 {
				t.Logf("no background-colour query seen (queries %v)", q)
			}
			s.quit(t)
		})
	}
}

func TestE2ESSH(t *testing.T) {
	p := startServe(t)
	s := p.dialSSH(t, 120, 40)
	if err := s.WaitText(5*time.Second, e2eReadyTexts...); err != nil {
		t.Fatal(err)
	}
	t.Logf("ssh ready after %v, queries %v", s.ReadyAfter(), s.Queries())
	if err := s.write([]byte(keyBytes(e2eQuitKey))); err != nil {
		t.Fatal(err)
	}
	if code, err := s.Exit(5 * time.Second); err != nil || code != 0 {
		t.Fatalf("after %q over SSH: exit %d, %v\n%s", e2eQuitKey, code, err, s.ScreenText())
	}
}
