package serve

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// shortTimeouts makes the connection and stall deadlines test-sized.
func shortTimeouts(noSession, stall time.Duration) func(*Server) {
	return func(s *Server) {
		s.noSessionTimeout, s.stallTimeout = noSession, stall
		s.queryTimeout = 100 * time.Millisecond
	}
}

// connClosed reports whether the server closed c within d.
func connClosed(c *gossh.Client, d time.Duration) bool {
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }() //nolint:errcheck
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func TestServeProductTimeouts(t *testing.T) {
	s, err := New(Config{Addr: "127.0.0.1:0", HostKeyPath: filepath.Join(t.TempDir(), "k"), MaxSessions: 1}, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	if s.noSessionTimeout != 30*time.Second || s.stallTimeout != 30*time.Second {
		t.Errorf("no-session %v, stall %v; the product promises 30s each", s.noSessionTimeout, s.stallTimeout)
	}
}

// TestServeClosesConnectionWithoutSessions: a connection is closed once
// it has had no open session for the timeout, before its first session
// and after its last; an open session keeps it.
func TestServeClosesConnectionWithoutSessions(t *testing.T) {
	ts := startTestServer(t, nil, shortTimeouts(300*time.Millisecond, time.Minute))
	never, err := ts.dial("idle", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	if !connClosed(never, 10*time.Second) {
		t.Error("a connection that never opened a session stayed open")
	}
	c, err := ts.dial("ada", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	v := openViewer(t, c, 100, 30)
	v.waitText(firstScreen)
	if connClosed(c, time.Second) {
		t.Fatal("the connection was closed under an open session")
	}
	v.press("q")
	if code := v.exitStatus(); code != 0 {
		t.Errorf("q: exit %d", code)
	}
	if !connClosed(c, 10*time.Second) {
		t.Fatal("the connection outlived its last session")
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "no session open since the last one ended") ||
		!strings.Contains(logs, "why=quit") {
		t.Errorf("log does not say why:\n%s", logs)
	}
}

// TestServeMultiplexingKeepsLimits: sessions on one connection count
// against the rate limit (the first rides on the accept) and the caps.
func TestServeMultiplexingKeepsLimits(t *testing.T) {
	ts := startTestServer(t, func(c *Config) { c.RatePerMinute = 2 }, shortTimeouts(time.Minute, time.Minute))
	c, err := ts.dial("ada", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	openViewer(t, c, 100, 30).waitText(firstScreen)
	openViewer(t, c, 100, 30).waitText(firstScreen)
	third := openViewer(t, c, 100, 30)
	if code := third.exitStatus(); code == 0 || !strings.Contains(third.stderr.String(), "too many new sessions") {
		t.Errorf("third session on one connection under --rate-limit 2: exit %d, told %q", code, third.stderr)
	}

	capped := startTestServer(t, func(c *Config) { c.MaxSessionsPerConn, c.MaxSessionsPerKey = 2, 3 },
		shortTimeouts(time.Minute, time.Minute))
	key := newClientKey(t)
	c1, err := capped.dial("ada", key)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	first := openViewer(t, c1, 100, 30)
	first.waitText(firstScreen)
	openViewer(t, c1, 100, 30).waitText(firstScreen)
	over := openViewer(t, c1, 100, 30)
	if code := over.exitStatus(); code == 0 || !strings.Contains(over.stderr.String(), "--max-sessions-per-connection") {
		t.Errorf("third session on a connection capped at 2: exit %d, told %q", code, over.stderr)
	}
	first.press("q")
	first.exitStatus()
	openViewer(t, c1, 100, 30).waitText(firstScreen) // a freed place is usable again

	c2, err := capped.dial("ada", key)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	openViewer(t, c2, 100, 30).waitText(firstScreen)
	overKey := openViewer(t, c2, 100, 30)
	if code := overKey.exitStatus(); code == 0 || !strings.Contains(overKey.stderr.String(), "--max-sessions-per-key") {
		t.Errorf("fourth session of a key capped at 3: exit %d, told %q", code, overKey.stderr)
	}
}

// TestServeStalledPresenterIsEnded: a client that stops taking output
// (its SSH window stays shut) is ended after the stall timeout, its
// connection closed and its presenter role freed for someone else.
func TestServeStalledPresenterIsEnded(t *testing.T) {
	ts := startTestServer(t, nil, shortTimeouts(time.Minute, 500*time.Millisecond))
	base := runtime.NumGoroutine()
	c, err := ts.dial("stuck", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdoutPipe(); err != nil { // never read: the window fills
		t.Fatal(err)
	}
	if _, err := sess.StdinPipe(); err != nil { // kept open: no EOF
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 60, 200, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	serveWaitFor(t, "the session", func() bool { return ts.hub.size() == 1 })
	ts.mu.Lock()
	for st := range ts.sessions {
		if err := st.seat.Present(); err != nil {
			t.Error(err)
		}
	}
	ts.mu.Unlock()
	// Full redraws until the client's window (2 MB in x/crypto) is shut.
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; !strings.Contains(ts.logs.String(), "output made no progress"); i++ {
		if time.Now().After(deadline) {
			t.Fatalf("a client that reads nothing was never ended:\n%s", ts.logs)
		}
		sess.WindowChange(60-i%2, 200-i%7) //nolint:errcheck // fails once the server closed it
		time.Sleep(5 * time.Millisecond)
	}
	if !connClosed(c, 10*time.Second) {
		t.Error("the stalled client's connection is still open")
	}
	serveWaitFor(t, "the session to end", func() bool { return ts.sessionCount() == 0 })
	other := ts.connect(t, 100, 30)
	other.waitText(firstScreen)
	serveWaitFor(t, "the new viewer's seat", func() bool { return ts.hub.size() == 1 })
	ts.mu.Lock()
	for st := range ts.sessions {
		if err := st.seat.Present(); err != nil {
			t.Errorf("the stalled presenter's role was not freed: %v", err)
		}
	}
	ts.mu.Unlock()
	other.close()
	serveWaitFor(t, "no sessions", func() bool { return ts.sessionCount() == 0 })
	waitGoroutinesBack(t, base)
	if !strings.Contains(ts.logs.String(), "why=\"output stalled\"") {
		t.Errorf("disconnect not logged as a stall:\n%s", ts.logs)
	}
}

// TestServeAuditLog: the log names what a reviewer needs.
func TestServeAuditLog(t *testing.T) {
	key := newClientKey(t)
	file := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(file, gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startTestServer(t, func(c *Config) { c.AuthorizedKeys = file }, shortTimeouts(time.Minute, time.Minute))
	if c, err := ts.dial("mallory", nil); err == nil { // keyboard-interactive
		c.Close()
		t.Fatal("keyboard-interactive got in")
	} else if !strings.Contains(err.Error(), "attempted methods [none]") {
		// x/crypto only tries what the server offers after "none".
		t.Errorf("with --authorized-keys the server should not offer keyboard-interactive: %v", err)
	}
	raw, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(raw, "GET / HTTP/1.0\r\n\r\n") //nolint:errcheck
	raw.Close()
	serveWaitFor(t, "the failed handshakes", func() bool { return strings.Count(ts.logs.String(), "handshake failed") >= 2 })
	ts.logAuth(fakeConnMeta{}, "password", errors.New("ssh: password auth not configured"))

	c, err := ts.dial("ada", key)
	if err != nil {
		t.Fatal(err)
	}
	v := openViewer(t, c, 100, 30)
	v.waitText(firstScreen)
	v.press("P")
	fp := gossh.FingerprintSHA256(key.PublicKey())
	serveWaitFor(t, "the presenting line", func() bool { return strings.Contains(ts.logs.String(), "presenting") })
	c.Close() // the client drops without quitting
	serveWaitFor(t, "the disconnect", func() bool { return strings.Contains(ts.logs.String(), "disconnect") })

	logs := ts.logs.String()
	for _, want := range []string{
		"msg=\"login failed\" remote=192.0.2.9:22 user=mallory method=password",
		"host_key_file=", "host_key_generated=true",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	for _, line := range strings.Split(logs, "\n") {
		switch {
		case strings.Contains(line, "msg=presenting") && (!strings.Contains(line, "session=") || !strings.Contains(line, fp)):
			t.Errorf("presenting line lacks the session id or key fingerprint: %s", line)
		case strings.Contains(line, "msg=disconnect") && !strings.Contains(line, `why="client dropped"`):
			t.Errorf("a dropped client is not told from a quit: %s", line)
		}
	}
}

// fakeConnMeta is a client that tried a password (x/crypto's client
// never sends a method the server did not offer, but a bot may).
type fakeConnMeta struct{ gossh.ConnMetadata }

func (fakeConnMeta) User() string         { return "mallory" }
func (fakeConnMeta) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(192, 0, 2, 9), Port: 22} }

// hangOnBang is a model whose Update never returns after "!" (until
// release closes): a session no Quit or Kill can end.
type hangOnBang struct {
	tea.Model
	entered chan struct{} // gets a value when Update starts hanging
	release chan struct{}
}

func (m hangOnBang) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
		m.entered <- struct{}{}
		<-m.release
	}
	inner, cmd := m.Model.Update(msg)
	return hangOnBang{inner, m.entered, m.release}, cmd
}

// TestServeLogsSessionsCutAtShutdown: a session still open when the
// shutdown grace period ends is named in the log as cut.
func TestServeLogsSessionsCutAtShutdown(t *testing.T) {
	entered, release := make(chan struct{}, 1), make(chan struct{})
	ts := startTestServer(t, nil, func(s *Server) {
		next := s.newModel
		s.newModel = func(o ui.Options) tea.Model { return hangOnBang{next(o), entered, release} }
		s.grace = 300 * time.Millisecond
	})
	v := ts.connect(t, 100, 30)
	v.waitText(firstScreen)
	v.press("!")
	select {
	case <-entered:
	case <-time.After(15 * time.Second):
		t.Fatal("the key never reached Update")
	}
	ts.stop()
	close(release)
	if logs := ts.logs.String(); !strings.Contains(logs, "session cut at shutdown") || !strings.Contains(logs, "session=1") {
		t.Errorf("the cut session is not named in the log:\n%s", logs)
	}
}
