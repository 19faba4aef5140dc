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
	published  []Shown
	follows    []bool
}

func (f *fakeMeeting) Present() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.presents++
	return f.presentErr
}

func (f *fakeMeeting) StopPresenting() { f.mu.Lock(); f.stops++; f.mu.Unlock() }

func (f *fakeMeeting) Publish(s Shown) {
	f.mu.Lock()
	f.published = append(f.published, s)
	f.mu.Unlock()
}

func (f *fakeMeeting) Follow(on bool) { f.mu.Lock(); f.follows = append(f.follows, on); f.mu.Unlock() }

func (f *fakeMeeting) last() (model.Scenario, int) {
	sh, n := f.lastShown()
	return sh.Scenario, n
}

func (f *fakeMeeting) lastShown() (Shown, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.published) == 0 {
		return Shown{}, 0
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
	m = send(t, m, MeetingMsg{HasPresenter: true, Following: true, Followers: 2, HasScenario: true, Shown: Shown{Scenario: theirs, Loaded: theirs},
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
	m = send(t, m, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Shown: Shown{Scenario: next, Loaded: next}})
	if m.in.Scenario != next {
		t.Error("rejoining did not adopt the presenter's latest scenario")
	}
}

func TestPresenterLeavesFollowersKeepScenario(t *testing.T) {
	m := meetingModel(t, &fakeMeeting{})
	theirs := model.BuiltinScenarios()[2]
	m = send(t, m, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Shown: Shown{Scenario: theirs, Loaded: theirs}})
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
	p.offer(Shown{Scenario: a}, false)
	p.offer(Shown{Scenario: b}, false)
	p.flush(f) // the command of the second offer runs first
	p.flush(f) // then the first one's: nothing newer to send
	if s, n := f.last(); n != 1 || s != b {
		t.Errorf("published %d, last utilization %v", n, s.Utilization)
	}
}

// firstLine is the view's title line.
func firstLine(v string) string { return strings.SplitN(v, "\n", 2)[0] }

// TestFollowersFollowTheChart: the presenter's c is published, and a
// follower shows the chart the presenter shows (README: followers see
// every chart change live). A follower may press c to look at another
// chart; the presenter's other changes leave that be, the presenter's
// next chart change brings it back in step.
func TestFollowersFollowTheChart(t *testing.T) {
	f := &fakeMeeting{}
	pres := press(t, meetingModel(t, f), "P", "c")
	sh, _ := f.lastShown()
	if pres.chart0 == 0 || sh.Chart != pres.chart0 {
		t.Fatalf("after c the presenter shows chart %d, published %d", pres.chart0, sh.Chart)
	}
	presTitles := "tok/s/GPU vs ms/tok" // the throughput chart, by its short title at 120x40
	assertContains(t, pres.View(), presTitles)

	fol := meetingModel(t, &fakeMeeting{})
	fol = send(t, fol, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Shown: sh})
	if fol.chart0 != pres.chart0 {
		t.Fatalf("the follower shows chart %d, the presenter %d", fol.chart0, pres.chart0)
	}
	assertContains(t, fol.View(), presTitles)

	fol = press(t, fol, "c") // looks at another chart alone
	own := fol.chart0
	moved := sh
	moved.Scenario.Utilization = 0.5
	fol = send(t, fol, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Shown: moved})
	if fol.chart0 != own || fol.in.Scenario != moved.Scenario {
		t.Errorf("a presenter's slider step moved the follower's own chart choice (%d, want %d) or was not adopted", fol.chart0, own)
	}
	pres = press(t, pres, "c")
	sh, _ = f.lastShown()
	fol = send(t, fol, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Shown: sh})
	if fol.chart0 != pres.chart0 {
		t.Errorf("the presenter's next chart change did not reach the follower: %d, want %d", fol.chart0, pres.chart0)
	}
}

// TestFollowerHeaderIsThePresenters: a follower's title says
// "(modified)" and the preset number when the presenter's does.
func TestFollowerHeaderIsThePresenters(t *testing.T) {
	f := &fakeMeeting{}
	pres := press(t, meetingModel(t, f), "P", "p", "p") // the chat preset
	pres = press(t, selectControl(t, pres, "$/GPU-hour", 1), "l")
	presTitle := firstLine(pres.View())
	if !strings.Contains(presTitle, "(modified)") || !strings.HasSuffix(presTitle, "ssh · preset 2/6") {
		t.Fatalf("presenter's title %q", presTitle)
	}
	sh, _ := f.lastShown()
	fol := send(t, meetingModel(t, &fakeMeeting{}), MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Shown: sh})
	if got := firstLine(fol.View()); got != presTitle {
		t.Errorf("follower's title\n%q\npresenter's\n%q", got, presTitle)
	}
}

// TestTitleKeepsModifiedAndTags: an SSH session's tags never end in a
// bare separator, and at 80x24 a long name gives way to "(modified)" and
// the tags, which say what the figures are.
func TestTitleKeepsModifiedAndTags(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		m := newTestModel(t, sz[0], sz[1], func(o *Options) { o.Remote = true })
		if title := strings.TrimRight(firstLine(m.View()), " "); strings.HasSuffix(title, "·") || !strings.HasSuffix(title, "ssh") {
			t.Errorf("%dx%d: title %q", sz[0], sz[1], title)
		}
	}
	m := press(t, newTestModel(t, 80, 24, func(o *Options) { o.Remote = true }), "p", "p")
	m = press(t, selectControl(t, m, "$/GPU-hour", 1), "l")
	if title := firstLine(m.View()); !strings.Contains(title, "(modified)") || !strings.HasSuffix(title, "ssh · preset 2/6") {
		t.Errorf("80x24 title %q", title)
	}
}

// TestPresenterLeftNoteAt80x24: when the presenter leaves, the follower
// is told it keeps the last scenario, at 80x24 as at 120x40, with how to
// present.
func TestPresenterLeftNoteAt80x24(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		m := newTestModel(t, sz[0], sz[1], func(o *Options) { o.Meeting = &fakeMeeting{}; o.Remote = true })
		theirs := model.BuiltinScenarios()[2]
		m = send(t, m, MeetingMsg{HasPresenter: true, Following: true, HasScenario: true, Shown: Shown{Scenario: theirs, Loaded: theirs}})
		m = send(t, m, MeetingMsg{Notice: "presenter left; you keep the last scenario"})
		status := strings.Split(m.View(), "\n")[1]
		for _, w := range []string{"presenter left; you keep the last scenario", "P"} {
			if !strings.Contains(status, w) {
				t.Errorf("%dx%d: status line %q lacks %q", sz[0], sz[1], status, w)
			}
		}
		if !strings.Contains(status, "present") {
			t.Errorf("%dx%d: status line %q does not say how to present", sz[0], sz[1], status)
		}
	}
}

// TestKeyAnswerBesideRoleAt80x24: over SSH at 80x24 the answer to a key
// ($ names the price it set) is shown beside a shortened meeting role,
// not dropped for the role.
func TestKeyAnswerBesideRoleAt80x24(t *testing.T) {
	m := newTestModel(t, 80, 24, func(o *Options) { o.Meeting = &fakeMeeting{}; o.Remote = true })
	m = press(t, selectControl(t, m, "$/GPU-hour", 0), "$")
	status := strings.Split(m.View(), "\n")[1]
	for _, w := range []string{"CoreWeave, 2024-02", "P presents"} {
		if !strings.Contains(status, w) {
			t.Errorf("status line %q lacks %q", status, w)
		}
	}
	// An answer too long even beside the short role is shown whole, alone.
	for _, q := range model.PriceQuotes("a100")[1:] {
		status := strings.Split(m.View(), "\n")[1]
		if !strings.Contains(status, q.Source()) || strings.Contains(status, "…") {
			t.Errorf("after $ to %s the status line reads %q", q.ID, status)
		}
		m = press(t, m, "$")
	}
}

// A notice and a key's answer too long together keep the role and the
// notice: the answer goes, not the role for nothing.
func TestNoticeKeepsRoleWhenAnswerCannotFit(t *testing.T) {
	m := newTestModel(t, 80, 24, func(o *Options) { o.Meeting = &fakeMeeting{}; o.Remote = true })
	m = send(t, m, MeetingMsg{Notice: "presenter left; you keep the last scenario"})
	m.status = strings.Repeat("a long answer ", 5)
	m = m.finish()
	status := strings.Split(m.View(), "\n")[1]
	for _, w := range []string{"presenter left; you keep the last scenario", "P"} {
		if !strings.Contains(status, w) {
			t.Errorf("status line %q lacks %q", status, w)
		}
	}
}
