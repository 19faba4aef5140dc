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
	// noSessionTimeout closes a connection without an open session;
	// stallTimeout ends a session whose output makes no progress.
	noSessionTimeout, stallTimeout time.Duration
	// now is the clock for key expiry; tests replace it.
	now func() time.Time

	conns    atomic.Int64
	mu       sync.Mutex
	sessions map[*session]struct{}
	perKey   map[string]int // open sessions by key fingerprint
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
		noSessionTimeout: noSessionTimeout, stallTimeout: stallTimeout, now: time.Now,
		sessions: map[*session]struct{}{}, perKey: map[string]int{},
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
	signer, created, err := loadHostKey(cfg.HostKeyPath)
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
	s.ssh.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{AuthLogCallback: s.logAuth}
	}
	s.ssh.ConnectionFailedCallback = s.logHandshakeFailure
	if cfg.AuthorizedKeys == "" {
		// Without a key list anyone gets in; keyboard-interactive (with no
		// questions) lets viewers without an SSH key in too. With a list,
		// it could never succeed, so it is not offered.
		s.ssh.KeyboardInteractiveHandler = func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }
	}
	log.Info("ready", "addr", cfg.Addr, "host_key", gossh.FingerprintSHA256(signer.PublicKey()),
		"host_key_file", cfg.HostKeyPath, "host_key_generated", created,
		"access", s.accessMode(), "presenters", s.presenterMode(), "max_sessions", cfg.MaxSessions,
		"max_sessions_per_connection", cfg.MaxSessionsPerConn, "max_sessions_per_key", cfg.MaxSessionsPerKey)
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

// authOption admits the authorized keys whose options (from=,
// expiry-time=) let this login in, or any key when there is no list (the
// key is still recorded: it is the viewer's identity for the logs and for
// --presenter-keys).
func (s *Server) authOption() ssh.Option {
	return wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
		if s.cfg.AuthorizedKeys == "" {
			return true
		}
		a, err := lookupKey(s.cfg.AuthorizedKeys, key, addrIP(ctx.RemoteAddr()), s.clock())
		if err != nil {
			s.log.Error("authorized keys unreadable; refusing logins", "error", err)
		}
		if !a.ok {
			why := "not listed"
			if a.listed {
				why = a.why
			}
			s.log.Info("key not authorized", "remote", ctx.RemoteAddr().String(), "user", ctx.User(),
				"key", gossh.FingerprintSHA256(key), "why", why)
		}
		return a.ok
	})
}

// logAuth records failed password and keyboard-interactive attempts
// (public keys are logged by authOption; "none" is every client's first
// probe).
func (s *Server) logAuth(conn gossh.ConnMetadata, method string, err error) {
	if err == nil || method == "none" || method == "publickey" {
		return
	}
	s.log.Warn("login failed", "remote", conn.RemoteAddr().String(), "user", conn.User(),
		"method", method, "error", err)
}

// logHandshakeFailure records connections that never completed the SSH
// handshake (scanners, wrong protocol, refused keys, time-outs).
func (s *Server) logHandshakeFailure(c net.Conn, err error) {
	s.log.Info("handshake failed", "remote", c.RemoteAddr().String(), "error", err)
}

// clock is the time for key expiry.
func (s *Server) clock() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// addrIP is the IP of a TCP address (nil for anything else).
func addrIP(a net.Addr) net.IP {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP
	}
	return nil
}

// mayPresent is the presenter policy for a viewer with key (nil if they
// logged in without one) connected from ip.
func (s *Server) mayPresent(key ssh.PublicKey, ip net.IP) func() error {
	switch {
	case s.cfg.PresenterKeys != "":
		return func() error {
			if key == nil {
				return errors.New("presenting needs an SSH key listed in the server's --presenter-keys")
			}
			a, err := lookupKey(s.cfg.PresenterKeys, key, ip, s.clock())
			switch {
			case err != nil:
				s.log.Error("presenter keys unreadable", "error", err)
				return errors.New("the server cannot read its presenter keys")
			case !a.listed:
				return errors.New("your key is not in the server's --presenter-keys")
			case !a.ok:
				return errors.New("your key's line in the server's --presenter-keys does not admit you now: " + a.why)
			case a.entry.noPTY:
				return errors.New("your key is restricted with no-pty in the server's --presenter-keys")
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

// loadHostKey reads the ed25519 host key at path, creating it (0600, in
// a 0700 directory) on first use so clients see the same key across
// restarts; created says it was just generated.
func loadHostKey(path string) (signer gossh.Signer, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b, err = createHostKey(path)
		created = err == nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("host key %s is readable by others (mode %v); chmod 600 it", path, fi.Mode().Perm())
	}
	signer, err = gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, created, nil
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
