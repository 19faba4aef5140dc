package screen

import tea "github.com/charmbracelet/bubbletea"

// MaxWidth and MaxHeight bound the screen a program lays out and paints:
// a larger terminal shows it in its top left corner. A terminal (or an SSH
// client's window-change) claiming 65535x65535 would otherwise cost
// gigabytes of cells.
const (
	MaxWidth  = 512
	MaxHeight = 256
)

// viewModel wraps the program's model: it passes the terminal's size and every
// view to the painter (Bubble Tea's own renderer is off), and on a panic
// restores the terminal before Bubble Tea reports it, so the report is
// printed on the main screen, in line mode, as Bubble Tea's renderer did.
type viewModel struct {
	inner tea.Model
	p     *Program
}

func (m viewModel) Init() tea.Cmd {
	defer m.p.guard()
	return m.p.wrap(m.inner.Init())
}

func (m viewModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.p.guard()
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		ws.Width, ws.Height = min(ws.Width, MaxWidth), min(ws.Height, MaxHeight)
		m.p.frames.resize(ws.Width, ws.Height)
		msg = ws
	}
	inner, cmd := m.inner.Update(msg)
	m.inner = inner
	return m, m.p.wrap(cmd)
}

// View hands the view to the painter; Bubble Tea's renderer, which is
// off, gets nothing.
func (m viewModel) View() string {
	defer m.p.guard()
	m.p.frames.submit(m.inner.View())
	return ""
}

// guard restores the terminal on a panic and lets the panic go on to
// Bubble Tea, which reports it and ends the program.
func (p *Program) guard() {
	if r := recover(); r != nil {
		p.restore()
		panic(r)
	}
}

// wrap guards a command, and the commands of a batch it returns, which
// Bubble Tea runs on goroutines of its own. (A tea.Sequence hides its
// commands: a panic there is reported before Run restores the terminal.)
func (p *Program) wrap(c tea.Cmd) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() tea.Msg {
		defer p.guard()
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			for i := range b {
				b[i] = p.wrap(b[i])
			}
		}
		return msg
	}
}
