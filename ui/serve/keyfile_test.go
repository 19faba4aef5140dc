package serve

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Patterns and outcomes follow sshd(8) "AUTHORIZED_KEYS FILE FORMAT" and
// addrmatch.c's addr_match_list (https://man.openbsd.org/sshd).
func TestMatchFrom(t *testing.T) {
	for _, c := range []struct {
		pats string
		ip   string
		want bool
	}{
		{"10.9.9.9", "10.9.9.9", true},
		{"10.9.9.9", "127.0.0.1", false},
		{"10.0.0.0/8", "10.200.1.2", true},
		{"10.0.0.0/8", "11.0.0.1", false},
		{"127.0.0.*", "127.0.0.1", true},
		{"127.0.0.?", "127.0.0.12", false},
		{"127.0.0.1?", "127.0.0.12", true},
		{"*", "192.0.2.7", true},
		{"*,!127.0.0.1", "127.0.0.1", false},
		{"!127.0.0.1,*", "127.0.0.1", false}, // a negated match wins wherever it stands
		{"!10.0.0.0/8", "127.0.0.1", false},  // a negation alone admits nobody
		{"!10.0.0.0/8,127.0.0.0/8", "127.0.0.1", true},
		{"::1", "::1", true},
		{"2001:db8::/32", "2001:db8::5", true},
		{"127.0.0.1", "::ffff:127.0.0.1", true}, // IPv4-mapped is the IPv4 address
	} {
		pats, err := parseFromOption(c.pats)
		if err != nil {
			t.Fatalf("from=%q: %v", c.pats, err)
		}
		if got := matchFrom(pats, net.ParseIP(c.ip)); got != c.want {
			t.Errorf("from=%q from %s: %v, want %v", c.pats, c.ip, got, c.want)
		}
	}
}

func TestFromRefusesHostNamesAndBadNetworks(t *testing.T) {
	for _, p := range []string{"host.example.com", "*.example.com", "cafe", "10.1.2.3/8", "10.0.0.0/33", "", "10.0.0.1,"} {
		if _, err := parseFromOption(p); err == nil {
			t.Errorf("from=%q accepted", p)
		}
	}
}

func TestParseExpiry(t *testing.T) {
	loc := time.FixedZone("X", 2*3600)
	for _, c := range []struct {
		v    string
		want time.Time
	}{
		{"20200102", time.Date(2020, 1, 2, 0, 0, 0, 0, loc)},
		{"202001021530", time.Date(2020, 1, 2, 15, 30, 0, 0, loc)},
		{"20200102153045", time.Date(2020, 1, 2, 15, 30, 45, 0, loc)},
		{"20200102Z", time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"202001021530Z", time.Date(2020, 1, 2, 15, 30, 0, 0, time.UTC)},
	} {
		got, err := parseExpiry(c.v, loc)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%s: %v %v, want %v", c.v, got, err, c.want)
		}
	}
	for _, v := range []string{"2020", "2020010", "20201301", "2020010215", "yesterday", "20200102z"} {
		if _, err := parseExpiry(v, loc); err == nil {
			t.Errorf("%q accepted", v)
		}
	}
}

func TestKeyOptions(t *testing.T) {
	ok := map[string]bool{ // options -> no-pty
		"": false, "no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc": false,
		"no-pty": true, "restrict": true, "restrict,pty": false, `from="10.0.0.0/8"`: false,
		`expiry-time="20991231"`: false,
	}
	for opts, noPTY := range ok {
		e, err := parseKeyOptions(splitOpts(opts), time.UTC)
		if err != nil || e.noPTY != noPTY {
			t.Errorf("%q: no-pty %v, %v; want %v", opts, e.noPTY, err, noPTY)
		}
	}
	for _, opts := range []string{`command="date"`, `permitopen="host:1"`, `permitlisten="1"`,
		`principals="a"`, "cert-authority", `environment="A=1"`, `tunnel="1"`, "port-forwarding",
		"no-touch-required", `from="gw.example.com"`, `no-pty="x"`} {
		name, _, _ := strings.Cut(opts, "=")
		if _, err := parseKeyOptions(splitOpts(opts), time.UTC); err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(name)) {
			t.Errorf("%s: %v, want a refusal naming it", opts, err)
		}
	}
}

func splitOpts(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// TestLookupKeyTriesEveryLine: a key listed twice is admitted by
// whichever line admits it, as sshd does; refusals say why.
func TestLookupKeyTriesEveryLine(t *testing.T) {
	k := newClientKey(t).PublicKey()
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
	path := filepath.Join(t.TempDir(), "keys")
	body := "# comment\n" + `from="10.9.9.9",expiry-time="20000101" ` + line + "\n" + `from="127.0.0.0/8",no-pty ` + line + "\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	a, err := lookupKey(path, k, net.ParseIP("127.0.0.1"), now)
	if err != nil || !a.ok || a.entry.line != 3 || !a.entry.noPTY {
		t.Errorf("from loopback: %+v %v; want line 3, no-pty", a, err)
	}
	a, _ = lookupKey(path, k, net.ParseIP("192.0.2.1"), now)
	if a.ok || !a.listed || !strings.Contains(a.why, "expired") {
		t.Errorf("from elsewhere: %+v; want refused, listed, expired", a)
	}
	a, _ = lookupKey(path, newClientKey(t).PublicKey(), net.ParseIP("127.0.0.1"), now)
	if a.ok || a.listed {
		t.Errorf("unlisted key: %+v", a)
	}
}
