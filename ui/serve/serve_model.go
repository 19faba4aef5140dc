package serve

import (
	"fmt"
	"runtime/debug"

	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
)

// sessionModel wraps a session's ui model: it records input time for
// --idle-timeout and turns a panic in the model (or in a command it
// returned) into the end of this session only.
type sessionModel struct {
	inner tea.Model
	st    *session
}

// cmdPanicMsg carries a panic out of a command into Update.
type cmdPanicMsg struct{ detail string }

func (m sessionModel) Init() (cmd tea.Cmd) {
	defer m.guard("Init", nil, &cmd)
	return m.wrap(m.inner.Init())
}

func (m sessionModel) Update(msg tea.Msg) (out tea.Model, cmd tea.Cmd) {
	defer m.guard("Update", &out, &cmd)
	switch msg := msg.(type) {
	case cmdPanicMsg:
		m.st.crashed(msg.detail)
		return m, tea.Quit
	case tea.KeyMsg:
		m.st.touch()
		if msg = m.st.admitKeys(msg); len(msg.Runes) == 0 && msg.Type == tea.KeyRunes {
			return m, nil
		}
		return m.update(msg)
	case tea.MouseMsg:
		m.st.touch()
		if !m.st.input.Allow() {
			return m, nil
		}
	case ui.MeetingMsg:
		// A follower watching the presenter is not idle: the presenter's
		// input reaches it as a new scenario.
		if msg.HasScenario {
			m.st.touch()
		}
	}
	return m.update(msg)
}

func (m sessionModel) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	inner, c := m.inner.Update(msg)
	m.inner = inner
	return m, m.wrap(c)
}

func (m sessionModel) View() (v string) {
	defer func() {
		if r := recover(); r != nil {
			m.st.crashed(fmt.Sprintf("View: %v\n%s", r, debug.Stack()))
			m.st.end(reasonPanic)
			v = "infercost: internal error; closing this session"
		}
	}()
	return m.inner.View()
}

// guard recovers a panic in Init or Update: the session is logged as
// crashed and quits; the other sessions never notice.
func (m sessionModel) guard(where string, out *tea.Model, cmd *tea.Cmd) {
	if r := recover(); r != nil {
		m.st.crashed(fmt.Sprintf("%s: %v\n%s", where, r, debug.Stack()))
		if out != nil {
			*out = m
		}
		*cmd = tea.Quit
	}
}

// wrap makes a panic inside a command a cmdPanicMsg instead of a crash.
// Commands batched with tea.Batch are wrapped as they come out;
// tea.Sequence hides its commands, which Bubble Tea's own recovery then
// covers (it kills the program, and the session ends).
func (m sessionModel) wrap(c tea.Cmd) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = cmdPanicMsg{fmt.Sprintf("command: %v\n%s", r, debug.Stack())}
			}
		}()
		msg = c()
		if b, ok := msg.(tea.BatchMsg); ok {
			for i := range b {
				b[i] = m.wrap(b[i])
			}
		}
		return msg
	}
}
