package main

import (
	"fmt"
	"io"

	"infercost/model"
	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// runTUI runs the explorer in the local terminal. (Flags land with the
// report work.)
func runTUI(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	m := ui.New(ui.Options{Renderer: lipgloss.DefaultRenderer(), Scenario: model.DefaultScenario(), Presets: model.BuiltinScenarios()})
	if _, err := tea.NewProgram(m, tea.WithAltScreen()).Run(); err != nil {
		fmt.Fprintln(stderr, "infercost:", err)
		return exitError
	}
	return exitOK
}
