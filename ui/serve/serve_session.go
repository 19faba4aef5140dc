package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	bm "github.com/charmbracelet/wish/bubbletea"
	wishrecover "github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
)

// endReason says why a session ended; the viewer is told after the
// program has left the alternate screen.
type endReason int32

const (
	reasonQuit     endReason = iota // the viewer quit
	reasonIdle                      // --idle-timeout without input
	reasonLength                    // --max-session reached
	reasonShutdown                  // SIGINT/SIGTERM
	reasonPanic                     // a bug in this session's program
	reasonGone                      // the client closed its input
)

// quitGrace is how long a program may take to honour Quit before it is
// killed.
const quitGrace = 2 * time.Second

// Exit statuses a session's SSH client receives, as a local run's.
const (
	exitOK    = 0
	exitError = 1
)

// session is one viewer's SSH session with its own program, renderer,
// scenario and meeting seat.
type session struct {
	srv     *Server
	sess    ssh.Session
	log     *slog.Logger
	seat    *seat
	started time.Time
	ctx     context.Context // ends with the session: stops its goroutines
	cancel  context.CancelFunc

	program   *tea.Program // set once, before the session's goroutines start
	lastInput atomic.Int64 // unix nanoseconds of the last key or mouse event
	reason    atomic.Int32 // first endReason recorded (reasonQuit: none)
	panicked  atomic.Bool
	stop      chan endReason
}

// sessionMiddleware turns away what is not an interactive viewer,
// enforces --max-sessions and runs the session.
func (s *Server) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer next(sess)
		markStarted(sess.Context())
		if msg := refusal(sess); msg != "" {
			s.logRefusal(sess, msg)
			fmt.Fprintln(sess.Stderr(), "infercost: "+msg)
			_ = sess.Exit(exitError)
			return
		}
		st, err := s.open(sess)
		if err != nil {
			s.logRefusal(sess, err.Error())
			fmt.Fprint(sess.Stderr(), "infercost: "+err.Error()+"\r\n")
			_ = sess.Exit(exitError)
			return
		}
		defer s.close(st)
		st.run()
	}
}

func (s *Server) logRefusal(sess ssh.Session, why string) {
	s.log.Info("refused", "remote", sess.RemoteAddr().String(), "user", sess.User(),
		"key", fingerprint(sess.PublicKey()), "why", why)
}

// refusal explains why sess gets no program ("" if it gets one).
func refusal(sess ssh.Session) string {
	if _, _, ok := sess.Pty(); !ok {
		return "this is an interactive program; connect from a terminal without a command: " + SSHCommand(sess.LocalAddr())
	}
	if len(sess.Command()) > 0 || sess.Subsystem() != "" {
		return "no commands here; connect without one: " + SSHCommand(sess.LocalAddr())
	}
	return ""
}

// open registers a new session unless the server is full or closing.
func (s *Server) open(sess ssh.Session) (*session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, errors.New("the server is shutting down")
	case len(s.sessions) >= s.cfg.MaxSessions:
		return nil, fmt.Errorf("the server is full (%d viewers); please try again in a little while", s.cfg.MaxSessions)
	}
	s.nextID++
	st := &session{srv: s, sess: sess, started: time.Now(), stop: make(chan endReason, 1)}
	st.ctx, st.cancel = context.WithCancel(sess.Context())
	st.lastInput.Store(st.started.UnixNano())
	st.log = s.log.With("session", s.nextID, "remote", sess.RemoteAddr().String(),
		"user", sess.User(), "key", fingerprint(sess.PublicKey()))
	st.seat = s.hub.newSeat(displayName(sess.User()), s.mayPresent(sess.PublicKey()))
	s.sessions[st] = struct{}{}
	pty, _, _ := sess.Pty()
	st.log.Info("connect", "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height)
	return st, nil
}

// close unregisters st and tells the viewer why the session ended.
// It unregisters last, so a shutdown waiting for the count to reach 0
// does not cut the connection before the farewell is sent.
func (s *Server) close(st *session) {
	st.cancel()
	s.hub.leave(st.seat)
	defer func() {
		s.mu.Lock()
		delete(s.sessions, st)
		s.mu.Unlock()
	}()
	r := endReason(st.reason.Load())
	if msg := st.farewell(r); msg != "" {
		fmt.Fprint(st.sess.Stderr(), "infercost: "+msg+"\r\n")
	}
	code := exitOK
	if r != reasonQuit && r != reasonGone {
		code = exitError
	}
	_ = st.sess.Exit(code)
	st.log.Info("disconnect", "after", time.Since(st.started).Round(time.Millisecond), "why", reasonName[r])
}

var reasonName = [...]string{"quit", "idle", "max-session", "shutdown", "panic", "client closed"}

func (st *session) farewell(r endReason) string {
	switch r {
	case reasonIdle:
		return fmt.Sprintf("closed after %v without a key press", st.srv.cfg.IdleTimeout)
	case reasonLength:
		return fmt.Sprintf("sessions on this server last at most %v", st.srv.cfg.MaxSession)
	case reasonShutdown:
		return "server shutting down"
	case reasonPanic:
		return "this session hit an internal error and was closed (the server logged it); other viewers are not affected"
	}
	return ""
}

// sessionCount reports the live sessions.
func (s *Server) sessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// endAll refuses new sessions, shows every session notice-long
// "server shutting down", then ends them.
func (s *Server) endAll(notice time.Duration, r endReason) {
	s.mu.Lock()
	s.closing = true
	live := make([]*session, 0, len(s.sessions))
	for st := range s.sessions {
		live = append(live, st)
	}
	s.mu.Unlock()
	if len(live) == 0 {
		return
	}
	s.hub.broadcast(ui.NoticeMsg{Text: "server shutting down"})
	time.Sleep(notice)
	for _, st := range live {
		st.end(r)
	}
}

// run serves the program: wish's bubbletea middleware inside a recover
// middleware, so a panic while building or running the program ends
// this session only.
func (st *session) run() {
	mw := bm.MiddlewareWithProgramHandler(st.newProgram, termenv.Ascii)
	h := wishrecover.MiddlewareWithLogger(panicLogger{st}, mw)(func(ssh.Session) {})
	h(st.sess)
}

// newProgram builds the session's program with a renderer of its own
// (the viewer's colour profile and background, asked over SSH), joins
// the meeting and starts the watchdog.
func (st *session) newProgram(sess ssh.Session) *tea.Program {
	s := st.srv
	pump := newInputPump(sess, st.ctx.Done())
	asked := querySession{Session: sess, in: deadlineReader{pump, time.Now().Add(s.queryTimeout)}}
	opts := ui.Options{
		Renderer: bm.MakeRenderer(asked),
		Theme:    sessionTheme(s.cfg.Theme, sess.Environ()),
		Presets:  s.presets,
		Meeting:  st.seat,
		Remote:   true,
		// Save and Export stay nil: a session writes nothing on the
		// server (Export falls back to the viewer's clipboard).
	}
	m := sessionModel{inner: s.newModel(opts), st: st}
	st.program = tea.NewProgram(m,
		tea.WithInput(inputWatcher{r: deadlineReader{p: pump}, st: st}),
		tea.WithOutput(sess),
		tea.WithAltScreen(),
		tea.WithMouseCellMotion(),  // as a local run
		tea.WithoutSignalHandler(), // the server handles SIGINT/SIGTERM
	)
	s.hub.join(st.seat, st.program.Send)
	go st.watch()
	return st.program
}

// sessionTheme is --theme, or "none" when the viewer's ssh sends NO_COLOR
// (OpenSSH only does with `-o SendEnv=NO_COLOR`, so the in-app theme key
// remains the usual way).
func sessionTheme(theme string, env []string) string {
	if theme != "" {
		return theme
	}
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			return "none"
		}
	}
	return ""
}

// recoverGoroutine keeps a panic in one of the session's goroutines from
// taking the server down; the session is closed instead.
func (st *session) recoverGoroutine(where string) {
	if r := recover(); r != nil {
		st.crashed(fmt.Sprintf("%s: %v", where, r))
		st.program.Kill()
	}
}

// crashed logs a panic of this session and marks it as the reason.
// Only the first panic is logged (a broken View would repeat it).
func (st *session) crashed(detail string) {
	st.setReason(reasonPanic)
	if st.panicked.CompareAndSwap(false, true) {
		st.log.Error("session panic; closing this session", "panic", detail)
	}
}

// panicLogger is the recover middleware's logger for one session.
type panicLogger struct{ st *session }

func (l panicLogger) Printf(format string, v ...any) { l.st.crashed(fmt.Sprintf(format, v...)) }

// inputWatcher passes the viewer's input to the program and ends the
// session when the client closes it.
type inputWatcher struct {
	r  io.Reader
	st *session
}

func (w inputWatcher) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err != nil {
		w.st.end(reasonGone)
	}
	return n, err
}

// fingerprint names a key in logs (SHA256, never the key itself).
func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return "none"
	}
	return gossh.FingerprintSHA256(k)
}

// displayName is the SSH user name as other viewers see it: printable,
// short, never terminal escapes.
func displayName(user string) string {
	var b strings.Builder
	for _, r := range user {
		if b.Len() >= 24 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@+", r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "someone"
	}
	return b.String()
}
