package theme

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Style is a theme's lipgloss style that renders one line of text by
// putting it between escape codes learnt once: lipgloss works a style out
// again on every Render, and the explorer redraws dozens of styled lines on
// every key. Anything else (several lines, a tab, a style with a size,
// padding, margins, a border, underline or strikethrough) is rendered by
// lipgloss itself, so the text is always what lipgloss would have written.
type Style struct {
	lipgloss.Style
	pre, suf string
	line     bool // Render of one line is pre + line + suf
}

// NewStyle wraps s, learning its escape codes from its renderer.
func NewStyle(s lipgloss.Style) Style {
	st := Style{Style: s}
	if !s.GetUnderline() && !s.GetStrikethrough() && !s.GetUnderlineSpaces() && !s.GetStrikethroughSpaces() &&
		s.GetWidth() == 0 && s.GetHeight() == 0 && s.GetMaxWidth() == 0 && s.GetMaxHeight() == 0 &&
		s.GetHorizontalFrameSize() == 0 && s.GetVerticalFrameSize() == 0 && s.GetTransform() == nil && s.Value() == "" {
		st.pre, st.suf, st.line = strings.Cut(s.Render("x"), "x")
	}
	return st
}

// Render styles strs joined by spaces, as lipgloss.Style.Render does.
func (s Style) Render(strs ...string) string {
	if s.line && len(strs) == 1 && !strings.ContainsAny(strs[0], "\n\r\t") {
		return s.pre + strs[0] + s.suf
	}
	return s.Style.Render(strs...)
}
