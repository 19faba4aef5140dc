package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// controlEscaper writes what it is given with control characters other
// than newline and tab spelled out (\x1b, \u009b): an error that echoes a
// flag value or a file's text must not move the cursor, recolour or
// retitle the terminal that reads it.
type controlEscaper struct{ w io.Writer }

func (e controlEscaper) Write(p []byte) (int, error) {
	if !hasControl(p) {
		return e.w.Write(p)
	}
	total := len(p)
	var b strings.Builder
	for len(p) > 0 {
		r, n := utf8.DecodeRune(p)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", p[0])
		case r != '\n' && r != '\t' && unicode.IsControl(r):
			b.WriteString(strings.Trim(strconv.QuoteRuneToASCII(r), "'"))
		default:
			b.Write(p[:n])
		}
		p = p[n:]
	}
	if _, err := io.WriteString(e.w, b.String()); err != nil {
		return 0, err
	}
	return total, nil
}

func hasControl(p []byte) bool {
	for _, r := range string(p) {
		if (r != '\n' && r != '\t' && unicode.IsControl(r)) || r == utf8.RuneError {
			return true
		}
	}
	return false
}
