// Package text wraps and clips plain text by display width, for command
// line output, saved-file comments and the explorer's panels. Unlike
// ansi.Wordwrap it never breaks at hyphens, so flag names (--gpus-per-replica)
// and GPU ids (a100-80gb-sxm) stay whole.
package text

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Wrap breaks text into lines at most width cells wide, at spaces; runs of
// spaces collapse to one. A word wider than width stands on a line of its
// own. Empty or blank text gives no lines.
func Wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case Width(line)+1+Width(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// Clip shortens s to at most width cells, ending in an ellipsis when
// anything was cut.
func Clip(s string, width int) string {
	return ansi.Truncate(s, max(width, 0), "…")
}
