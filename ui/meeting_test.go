package ui

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"infercost/model"
)

// fakeMeeting records what the program asks of the hub.
type fakeMeeting struct {
	mu         sync.Mutex
	presentErr error
	presents   int
	stops      int
	published  []model.Scenario
	follows    []bool
}

func (f *fakeMeeting) Present() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.presents++
	return f.presentErr
}

func (f *fakeMeeting) StopPresenting() { f.mu.Lock(); f.stops++; f.mu.Unlock() }

func (f *fakeMeeting) Publish(s model.Scenario) {
	f.mu.Lock()
	f.published = append(f.published, s)
	f.mu.Unlock()
}

func (f *fakeMeeting) Follow(on bool) { f.mu.Lock(); f.follows = append(f.follows, on); f.mu.Unlock() }

func (f *fakeMeeting) last() (model.Scenario, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.published) == 0 {
		return model.Scenario{}, 0
	}
	return f.published[len(f.published)-1], len(f.published)
}

func meetingModel(t *testing.T, f *fakeMeeting) Model {
	return newTestModel(t, 120, 40, func(o *Options) { o.Meeting = f; o.Remote = true })
}

func TestPresenterPublishesEveryChange(t *testing.T) {
	f := &fakeMeeting{}
	m := meetingModel(t, f)
	assertContains(t, m.View(), "meeting: nobody presents · press P to present")
	m = press(t, m, "P")
	if f.presents != 1 || !m.meet.presenting {
		t.Fatalf("P: %d Present calls, presenting %v", f.presents, m.meet.presenting)
	}
	if s, n := f.last(); n != 1 || s != m.in.Scenario {
		t.Fatalf("taking the role published %d scenarios", n)
	}
	m = send(t, m, MeetingMsg{Presenting: true, HasPresenter: true, Followers: 3})
	assertContains(t, m.View(), "presenting · 3 following")
	m = press(t, selectControl(t, m, "$/GPU-hour", 1), "l")
	if s, n := f.last(); n != 2 || s != m.in.Scenario || s.Sides[1].USDPerGPUHour != 4.6 {
		t.Errorf("after a slider step: %d published, last B price %v", n, s.Sides[1].USDPerGPUHour)
	}
	m = press(t, m, "p") // a preset is a change too
	if s, n := f.last(); n != 3 || s != m.in.Scenario {
		t.Errorf("after a preset: %d published", n)
	}
	m = press(t, m, "P")
	if f.stops != 1 || m.meet.presenting {
		t.Errorf("second P: %d StopPresenting calls, presenting %v", f.stops, m.meet.presenting)
	}
	m = press(t, m, "l")
	if _, n := f.last(); n != 3 {
		t.Errorf("published after giving the role up (%d)", n)
	}
}

func TestPresentRefusedSaysWhy(t *testing.T) {
	f := &fakeMeeting{presentErr: errors.New("alice is presenting; only one presenter at a time")}
	m := press(t, meetingModel(t, f), "P")
	if m.meet.presenting {
		t.Fatal("presenting after a refusal")
	}
	assertContains(t, m.View(), "cannot present: alice is presenting")
}

func TestFollowerAdoptsAndCannotEdit(t *testing.T) {
	f := &fakeMeeting{}
	m := meetingModel(t, f)
	theirs := model.BuiltinScenarios()[1]
	m = send(t, m, MeetingMsg{HasPresenter: true, Following: true, Followers: 2, HasScenario: true, Scenario: theirs,
		Notice: "alice is presenting"})
	if m.in.Scenario != theirs {
		t.Fatal("the follower did not adopt the presenter's scenario")
	}
	v := m.View()
	assertContains(t, v, "following the presenter · press F to explore")
	assertContains(t, v, "alice is presenting")
	assertContains(t, v, "Llama-3-8B")
	assertContains(t, v, "F explore on your own")
	for _, b := range []string{"l", "L", "r", "p", "enter", "u"} {
		if got := press(t, m, b); got.in.Scenario != theirs || got.entry.active {
			t.Errorf("%q changed a follower's scenario", b)
		}
	}
	if m.keys.Left.Enabled() {
		t.Error("editing keys enabled while following")
	}
	// Looking around is still allowed.
	if got := press(t, m, "down"); got.ctl.sel == m.ctl.sel {
		t.Error("a follower cannot move the selection")
	}

	m = press(t, m, "F")
	if len(f.follows) != 1 || f.follows[0] {
		t.Fatalf("F sent Follow %v", f.follows)
	}
	assertContains(t, m.View(), "exploring on your own · press F to follow")
	m = press(t, selectControl(t, m, "$/GPU-hour", 0), "l")
	if m.in.Scenario == theirs {
		t.Error("an explorer cannot edit")
	}
	m = press(t, m, "F")
	if len(f.follows) != 2 || !f.follows[1] {
		t.Fatalf("second F sent Follow %v", f.follows)
	}
	next := theirs
	next.Utilization = 0.5
	m = send(t, m, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Scenario: next})
	if m.in.Scenario != next {
		t.Error("rejoining did not adopt the presenter's latest scenario")
	}
}

func TestPresenterLeavesFollowersKeepScenario(t *testing.T) {
	m := meetingModel(t, &fakeMeeting{})
	theirs := model.BuiltinScenarios()[2]
	m = send(t, m, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Scenario: theirs})
	m = send(t, m, MeetingMsg{Notice: "the presenter left; you keep the last scenario"})
	if m.in.Scenario != theirs {
		t.Error("the scenario was dropped when the presenter left")
	}
	v := m.View()
	assertContains(t, v, "the presenter left; you keep the last scenario")
	assertContains(t, v, "meeting: nobody presents")
	if !m.keys.Left.Enabled() {
		t.Error("still read-only after the presenter left")
	}
}

func TestNoticeShows(t *testing.T) {
	m := send(t, newTestModel(t, 80, 24), NoticeMsg{Text: "server shutting down"})
	assertContains(t, m.View(), "server shutting down")
}

func TestNoMeetingNoRole(t *testing.T) {
	m := newTestModel(t, 120, 40)
	if strings.Contains(m.View(), "present") || m.keys.PresentToMeeting.Enabled() {
		t.Error("meeting words or keys without a meeting")
	}
	if got := press(t, m, "P"); got.meet.presenting {
		t.Error("P presented without a meeting")
	}
}

// Commands may run in any order; the last Publish is still the newest
// scenario.
func TestPublisherSendsTheLatest(t *testing.T) {
	f := &fakeMeeting{}
	p := &publisher{}
	a, b := model.DefaultScenario(), model.DefaultScenario()
	b.Utilization = 0.5
	p.offer(a)
	p.offer(b)
	p.flush(f) // the command of the second offer runs first
	p.flush(f) // then the first one's: nothing newer to send
	if s, n := f.last(); n != 1 || s != b {
		t.Errorf("published %d, last utilization %v", n, s.Utilization)
	}
}
