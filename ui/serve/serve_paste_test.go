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

// runSeqGuard feeds in to a sequence guard in reads of n bytes.
func runSeqGuard(in string, n int) string {
	var g seqGuard
	var out bytes.Buffer
	for b := []byte(in); len(b) > 0; {
		k := min(n, len(b))
		out.Write(g.filter(append([]byte(nil), b[:k]...)))
		b = b[k:]
	}
	return out.String()
}

// TestSeqGuardPassesInput: keys, SGR and X10 mouse reports, colour-query
// answers (ended by BEL or ST), alt+key and pastes pass unchanged however
// the input is cut into reads.
func TestSeqGuardPassesInput(t *testing.T) {
	in := "jl\x1b[A\x1b[1;2C\x1b[<0;12;5M\x1b[<0;12;5m\x1b[M !!\x1b]11;rgb:1c1c/1c1c/1c1c\x07" +
		"\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\\x1bq\x1b\x1b[B\x1b[200~pasted \x1b[Z text\x1b[201~é\x1b[I\x1b[O\x1b[?62;22c"
	for n := 1; n <= len(in); n++ {
		if got := runSeqGuard(in, n); got != in {
			t.Fatalf("reads of %d bytes: passed %q, want %q", n, got, in)
		}
	}
}

// TestSeqGuardCutsEndlessSequences: a CSI, an OSC or a DCS of a megabyte
// passes at most maxSeqBytes of itself, its end, and the keys after it.
func TestSeqGuardCutsEndlessSequences(t *testing.T) {
	junk := strings.Repeat("1;", 1<<19)
	for _, c := range []struct{ start, end string }{
		{"\x1b[", "m"}, {"\x1b]", "\x07"}, {"\x1b]", "\x1b\\"}, {"\x1bP", "\x1b\\"}, {"\x1b[<", "M"},
	} {
		got := runSeqGuard(c.start+junk+c.end+"q\x1b[A", 4096)
		if len(got) > maxSeqBytes+len(c.end)+4 || !strings.HasSuffix(got, c.end+"q\x1b[A") {
			t.Errorf("%q…%q: passed %d bytes ending %q", c.start, c.end, len(got), got[max(0, len(got)-12):])
		}
	}
	if got := runSeqGuard("\x1b["+junk, 4096); len(got) > maxSeqBytes {
		t.Errorf("a sequence that never ends passed %d bytes", len(got))
	}
}

// FuzzInputGuards: whatever a client sends, in whatever reads, the guards
// only ever drop bytes (never add, reorder or hold back text outside a
// paste), and text without escapes passes whole.
func FuzzInputGuards(f *testing.F) {
	f.Add([]byte("jl\x1b[A\x1b[200~abc\x1b[201~q"), uint8(3))
	f.Add([]byte("\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\x"), uint8(1))
	f.Fuzz(func(t *testing.T, in []byte, n uint8) {
		step := int(n%64) + 1
		var sg seqGuard
		var pg pasteGuard
		var out []byte
		for b := in; len(b) > 0; {
			k := min(step, len(b))
			out = append(out, pg.filter(sg.filter(append([]byte(nil), b[:k]...)))...)
			b = b[k:]
		}
		if !isSubsequence(out, in) {
			t.Fatalf("passed %q, not a subsequence of %q", out, in)
		}
		if !bytes.ContainsRune(in, 0x1b) && !bytes.Equal(out, in) {
			t.Fatalf("text without escapes passed as %q, want %q", out, in)
		}
	})
}

func isSubsequence(sub, s []byte) bool {
	i := 0
	for _, c := range s {
		if i < len(sub) && sub[i] == c {
			i++
		}
	}
	return i == len(sub)
}
