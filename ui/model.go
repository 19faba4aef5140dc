package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// Model is the program's only tea.Model. (Placeholder until the explorer
// lands: shows the scenario name and quits on q.)
type Model struct {
	opts Options
}

// New builds the program for one run or session.
func New(opts Options) Model { return Model{opts: opts} }

// Init starts nothing.
func (m Model) Init() tea.Cmd { return nil }

// Update quits on q or ctrl+c.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && (k.String() == "q" || k.String() == "ctrl+c") {
		return m, tea.Quit
	}
	return m, nil
}

// View shows the placeholder.
func (m Model) View() string { return "infercost: A100 vs H100 " + m.opts.Scenario.Name + "\n" }
