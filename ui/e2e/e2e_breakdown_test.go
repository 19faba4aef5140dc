//go:build linux

package e2e

// Where a key press's bytes go: the output is followed as a terminal
// follows it, cursor row by cursor row. A byte belongs to the row the
// cursor is on when it is written (a cursor movement to the row it moves
// to); a row counts as rewritten when it received text or an erase, not
// only movements.

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// rowCost is the bytes one key press wrote for one screen row.
type rowCost struct {
	Row     int    `json:"row"`
	Bytes   int    `json:"bytes"`
	Escapes int    `json:"escape_bytes"` // of Bytes, in escape sequences (styles, erase)
	Text    string `json:"text"`         // what the row shows, cut to 60 columns
}

// frameRowBytes adds up the bytes written per screen row in raw, which
// holds one or more alternate-screen frames.
func frameRowBytes(raw []byte) map[int]int {
	rows := map[int]int{}
	for r, seg := range frameRows(raw) {
		rows[r] = len(seg)
	}
	return rows
}

// frameRows is what raw wrote to each screen row it rewrote.
func frameRows(raw []byte) map[int][]byte {
	rows, drawn := map[int][]byte{}, map[int]bool{}
	row := 0
	for len(raw) > 0 {
		n, to, draws := nextToken(raw, row)
		if raw[0] != 0x1b || raw[1] != '[' || raw[2] != '?' { // not a mode
			rows[to] = append(rows[to], raw[:n]...)
			drawn[to] = drawn[to] || draws
		}
		raw, row = raw[n:], to
	}
	maps.DeleteFunc(rows, func(r int, _ []byte) bool { return !drawn[r] })
	return rows
}

// nextToken measures the escape sequence, control byte or run of text at
// the start of b: its length, the cursor row after it, and whether it
// draws (text, an erase).
func nextToken(b []byte, row int) (n, to int, draws bool) {
	switch {
	case len(b) > 1 && b[0] == 0x1b && b[1] == 'M':
		return 2, row - 1, false
	case b[0] == 0x1b:
		m := csiSeq.FindSubmatch(b)
		if m == nil {
			return 1, row, false
		}
		arg, _ := strconv.Atoi(string(bytes.SplitN(m[1], []byte(";"), 2)[0]))
		switch m[2][0] {
		case 'H', 'f', 'd':
			return len(m[0]), max(arg, 1) - 1, false
		case 'A':
			return len(m[0]), row - max(arg, 1), false
		case 'B':
			return len(m[0]), row + max(arg, 1), false
		case 'K', 'X', 'J', '@', 'P':
			return len(m[0]), row, true
		}
		return len(m[0]), row, false
	case b[0] == '\n':
		return 1, row + 1, false
	case b[0] < ' ' || b[0] == 0x7f:
		return 1, row, false
	}
	n = bytes.IndexFunc(b, func(r rune) bool { return r < ' ' || r == 0x7f })
	if n < 0 {
		n = len(b)
	}
	return n, row, true
}

var (
	csiSeq = regexp.MustCompile(`^\x1b\[([0-9;:?]*)[ -/]*([@-~])`)
	escSeq = regexp.MustCompile(`\x1b\[[0-9;:?]*[ -/]*[@-~]`)
)

// costliestRows are the rows of a key press that cost the most, with what
// they show on screen.
func costliestRows(raw []byte, screen []string, n int) []rowCost {
	var out []rowCost
	for r, b := range frameRows(raw) {
		var text []rune
		if r < len(screen) {
			text = []rune(screen[r])
		}
		esc := 0
		for _, m := range escSeq.FindAll(b, -1) {
			esc += len(m)
		}
		out = append(out, rowCost{r, len(b), esc, string(text[:min(60, len(text))])})
	}
	slices.SortFunc(out, func(a, b rowCost) int { return b.Bytes - a.Bytes })
	return out[:min(n, len(out))]
}

// describeRows is one line per row for the report.
func describeRows(rows []rowCost) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "  row %2d %5d B (%3d %% escapes)  %s\n", r.Row, r.Bytes, 100*r.Escapes/max(1, r.Bytes), r.Text)
	}
	return b.String()
}
