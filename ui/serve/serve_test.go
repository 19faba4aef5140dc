package serve

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// firstScreen is text the explorer's first screen always shows.
const firstScreen = "H100"

var numberRE = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// numbers is the screen's figures in reading order.
func numbers(screen string) string { return strings.Join(numberRE.FindAllString(screen, -1), " ") }

func TestServeShowsFirstScreen(t *testing.T) {
	ts := startTestServer(t, nil)
	v := ts.connect(t, 100, 30)
	v.waitText(firstScreen)
	serveWaitFor(t, "the connect log line", func() bool { return strings.Contains(ts.logs.String(), "msg=connect") })
	if !strings.Contains(ts.logs.String(), "key=SHA256:") {
		t.Errorf("connect log without the key fingerprint:\n%s", ts.logs)
	}
}

func TestServeKeysChangeNumbers(t *testing.T) {
	ts := startTestServer(t, nil)
	v := ts.connect(t, 120, 40)
	before := numbers(v.waitText(firstScreen))
	v.press("right")
	v.waitScreen("the figures to change after →", func(s string) bool { return numbers(s) != before })
}

// A terminal that answers no queries still gets its first screen after
// the query time-out, and its first key is not swallowed by the query.
func TestServeSilentTerminal(t *testing.T) {
	ts := startTestServer(t, nil, func(s *Server) { s.queryTimeout = 50 * time.Millisecond })
	c, err := ts.dial("quiet", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	v := openTerminal(t, c, 120, 40, true)
	before := numbers(v.waitText(firstScreen))
	v.press("right")
	v.waitScreen("the figures to change after the first key", func(s string) bool { return numbers(s) != before })
}

func TestServeWindowChangeRelayouts(t *testing.T) {
	ts := startTestServer(t, nil)
	v := ts.connect(t, 80, 24)
	v.waitText(firstScreen)
	v.resize(160, 48)
	v.waitScreen("a line wider than 80 columns", func(s string) bool { return widest(s) > 80 })
	clipped := v.screen()
	v.resize(60, 20)
	v.waitScreen("a new layout at 60x20", func(s string) bool { return s != clipped && widest(s) <= 60 })
}

func widest(screen string) int {
	w := 0
	for _, l := range strings.Split(screen, "\n") {
		w = max(w, len([]rune(strings.TrimRight(l, " "))))
	}
	return w
}

func TestServeAdmitsOnlyAuthorizedKeys(t *testing.T) {
	good, bad := newClientKey(t), newClientKey(t)
	file := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(file, gossh.MarshalAuthorizedKey(good.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startTestServer(t, func(c *Config) { c.AuthorizedKeys = file })
	if c, err := ts.dial("mallory", bad); err == nil {
		c.Close()
		t.Fatal("a key missing from --authorized-keys got in")
	}
	if c, err := ts.dial("mallory", nil); err == nil {
		c.Close()
		t.Fatal("keyboard-interactive got in although --authorized-keys is set")
	}
	c, err := ts.dial("ada", good)
	if err != nil {
		t.Fatalf("authorized key refused: %v", err)
	}
	openViewer(t, c, 100, 30).waitText(firstScreen)

	logs := ts.logs.String()
	if !strings.Contains(logs, gossh.FingerprintSHA256(bad.PublicKey())) {
		t.Errorf("refused key's fingerprint not logged:\n%s", logs)
	}
	material := strings.Fields(string(gossh.MarshalAuthorizedKey(bad.PublicKey())))[1]
	if strings.Contains(logs, material) || strings.Contains(logs, material[:16]) {
		t.Error("the log contains key material")
	}
}

func TestServeRefusesNonInteractive(t *testing.T) {
	ts := startTestServer(t, nil)
	c, err := ts.dial("ada", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, cmd := range []string{"report", ""} {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		var out []byte
		if cmd == "" {
			var b logBuffer
			sess.Stdout, sess.Stderr = &b, &b
			if err = sess.Shell(); err == nil {
				err = sess.Wait()
			}
			out = []byte(b.String())
		} else {
			out, err = sess.CombinedOutput(cmd)
		}
		ee, ok := err.(*gossh.ExitError)
		if !ok || ee.ExitStatus() == 0 {
			t.Errorf("%q without a PTY: err %v, want a non-zero exit status", cmd, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], "interactive program") {
			t.Errorf("%q without a PTY said %q, want one line of explanation", cmd, out)
		}
	}
}

func TestServeMaxSessions(t *testing.T) {
	ts := startTestServer(t, func(c *Config) { c.MaxSessions = 2 })
	a := ts.connect(t, 100, 30)
	a.waitText(firstScreen)
	ts.connect(t, 100, 30).waitText(firstScreen)

	full := ts.connect(t, 100, 30)
	if code := full.exitStatus(); code == 0 {
		t.Errorf("third viewer: exit status 0, want non-zero")
	}
	if !strings.Contains(full.stderr.String(), "the server is full") {
		t.Errorf("third viewer was told %q, want a polite 'full'", full.stderr)
	}
	a.close()
	serveWaitFor(t, "a free seat", func() bool { return ts.sessionCount() < 2 })
	ts.connect(t, 100, 30).waitText(firstScreen)
}

// panicOnBang is the test hook: a model that panics on "!".
type panicOnBang struct{ tea.Model }

func (m panicOnBang) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
		panic("test panic on !")
	}
	inner, cmd := m.Model.Update(msg)
	return panicOnBang{inner}, cmd
}

func TestServePanicEndsOnlyThatSession(t *testing.T) {
	ts := startTestServer(t, nil, func(s *Server) {
		next := s.newModel
		s.newModel = func(o ui.Options) tea.Model { return panicOnBang{next(o)} }
	})
	crash, other := ts.connect(t, 100, 30), ts.connect(t, 100, 30)
	crash.waitText(firstScreen)
	before := numbers(other.waitText(firstScreen))

	crash.press("!")
	if code := crash.exitStatus(); code == 0 {
		t.Error("crashed session: exit status 0")
	}
	if !strings.Contains(crash.stderr.String(), "internal error") {
		t.Errorf("crashed session was told %q", crash.stderr)
	}
	serveWaitFor(t, "the panic log line", func() bool { return strings.Contains(ts.logs.String(), "test panic on !") })

	other.press("right")
	other.waitScreen("the other session to keep working", func(s string) bool { return numbers(s) != before })
}

func TestServePanicBuildingTheProgram(t *testing.T) {
	ts := startTestServer(t, nil, func(s *Server) {
		next := s.newModel
		s.newModel = func(o ui.Options) tea.Model {
			if o.Meeting.(*seat).name == "boom" {
				panic("test panic building the model")
			}
			return next(o)
		}
	})
	c, err := ts.dial("boom", newClientKey(t))
	if err != nil {
		t.Fatal(err)
	}
	v := openViewer(t, c, 100, 30)
	if code := v.exitStatus(); code == 0 || !strings.Contains(v.stderr.String(), "internal error") {
		t.Errorf("exit %d, told %q", code, v.stderr)
	}
	if !strings.Contains(ts.logs.String(), "test panic building the model") {
		t.Errorf("panic not logged:\n%s", ts.logs)
	}
	ts.connect(t, 100, 30).waitText(firstScreen)
}

func TestServeGoroutinesBackAfter100Sessions(t *testing.T) {
	if testing.Short() {
		t.Skip("100 SSH sessions")
	}
	ts := startTestServer(t, nil)
	cycle := func() {
		v := ts.connect(t, 80, 24)
		v.waitText(firstScreen)
		v.close()
	}
	cycle() // warm-up: the first session starts a few long-lived runtime goroutines
	serveWaitFor(t, "no sessions", func() bool { return ts.sessionCount() == 0 })
	base := runtime.NumGoroutine()
	for i := 0; i < 100; i++ {
		cycle()
	}
	serveWaitFor(t, "no sessions", func() bool { return ts.sessionCount() == 0 && ts.hub.size() == 0 })
	waitGoroutinesBack(t, base)
}

func TestServeShutdownTellsEverySession(t *testing.T) {
	ts := startTestServer(t, nil, func(s *Server) { s.noticeDelay = 500 * time.Millisecond })
	vs := []*sshViewer{ts.connect(t, 100, 30), ts.connect(t, 100, 30)}
	for _, v := range vs {
		v.waitText(firstScreen)
	}
	start := time.Now()
	stopped := make(chan time.Duration)
	go func() { ts.stop(); stopped <- time.Since(start) }()
	for _, v := range vs {
		v.waitText("server shutting down") // the explorer shows the notice
	}
	for _, v := range vs {
		if code := v.exitStatus(); code == 0 || !strings.Contains(v.stderr.String(), "server shutting down") {
			t.Errorf("viewer: exit %d, told %q; want the notice after the program too", code, v.stderr)
		}
	}
	if d := <-stopped; d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
}

func TestServeIdleTimeoutCountsInputOnly(t *testing.T) {
	ts := startTestServer(t, func(c *Config) { c.IdleTimeout = time.Second })
	idle, busy := ts.connect(t, 100, 30), ts.connect(t, 100, 30)
	idle.waitText(firstScreen)
	busy.waitText(firstScreen)
	stop := time.After(1500 * time.Millisecond)
	for typing := true; typing; {
		select {
		case <-stop:
			typing = false
		case <-time.After(100 * time.Millisecond):
			busy.press("right")
		}
	}
	if code := idle.exitStatus(); code == 0 || !strings.Contains(idle.stderr.String(), "without a key press") {
		t.Errorf("idle viewer: exit %d, told %q", code, idle.stderr)
	}
	if ts.sessionCount() != 1 {
		t.Errorf("%d sessions, want the typing viewer still connected", ts.sessionCount())
	}
}

func TestServeMaxSessionLength(t *testing.T) {
	ts := startTestServer(t, func(c *Config) { c.MaxSession = 300 * time.Millisecond })
	v := ts.connect(t, 100, 30)
	v.waitText(firstScreen)
	if code := v.exitStatus(); code == 0 || !strings.Contains(v.stderr.String(), "at most 300ms") {
		t.Errorf("exit %d, told %q", code, v.stderr)
	}
}
