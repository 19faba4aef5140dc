package cli

import (
	"bytes"
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
