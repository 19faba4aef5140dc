//go:build linux

package main

// End-to-end tests: the real binary in a pseudo-terminal, read as a person
// reads the screen.

import "testing"

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
