package serve

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// authorized_keys options, as sshd(8) defines them under "AUTHORIZED_KEYS
// FILE FORMAT" (https://man.openbsd.org/sshd#AUTHORIZED_KEYS_FILE_FORMAT).
// The server honours from= and expiry-time=, accepts the restrictions it
// already satisfies (it never forwards ports, agents or X11 and runs no
// rc file), and refuses at start-up anything else: a line the server
// would silently treat as less restricted than the admin wrote is worse
// than no server.

// satisfiedOptions restrict what this server never offers anyway.
var satisfiedOptions = map[string]bool{
	"no-port-forwarding": true, "no-agent-forwarding": true,
	"no-x11-forwarding": true, "no-user-rc": true,
}

// keyEntry is one key line of an authorized_keys file with its options.
type keyEntry struct {
	key    gossh.PublicKey
	line   int
	from   []string  // sshd pattern list; nil: from anywhere
	expiry time.Time // zero: never expires
	noPTY  bool      // no-pty, or restrict without pty
}

// readKeyFile parses an authorized_keys file. Lines that are not keys
// are skipped, as sshd does; an option the server cannot honour is an
// error naming file, line and option; a file without any key is an error.
func readKeyFile(path string) ([]keyEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []keyEntry
	for i, line := range bytes.Split(b, []byte("\n")) {
		k, _, opts, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			continue
		}
		e, err := parseKeyOptions(opts, time.Local)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
		e.key, e.line = k, i+1
		keys = append(keys, e)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no public keys", path)
	}
	return keys, nil
}

// parseKeyOptions reads one line's options; expiry times without Z are
// in loc, as sshd reads them in the system time zone.
func parseKeyOptions(opts []string, loc *time.Location) (keyEntry, error) {
	var e keyEntry
	var restrict, pty bool
	for _, o := range opts {
		name, val, hasVal := strings.Cut(o, "=")
		name = strings.ToLower(name)
		var err error
		switch {
		case name == "from" && hasVal:
			e.from, err = parseFromOption(unquote(val))
		case name == "expiry-time" && hasVal:
			e.expiry, err = parseExpiry(unquote(val), loc)
		case name == "restrict" && !hasVal:
			restrict = true
		case name == "pty" && !hasVal:
			pty = true
		case name == "no-pty" && !hasVal:
			e.noPTY = true
		case satisfiedOptions[name] && !hasVal:
		default:
			err = fmt.Errorf("option %s is not supported by infercost serve (it honours from=, expiry-time=, restrict, pty, no-pty, no-port-forwarding, no-agent-forwarding, no-X11-forwarding, no-user-rc)", optionName(name, hasVal))
		}
		if err != nil {
			return keyEntry{}, err
		}
	}
	e.noPTY = e.noPTY || (restrict && !pty)
	return e, nil
}

func optionName(name string, hasVal bool) string {
	if hasVal {
		return name + "="
	}
	return name
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return strings.ReplaceAll(v, `\"`, `"`)
}

// parseFromOption checks a from= pattern list: addresses, CIDR
// networks and address wildcards, each possibly negated with !. Host
// names would need DNS on every login, so they are refused.
func parseFromOption(list string) ([]string, error) {
	pats := strings.Split(list, ",")
	for _, p := range pats {
		p = strings.TrimPrefix(p, "!")
		switch {
		case p == "":
			return nil, fmt.Errorf("from=%q: empty pattern", list)
		case strings.Contains(p, "/"):
			ip, n, err := net.ParseCIDR(p)
			if err != nil {
				return nil, fmt.Errorf("from=%q: %q is not an address/prefix", list, p)
			}
			if !ip.Equal(n.IP) {
				return nil, fmt.Errorf("from=%q: %s has bits set beyond its prefix (sshd refuses it too); did you mean %s?", list, p, n)
			}
		case !isAddressPattern(p):
			return nil, fmt.Errorf("from=%q: %q looks like a host name; infercost serve matches addresses only (no DNS): use an address, a network such as 10.0.0.0/8 or a wildcard such as 10.0.*", list, p)
		}
	}
	return pats, nil
}

// isAddressPattern reports whether p can only match an IP address: hex
// digits, '.', ':' and wildcards, with a '.' or ':' unless it is all
// wildcards ("cafe" is a host name).
func isAddressPattern(p string) bool {
	if strings.Trim(p, "*?") == "" {
		return true
	}
	for _, r := range strings.ToLower(p) {
		if !strings.ContainsRune("0123456789abcdef.:*?", r) {
			return false
		}
	}
	return strings.ContainsAny(p, ".:")
}

// parseExpiry reads sshd's YYYYMMDD[HHMM[SS]][Z]: in loc unless it ends
// with Z (UTC).
func parseExpiry(v string, loc *time.Location) (time.Time, error) {
	s := v
	if t, ok := strings.CutSuffix(s, "Z"); ok {
		s, loc = t, time.UTC
	}
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(s)]
	if ok {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("expiry-time=%q: accepted YYYYMMDD[HHMM[SS]][Z] (Z for UTC, else local time)", v)
}

// admits reports whether the entry lets a login from ip in at now, and
// if not, why.
func (e keyEntry) admits(ip net.IP, now time.Time) (bool, string) {
	if !e.expiry.IsZero() && !now.Before(e.expiry) {
		return false, fmt.Sprintf("key expired at %s (line %d)", e.expiry.Format(time.RFC3339), e.line)
	}
	if e.from != nil && !matchFrom(e.from, ip) {
		return false, fmt.Sprintf("from=%q does not match %s (line %d)", strings.Join(e.from, ","), ip, e.line)
	}
	return true, ""
}

// matchFrom is sshd's address match list: a negated match refuses at
// once, otherwise any positive match admits (addrmatch.c addr_match_list:
// a CIDR network when the pattern parses as one, else a wildcard match
// against the address text).
func matchFrom(pats []string, ip net.IP) bool {
	if ip == nil {
		return false
	}
	if v4 := ip.To4(); v4 != nil {
		ip = v4
	}
	text := ip.String()
	found := false
	for _, p := range pats {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		if !matchAddr(p, ip, text) {
			continue
		}
		if neg {
			return false
		}
		found = true
	}
	return found
}

func matchAddr(p string, ip net.IP, text string) bool {
	if _, n, err := net.ParseCIDR(p); err == nil {
		return n.Contains(ip)
	}
	if a := net.ParseIP(p); a != nil {
		return a.Equal(ip)
	}
	return wildcardMatch(strings.ToLower(p), strings.ToLower(text))
}

// wildcardMatch is sshd's match_pattern: '*' any run, '?' one character.
func wildcardMatch(p, s string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if wildcardMatch(p[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != p[0] {
				return false
			}
		}
		p, s = p[1:], s[1:]
	}
	return s == ""
}

// keyAdmission is the outcome of looking a key up in a file.
type keyAdmission struct {
	entry  keyEntry
	ok     bool
	listed bool   // the key is in the file, whatever its options say
	why    string // why a listed key was refused
}

// lookupKey reads path afresh (edits apply to the next login without a
// restart) and returns the first line for key that admits ip at now, as
// sshd tries each matching line in turn.
func lookupKey(path string, key ssh.PublicKey, ip net.IP, now time.Time) (keyAdmission, error) {
	keys, err := readKeyFile(path)
	if err != nil {
		return keyAdmission{}, err
	}
	var a keyAdmission
	for _, e := range keys {
		if !ssh.KeysEqual(e.key, key) {
			continue
		}
		a.listed = true
		ok, why := e.admits(ip, now)
		if ok {
			return keyAdmission{entry: e, ok: true, listed: true}, nil
		}
		if a.why == "" {
			a.why = why
		}
	}
	return a, nil
}
