package screen

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// record is a program's output, read while it runs.
type record struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *record) Write(b []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(b)
}

func (r *record) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

// screen is what a terminal shows after the output so far.
func (r *record) screen() string {
	em := vt.NewEmulator(40, 10)
	_, _ = em.Write([]byte(r.String()))
	return em.String()
}

// frames counts the frames written so far.
func (r *record) frames() int { return strings.Count(r.String(), ansi.SetModeSynchronizedOutput) }

// counter shows a number; its messages change it, end the program or
// panic in the ways a program can.
type counter struct{ n int }

type (
	bump       struct{}
	same       struct{}
	quit       struct{}
	panicNow   struct{}
	panicView  struct{}
	panicCmd   struct{}
	panicBatch struct{}
)

func (c counter) Init() tea.Cmd { return nil }

func (c counter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	boom := func() tea.Msg { panic("boom in a command") }
	switch msg.(type) {
	case bump:
		c.n++
	case quit:
		return c, tea.Quit
	case panicNow:
		panic("boom in Update")
	case panicView:
		c.n = -1
	case panicCmd:
		return c, boom
	case panicBatch:
		return c, tea.Batch(func() tea.Msg { return nil }, boom)
	}
	return c, nil
}

func (c counter) View() string {
	if c.n < 0 {
		panic("boom in View")
	}
	return fmt.Sprintf("count %d\nsecond line", c.n)
}

// start runs a counter at 40x10 and waits for its first frame.
func start(t *testing.T) (*Program, *record, chan error) {
	t.Helper()
	p, out, done := run(counter{}, 40, 10)
	waitFor(t, func() bool { return strings.Contains(out.screen(), "count 0") })
	return p, out, done
}

// run runs m in a terminal of w x h; done gets Run's error.
func run(m tea.Model, w, h int) (*Program, *record, chan error) {
	out := &record{}
	p := New(m, Options{Output: out, Term: "xterm-256color"})
	done := make(chan error, 1)
	go func() {
		_, err := p.Run()
		done <- err
	}()
	p.Send(tea.WindowSizeMsg{Width: w, Height: h})
	return p, out, done
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !ok(); time.Sleep(time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("timed out")
		}
	}
}

// TestRunRestoresTheTerminal ends a program every way it can end and
// checks it set the terminal up, then left it as it found it, once, with
// nothing drawn after.
// (Bubble Tea prints its panic reports on stdout: the test's output.)
func TestRunRestoresTheTerminal(t *testing.T) {
	for _, tc := range []struct {
		name    string
		end     func(p *Program)
		wantErr error
	}{
		{"quit", func(p *Program) { p.Send(quit{}) }, nil},
		{"kill", func(p *Program) { p.Kill() }, tea.ErrProgramKilled},
		{"panic in Update", func(p *Program) { p.Send(panicNow{}) }, tea.ErrProgramPanic},
		{"panic in View", func(p *Program) { p.Send(panicView{}) }, tea.ErrProgramPanic},
		{"panic in a command", func(p *Program) { p.Send(panicCmd{}) }, tea.ErrProgramPanic},
		{"panic in a batch", func(p *Program) { p.Send(panicBatch{}) }, tea.ErrProgramPanic},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, out, done := start(t)
			tc.end(p)
			select {
			case err := <-done:
				if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
					t.Errorf("Run: %v, want %v", err, tc.wantErr)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return")
			}
			s := out.String()
			if !strings.HasPrefix(s, setUp) || !strings.HasSuffix(s, tearDown) || strings.Count(s, tearDown) != 1 {
				t.Errorf("output %q: want the set-up first and the tear-down once, last", s)
			}
		})
	}
}

// TestPanicRestoresBeforeReport: the tear-down is written before the
// panic reaches Bubble Tea, which prints its report.
func TestPanicRestoresBeforeReport(t *testing.T) {
	out := &record{}
	p := New(counter{}, Options{Output: out})
	defer func() {
		if recover() == nil {
			t.Fatal("the panic was swallowed")
		}
		if !strings.HasSuffix(out.String(), tearDown) {
			t.Errorf("output %q: not restored before the panic went on", out.String())
		}
	}()
	viewModel{inner: counter{}, p: p}.Update(panicNow{})
}

// TestNothingAtRest: a view that does not change writes nothing, and
// nothing is written while nothing happens.
func TestNothingAtRest(t *testing.T) {
	p, out, done := start(t)
	defer func() { p.Kill(); <-done }()
	waitFor(t, func() bool { return out.frames() == 1 })
	n := len(out.String())
	for range 20 {
		p.Send(same{})
	}
	time.Sleep(10 * frameInterval)
	if got := len(out.String()); got != n {
		t.Errorf("%d bytes written at rest: %q", got-n, out.String()[n:])
	}
	p.Send(bump{})
	waitFor(t, func() bool { return strings.Contains(out.screen(), "count 1") })
	if got := out.String()[n:]; strings.Contains(got, "second line") {
		t.Errorf("a one-cell change rewrote the unchanged line: %q", got)
	}
}

// TestFramesPaced: a burst of changes is drawn at most once per
// frameInterval, and its last state is drawn.
func TestFramesPaced(t *testing.T) {
	p, out, done := start(t)
	defer func() { p.Kill(); <-done }()
	began, before := time.Now(), out.frames()
	for range 200 {
		p.Send(bump{})
	}
	waitFor(t, func() bool { return strings.Contains(out.screen(), "count 200") })
	limit := int(time.Since(began)/frameInterval) + 2
	if n := out.frames() - before; n > limit {
		t.Errorf("%d frames for a burst over %v; at most %d", n, time.Since(began), limit)
	}
}

func TestFramesWakeOnlyOnChange(t *testing.T) {
	f := newFrames()
	woken := func() bool {
		select {
		case <-f.wake:
			return true
		default:
			return false
		}
	}
	f.submit("a")
	f.submit("a")
	if !woken() || woken() {
		t.Error("a view wakes the painter once")
	}
	f.submit("a")
	if woken() {
		t.Error("the same view woke the painter")
	}
	f.resize(10, 5)
	if woken() {
		t.Error("a size woke the painter before its view")
	}
	f.submit("a")
	if !woken() {
		t.Error("a new size with the same view did not wake the painter")
	}
}

// sized shows the size it was given.
type sized struct{ w, h int }

func (s sized) Init() tea.Cmd { return nil }

func (s sized) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		s.w, s.h = ws.Width, ws.Height
	}
	if _, ok := msg.(quit); ok {
		return s, tea.Quit
	}
	return s, nil
}

func (s sized) View() string { return fmt.Sprintf("laid out for %dx%d", s.w, s.h) }

// TestHugeTerminalIsBounded: a terminal (or an SSH window-change) claiming
// 65535x65535 is laid out and painted at MaxWidth x MaxHeight, not given
// billions of cells.
func TestHugeTerminalIsBounded(t *testing.T) {
	p, _, done := run(sized{}, 65535, 65535)
	want := fmt.Sprintf("laid out for %dx%d", MaxWidth, MaxHeight)
	waitFor(t, func() bool { view, _, _, _ := p.frames.latest(); return view == want })
	if _, w, h, _ := p.frames.latest(); w != MaxWidth || h != MaxHeight {
		t.Errorf("painting %dx%d, want %dx%d", w, h, MaxWidth, MaxHeight)
	}
	p.Send(quit{})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
