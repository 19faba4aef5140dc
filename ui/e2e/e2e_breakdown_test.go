//go:build linux

package e2e

// Where a key press's bytes go: Bubble Tea's standard renderer (v1) starts
// an alternate-screen frame at the home position and then, per screen row,
// writes "\n" for a row it skips or the whole row plus "\r\n" for one that
// changed. Splitting the output on that shape tells which rows a key
// rewrote and what each cost.

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// rowCost is the bytes one key press wrote for one screen row.
type rowCost struct {
	Row     int    `json:"row"`
	Bytes   int    `json:"bytes"`
	Escapes int    `json:"escape_bytes"` // of Bytes, in escape sequences (styles, erase)
	Text    string `json:"text"`         // what the row shows, cut to 60 columns
}

var frameHome = []byte("\x1b[H")

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
	rows := map[int][]byte{}
	for _, frame := range bytes.Split(raw, frameHome)[1:] {
		segs := bytes.SplitAfter(frame, []byte("\n"))
		// The frame ends by parking the cursor (CSI row;col H): not a row.
		last := len(segs) - 1
		segs[last] = frameEnd.ReplaceAll(segs[last], nil)
		for i, seg := range segs {
			// A lone newline is a row left as it was (over SSH the
			// server's PTY turns it into "\r\n").
			if s := string(seg); s != "" && s != "\n" && s != "\r\n" {
				rows[i] = append(rows[i], seg...)
			}
		}
	}
	return rows
}

var (
	frameEnd = regexp.MustCompile(`\x1b\[[0-9;]*H$`)
	escSeq   = regexp.MustCompile(`\x1b\[[0-9;:?]*[ -/]*[@-~]`)
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
