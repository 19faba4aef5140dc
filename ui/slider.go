package ui

import (
	"math"
	"strings"

	"infercost/theme"
	"infercost/ui/text"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// slider is one row of the controls: a label, a bar (or a ◂ choice ▸
// stepper) and the value. It only draws; controlList decides what a key
// does to the value.
type slider struct {
	th       *theme.Theme
	label    string
	side     int // -1 shared, else the side letter is shown in its colour
	text     string
	frac     float64 // bar position 0..1; < 0 draws a stepper
	selected bool
	disabled bool
	w        int
	view     string
}

// sliderValueMsg gives a slider its current value.
type sliderValueMsg struct {
	text     string
	frac     float64
	selected bool
	disabled bool
}

func newSlider(th *theme.Theme, label string, side int) slider {
	return slider{th: th, label: label, side: side, frac: -1}
}

// SetSize sets the row width.
func (s slider) SetSize(w int) slider {
	s.w = w
	s.view = s.render()
	return s
}

// Update takes a new value; other messages are ignored.
func (s slider) Update(msg tea.Msg) (slider, tea.Cmd) {
	if v, ok := msg.(sliderValueMsg); ok {
		if v.text == s.text && v.frac == s.frac && v.selected == s.selected && v.disabled == s.disabled && s.view != "" {
			return s, nil
		}
		s.text, s.frac, s.selected, s.disabled = v.text, v.frac, v.selected, v.disabled
		s.view = s.render()
	}
	return s, nil
}

// View is the rendered row.
func (s slider) View() string { return s.view }

// Column widths: label and value; the bar takes what is left but one
// column, kept blank so a value never touches the block to its right.
func (s slider) columns() (labelW, barW, valueW int) {
	labelW, valueW = 13, 15
	if s.w < 44 {
		labelW, valueW = 12, 14
	}
	return labelW, max(4, s.w-3-labelW-1-valueW-1), valueW // one column of gutter on the right
}

func (s slider) render() string {
	if s.w <= 0 {
		return ""
	}
	th := s.th
	labelW, barW, valueW := s.columns()
	mark := "  "
	if s.selected {
		mark = th.Accent.Render("▸ ")
	}
	label := s.label
	if s.side >= 0 {
		label = th.Marks.Letter[s.side] + " " + label
	}
	label = fitLine(label, labelW)
	switch {
	case s.selected:
		label = th.Selected.Render(label)
	case s.disabled:
		label = th.Muted.Render(label)
	case s.side >= 0:
		label = th.SideBold[s.side].Render(label[:1]) + th.Text.Render(label[1:])
	default:
		label = th.Text.Render(label)
	}
	if s.frac < 0 {
		return fitLine(mark+label+" "+s.stepper(barW+1+valueW), s.w)
	}
	value := s.text
	if text.Width(value) > valueW {
		value = ansi.Truncate(value, valueW, "…") // never into the gutter
	}
	if pad := valueW - text.Width(value); pad > 0 {
		value = strings.Repeat(" ", pad) + value
	}
	return fitLine(mark+label+" "+s.bar(barW)+" "+th.Text.Render(value), s.w)
}

// bar draws ━━━━◆──── with the knob at frac.
func (s slider) bar(w int) string {
	th := s.th
	knob := int(math.Round(clamp(s.frac, 0, 1) * float64(w-1)))
	fill := th.Accent
	if s.side >= 0 {
		fill = th.Side[s.side]
	}
	if s.disabled {
		fill = th.Muted
	}
	return fill.Render(strings.Repeat("━", knob)+"◆") + th.Axis.Render(strings.Repeat("─", w-1-knob))
}

// stepper draws ◂ value ▸ across w cells.
func (s slider) stepper(w int) string {
	th := s.th
	arrow := th.Accent
	if s.disabled {
		arrow = th.Muted
	}
	text := fitLine(s.text, w-4)
	return arrow.Render("◂ ") + th.Text.Render(text) + arrow.Render(" ▸")
}
