//go:build linux

package e2e

// End-to-end over a real SSH connection: `infercost serve` on a loopback
// port with a throw-away host key, an x/crypto/ssh client that asks for a
// PTY, and the same emulator-backed terminal as the local tests.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// serveProc is a running `infercost serve`.
type serveProc struct {
	cmd     *exec.Cmd
	addr    string
	hostKey string // path of the server's host key
	out     *lockedBuffer
	done    chan struct{}
}

// startServe starts the server on a free loopback port with its host key in
// a temp dir, and waits until it accepts connections. It skips the test
// while serve is still a placeholder.
func startServe(t *testing.T) *serveProc {
	t.Helper()
	return startServeWith(t)
}

// startServeWith is startServe with extra serve flags.
func startServeWith(t *testing.T, extra ...string) *serveProc {
	t.Helper()
	bin := e2eBinary(t)
	dir := t.TempDir()
	p := &serveProc{addr: freeLoopbackAddr(t), hostKey: filepath.Join(dir, "host_ed25519"),
		out: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, append(e2eServeArgs(p.addr, p.hostKey, dir), extra...)...)
	p.cmd.Env = e2eEnv(nil)
	p.cmd.Dir = dir // if a host key ever lands in the working directory, it lands here
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }() //nolint:errcheck
	t.Cleanup(p.stop)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			if strings.Contains(p.out.String(), "not built yet") {
				t.Skip("serve is still a placeholder: " + strings.TrimSpace(p.out.String()))
			}
			t.Fatalf("serve exited before listening: %s", p.out.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", p.addr, 200*time.Millisecond); err == nil {
			c.Close()
			return p
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("serve never listened on %s: %s", p.addr, p.out.String())
	return nil
}

// e2eServeArgs are serve's flags for a loopback address and a host key
// path (see serve.go).
func e2eServeArgs(addr, hostKey, dir string) []string {
	return []string{"serve", "--addr", addr, "--host-key", hostKey}
}

// stop ends the server as a service manager would (SIGTERM), then kills it.
func (p *serveProc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM) //nolint:errcheck
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill() //nolint:errcheck
		<-p.done
	}
}

// sshSession is one viewer connected over SSH with a PTY.
type sshSession struct {
	*e2eTerm
	client *ssh.Client
	sess   *ssh.Session
}

// dialSSH connects to the server as a viewer with a cols x rows terminal,
// trusting only the host key the server wrote.
func (p *serveProc) dialSSH(t *testing.T, cols, rows int) *sshSession {
	t.Helper()
	began := time.Now()
	client, err := p.dialClient(t, p.addr, newSigner(t))
	if err != nil {
		t.Fatalf("ssh dial: %v\nserver: %s", err, p.out.String())
	}
	s := openSSHSession(t, client, cols, rows)
	s.start = began // start-up counts the connection and handshake too
	return s
}

// newSigner is a fresh ed25519 client key.
func newSigner(t *testing.T) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// dialClient connects to addr (the server, or a proxy in front of it)
// with signer, trusting only the host key the server wrote.
func (p *serveProc) dialClient(t *testing.T, addr string, signer ssh.Signer) (*ssh.Client, error) {
	t.Helper()
	return ssh.Dial("tcp", addr, &ssh.ClientConfig{
		User:            "e2e",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(p.readHostKey(t)),
		Timeout:         5 * time.Second,
	})
}

// openSSHSession opens a viewer's PTY session on client; closing it
// closes the client too.
func openSSHSession(t *testing.T, client *ssh.Client, cols, rows int) *sshSession {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		client.Close()
		t.Fatal(err)
	}
	s := &sshSession{client: client, sess: sess}
	t.Cleanup(s.close)
	if err := sess.RequestPty("xterm-256color", rows, cols, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.e2eTerm = newTerm(cols, rows, out, in, e2eReadyTexts, false)
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return s
}

// readHostKey parses the public half of the key serve keeps at its
// host-key path.
func (p *serveProc) readHostKey(t *testing.T) ssh.PublicKey {
	t.Helper()
	b, err := os.ReadFile(p.hostKey)
	if err != nil {
		t.Fatalf("serve did not keep its host key at --host-key: %v", err)
	}
	signer, err := ssh.ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return signer.PublicKey()
}

// Exit waits for the remote program to end and returns its exit status.
func (s *sshSession) Exit(timeout time.Duration) (int, error) {
	done := make(chan error, 1)
	go func() { done <- s.sess.Wait() }()
	select {
	case err := <-done:
		var ee *ssh.ExitError
		if errors.As(err, &ee) {
			return ee.ExitStatus(), nil
		}
		if err != nil {
			return -1, err
		}
	case <-time.After(timeout):
		return -1, errors.New("session still open after " + timeout.String())
	}
	select {
	case <-s.readDone:
	case <-time.After(2 * time.Second):
	}
	return 0, nil
}

// Resize tells the server the viewer's window changed.
func (s *sshSession) Resize(cols, rows int) error {
	s.resizeScreen(cols, rows)
	return s.sess.WindowChange(rows, cols)
}

func (s *sshSession) close() {
	s.sess.Close()
	s.client.Close()
	if s.e2eTerm != nil {
		s.closeTerm()
	}
}

// freeLoopbackAddr is a loopback address with a port nobody listens on.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
