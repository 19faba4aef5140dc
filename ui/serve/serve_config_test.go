package serve

import (
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"infercost/model"
	"infercost/ui/scenario"

	gossh "golang.org/x/crypto/ssh"
)

func TestIsLoopbackAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:2222": true, "[::1]:2222": true, "localhost:2222": true, "127.0.0.2:1": true,
		"0.0.0.0:2222": false, ":2222": false, "[::]:22": false, "10.0.0.1:22": false,
	} {
		if got := isLoopbackAddr(addr); got != want {
			t.Errorf("isLoopbackAddr(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestServeHostKeyCreatedPrivateAndReused(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	wd := t.TempDir()
	t.Chdir(wd)
	cfg := Defaults()
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	conf, _ := os.UserConfigDir()
	if want := filepath.Join(conf, "infercost", "ssh_host_ed25519"); cfg.HostKeyPath != want {
		t.Fatalf("default host key %s, want %s", cfg.HostKeyPath, want)
	}
	first, created, err := loadHostKey(cfg.HostKeyPath)
	if err != nil || !created {
		t.Fatalf("first run: created %v, %v", created, err)
	}
	for path, want := range map[string]os.FileMode{cfg.HostKeyPath: 0o600, filepath.Dir(cfg.HostKeyPath): 0o700} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want mode %v", path, fi.Mode().Perm(), err, want)
		}
	}
	again, created, err := loadHostKey(cfg.HostKeyPath)
	if err != nil || created {
		t.Fatalf("second run: created %v, %v", created, err)
	}
	if gossh.FingerprintSHA256(first.PublicKey()) != gossh.FingerprintSHA256(again.PublicKey()) {
		t.Error("the host key changed between runs")
	}
	if entries, _ := os.ReadDir(wd); len(entries) != 0 {
		t.Errorf("the working directory got %v", entries)
	}
	if err := os.Chmod(cfg.HostKeyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadHostKey(cfg.HostKeyPath); err == nil {
		t.Error("a world-readable host key was accepted")
	}
}

var loopbackIP = net.IPv4(127, 0, 0, 1)

func TestServePresenterPolicy(t *testing.T) {
	listed, other := newClientKey(t), newClientKey(t)
	file := filepath.Join(t.TempDir(), "presenters")
	if err := os.WriteFile(file, append([]byte("# presenters\n"), gossh.MarshalAuthorizedKey(listed.PublicKey())...), 0o600); err != nil {
		t.Fatal(err)
	}
	withFile := &Server{cfg: Config{PresenterKeys: file}, log: discardLogger()}
	if err := withFile.mayPresent(listed.PublicKey(), loopbackIP)(); err != nil {
		t.Errorf("listed key: %v", err)
	}
	for name, k := range map[string]gossh.PublicKey{"other key": other.PublicKey(), "no key": nil} {
		if err := withFile.mayPresent(k, loopbackIP)(); err == nil || !strings.Contains(err.Error(), "--presenter-keys") {
			t.Errorf("%s: %v, want a refusal naming --presenter-keys", name, err)
		}
	}
	if f := (&Server{loopback: true}).mayPresent(nil, loopbackIP); f != nil && f() != nil {
		t.Error("on loopback without --presenter-keys anyone may present")
	}
	public := &Server{}
	if err := public.mayPresent(listed.PublicKey(), loopbackIP)(); err == nil || !strings.Contains(err.Error(), "--presenter-keys") {
		t.Errorf("public server without --presenter-keys: %v, want a refusal that says why", err)
	}
}

func TestRateLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newRateLimiter(3, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if !l.allow("10.0.0.1") {
			t.Fatalf("burst connection %d refused", i+1)
		}
	}
	if l.allow("10.0.0.1") {
		t.Fatal("4th connection within the minute allowed")
	}
	if !l.allow("10.0.0.2") {
		t.Fatal("another address was limited too")
	}
	now = now.Add(20 * time.Second) // one token back at 3 a minute
	if !l.allow("10.0.0.1") || l.allow("10.0.0.1") {
		t.Fatal("refill should give exactly one connection after 20 s")
	}
	if !newRateLimiter(0, time.Now).allow("x") {
		t.Fatal("0 means no limit")
	}
	for i := 0; i < 2*maxLimiterEntries; i++ {
		l.allow(string(rune(i)))
	}
	if len(l.buckets) > maxLimiterEntries {
		t.Fatalf("%d buckets, want at most %d", len(l.buckets), maxLimiterEntries)
	}
}

func TestServeRateLimitsConnections(t *testing.T) {
	ts := startTestServer(t, func(c *Config) { c.RatePerMinute = 2 })
	for i := 0; i < 2; i++ {
		c, err := ts.dial("ada", newClientKey(t))
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		c.Close()
	}
	if c, err := ts.dial("ada", newClientKey(t)); err == nil {
		c.Close()
		t.Fatal("3rd connection within a minute got through --rate-limit 2")
	}
}

func TestDisplayNameIsSafe(t *testing.T) {
	for in, want := range map[string]string{
		"ada": "ada", "": "someone", "\x1b]52;c;evil\x07": "52cevil",
		"a.b-c_d@e": "a.b-c_d@e", strings.Repeat("x", 100): strings.Repeat("x", 24),
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServeScenarioDir(t *testing.T) {
	dir := t.TempDir()
	sc := model.DefaultScenario()
	sc.Name = "team preset"
	if err := scenario.Save(filepath.Join(dir, "team.toml"), sc, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.toml"), []byte("version = 99\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	got, err := serverPresets(dir, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	builtin := model.BuiltinScenarios()
	if len(got) != len(builtin)+1 || got[len(got)-1].Name != "team preset" {
		t.Errorf("presets %d, last %q; want the built-ins then team preset", len(got), got[len(got)-1].Name)
	}
	if !strings.Contains(logs.String(), "broken.toml") {
		t.Errorf("bad file not logged: %s", logs)
	}
	if _, err := serverPresets(filepath.Join(dir, "missing"), discardLogger()); err == nil {
		t.Error("a missing --scenario-dir was accepted")
	}
}

func TestSessionTheme(t *testing.T) {
	for _, c := range []struct {
		flag string
		env  []string
		want string
	}{
		{"", nil, ""}, {"", []string{"TERM=xterm", "NO_COLOR=1"}, "none"},
		{"", []string{"NO_COLOR="}, ""}, {"light", []string{"NO_COLOR=1"}, "light"},
	} {
		if got := sessionTheme(c.flag, c.env); got != c.want {
			t.Errorf("sessionTheme(%q, %v) = %q, want %q", c.flag, c.env, got, c.want)
		}
	}
}
