package screen

import (
	"fmt"
	"sync"
	"time"
)

// frameInterval paces frames: a burst of views is drawn at most 60 times a
// second, the latest each time.
const frameInterval = time.Second / 60

// frames hands the latest view and terminal size from the program's event
// loop to the painter, and wakes the painter only when either changed.
type frames struct {
	mu         sync.Mutex
	view       string
	w, h       int
	seq, woken uint64 // seq counts changes; woken is the seq last signalled
	wake       chan struct{}
}

func newFrames() *frames { return &frames{wake: make(chan struct{}, 1)} }

// resize records the size the next view is laid out for; the view that
// follows it (Bubble Tea renders after every message) wakes the painter.
func (f *frames) resize(w, h int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if w != f.w || h != f.h {
		f.w, f.h = w, h
		f.seq++
	}
}

// submit records a view and wakes the painter if anything changed.
func (f *frames) submit(view string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if view != f.view {
		f.view = view
		f.seq++
	}
	if f.seq == f.woken {
		return
	}
	f.woken = f.seq
	select {
	case f.wake <- struct{}{}:
	default: // already awake: it reads the latest
	}
}

func (f *frames) latest() (view string, w, h int, seq uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.view, f.w, f.h, f.seq
}

// paintLoop draws each change, no sooner than frameInterval after the last
// frame; between changes it waits without a ticker. A panic here ends the
// program (the terminal is restored by Run).
func (p *Program) paintLoop(done <-chan struct{}) {
	defer func() {
		if r := recover(); r != nil {
			p.mu.Lock()
			p.failure = fmt.Errorf("screen: drawing a frame: %v", r)
			p.mu.Unlock()
			p.tea.Kill()
		}
	}()
	var last time.Time
	var painted uint64
	for {
		select {
		case <-done:
			return
		case <-p.frames.wake:
		}
		if wait := time.Until(last.Add(frameInterval)); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-done:
				t.Stop()
				return
			case <-t.C:
			}
		}
		view, w, h, seq := p.frames.latest()
		if seq == painted || w <= 0 || h <= 0 {
			continue
		}
		p.paint(view, w, h)
		painted, last = seq, time.Now()
	}
}

// paint writes one frame in a single write, unless the terminal has been
// restored. After a failed write the terminal's state is unknown, so the
// next frame is drawn whole.
func (p *Program) paint(view string, w, h int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.restored {
		return
	}
	if b := p.painter.frame(view, w, h); len(b) > 0 {
		if _, err := p.opts.Output.Write(b); err != nil {
			p.painter.erase()
		}
	}
}
