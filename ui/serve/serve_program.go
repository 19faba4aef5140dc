package serve

import (
	"errors"
	"io"
	"sync/atomic"
	"time"

	"infercost/ui"
	"infercost/ui/screen"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	bm "github.com/charmbracelet/wish/bubbletea"
	wishrecover "github.com/charmbracelet/wish/recover"
)

// A session's program, run here rather than by wish's bubbletea
// middleware, whose window-size goroutine hands every resize to the
// program and waits. SSH delivers a session's requests (window changes
// among them) in order on one connection-wide reader: while a resize
// waits for a program that is itself blocked writing to a client whose
// SSH window is shut, that reader never reads the window update that
// would let the write finish, and the session freezes for good. Here a
// goroutine of the session's own takes window sizes as fast as they come
// and keeps only the latest, and the program's output is watched: no
// progress for stallTimeout ends the session.

// stallTimeout ends a session whose output has been blocked this long.
const stallTimeout = 30 * time.Second

// run serves the program inside a recover middleware, so a panic while
// building or running the program ends this session only.
func (st *session) run() {
	h := wishrecover.MiddlewareWithLogger(panicLogger{st}, st.programMiddleware)(func(ssh.Session) {})
	h(st.sess)
}

func (st *session) programMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		p := st.newProgram(sess)
		_, windows, _ := sess.Pty()
		go st.relayWindows(windows, p)
		if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
			st.log.Warn("program ended with an error", "error", err)
		}
		p.Kill() // restores the terminal if the program crashed
		next(sess)
	}
}

// newProgram builds the session's program with a renderer of its own
// (the viewer's colour profile and background, asked over SSH), joins
// the meeting and starts the watchdog.
func (st *session) newProgram(sess ssh.Session) *screen.Program {
	s := st.srv
	pump := newInputPump(sess, st.ctx.Done())
	asked := querySession{Session: sess, in: deadlineReader{pump, time.Now().Add(s.queryTimeout)}}
	opts := ui.Options{
		Renderer: bm.MakeRenderer(asked),
		Theme:    sessionTheme(s.cfg.Theme, sess.Environ()),
		Presets:  s.presets,
		Meeting:  st.seat,
		Remote:   true,
		UserGPUs: s.cfg.UserGPUs,
		Scenario: s.cfg.Scenario,
		// Save and Export stay nil: a session writes nothing on the
		// server (Export falls back to the viewer's clipboard).
	}
	m := sessionModel{inner: s.newModel(opts), st: st}
	st.out = &progressWriter{w: sess}
	pty, _, _ := sess.Pty()
	st.program = screen.New(m, screen.Options{
		Input:      inputWatcher{r: deadlineReader{p: pump}, st: st},
		Output:     st.out,
		Term:       pty.Term,
		CRLF:       sess.EmulatedPty(),                              // wish's emulated PTY writes "\n" as "\r\n"
		TeaOptions: []tea.ProgramOption{tea.WithoutSignalHandler()}, // the server handles SIGINT/SIGTERM
	})
	s.hub.join(st.seat, st.program.Send)
	go st.watch()
	return st.program
}

// relayWindows reads the session's window changes without ever waiting
// for the program, and hands it the latest size when it is ready. When
// the connection goes, the program quits.
func (st *session) relayWindows(windows <-chan ssh.Window, p *screen.Program) {
	defer st.recoverGoroutine("window relay")
	latest := make(chan ssh.Window, 1)
	go st.deliverWindows(latest, p)
	for {
		select {
		case <-st.ctx.Done():
			p.Quit()
			return
		case w, ok := <-windows:
			if !ok { // the channel closes with the connection: wait for ctx to quit the program
				windows = nil
				continue
			}
			select { // only this goroutine fills latest: replace, never wait
			case <-latest:
			default:
			}
			latest <- w
		}
	}
}

func (st *session) deliverWindows(latest <-chan ssh.Window, p *screen.Program) {
	defer st.recoverGoroutine("window delivery")
	for {
		select {
		case <-st.ctx.Done():
			return
		case w := <-latest:
			p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height}) // returns when the program ends
		}
	}
}

// progressWriter is the program's output; it records since when a write
// has been waiting, so the watchdog can tell a stalled client.
type progressWriter struct {
	w       io.Writer
	pending atomic.Int64 // unix nanoseconds the waiting write began; 0: none
}

func (o *progressWriter) Write(b []byte) (int, error) {
	o.pending.Store(time.Now().UnixNano())
	defer o.pending.Store(0)
	return o.w.Write(b)
}

// stalledSince reports since when a write has been waiting, if one is.
func (o *progressWriter) stalledSince() (time.Time, bool) {
	if o == nil {
		return time.Time{}, false
	}
	n := o.pending.Load()
	return time.Unix(0, n), n != 0
}
