package serve

import (
	"bytes"
	"strings"
	"testing"
)

// run feeds in to a guard in chunks of size n and returns what passed.
func runGuard(in string, n int) string {
	var g pasteGuard
	var out bytes.Buffer
	for b := []byte(in); len(b) > 0; {
		k := min(n, len(b))
		out.Write(g.filter(b[:k]))
		b = b[k:]
	}
	return out.String()
}

// TestPasteGuardPassesWhatFits: keys and pastes under the bound pass
// unchanged however the input is cut into reads.
func TestPasteGuardPassesWhatFits(t *testing.T) {
	in := "jjl\x1b[A\x1b\x1b[200~ic1.abc\x1b[201~\rq\x1b[200~\x1b[201~x"
	for n := 1; n <= len(in); n++ {
		if got := runGuard(in, n); got != in {
			t.Fatalf("reads of %d bytes: passed %q, want %q", n, got, in)
		}
	}
}

// TestPasteGuardPassesKeysAtOnce: a lone ESC (or the start of a key's
// sequence) is not held back for the next read.
func TestPasteGuardPassesKeysAtOnce(t *testing.T) {
	var g pasteGuard
	for _, k := range []string{"\x1b", "\x1b[", "\x1b[2", "\x1b[20"} {
		if got := string(g.filter([]byte(k))); got != k {
			t.Errorf("%q passed as %q", k, got)
		}
	}
}

// TestPasteGuardCutsHugePastes: a paste of megabytes passes its first
// maxPasteBytes and both markers, and the keys after it; one that never
// ends passes no more than the bound.
func TestPasteGuardCutsHugePastes(t *testing.T) {
	body := strings.Repeat("ab", 2<<20)
	in := "x\x1b[200~" + body + "\x1b[201~q"
	want := "x\x1b[200~" + body[:maxPasteBytes] + "\x1b[201~q"
	for _, n := range []int{1 << 12, 1000, 7} {
		if got := runGuard(in, n); got != want {
			t.Fatalf("reads of %d bytes: passed %d bytes, want %d", n, len(got), len(want))
		}
	}
	if got := runGuard("\x1b[200~"+body, 4096); len(got) > len(pasteStart)+maxPasteBytes {
		t.Errorf("an endless paste passed %d bytes", len(got))
	}
}
