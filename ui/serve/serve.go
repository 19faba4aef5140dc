package serve

import (
	"context"
	"errors"
	"fmt"
	"infercost/model"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"
)

// Config is everything `infercost serve` is told on the command line.
type Config struct {
	Addr           string
	HostKeyPath    string
	AuthorizedKeys string // admit only these keys; "" admits anyone
	PresenterKeys  string // who may present; "" means anyone on loopback, nobody otherwise
	Public         bool   // allow a non-loopback address without AuthorizedKeys
	MaxSessions    int
	RatePerMinute  int // new connections and extra sessions per remote address; 0 = unlimited
	// MaxSessionsPerConn caps the sessions one connection has open at once
	// (OpenSSH ControlMaster multiplexes many over one); 0 = no cap.
	MaxSessionsPerConn int
	// MaxSessionsPerKey caps the open sessions of one client key; 0 = no cap.
	MaxSessionsPerKey int
	IdleTimeout       time.Duration // without a key press or mouse event; 0 = never
	MaxSession        time.Duration // session length; 0 = unlimited
	ScenarioDir       string
	Theme             string
	// UserGPUs are the operator's own GPUs (GPU files), offered to every
	// viewer beside the catalog.
	UserGPUs []model.GPU
	// Scenario is what every new session starts from (serve --open); the
	// zero value is the defaults.
	Scenario model.Scenario
}

// Defaults for the serve flags.
const (
	defaultServeAddr     = "127.0.0.1:2222"
	defaultMaxSessions   = 64
	defaultRatePerMinute = 30
	// OpenSSH's sshd allows 10 sessions per connection (sshd_config
	// MaxSessions); each of ours runs a whole program, so fewer.
	defaultMaxSessionsPerConn = 4
	defaultMaxSessionsPerKey  = 8
	defaultIdleTimeout        = 30 * time.Minute
	// shutdownGrace bounds a SIGINT/SIGTERM shutdown: sessions are told,
	// programs quit, then whatever is still connected is cut.
	shutdownGrace = 3 * time.Second
	// shutdownNotice is how long "server shutting down" stays on screen
	// before the programs quit.
	shutdownNotice = time.Second
)

// Defaults returns the configuration of a plain `infercost serve`.
func Defaults() Config {
	return Config{Addr: defaultServeAddr, MaxSessions: defaultMaxSessions,
		RatePerMinute: defaultRatePerMinute, IdleTimeout: defaultIdleTimeout,
		MaxSessionsPerConn: defaultMaxSessionsPerConn, MaxSessionsPerKey: defaultMaxSessionsPerKey}
}

// Check validates the configuration and fills in the default host key
// path. It refuses to expose the server beyond loopback to anyone at all
// unless Public says so. Errors name the flag that sets the field.
func (c *Config) Check() error {
	switch {
	case c.MaxSessions < 1:
		return fmt.Errorf("--max-sessions %d: need at least 1", c.MaxSessions)
	case c.RatePerMinute < 0:
		return fmt.Errorf("--rate-limit %d: need 0 (no limit) or more", c.RatePerMinute)
	case c.MaxSessionsPerConn < 0:
		return fmt.Errorf("--max-sessions-per-connection %d: need 0 (no cap) or more", c.MaxSessionsPerConn)
	case c.MaxSessionsPerKey < 0:
		return fmt.Errorf("--max-sessions-per-key %d: need 0 (no cap) or more", c.MaxSessionsPerKey)
	case c.IdleTimeout < 0 || c.MaxSession < 0:
		return errors.New("--idle-timeout and --max-session: need 0 (off) or a positive duration")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: %v", c.Addr, err)
	}
	if !isLoopbackAddr(c.Addr) && c.AuthorizedKeys == "" && !c.Public {
		return fmt.Errorf("refusing to serve %s beyond loopback without --authorized-keys; pass --public to let anyone who can reach it connect", c.Addr)
	}
	if c.HostKeyPath == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("no user config dir for the host key (%v); pass --host-key", err)
		}
		c.HostKeyPath = filepath.Join(dir, "infercost", "ssh_host_ed25519")
	}
	return nil
}

// isLoopbackAddr reports whether host:port only listens on loopback.
// An empty host or 0.0.0.0 means every interface; a name counts as
// loopback only if every address it resolves to is.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ips, err := net.LookupIP(host)
	if err != nil || len(ips) == 0 {
		return false
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return false
		}
	}
	return true
}

// sshCommand is what a viewer types to connect to addr.
func SSHCommand(addr net.Addr) string {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		host = "localhost"
	}
	if port == "22" {
		return "ssh " + host
	}
	return fmt.Sprintf("ssh -p %s %s", port, host)
}

// run serves on ln until ctx ends, then shuts down within shutdownGrace
// plus shutdownNotice: listeners close, every session is told, programs
// quit, and connections still open after the grace period are cut.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- s.ssh.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	start := time.Now()
	s.log.Info("shutting down", "sessions", s.sessionCount())
	s.shutdown(s.noticeDelay, s.grace)
	err := <-served
	s.log.Info("stopped", "after", time.Since(start).Round(time.Millisecond))
	if err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return err
	}
	return nil
}

// shutdown tells every session, waits notice, ends the sessions, waits
// up to grace for them to finish, then closes every connection.
func (s *Server) shutdown(notice, grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), notice+grace)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.ssh.Shutdown(ctx) }() // closes the listeners now
	s.endAll(notice, reasonShutdown)
	for s.sessionCount() > 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	s.logCut()
	_ = s.ssh.Close() // clients that keep the connection open after their session
	<-done
}

// logCut names every session still open after the shutdown grace
// period: their connections are about to be closed under them.
func (s *Server) logCut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sessions) == 0 {
		return
	}
	s.log.Warn("sessions still open after the grace period; closing them", "sessions", len(s.sessions))
	for st := range s.sessions {
		st.log.Warn("session cut at shutdown", "after", time.Since(st.started).Round(time.Millisecond))
	}
}
