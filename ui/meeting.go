package ui

import (
	"strconv"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
)

// meetingState is this session's place in a meeting (follow mode).
type meetingState struct {
	on           bool // Options.Meeting is set
	presenting   bool
	following    bool
	hasPresenter bool
	followers    int
	notice       string
	// chart is the presenter's chart choice last adopted (-1: none yet):
	// a follower's c looks at another chart until the presenter changes
	// theirs.
	chart int
}

// role is the header's words for the session's role.
func (s meetingState) role() string { return s.roleWords(false) }

// roleShort is role in fewer words, for a status line that also carries
// a notice ("presenter left; you keep the last scenario") at 80 columns.
func (s meetingState) roleShort() string { return s.roleWords(true) }

func (s meetingState) roleWords(short bool) string {
	say := func(long, brief string) string {
		if short {
			return brief
		}
		return long
	}
	switch {
	case !s.on:
		return ""
	case s.presenting:
		return "presenting · " + strconv.Itoa(s.followers) + " following" + say(" · P stops", "")
	case s.following:
		return say("following the presenter · press F to explore", "following · F explores")
	case s.hasPresenter:
		return say("exploring on your own · press F to follow", "exploring · F follows")
	}
	return say("meeting: nobody presents · press P to present", "nobody presents · P presents")
}

// presentResultMsg answers a request for the presenter role.
type presentResultMsg struct{ err error }

// publisher hands what the presenter shows to the hub from commands, in
// order, and never blocks Update: Update only records the latest; a
// command sends whatever is latest when it runs, one send at a time, so
// the last send is always the newest even if commands run out of order.
// (A hub may well p.Send to this very program while publishing; calling
// it from Update could deadlock.)
type publisher struct {
	mu     sync.Mutex // guards latest and seq
	sendMu sync.Mutex // one Publish at a time; guards sent
	latest Shown
	seq    uint64
	sent   uint64
}

// offer records s as the latest; unless force, only when it differs
// from the last offered. It reports whether there is something to send.
func (p *publisher) offer(s Shown, force bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !force && p.seq > 0 && s == p.latest {
		return false
	}
	p.latest, p.seq = s, p.seq+1
	return true
}

func (p *publisher) flush(mt Meeting) {
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	p.mu.Lock()
	s, seq := p.latest, p.seq
	p.mu.Unlock()
	if seq == p.sent {
		return
	}
	mt.Publish(s)
	p.sent = seq
}

// shown is what followers follow of this session.
func (m Model) shown() Shown {
	return Shown{Scenario: m.in.Scenario, Loaded: m.loaded, Chart: m.chart0}
}

// publishCmd publishes what this session shows when presenting and it
// changed since the last publish (always, with force: a new
// presentation starts with nothing published).
func (m Model) publishCmd(force bool) tea.Cmd {
	if m.opts.Meeting == nil || !m.meet.presenting || !m.pub.offer(m.shown(), force) {
		return nil
	}
	pub, mt := m.pub, m.opts.Meeting
	return func() tea.Msg { pub.flush(mt); return nil }
}

// onPresentToMeetingKey takes or gives up the presenter role.
func (m Model) onPresentToMeetingKey() (Model, tea.Cmd) {
	mt := m.opts.Meeting
	if m.meet.presenting {
		m.meet.presenting = false
		return m, func() tea.Msg { mt.StopPresenting(); return nil }
	}
	return m, func() tea.Msg { return presentResultMsg{err: mt.Present()} }
}

func (m Model) onPresentResult(msg presentResultMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.meet.notice = "cannot present: " + msg.err.Error()
		return m, nil
	}
	m.meet.presenting, m.meet.following, m.meet.notice = true, false, ""
	return m, m.publishCmd(true)
}

// onFollowKey switches between following the presenter and exploring.
func (m Model) onFollowKey() (Model, tea.Cmd) {
	on := !m.meet.following
	m.meet.following, m.meet.chart = on, -1 // rejoining adopts the presenter's chart
	m.meet.notice = ""
	mt := m.opts.Meeting
	return m.syncMode(), func() tea.Msg { mt.Follow(on); return nil }
}

// onMeeting takes the hub's view; a follower adopts what the presenter
// shows.
func (m Model) onMeeting(msg MeetingMsg) (Model, tea.Cmd) {
	m.meet.presenting, m.meet.following = msg.Presenting, msg.Following
	m.meet.hasPresenter, m.meet.followers = msg.HasPresenter, msg.Followers
	if msg.Notice != "" {
		m.meet.notice = msg.Notice
	}
	m = m.syncMode()
	if !msg.HasPresenter {
		m.meet.chart = -1 // the next presenter's chart is news
	}
	if !msg.Following || !msg.HasScenario {
		return m, nil
	}
	sh := msg.Shown
	if sh.Chart != m.meet.chart && sh.Chart >= 0 && sh.Chart < int(numCharts) {
		m.meet.chart, m.chart0 = sh.Chart, sh.Chart
		m = m.applyLayout()
	}
	// The presenter's loaded scenario is what r returns to, and what the
	// title's "(modified)" and preset number are measured against.
	m.loaded, m.preset = sh.Loaded, presetIndex(m.opts.Presets, sh.Loaded)
	if sh.Scenario != m.in.Scenario {
		m.entry = m.entry.Close()
		in := m.in
		in.Scenario = sh.Scenario
		return m.apply(in)
	}
	return m, nil
}
