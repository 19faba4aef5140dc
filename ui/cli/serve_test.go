package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeRefusesPublicAddressWithoutKeys(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:2222", ":2222", "[::]:2222", "192.0.2.1:2222"} {
		var out, errb bytes.Buffer
		code := runServe([]string{"--addr", addr, "--host-key", filepath.Join(t.TempDir(), "k")}, &out, &errb)
		msg := errb.String()
		if code != exitUsage || strings.Count(msg, "\n") != 1 ||
			!strings.Contains(msg, "--authorized-keys") || !strings.Contains(msg, "--public") {
			t.Errorf("--addr %s: exit %d, %q; want exit 2 and one line naming --authorized-keys and --public", addr, code, msg)
		}
	}
}

func TestServeFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--max-sessions", "0"}, {"--rate-limit", "-1"}, {"--idle-timeout", "-1s"},
		{"--addr", "nonsense"}, {"extra"}, {"--no-such-flag"},
	} {
		var out, errb bytes.Buffer
		if code := runServe(args, &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d (%s), want %d", args, code, errb.String(), exitUsage)
		}
	}
	var out, errb bytes.Buffer
	if code := runServe([]string{"-h"}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "--presenter-keys FILE") {
		t.Errorf("-h: exit %d, %q", code, out.String())
	}
}

// TestServeThemeRefused: serve refuses an unknown theme as the explorer
// does, naming the accepted ones.
func TestServeThemeRefused(t *testing.T) {
	var out, errb bytes.Buffer
	code := runServe([]string{"--theme", "purple"}, &out, &errb)
	if code != exitUsage || errb.String() != "infercost serve: --theme purple: accepted dark, light, high-contrast, none\n" {
		t.Errorf("exit %d, %q", code, errb.String())
	}
}

// TestServeSessionCapFlags: the per-connection and per-key caps have
// stated defaults, take 0 for no cap, and refuse anything else in one
// line that names the flag.
func TestServeSessionCapFlags(t *testing.T) {
	cfg, err := parseServeArgs([]string{"--host-key", filepath.Join(t.TempDir(), "k")})
	if err != nil || cfg.MaxSessionsPerConn != 4 || cfg.MaxSessionsPerKey != 8 {
		t.Fatalf("defaults: per connection %d, per key %d, %v; want 4 and 8", cfg.MaxSessionsPerConn, cfg.MaxSessionsPerKey, err)
	}
	cfg, err = parseServeArgs([]string{"--host-key", filepath.Join(t.TempDir(), "k"),
		"--max-sessions-per-connection", "1", "--max-sessions-per-key=0"})
	if err != nil || cfg.MaxSessionsPerConn != 1 || cfg.MaxSessionsPerKey != 0 {
		t.Fatalf("given: per connection %d, per key %d, %v", cfg.MaxSessionsPerConn, cfg.MaxSessionsPerKey, err)
	}
	for _, args := range [][]string{
		{"--max-sessions-per-connection", "-1"}, {"--max-sessions-per-connection", "two"},
		{"--max-sessions-per-key", "1.5"}, {"--max-sessions-per-key"},
	} {
		var out, errb bytes.Buffer
		code := runServe(args, &out, &errb)
		if msg := errb.String(); code != exitUsage || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, args[0]) {
			t.Errorf("%v: exit %d, %q; want exit 2 and one line naming the flag", args, code, msg)
		}
	}
}

// TestServeRefusesKeyOptionsItCannotHonour: an authorized_keys line
// with command= stops the server at start-up, naming file, line and
// option, before it listens.
func TestServeRefusesKeyOptionsItCannotHonour(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	line := "command=\"/bin/date\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ9lqTtnb0xQeKXpyT3AkLQjN6j5y06bBN45K/8lYOG ada\n"
	if err := os.WriteFile(keys, []byte("# team\n"+line), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := runServe([]string{"--host-key", filepath.Join(dir, "k"), "--authorized-keys", keys}, &out, &errb)
	msg := errb.String()
	if code != exitError || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, keys+":2:") || !strings.Contains(msg, "command=") {
		t.Errorf("exit %d, %q; want exit 1 and one line naming %s:2 and command=", code, msg, keys)
	}
	if out.Len() != 0 {
		t.Errorf("it started serving: %q", out.String())
	}
}
