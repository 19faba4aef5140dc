package ui

import (
	"slices"
	"strconv"
	"sync"

	"infercost/model"

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
}

// role is the header's words for the session's role.
func (s meetingState) role() string {
	switch {
	case !s.on:
		return ""
	case s.presenting:
		return "presenting · " + strconv.Itoa(s.followers) + " following · P stops"
	case s.following:
		return "following the presenter · press F to explore"
	case s.hasPresenter:
		return "exploring on your own · press F to follow"
	}
	return "meeting: nobody presents · press P to present"
}

// presentResultMsg answers a request for the presenter role.
type presentResultMsg struct{ err error }

// publisher hands the presenter's scenario to the hub from commands, in
// order, and never blocks Update: Update only records the latest
// scenario; a command sends whatever is latest when it runs, one send at
// a time, so the last send is always the newest scenario even if
// commands run out of order. (A hub may well p.Send to this very program
// while publishing; calling it from Update could deadlock.)
type publisher struct {
	mu     sync.Mutex // guards latest and seq
	sendMu sync.Mutex // one Publish at a time; guards sent
	latest model.Scenario
	seq    uint64
	sent   uint64
}

func (p *publisher) offer(s model.Scenario) {
	p.mu.Lock()
	p.latest, p.seq = s, p.seq+1
	p.mu.Unlock()
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

// publishCmd publishes the current scenario when presenting.
func (m Model) publishCmd() tea.Cmd {
	if m.opts.Meeting == nil || !m.meet.presenting {
		return nil
	}
	m.pub.offer(m.in.Scenario)
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
	return m, m.publishCmd()
}

// onFollowKey switches between following the presenter and exploring.
func (m Model) onFollowKey() (Model, tea.Cmd) {
	on := !m.meet.following
	m.meet.following = on
	m.meet.notice = ""
	mt := m.opts.Meeting
	return m.syncMode(), func() tea.Msg { mt.Follow(on); return nil }
}

// onMeeting takes the hub's view; a follower adopts the presenter's
// scenario.
func (m Model) onMeeting(msg MeetingMsg) (Model, tea.Cmd) {
	m.meet.presenting, m.meet.following = msg.Presenting, msg.Following
	m.meet.hasPresenter, m.meet.followers = msg.HasPresenter, msg.Followers
	if msg.Notice != "" {
		m.meet.notice = msg.Notice
	}
	m = m.syncMode()
	if msg.Following && msg.HasScenario && msg.Scenario != m.in.Scenario {
		// The presenter's scenario is what r returns to, unmodified.
		m.entry = m.entry.Close()
		m.loaded, m.preset = msg.Scenario, slices.Index(m.opts.Presets, msg.Scenario)
		in := m.in
		in.Scenario = msg.Scenario
		return m.apply(in)
	}
	return m, nil
}
