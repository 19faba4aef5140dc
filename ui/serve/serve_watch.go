package serve

import "time"

// The session's watchdog: --idle-timeout, --max-session, output that
// makes no progress, and requests to end the session (shutdown, a closed
// client, a broken View).

// end asks the watchdog to close the session (non-blocking; the first
// reason wins).
func (st *session) end(r endReason) {
	select {
	case st.stop <- r:
	default:
	}
}

// setReason records why the session ends unless a reason is already set.
func (st *session) setReason(r endReason) {
	st.reason.CompareAndSwap(int32(reasonQuit), int32(r))
}

// touch records viewer input for --idle-timeout.
func (st *session) touch() { st.lastInput.Store(time.Now().UnixNano()) }

// watch is the session's goroutine for --idle-timeout, --max-session
// and end requests; it ends with the session.
func (st *session) watch() {
	defer st.recoverGoroutine("watchdog")
	var timer *time.Timer
	var tick <-chan time.Time
	if d, ok := st.untilCheck(time.Now()); ok {
		timer = time.NewTimer(d)
		defer timer.Stop()
		tick = timer.C
	}
	stall := time.NewTicker(max(st.srv.stallTimeout/4, time.Millisecond))
	defer stall.Stop()
	for {
		select {
		case <-st.ctx.Done():
			return
		case r := <-st.stop:
			st.quit(r)
			return
		case now := <-stall.C:
			if since, ok := st.out.stalledSince(); ok && now.Sub(since) >= st.srv.stallTimeout {
				st.stalled(now.Sub(since))
				return
			}
		case now := <-tick:
			if r := st.expired(now); r != reasonQuit {
				st.quit(r)
				return
			}
			d, _ := st.untilCheck(now)
			timer.Reset(d)
		}
	}
}

// untilCheck is the time to the next idle or length deadline; ok is
// false when neither limit is set.
func (st *session) untilCheck(now time.Time) (d time.Duration, ok bool) {
	cfg := st.srv.cfg
	d = time.Duration(1<<63 - 1)
	if cfg.IdleTimeout > 0 {
		d, ok = time.Unix(0, st.lastInput.Load()).Add(cfg.IdleTimeout).Sub(now), true
	}
	if cfg.MaxSession > 0 {
		d, ok = min(d, st.started.Add(cfg.MaxSession).Sub(now)), true
	}
	return max(d, 10*time.Millisecond), ok
}

// expired reports which limit, if any, the session has reached.
func (st *session) expired(now time.Time) endReason {
	cfg := st.srv.cfg
	switch {
	case cfg.MaxSession > 0 && !now.Before(st.started.Add(cfg.MaxSession)):
		return reasonLength
	case cfg.IdleTimeout > 0 && !now.Before(time.Unix(0, st.lastInput.Load()).Add(cfg.IdleTimeout)):
		return reasonIdle
	}
	return reasonQuit
}

// quit ends the program, killing it if it does not quit in time, and
// waits for the session to close.
func (st *session) quit(r endReason) {
	st.setReason(r)
	kill := time.AfterFunc(quitGrace, st.program.Kill)
	defer kill.Stop()
	st.program.Quit()
	<-st.ctx.Done()
}

// stalled ends a session whose client has taken no output for a while:
// its meeting seat (and presenter role) is freed at once, and its
// connection closed, the only way to release a write that waits for the
// client's SSH window to reopen.
func (st *session) stalled(d time.Duration) {
	st.setReason(reasonStalled)
	st.log.Warn("output made no progress; closing the session and its connection",
		"stalled_for", d.Round(time.Millisecond))
	st.srv.hub.leave(st.seat)
	if st.conn != nil {
		_ = st.conn.Close()
	}
	st.quit(reasonStalled)
}
