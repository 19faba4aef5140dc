package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"infercost/model"
	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Connection hygiene, independent of the flags.
const (
	// handshakeTimeout closes a connection that has not opened a session
	// by then (slow or silent clients would otherwise hold a slot).
	handshakeTimeout = 30 * time.Second
	// spareConns is how many connections beyond --max-sessions may be open
	// at once (handshakes in progress, viewers being told "full").
	spareConns = 16
)

// server is one `infercost serve`: the SSH server, the meeting hub and
// the table of live sessions.
type Server struct {
	cfg      Config
	log      *slog.Logger
	ssh      *ssh.Server
	hub      *hub
	presets  []model.Scenario
	limiter  *rateLimiter
	loopback bool

	// newModel builds a session's program model; tests replace it.
	newModel func(ui.Options) tea.Model
	// noticeDelay and grace time a shutdown (see server.shutdown).
	noticeDelay, grace time.Duration
	// queryTimeout bounds the wait for the terminal's colour answer.
	queryTimeout time.Duration

	conns    atomic.Int64
	mu       sync.Mutex
	sessions map[*session]struct{}
	closing  bool
	nextID   uint64
}

// newServer checks the key files, loads or creates the host key and
// builds the SSH server.
func New(cfg Config, log *slog.Logger) (*Server, error) {
	s := &Server{
		cfg: cfg, log: log, hub: newHub(log),
		loopback:    isLoopbackAddr(cfg.Addr),
		limiter:     newRateLimiter(cfg.RatePerMinute, time.Now),
		newModel:    func(o ui.Options) tea.Model { return ui.New(o) },
		noticeDelay: shutdownNotice, grace: shutdownGrace, queryTimeout: queryTimeout,
		sessions: map[*session]struct{}{},
	}
	for _, f := range []string{cfg.AuthorizedKeys, cfg.PresenterKeys} {
		if f == "" {
			continue
		}
		if _, err := readKeyFile(f); err != nil {
			return nil, err
		}
	}
	presets, err := serverPresets(cfg.ScenarioDir, log)
	if err != nil {
		return nil, err
	}
	s.presets = presets
	signer, err := loadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s.ssh, err = wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithAddress(cfg.Addr),
		wish.WithVersion("infercost"),
		s.authOption(),
		wish.WithMiddleware(s.sessionMiddleware),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.ConnCallback = s.acceptConn
	s.ssh.KeyboardInteractiveHandler = s.keyboardInteractive
	log.Info("ready", "addr", cfg.Addr, "host_key", gossh.FingerprintSHA256(signer.PublicKey()),
		"access", s.accessMode(), "presenters", s.presenterMode(), "max_sessions", cfg.MaxSessions)
	return s, nil
}

func (s *Server) accessMode() string {
	if s.cfg.AuthorizedKeys != "" {
		return "keys in " + s.cfg.AuthorizedKeys
	}
	return "anyone who can reach " + s.cfg.Addr
}

func (s *Server) presenterMode() string {
	switch {
	case s.cfg.PresenterKeys != "":
		return "keys in " + s.cfg.PresenterKeys
	case s.loopback:
		return "anyone"
	}
	return "nobody (no --presenter-keys)"
}

// authOption admits the authorized keys, or any key when there is no
// list (the key is still recorded: it is the viewer's identity for the
// logs and for --presenter-keys).
func (s *Server) authOption() ssh.Option {
	return wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
		if s.cfg.AuthorizedKeys == "" {
			return true
		}
		ok, err := keyListed(s.cfg.AuthorizedKeys, key)
		if err != nil {
			s.log.Error("authorized keys unreadable; refusing logins", "error", err)
		}
		if !ok {
			s.log.Info("key not authorized", "remote", ctx.RemoteAddr().String(), "user", ctx.User(),
				"key", gossh.FingerprintSHA256(key))
		}
		return ok
	})
}

// keyboardInteractive lets viewers without an SSH key in, but only when
// the server admits anyone anyway.
func (s *Server) keyboardInteractive(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool {
	return s.cfg.AuthorizedKeys == ""
}

// mayPresent is the presenter policy for a viewer with key (nil if they
// logged in without one).
func (s *Server) mayPresent(key ssh.PublicKey) func() error {
	switch {
	case s.cfg.PresenterKeys != "":
		return func() error {
			if key == nil {
				return errors.New("presenting needs an SSH key listed in the server's --presenter-keys")
			}
			ok, err := keyListed(s.cfg.PresenterKeys, key)
			if err != nil {
				s.log.Error("presenter keys unreadable", "error", err)
				return errors.New("the server cannot read its presenter keys")
			}
			if !ok {
				return errors.New("your key is not in the server's --presenter-keys")
			}
			return nil
		}
	case s.loopback:
		return nil
	}
	return func() error {
		return errors.New("presenting is off: this server is reachable beyond loopback and was started without --presenter-keys")
	}
}

// acceptConn runs before the SSH handshake: per-address rate limit, a
// cap on open connections, and a deadline for opening a session.
func (s *Server) acceptConn(ctx ssh.Context, c net.Conn) net.Conn {
	ip := remoteIP(c.RemoteAddr())
	if !s.limiter.allow(ip) {
		s.log.Warn("connection rate limit", "remote", c.RemoteAddr().String())
		return nil
	}
	if n := s.conns.Add(1); n > int64(s.cfg.MaxSessions+spareConns) {
		s.conns.Add(-1)
		s.log.Warn("too many open connections", "remote", c.RemoteAddr().String(), "open", n-1)
		return nil
	}
	tc := &trackedConn{Conn: c, release: func() { s.conns.Add(-1) }}
	tc.timer = time.AfterFunc(handshakeTimeout, func() {
		if !tc.started.Load() {
			s.log.Info("no session opened in time; closing", "remote", c.RemoteAddr().String())
			_ = tc.Close()
		}
	})
	ctx.SetValue(connKey{}, tc)
	return tc
}

type connKey struct{}

// trackedConn counts open connections and remembers whether one opened
// a session.
type trackedConn struct {
	net.Conn
	timer   *time.Timer
	started atomic.Bool
	once    sync.Once
	release func()
}

func (c *trackedConn) Close() error {
	c.once.Do(func() { c.timer.Stop(); c.release() })
	return c.Conn.Close()
}

// markStarted stops the handshake deadline of the session's connection.
func markStarted(ctx ssh.Context) {
	if tc, ok := ctx.Value(connKey{}).(*trackedConn); ok {
		tc.started.Store(true)
	}
}

func remoteIP(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	return a.String()
}

// loadHostKey reads the ed25519 host key at path, creating it (0600, in
// a 0700 directory) on first use so clients see the same key across
// restarts.
func loadHostKey(path string) (gossh.Signer, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b, err = createHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("host key %s is readable by others (mode %v); chmod 600 it", path, fi.Mode().Perm())
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, nil
}

func createHostKey(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "infercost host key")
	if err != nil {
		return nil, err
	}
	b := pem.EncodeToMemory(block)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	return b, f.Close()
}

// readKeyFile parses an authorized_keys file (lines that are not keys
// are skipped, as sshd does); a file without any key is an error.
func readKeyFile(path string) ([]gossh.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []gossh.PublicKey
	for {
		k, _, _, rest, err := gossh.ParseAuthorizedKey(b)
		if err != nil {
			break
		}
		keys, b = append(keys, k), rest
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no public keys", path)
	}
	return keys, nil
}

// keyListed reports whether key is in the file, read afresh so edits
// apply to the next login without a restart.
func keyListed(path string, key ssh.PublicKey) (bool, error) {
	keys, err := readKeyFile(path)
	if err != nil {
		return false, err
	}
	for _, k := range keys {
		if ssh.KeysEqual(k, key) {
			return true, nil
		}
	}
	return false, nil
}
