package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"infercost/model"
	"infercost/theme"
	"infercost/ui/serve"
)

const serveIntro = `Usage: infercost serve [flags]

Shares the explorer over SSH: everyone runs ` + "`ssh -p PORT HOST`" + ` and gets their
own session (own scenario, colours of their own terminal). One viewer can
present; the others follow along or explore on their own.

Flags:
`

func serveFlagSpecs() []flagSpec {
	d := serve.Defaults()
	return []flagSpec{
		{name: "addr", arg: "HOST:PORT", usage: "address to listen on (default " + d.Addr + ")"},
		{name: "host-key", arg: "FILE", usage: "SSH host key, created if missing\n(default: <user config dir>/infercost/ssh_host_ed25519)"},
		{name: "authorized-keys", arg: "FILE", usage: "admit only the public keys in this authorized_keys file; honours from= and expiry-time=, no-pty and restrict keep a key out of the explorer, other options are refused"},
		{name: "presenter-keys", arg: "FILE", usage: "only these public keys (an authorized_keys file) may present"},
		{name: "public", usage: "allow a non-loopback --addr without --authorized-keys (anyone who reaches it gets in)"},
		{name: "max-sessions", arg: "N", usage: "concurrent sessions; the next viewer is told the server is full (default " + strconv.Itoa(d.MaxSessions) + ")"},
		{name: "rate-limit", arg: "N", usage: "new connections per minute per remote address, counting every session after a connection's first; 0 = no limit (default " + strconv.Itoa(d.RatePerMinute) + ")"},
		{name: "max-sessions-per-connection", arg: "N", usage: "sessions one connection may have open at once (OpenSSH ControlMaster multiplexes them); 0 = no cap (default " + strconv.Itoa(d.MaxSessionsPerConn) + ")"},
		{name: "max-sessions-per-key", arg: "N", usage: "sessions one client key may have open at once; 0 = no cap (default " + strconv.Itoa(d.MaxSessionsPerKey) + ")"},
		{name: "idle-timeout", arg: "DURATION", usage: "close a session after this long without a key press; 0 = never (default " + d.IdleTimeout.String() + ")"},
		{name: "max-session", arg: "DURATION", usage: "close a session after this long in any case; 0 = no limit (default 0)"},
		{name: "scenario-dir", arg: "DIR", usage: "the server's preset scenarios (*.toml; read-only to viewers)"},
		{name: "theme", arg: "NAME", usage: "colours: " + strings.Join(theme.Names(), ", ") + " (default: from each viewer's terminal)"},
		{name: "no-color", usage: "same as --theme none"},
		gpusFileFlag,
		{name: "open", arg: "STRING", usage: "the scenario every new session starts from: a share string (report --share, the explorer's y)"},
	}
}

// runServe parses flags, starts the SSH server and runs it until SIGINT
// or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeArgs(args)
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, serveIntro)
		writeFlagUsage(stdout, serveFlagSpecs())
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "infercost serve:", err)
		return exitUsage
	}
	srv, err := serve.New(cfg, slog.New(slog.NewTextHandler(stderr, nil)))
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
	fmt.Fprintf(stdout, "infercost: serving on %s; connect with: %s\n", ln.Addr(), serve.SSHCommand(ln.Addr()))
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "infercost serve:", err)
		return exitError
	}
	return exitOK
}

// parseServeArgs reads serve's flags into a checked configuration.
func parseServeArgs(args []string) (serve.Config, error) {
	fs, err := parseFlags(serveFlagSpecs(), args)
	if err != nil {
		return serve.Config{}, err
	}
	cfg := serve.Defaults()
	for name, dst := range map[string]*string{"addr": &cfg.Addr, "host-key": &cfg.HostKeyPath,
		"authorized-keys": &cfg.AuthorizedKeys, "presenter-keys": &cfg.PresenterKeys, "scenario-dir": &cfg.ScenarioDir} {
		if v, ok := fs.get(name); ok {
			*dst = v
		}
	}
	cfg.Public = fs.bool("public")
	if err := serveNumbers(fs, &cfg); err != nil {
		return serve.Config{}, err
	}
	if cfg.Theme, err = themeFlag(fs); err != nil {
		return serve.Config{}, err
	}
	if cfg.UserGPUs, err = userGPUs(fs); err != nil {
		return serve.Config{}, err
	}
	if cfg.Scenario, err = openedScenario(fs, model.Scenario{}); err != nil {
		return serve.Config{}, err
	}
	if err := cfg.Check(); err != nil {
		return serve.Config{}, usageError{err.Error()}
	}
	return cfg, nil
}

// serveNumbers reads the whole-number and duration flags.
func serveNumbers(fs flagSet, cfg *serve.Config) error {
	ints := []struct {
		name string
		dst  *int
		min  int
		what string
	}{
		{"max-sessions", &cfg.MaxSessions, 1, "a whole number, at least 1"},
		{"rate-limit", &cfg.RatePerMinute, 0, "a whole number, 0 (no limit) or more"},
		{"max-sessions-per-connection", &cfg.MaxSessionsPerConn, 0, "a whole number, 0 (no cap) or more"},
		{"max-sessions-per-key", &cfg.MaxSessionsPerKey, 0, "a whole number, 0 (no cap) or more"},
	}
	for _, f := range ints {
		if v, ok := fs.get(f.name); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < f.min {
				return usagef("--%s %s: accepted %s", f.name, v, f.what)
			}
			*f.dst = n
		}
	}
	for name, dst := range map[string]*time.Duration{"idle-timeout": &cfg.IdleTimeout, "max-session": &cfg.MaxSession} {
		if v, ok := fs.get(name); ok {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if v == "0" {
				d, err = 0, nil
			}
			if err != nil || d < 0 {
				return usagef("--%s %s: accepted 0 (off) or a duration such as 90s, 30m, 2h", name, v)
			}
			*dst = d
		}
	}
	return nil
}
