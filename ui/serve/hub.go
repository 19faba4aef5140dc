package serve

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"

	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
)

// Notices the hub sends to followers.
const (
	noticePresenterLeft    = "presenter left; you keep the last scenario"
	noticePresenterStopped = "presenter stopped; you keep the last scenario"
)

// maxQueuedMsgs bounds the one-off messages (ui.NoticeMsg) waiting for a
// slow session; the oldest are dropped first.
const maxQueuedMsgs = 8

// hub is the meeting every session on one server shares: who presents,
// the presenter's latest scenario and who follows it. One mutex guards all
// of it. Each session has a seat with its own delivery goroutine, so a
// slow viewer only delays itself: the hub records "this seat is out of
// date" and the goroutine sends the seat's current state when its program
// is ready (latest wins, nothing queues up behind a stalled terminal).
type hub struct {
	log *slog.Logger

	mu        sync.Mutex
	seats     map[*seat]struct{}
	presenter *seat
	shown     ui.Shown // the presenter's latest, valid when published
	published bool
	version   uint64 // bumped on every Publish
}

func newHub(log *slog.Logger) *hub {
	return &hub{log: log, seats: map[*seat]struct{}{}}
}

// seat is one session's place in the meeting; it implements ui.Meeting.
// Fields after mu are guarded by hub.mu.
type seat struct {
	h          *hub
	name       string       // shown to others ("ada is presenting"); sanitized
	log        *slog.Logger // names the session: id, address, key
	mayPresent func() error // nil error: this viewer may take the presenter role
	wake       chan struct{}
	done       chan struct{}

	send    func(tea.Msg) // the session program's Send; set by join
	joined  bool
	follow  bool   // wants to follow whenever someone presents
	sent    uint64 // hub.version last delivered to this seat
	dirty   bool   // the seat's MeetingMsg is out of date
	notice  string // one-line event for the next MeetingMsg
	pending []tea.Msg
}

var _ ui.Meeting = (*seat)(nil)

// newSeat prepares a seat for a session whose program does not exist
// yet (the program's model needs the seat); join activates it. log names
// the session in the meeting's log lines (nil: the hub's logger).
func (h *hub) newSeat(name string, mayPresent func() error, log *slog.Logger) *seat {
	if mayPresent == nil {
		mayPresent = func() error { return nil }
	}
	if log == nil {
		log = h.log
	}
	return &seat{h: h, name: name, log: log, mayPresent: mayPresent, follow: true,
		wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// join registers the seat and starts its delivery goroutine, which sends
// with send (the program's Send) until leave. A new seat follows the
// presenter, if there is one, and immediately gets the latest scenario.
func (h *hub) join(s *seat, send func(tea.Msg)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s.send, s.joined = send, true
	h.seats[s] = struct{}{}
	go h.deliver(s)
	if h.presenter != nil {
		h.markLocked(s)
		h.markLocked(h.presenter)
	}
}

// leave removes the seat and ends its goroutine. If it presented, the
// followers keep their scenario and are told.
func (h *hub) leave(s *seat) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !s.joined {
		return
	}
	s.joined = false
	delete(h.seats, s)
	close(s.done)
	switch {
	case h.presenter == s:
		h.endPresentationLocked(noticePresenterLeft)
	case h.presenter != nil && s.follow:
		h.markLocked(h.presenter)
	}
}

// broadcast queues msg (e.g. ui.NoticeMsg) for every session.
func (h *hub) broadcast(msg tea.Msg) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.seats {
		if len(s.pending) == maxQueuedMsgs {
			s.pending = s.pending[1:]
		}
		s.pending = append(s.pending, msg)
		poke(s)
	}
}

// size reports how many sessions are in the meeting.
func (h *hub) size() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.seats)
}

// followerCount reports how many sessions follow the presenter (0
// without one).
func (h *hub) followerCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.presenter == nil {
		return 0
	}
	return h.followersLocked()
}

// Present takes the presenter role if the viewer may and nobody else
// holds it.
func (s *seat) Present() error {
	if err := s.mayPresent(); err != nil {
		return err
	}
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case !s.joined:
		return fmt.Errorf("this session has left the meeting")
	case h.presenter == s:
		return nil
	case h.presenter != nil:
		return fmt.Errorf("%s is presenting; only one presenter at a time", h.presenter.name)
	}
	h.presenter, h.published = s, false
	for o := range h.seats {
		if o != s && o.follow {
			o.notice = s.name + " is presenting"
		}
		h.markLocked(o)
	}
	s.log.Info("presenting", "name", s.name, "followers", h.followersLocked())
	return nil
}

// StopPresenting gives the role up; followers keep the last scenario.
func (s *seat) StopPresenting() {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.presenter == s {
		h.endPresentationLocked(noticePresenterStopped)
		h.markLocked(s)
	}
}

// Publish hands what the presenter shows to every follower. It never
// waits for a follower; from anyone but the presenter it is ignored.
func (s *seat) Publish(sh ui.Shown) {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.presenter != s {
		return
	}
	h.shown, h.published = sh, true
	h.version++
	for o := range h.seats {
		if o != s && o.follow {
			h.markLocked(o)
		}
	}
}

// Follow switches between following the presenter and exploring alone.
// Rejoining delivers the presenter's latest scenario at once.
func (s *seat) Follow(on bool) {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	changed := s.follow != on
	s.follow = on
	if !changed || h.presenter == s {
		return
	}
	if on {
		s.sent = 0 // the viewer changed things alone: resend the latest
	}
	h.markLocked(s)
	if h.presenter != nil {
		h.markLocked(h.presenter)
	}
}

// endPresentationLocked clears the presenter and tells everyone.
func (h *hub) endPresentationLocked(notice string) {
	old := h.presenter
	h.presenter, h.published = nil, false
	for o := range h.seats {
		if o != old && o.follow {
			o.notice = notice
		}
		h.markLocked(o)
	}
	old.log.Info("presentation ended", "name", old.name, "reason", notice)
}

// followersLocked counts the seats following the current presenter.
func (h *hub) followersLocked() int {
	n := 0
	for o := range h.seats {
		if o != h.presenter && o.follow {
			n++
		}
	}
	return n
}

// markLocked records that s must be sent its current state.
func (h *hub) markLocked(s *seat) {
	s.dirty = true
	poke(s)
}

// poke wakes the seat's delivery goroutine without ever blocking.
func poke(s *seat) {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// deliver is the seat's goroutine: it sends whatever is outstanding each
// time it is woken, and ends when the seat leaves. send may block on a
// slow program; that only delays this seat.
func (h *hub) deliver(s *seat) {
	defer func() {
		if r := recover(); r != nil {
			h.log.Error("panic in meeting delivery", "user", s.name, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		for _, msg := range h.take(s) {
			select {
			case <-s.done:
				return
			default:
				s.send(msg)
			}
		}
	}
}

// take returns what s has not been sent yet and marks it sent.
func (h *hub) take(s *seat) []tea.Msg {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []tea.Msg
	if s.dirty {
		out = append(out, h.stateLocked(s))
		s.dirty, s.notice = false, ""
	}
	out = append(out, s.pending...)
	s.pending = nil
	return out
}

// stateLocked is the meeting as seat s sees it now. The scenario rides
// along only when s follows and has not had this version yet.
func (h *hub) stateLocked(s *seat) ui.MeetingMsg {
	m := ui.MeetingMsg{
		Presenting:   h.presenter == s,
		HasPresenter: h.presenter != nil,
		Notice:       s.notice,
	}
	if h.presenter == nil {
		return m
	}
	m.Followers = h.followersLocked()
	m.Following = h.presenter != s && s.follow
	if m.Following && h.published && s.sent != h.version {
		m.Shown, m.HasScenario = h.shown, true
		s.sent = h.version
	}
	return m
}
