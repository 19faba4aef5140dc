package serve

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// Connections: a connection is admitted by the per-address rate limit
// and the cap on open connections, and closed once it has had no open
// session for noSessionTimeout, before its first session or after its
// last (OpenSSH ControlPersist keeps an idle master connection open for
// as long as it is configured to, which would hold a slot forever).

// noSessionTimeout is how long a connection may go without an open
// session, at any point in its life.
const noSessionTimeout = 30 * time.Second

// sendBuffer caps the kernel's send queue per connection (Linux doubles
// it). With the default autotuning, a window drag over a slow link queued
// over a megabyte of stale frames (many seconds at 1 Mbit/s) before a
// key's answer; capped, a blocked write makes Bubble Tea skip frames
// instead, and a fast link still carries a few megabits per 100 ms of
// round trip.
const sendBuffer = 64 << 10

// acceptConn runs before the SSH handshake: per-address rate limit, a
// cap on open connections, and the no-session deadline.
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
	if t, ok := c.(*net.TCPConn); ok {
		_ = t.SetWriteBuffer(sendBuffer) // best effort: the default only costs latency
	}
	tc := &trackedConn{Conn: c, srv: s, ip: ip, release: func() { s.conns.Add(-1) }}
	// Under the lock: with a short timeout the timer may fire (and Close
	// read tc.timer) before this assignment would otherwise be seen.
	tc.mu.Lock()
	tc.timer = time.AfterFunc(s.noSessionTimeout, tc.expire)
	tc.mu.Unlock()
	ctx.SetValue(connKey{}, tc)
	return tc
}

type connKey struct{}

// trackedConn counts open connections and the sessions on each.
type trackedConn struct {
	net.Conn
	srv     *Server
	ip      string
	release func()
	once    sync.Once

	mu     sync.Mutex
	timer  *time.Timer // runs while no session is open
	open   int         // sessions open now
	opened int         // sessions opened so far
	closed bool
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.timer.Stop()
		c.mu.Unlock()
		c.release()
	})
	return c.Conn.Close()
}

// expire closes the connection if it still has no open session.
func (c *trackedConn) expire() {
	c.mu.Lock()
	idle := c.open == 0 && !c.closed
	opened := c.opened
	c.mu.Unlock()
	if !idle {
		return
	}
	why := "no session opened"
	if opened > 0 {
		why = "no session open since the last one ended"
	}
	c.srv.log.Info("closing connection without sessions", "remote", c.RemoteAddr().String(),
		"why", why, "after", c.srv.noSessionTimeout, "sessions_opened", opened)
	_ = c.Close()
}

// sessionStarted counts a new session; it returns how many the
// connection has open now and has opened in all.
func (c *trackedConn) sessionStarted() (open, opened int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open++
	c.opened++
	c.timer.Stop()
	return c.open, c.opened
}

// sessionEnded restarts the no-session deadline when the last open
// session ends.
func (c *trackedConn) sessionEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open--
	if c.open == 0 && !c.closed {
		c.timer.Reset(c.srv.noSessionTimeout)
	}
}

// connOf is the tracked connection a session runs on.
func connOf(sess ssh.Session) *trackedConn {
	tc, _ := sess.Context().Value(connKey{}).(*trackedConn)
	return tc
}

// admitSession applies the per-connection limits to a new session: the
// cap on sessions open at once, and the rate limit for every session
// after the connection's first (which rode on its accept). It returns a
// refusal for the viewer, or "".
func (s *Server) admitSession(tc *trackedConn, open, opened int) string {
	if max := s.cfg.MaxSessionsPerConn; max > 0 && open > max {
		return fmt.Sprintf("this connection already has %d sessions open, the most this server allows on one (--max-sessions-per-connection)", max)
	}
	if opened > 1 && !s.limiter.allow(tc.ip) {
		return "too many new sessions from your address; please try again in a minute"
	}
	return ""
}

func remoteIP(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	return a.String()
}
