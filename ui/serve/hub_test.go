package serve

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"infercost/model"
	"infercost/ui"

	tea "github.com/charmbracelet/bubbletea"
)

// fakeProgram stands in for a session's tea.Program: it records what the
// hub sends.
type fakeProgram struct {
	msgs chan tea.Msg
}

func newFakeProgram() *fakeProgram { return &fakeProgram{msgs: make(chan tea.Msg, 1024)} }

func (f *fakeProgram) Send(m tea.Msg) { f.msgs <- m }

// waitMeeting reads messages until one satisfies ok; the deadline only
// guards against a broken hub.
func (f *fakeProgram) waitMeeting(t *testing.T, what string, ok func(ui.MeetingMsg) bool) ui.MeetingMsg {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case m := <-f.msgs:
			if mm, is := m.(ui.MeetingMsg); is && ok(mm) {
				return mm
			}
		case <-deadline:
			t.Fatalf("no MeetingMsg with %s", what)
		}
	}
}

// drain returns what arrives until the hub has been quiet for 50 ms.
func (f *fakeProgram) drain() []tea.Msg {
	var out []tea.Msg
	for {
		select {
		case m := <-f.msgs:
			out = append(out, m)
		case <-time.After(50 * time.Millisecond):
			return out
		}
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func joinFake(h *hub, name string) (*seat, *fakeProgram) {
	p := newFakeProgram()
	s := h.newSeat(name, nil, nil)
	h.join(s, p.Send)
	return s, p
}

func shownNamed(name string) ui.Shown {
	sc := model.DefaultScenario()
	sc.Name = name
	return ui.Shown{Scenario: sc, Loaded: sc}
}

func TestHubFollowersSeePresenterScenario(t *testing.T) {
	h := newHub(discardLogger())
	a, pa := joinFake(h, "ada")
	_, pb := joinFake(h, "bob")
	_, pc := joinFake(h, "cy")
	defer h.leave(a)

	if err := a.Present(); err != nil {
		t.Fatal(err)
	}
	pa.waitMeeting(t, "presenting with 2 followers", func(m ui.MeetingMsg) bool { return m.Presenting && m.Followers == 2 })
	for _, p := range []*fakeProgram{pb, pc} {
		m := p.waitMeeting(t, "a presenter", func(m ui.MeetingMsg) bool { return m.HasPresenter })
		if !m.Following || m.Presenting || !strings.Contains(m.Notice, "ada is presenting") {
			t.Errorf("follower state %+v", m)
		}
	}
	a.Publish(shownNamed("v1"))
	for _, p := range []*fakeProgram{pb, pc} {
		p.waitMeeting(t, "scenario v1", func(m ui.MeetingMsg) bool { return m.HasScenario && m.Shown.Scenario.Name == "v1" })
	}
	for _, m := range pa.drain() {
		if mm, ok := m.(ui.MeetingMsg); ok && mm.HasScenario {
			t.Errorf("presenter got its own scenario back: %+v", mm)
		}
	}
}

func TestHubOnlyOnePresenter(t *testing.T) {
	h := newHub(discardLogger())
	a, _ := joinFake(h, "ada")
	b, _ := joinFake(h, "bob")
	if err := a.Present(); err != nil {
		t.Fatal(err)
	}
	err := b.Present()
	if err == nil || !strings.Contains(err.Error(), "ada is presenting") {
		t.Fatalf("second Present: %v, want ada is presenting", err)
	}
	b.Publish(shownNamed("hijack")) // ignored: b does not present
	a.StopPresenting()
	if err := b.Present(); err != nil {
		t.Fatalf("Present after the role was freed: %v", err)
	}
}

func TestHubPresentPolicy(t *testing.T) {
	h := newHub(discardLogger())
	s := h.newSeat("eve", func() error { return errors.New("presenting needs a listed key") }, nil)
	h.join(s, newFakeProgram().Send)
	defer h.leave(s)
	if err := s.Present(); err == nil || !strings.Contains(err.Error(), "listed key") {
		t.Fatalf("Present = %v, want the policy's error", err)
	}
}

func TestHubFollowToggle(t *testing.T) {
	h := newHub(discardLogger())
	a, pa := joinFake(h, "ada")
	b, pb := joinFake(h, "bob")
	if err := a.Present(); err != nil {
		t.Fatal(err)
	}
	a.Publish(shownNamed("v1"))
	pb.waitMeeting(t, "v1", func(m ui.MeetingMsg) bool { return m.HasScenario })

	b.Follow(false)
	pb.waitMeeting(t, "exploring alone", func(m ui.MeetingMsg) bool { return !m.Following && m.HasPresenter })
	pa.waitMeeting(t, "0 followers", func(m ui.MeetingMsg) bool { return m.Presenting && m.Followers == 0 })
	a.Publish(shownNamed("v2"))
	for _, m := range pb.drain() {
		if mm, ok := m.(ui.MeetingMsg); ok && mm.HasScenario {
			t.Fatalf("a session exploring alone got the presenter's scenario: %+v", mm)
		}
	}

	b.Follow(true)
	m := pb.waitMeeting(t, "rejoin", func(m ui.MeetingMsg) bool { return m.Following })
	if !m.HasScenario || m.Shown.Scenario.Name != "v2" {
		t.Fatalf("rejoining got %+v, want the latest scenario v2 at once", m)
	}
	pa.waitMeeting(t, "1 follower", func(m ui.MeetingMsg) bool { return m.Followers == 1 })
}

func TestHubNewSessionStartsFollowing(t *testing.T) {
	h := newHub(discardLogger())
	a, _ := joinFake(h, "ada")
	if err := a.Present(); err != nil {
		t.Fatal(err)
	}
	a.Publish(shownNamed("v1"))
	_, pd := joinFake(h, "dee")
	m := pd.waitMeeting(t, "a presenter", func(m ui.MeetingMsg) bool { return m.HasPresenter })
	if !m.Following || !m.HasScenario || m.Shown.Scenario.Name != "v1" {
		t.Fatalf("late joiner got %+v, want following with v1", m)
	}
}

func TestHubPresenterLeaves(t *testing.T) {
	h := newHub(discardLogger())
	a, _ := joinFake(h, "ada")
	_, pb := joinFake(h, "bob")
	if err := a.Present(); err != nil {
		t.Fatal(err)
	}
	a.Publish(shownNamed("v1"))
	pb.waitMeeting(t, "v1", func(m ui.MeetingMsg) bool { return m.HasScenario })
	h.leave(a)
	m := pb.waitMeeting(t, "presenter gone", func(m ui.MeetingMsg) bool { return !m.HasPresenter })
	if m.Notice != noticePresenterLeft || m.HasScenario || m.Following {
		t.Fatalf("after the presenter left: %+v", m)
	}
	if n := h.size(); n != 1 {
		t.Fatalf("hub holds %d seats, want 1", n)
	}
	a.Publish(shownNamed("ghost")) // a left: ignored, no panic
	if err := a.Present(); err == nil {
		t.Fatal("a seat that left could present")
	}
}

// A follower whose program never reads must not hold up the presenter or
// anyone else, and gets only the latest state once it reads again.
func TestHubSlowFollowerNeverBlocksPresenter(t *testing.T) {
	h := newHub(discardLogger())
	a, _ := joinFake(h, "ada")
	gate := make(chan struct{})
	slow := make(chan tea.Msg, 1024)
	s := h.newSeat("slow", nil, nil)
	h.join(s, func(m tea.Msg) { <-gate; slow <- m })
	_, pb := joinFake(h, "bob")
	if err := a.Present(); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	for i := 1; i <= 1000; i++ {
		a.Publish(shownNamed(fmt.Sprint("v", i)))
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("1000 publishes took %v with a stalled follower", d)
	}
	pb.waitMeeting(t, "v1000", func(m ui.MeetingMsg) bool { return m.Shown.Scenario.Name == "v1000" })

	close(gate)
	var got []string
	deadline := time.After(5 * time.Second)
	for len(got) == 0 || got[len(got)-1] != "v1000" {
		select {
		case m := <-slow:
			if mm, ok := m.(ui.MeetingMsg); ok && mm.HasScenario {
				got = append(got, mm.Shown.Scenario.Name)
			}
		case <-deadline:
			t.Fatalf("slow follower got %v, never v1000", got)
		}
	}
	if len(got) > 3 {
		t.Errorf("slow follower was sent %d scenarios, want the latest only (latest wins)", len(got))
	}
	h.leave(s)
}

func TestHubBroadcastAndLeaveEndGoroutines(t *testing.T) {
	base := runtime.NumGoroutine()
	h := newHub(discardLogger())
	var seats []*seat
	var progs []*fakeProgram
	for i := 0; i < 50; i++ {
		s, p := joinFake(h, fmt.Sprint("s", i))
		seats, progs = append(seats, s), append(progs, p)
	}
	h.broadcast(ui.NoticeMsg{Text: "server shutting down"})
	for _, p := range progs {
		select {
		case m := <-p.msgs:
			if n, ok := m.(ui.NoticeMsg); !ok || n.Text != "server shutting down" {
				t.Fatalf("got %#v", m)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("broadcast not delivered")
		}
	}
	for _, s := range seats {
		h.leave(s)
		h.leave(s) // twice is harmless
	}
	if n := h.size(); n != 0 {
		t.Fatalf("hub holds %d seats after all left", n)
	}
	waitGoroutinesBack(t, base)
}

// Run with -race: joins, leaves, presents, publishes and toggles from
// many goroutines at once.
func TestHubConcurrentUse(t *testing.T) {
	h := newHub(discardLogger())
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				s, _ := joinFake(h, fmt.Sprint("g", i))
				if s.Present() == nil {
					s.Publish(shownNamed(fmt.Sprint(i, "/", j)))
				}
				s.Follow(j%2 == 0)
				s.StopPresenting()
				h.leave(s)
			}
		}()
	}
	wg.Wait()
	if n := h.size(); n != 0 {
		t.Fatalf("hub holds %d seats", n)
	}
}

// waitGoroutinesBack waits until the goroutine count is back to base (plus a
// little slack for the runtime's own).
func waitGoroutinesBack(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= base+2 {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("goroutines: %d, baseline %d\n%s", n, base, buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
