package serve

// The harness for serve's tests: an in-process server on 127.0.0.1:0 and
// x/crypto/ssh viewers whose output feeds a vt emulator. A viewer answers
// the terminal queries a real terminal answers (background colour, device
// attributes, cursor position), so no test ever waits out a time-out.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// inProcServer is a server running in the test process.
type inProcServer struct {
	*Server
	addr   string
	logs   *logBuffer
	cancel context.CancelFunc
	done   chan error
}

// startTestServer runs a loopback server with test-friendly defaults
// (no rate limit, no idle timeout, short shutdown), adjusted by edit.
func startTestServer(t testing.TB, edit func(*Config), hooks ...func(*Server)) *inProcServer {
	t.Helper()
	cfg := Config{Addr: "127.0.0.1:0", HostKeyPath: filepath.Join(t.TempDir(), "host_ed25519"),
		MaxSessions: Defaults().MaxSessions}
	if edit != nil {
		edit(&cfg)
	}
	logs := &logBuffer{}
	srv, err := New(cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.noticeDelay, srv.grace = 100*time.Millisecond, 2*time.Second
	for _, h := range hooks {
		h(srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &inProcServer{Server: srv, addr: ln.Addr().String(), logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- srv.Run(ctx, ln) }()
	t.Cleanup(ts.stop)
	return ts
}

// stop shuts the server down as SIGTERM would and waits for it.
func (ts *inProcServer) stop() {
	ts.cancel()
	<-ts.done
	ts.done <- nil // a second stop returns at once
}

// newClientKey is a fresh ed25519 client key.
func newClientKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dial connects as user with key (nil: keyboard-interactive only).
func (ts *inProcServer) dial(user string, key gossh.Signer) (*gossh.Client, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(
		func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: user, Auth: auth, Timeout: 5 * time.Second,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
}

// sshViewer is one SSH session with a PTY, read through a vt emulator.
type sshViewer struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.Writer
	stderr *logBuffer
	silent bool // answer no terminal queries

	mu      sync.Mutex
	emu     *vt.Emulator
	changed chan struct{} // poked after each chunk of output
	eof     chan struct{} // output ended
}

// connect opens a cols x rows viewer with a fresh key.
func (ts *inProcServer) connect(t testing.TB, cols, rows int) *sshViewer {
	t.Helper()
	return ts.connectAs(t, "viewer", cols, rows)
}

// connectAs is connect for SSH user name user.
func (ts *inProcServer) connectAs(t testing.TB, user string, cols, rows int) *sshViewer {
	t.Helper()
	c, err := ts.dial(user, newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	return openViewer(t, c, cols, rows)
}

// openViewer starts a PTY shell session on c.
func openViewer(t testing.TB, c *gossh.Client, cols, rows int) *sshViewer {
	t.Helper()
	return openTerminal(t, c, cols, rows, false)
}

// openTerminal is openViewer for a terminal that answers no queries
// (silent) or the usual ones.
func openTerminal(t testing.TB, c *gossh.Client, cols, rows int, silent bool) *sshViewer {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	v := &sshViewer{t: t, client: c, sess: sess, stderr: &logBuffer{}, emu: vt.NewEmulator(cols, rows),
		silent: silent, changed: make(chan struct{}, 1), eof: make(chan struct{})}
	t.Cleanup(v.close)
	go io.Copy(io.Discard, v.emu) //nolint:errcheck // the emulator's own replies; we answer below
	sess.Stderr = v.stderr
	if v.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", rows, cols, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	go v.read(out)
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return v
}

// Terminal queries and what a dark xterm answers.
var viewerAnswers = []struct{ query, answer string }{
	{"\x1b]11;?", "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\"},
	{"\x1b[c", "\x1b[?62;22c"},
	{"\x1b[6n", "\x1b[1;1R"},
}

func (v *sshViewer) read(out io.Reader) {
	defer close(v.eof)
	buf := make([]byte, 32<<10)
	for {
		n, err := out.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			for _, q := range viewerAnswers {
				if !v.silent && bytes.Contains(chunk, []byte(q.query)) {
					io.WriteString(v.stdin, q.answer) //nolint:errcheck
				}
			}
			v.mu.Lock()
			v.emu.Write(chunk) //nolint:errcheck
			v.mu.Unlock()
			select {
			case v.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// screen is the emulator's text.
func (v *sshViewer) screen() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.emu.String()
}

// waitScreen waits until ok(screen) holds and returns that screen. The
// deadline only catches a broken server; nothing waits on a time-out.
func (v *sshViewer) waitScreen(what string, ok func(string) bool) string {
	v.t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		if s := v.screen(); ok(s) {
			return s
		}
		select {
		case <-v.changed:
		case <-v.eof:
			if s := v.screen(); ok(s) {
				return s
			}
			v.t.Fatalf("session ended before %s; screen:\n%s\nstderr: %s", what, v.screen(), v.stderr)
		case <-deadline:
			v.t.Fatalf("never saw %s; screen:\n%s", what, v.screen())
		}
	}
}

// waitText waits for text on the screen.
func (v *sshViewer) waitText(text string) string {
	v.t.Helper()
	return v.waitScreen(strings.TrimSpace(text), func(s string) bool { return strings.Contains(s, text) })
}

// press sends keys as a terminal encodes them.
func (v *sshViewer) press(keys ...string) {
	v.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(v.stdin, viewerKeyBytes(k)); err != nil {
			v.t.Fatalf("press %q: %v", k, err)
		}
	}
}

func viewerKeyBytes(k string) string {
	switch k {
	case "right":
		return "\x1b[C"
	case "left":
		return "\x1b[D"
	case "up":
		return "\x1b[A"
	case "down":
		return "\x1b[B"
	case "tab":
		return "\t"
	case "enter":
		return "\r"
	}
	return k
}

// resize changes the window as a terminal would.
func (v *sshViewer) resize(cols, rows int) {
	v.t.Helper()
	v.mu.Lock()
	v.emu.Resize(cols, rows)
	v.mu.Unlock()
	if err := v.sess.WindowChange(rows, cols); err != nil {
		v.t.Fatal(err)
	}
}

// exitStatus waits for the session to end and returns its exit status.
func (v *sshViewer) exitStatus() int {
	v.t.Helper()
	done := make(chan error, 1)
	go func() { done <- v.sess.Wait() }()
	select {
	case err := <-done:
		var ee *gossh.ExitError
		if err == nil {
			return 0
		}
		if errors.As(err, &ee) {
			return ee.ExitStatus()
		}
		v.t.Fatalf("session ended without a status: %v", err)
	case <-time.After(15 * time.Second):
		v.t.Fatalf("session still open; screen:\n%s", v.screen())
	}
	return -1
}

func (v *sshViewer) close() {
	v.sess.Close()
	v.client.Close()
	<-v.eof
	// End the emulator's reply pipe (and the goroutine draining it);
	// Emulator.Close would race with that goroutine's Read.
	v.emu.InputPipe().(io.Closer).Close() //nolint:errcheck
}

// logBuffer is a bytes.Buffer safe for one writer and many readers.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *logBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *logBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveWaitFor polls cond (for state that produces no output to wait on).
func serveWaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
