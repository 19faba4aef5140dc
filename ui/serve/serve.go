package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/ssh"
)

// serveConfig is everything `infercost serve` is told on the command line.
type serveConfig struct {
	Addr           string
	HostKeyPath    string
	AuthorizedKeys string // admit only these keys; "" admits anyone
	PresenterKeys  string // who may present; "" means anyone on loopback, nobody otherwise
	Public         bool   // allow a non-loopback address without AuthorizedKeys
	MaxSessions    int
	RatePerMinute  int           // new connections per remote address; 0 = unlimited
	IdleTimeout    time.Duration // without a key press or mouse event; 0 = never
	MaxSession     time.Duration // session length; 0 = unlimited
	ScenarioDir    string
	Theme          string
}

// Defaults for the serve flags.
const (
	defaultServeAddr     = "127.0.0.1:2222"
	defaultMaxSessions   = 64
	defaultRatePerMinute = 30
	defaultIdleTimeout   = 30 * time.Minute
	// shutdownGrace bounds a SIGINT/SIGTERM shutdown: sessions are told,
	// programs quit, then whatever is still connected is cut.
	shutdownGrace = 3 * time.Second
	// shutdownNotice is how long "server shutting down" stays on screen
	// before the programs quit.
	shutdownNotice = time.Second
)

const serveUsage = `Usage: infercost serve [flags]

Shares the explorer over SSH: everyone runs ` + "`ssh -p PORT HOST`" + ` and gets their
own session (own scenario, colours of their own terminal). One viewer can
present; the others follow along or explore on their own.

Flags:
`

// runServe parses flags, starts the SSH server and runs it until SIGINT
// or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, code := parseServeFlags(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := newServer(cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "infercost serve:", err)
		return exitError
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintln(stderr, "infercost serve:", err)
		return exitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "infercost: serving on %s; connect with: %s\n", ln.Addr(), sshCommand(ln.Addr()))
	if err := srv.run(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "infercost serve:", err)
		return exitError
	}
	return exitOK
}

// parseServeFlags returns the config and -1, or an exit code when the
// command should stop (help, bad flags, unsafe address).
func parseServeFlags(args []string, stdout, stderr io.Writer) (serveConfig, int) {
	var cfg serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), serveUsage); fs.PrintDefaults() }
	fs.StringVar(&cfg.Addr, "addr", defaultServeAddr, "address to listen on (host:port)")
	fs.StringVar(&cfg.HostKeyPath, "host-key", "", "SSH host key, created if missing (default: <user config dir>/infercost/ssh_host_ed25519)")
	fs.StringVar(&cfg.AuthorizedKeys, "authorized-keys", "", "admit only the public keys in this authorized_keys `file`")
	fs.StringVar(&cfg.PresenterKeys, "presenter-keys", "", "only these public keys (authorized_keys `file`) may present")
	fs.BoolVar(&cfg.Public, "public", false, "allow a non-loopback --addr without --authorized-keys (anyone who reaches it gets in)")
	fs.IntVar(&cfg.MaxSessions, "max-sessions", defaultMaxSessions, "concurrent sessions; the next viewer is told the server is full")
	fs.IntVar(&cfg.RatePerMinute, "rate-limit", defaultRatePerMinute, "new connections per minute per remote address (0 = no limit)")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", defaultIdleTimeout, "close a session after this long without a key press (0 = never)")
	fs.DurationVar(&cfg.MaxSession, "max-session", 0, "close a session after this long in any case (0 = no limit)")
	fs.StringVar(&cfg.ScenarioDir, "scenario-dir", "", "the server's preset scenarios (read-only to viewers)")
	fs.StringVar(&cfg.Theme, "theme", "", "dark, light, high-contrast or none (default: from each viewer's terminal)")
	noColor := fs.Bool("no-color", false, "same as --theme none")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, exitOK
		}
		return cfg, exitUsage
	}
	if *noColor {
		cfg.Theme = "none"
	}
	if err := cfg.check(fs.Args()); err != nil {
		fmt.Fprintln(stderr, "infercost serve:", err)
		return cfg, exitUsage
	}
	return cfg, -1
}

// check validates the flags; it refuses to expose the server beyond
// loopback to anyone at all unless --public says so.
func (c *serveConfig) check(rest []string) error {
	switch {
	case len(rest) > 0:
		return fmt.Errorf("unexpected argument %q", rest[0])
	case c.MaxSessions < 1:
		return fmt.Errorf("--max-sessions %d: need at least 1", c.MaxSessions)
	case c.RatePerMinute < 0:
		return fmt.Errorf("--rate-limit %d: need 0 (no limit) or more", c.RatePerMinute)
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
func sshCommand(addr net.Addr) string {
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
func (s *server) run(ctx context.Context, ln net.Listener) error {
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
func (s *server) shutdown(notice, grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), notice+grace)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.ssh.Shutdown(ctx) }() // closes the listeners now
	s.endAll(notice, reasonShutdown)
	for s.sessionCount() > 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.sessionCount(); n > 0 {
		s.log.Warn("sessions still open after the grace period; closing them", "sessions", n)
	}
	_ = s.ssh.Close() // clients that keep the connection open after their session
	<-done
}
