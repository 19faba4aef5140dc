package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"infercost/ui"
	"infercost/ui/screen"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
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
	reasonGone                      // the client closed its input or dropped
	reasonStalled                   // output made no progress for stallTimeout
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
	conn    *trackedConn // nil only in tests that build sessions by hand
	keyFP   string       // key fingerprint; "" without a key
	id      uint64
	log     *slog.Logger
	seat    *seat
	started time.Time
	ctx     context.Context // ends with the session: stops its goroutines
	cancel  context.CancelFunc

	program   *screen.Program // set once, before the session's goroutines start
	lastInput atomic.Int64    // unix nanoseconds of the last key or mouse event
	reason    atomic.Int32    // first endReason recorded (reasonQuit: none)
	panicked  atomic.Bool
	stop      chan endReason
	out       *progressWriter // the program's output, watched for stalls
	connEnded func()          // gives the session's place on its connection back (once)
	input     *rate.Limiter   // keys and mouse events taken (keysPerSecond)
}

// sessionMiddleware turns away what is not an interactive viewer,
// enforces the session limits and runs the session.
func (s *Server) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer next(sess)
		// The connection's count drops before the viewer hears the
		// session ended, so a session opened right after finds the
		// place free.
		ended := func() {}
		if tc := connOf(sess); tc != nil {
			open, opened := tc.sessionStarted()
			ended = sync.OnceFunc(tc.sessionEnded)
			defer ended()
			if msg := s.admitSession(tc, open, opened); msg != "" {
				ended()
				s.refuse(sess, msg)
				return
			}
		}
		if msg := s.refusal(sess); msg != "" {
			ended()
			s.refuse(sess, msg)
			return
		}
		st, err := s.open(sess, connOf(sess))
		if err != nil {
			ended()
			s.refuse(sess, err.Error())
			return
		}
		st.connEnded = ended
		defer s.close(st)
		st.run()
	}
}

// refuse logs why sess gets no program and tells the viewer.
func (s *Server) refuse(sess ssh.Session, msg string) {
	s.logRefusal(sess, msg)
	fmt.Fprint(sess.Stderr(), "infercost: "+msg+"\r\n")
	_ = sess.Exit(exitError)
}

func (s *Server) logRefusal(sess ssh.Session, why string) {
	s.log.Info("refused", "remote", sess.RemoteAddr().String(), "user", sess.User(),
		"key", fingerprint(sess.PublicKey()), "why", why)
}

// refusal explains why sess gets no program ("" if it gets one).
func (s *Server) refusal(sess ssh.Session) string {
	if s.noPTYKey(sess) {
		return "your key is restricted with no-pty (or restrict) in the server's --authorized-keys, so it cannot run the explorer, which needs a terminal"
	}
	if _, _, ok := sess.Pty(); !ok {
		return "this is an interactive program; connect from a terminal without a command: " + SSHCommand(sess.LocalAddr())
	}
	if len(sess.Command()) > 0 || sess.Subsystem() != "" {
		return "no commands here; connect without one: " + SSHCommand(sess.LocalAddr())
	}
	return ""
}

// noPTYKey reports whether the viewer's key line forbids a terminal.
func (s *Server) noPTYKey(sess ssh.Session) bool {
	if s.cfg.AuthorizedKeys == "" || sess.PublicKey() == nil {
		return false
	}
	a, err := lookupKey(s.cfg.AuthorizedKeys, sess.PublicKey(), addrIP(sess.RemoteAddr()), s.clock())
	return err == nil && a.ok && a.entry.noPTY
}

// open registers a new session unless the server is full or closing,
// or the viewer's key already has its share of sessions.
func (s *Server) open(sess ssh.Session, tc *trackedConn) (*session, error) {
	fp := ""
	if sess.PublicKey() != nil {
		fp = gossh.FingerprintSHA256(sess.PublicKey())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, errors.New("the server is shutting down")
	case len(s.sessions) >= s.cfg.MaxSessions:
		return nil, fmt.Errorf("the server is full (%d viewers); please try again in a little while", s.cfg.MaxSessions)
	case fp != "" && s.cfg.MaxSessionsPerKey > 0 && s.perKey[fp] >= s.cfg.MaxSessionsPerKey:
		return nil, fmt.Errorf("your key already has %d sessions open, the most this server allows per key (--max-sessions-per-key)", s.cfg.MaxSessionsPerKey)
	}
	s.nextID++
	st := &session{srv: s, sess: sess, conn: tc, keyFP: fp, id: s.nextID, started: time.Now(), stop: make(chan endReason, 1),
		input: newInputLimiter()}
	st.ctx, st.cancel = context.WithCancel(sess.Context())
	st.lastInput.Store(st.started.UnixNano())
	st.log = s.log.With("session", s.nextID, "remote", sess.RemoteAddr().String(),
		"user", sess.User(), "key", fingerprint(sess.PublicKey()))
	st.seat = s.hub.newSeat(displayName(sess.User()), s.mayPresent(sess.PublicKey(), addrIP(sess.RemoteAddr())), st.log)
	s.sessions[st] = struct{}{}
	if fp != "" {
		s.perKey[fp]++
	}
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
	defer s.unregister(st)
	r := st.endReason()
	if msg := st.farewell(r); msg != "" {
		fmt.Fprint(st.sess.Stderr(), "infercost: "+msg+"\r\n")
	}
	code := exitOK
	if r != reasonQuit && r != reasonGone {
		code = exitError
	}
	s.releaseKey(st)
	st.connEnded()
	_ = st.sess.Exit(code)
	st.log.Info("disconnect", "after", time.Since(st.started).Round(time.Millisecond), "why", reasonName[r])
}

// unregister forgets st in the server's table.
func (s *Server) unregister(st *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, st)
}

// releaseKey gives st's place back to its key's count, before the viewer
// hears the session ended.
func (s *Server) releaseKey(st *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.keyFP != "" {
		if s.perKey[st.keyFP]--; s.perKey[st.keyFP] <= 0 {
			delete(s.perKey, st.keyFP)
		}
	}
}

// endReason is why the session ended. A program that quit while its
// connection was already gone was not quit by the viewer: the client
// dropped.
func (st *session) endReason() endReason {
	r := endReason(st.reason.Load())
	if r == reasonQuit && st.sess.Context().Err() != nil {
		r = reasonGone
	}
	return r
}

var reasonName = [...]string{"quit", "idle", "max-session", "shutdown", "panic", "client dropped", "output stalled"}

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
	case reasonStalled:
		return fmt.Sprintf("closed: your terminal took no output for %v", st.srv.stallTimeout)
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
