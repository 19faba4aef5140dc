//go:build linux

package e2e

// The terminal side of the end-to-end harness, whatever carries the bytes
// (a pseudo-terminal or an SSH channel): every byte of output goes into a
// terminal emulator, terminal queries are answered as they appear (so no
// start-up ever waits out a query time-out), and timings are taken on the
// reader side.

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
)

// chunkRec is one read from the pty: when it arrived and the running total.
type chunkRec struct {
	at    time.Time
	total int
}

// e2eTerm is the screen a person would look at and the keyboard they type
// on, for one running program.
type e2eTerm struct {
	in     io.Writer  // the program's input
	wmu    sync.Mutex // serialises writes to in (keys and query answers)
	start  time.Time
	silent bool // answer no queries

	mu      sync.Mutex
	term    *vt.Emulator
	changed chan struct{} // closed and replaced after every chunk
	chunks  []chunkRec
	total   int
	raw     []byte    // every byte of output, for breakdowns
	lastAt  time.Time // when the last chunk came
	queries map[string]int
	ready   []string
	readyAt time.Time
	carry   []byte // tail of the previous chunk, for queries split across reads

	readDone chan struct{}
	drained  chan struct{} // the emulator's own replies are no longer read
}

// newTerm starts reading the program's output from out; keys and query
// answers go to in. ready are texts that together mean "the first full
// frame is on the screen"; the reader notes when they all first show.
func newTerm(cols, rows int, out io.Reader, in io.Writer, ready []string, silent bool) *e2eTerm {
	s := &e2eTerm{
		in: in, start: time.Now(), silent: silent,
		term:     vt.NewEmulator(cols, rows),
		changed:  make(chan struct{}),
		queries:  map[string]int{},
		ready:    ready,
		readDone: make(chan struct{}),
		drained:  make(chan struct{}),
	}
	// The emulator answers queries into a pipe of its own; we answer them
	// ourselves, so drain and drop its replies (an unread pipe would block).
	go func() {
		io.Copy(io.Discard, s.term) //nolint:errcheck
		close(s.drained)
	}()
	go s.readLoop(out)
	return s
}

// readLoop copies the program's output into the emulator, answers terminal
// queries as they appear and records when each chunk came.
func (s *e2eTerm) readLoop(r io.Reader) {
	defer close(s.readDone)
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			s.handleChunk(buf[:n], time.Now())
		}
		if err != nil {
			return // EIO (pty) or EOF (ssh) once the program is gone
		}
	}
}

func (s *e2eTerm) handleChunk(b []byte, at time.Time) {
	replies := s.scanQueries(b)
	if len(replies) > 0 && !s.silent {
		s.write(replies) //nolint:errcheck // the program may be gone
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.term.Write(b) //nolint:errcheck // never fails
	s.raw = append(s.raw, b...)
	s.total += len(b)
	s.chunks = append(s.chunks, chunkRec{at: at, total: s.total})
	s.lastAt = at
	if s.readyAt.IsZero() && len(s.ready) > 0 && containsAll(s.screenLocked(), s.ready) {
		s.readyAt = at
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// scanQueries finds queries in b (or straddling the previous chunk) and
// returns the answers in order.
func (s *e2eTerm) scanQueries(b []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return answerQueries(&s.carry, b, s.queries)
}

func (s *e2eTerm) write(b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.in.Write(b)
	return err
}

// Screen returns what the emulator shows, one string per row.
func (s *e2eTerm) Screen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.screenLocked()
}

// ScreenText is Screen joined by newlines, for failure messages.
func (s *e2eTerm) ScreenText() string {
	return strings.Join(s.Screen(), "\n")
}

func (s *e2eTerm) screenLocked() []string {
	rows := make([]string, s.term.Height())
	var b strings.Builder
	for y := range rows {
		b.Reset()
		wide := false
		for x := 0; x < s.term.Width(); x++ {
			c := s.term.CellAt(x, y)
			switch {
			case c == nil || (c.Content == "" && wide):
				// second half of a wide character
			case c.Content == "":
				b.WriteByte(' ')
			default:
				b.WriteString(c.Content)
			}
			wide = c != nil && c.Width > 1
		}
		rows[y] = strings.TrimRight(b.String(), " ")
	}
	return rows
}

func containsAll(rows []string, texts []string) bool {
	screen := strings.Join(rows, "\n")
	for _, t := range texts {
		if !strings.Contains(screen, t) {
			return false
		}
	}
	return true
}

// WaitFor waits until cond holds for the screen, or timeout.
func (s *e2eTerm) WaitFor(timeout time.Duration, cond func(rows []string) bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok, ch := cond(s.screenLocked()), s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-s.readDone:
			return cond(s.Screen())
		case <-deadline.C:
			return false
		}
	}
}

// WaitText waits until every text shows on the screen.
func (s *e2eTerm) WaitText(timeout time.Duration, texts ...string) error {
	if s.WaitFor(timeout, func(rows []string) bool { return containsAll(rows, texts) }) {
		return nil
	}
	return fmt.Errorf("after %v the screen lacks %q:\n%s", timeout, texts, s.ScreenText())
}

// ReadyAfter is the time from spawn to the chunk that put every Ready text
// on the screen (zero if that never happened).
func (s *e2eTerm) ReadyAfter() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readyAt.IsZero() {
		return 0
	}
	return s.readyAt.Sub(s.start)
}

// keyStat is what one key press cost.
type keyStat struct {
	From      int // byte offset of the output where the key's redraw starts
	Bytes     int
	FirstByte time.Duration // key written -> first byte of the redraw (0: no redraw)
	Quiet     time.Duration // key written -> last byte before the output went quiet
}

// Press writes a key and waits until the output has been quiet for gap
// (or limit passed with no output at all).
func (s *e2eTerm) Press(key string, gap, limit time.Duration) (keyStat, error) {
	s.WaitQuiet(gap, limit) // don't charge the previous redraw to this key
	s.mu.Lock()
	from := len(s.chunks)
	s.mu.Unlock()
	t0 := time.Now()
	if err := s.write([]byte(keyBytes(key))); err != nil {
		return keyStat{}, err
	}
	s.waitQuietSince(t0, gap, limit)
	s.mu.Lock()
	defer s.mu.Unlock()
	var st keyStat
	if from > 0 {
		st.From = s.chunks[from-1].total
	}
	if got := s.chunks[from:]; len(got) > 0 {
		st.Bytes = got[len(got)-1].total - st.From
		st.FirstByte = got[0].at.Sub(t0)
		st.Quiet = got[len(got)-1].at.Sub(t0)
	}
	return st, nil
}

// WaitQuiet waits until no output came for gap, at most limit.
func (s *e2eTerm) WaitQuiet(gap, limit time.Duration) {
	s.waitQuietSince(time.Time{}, gap, limit)
}

// waitQuietSince waits until some output came after since and then none
// for gap; with a zero since, only the silence counts. At most limit.
func (s *e2eTerm) waitQuietSince(since time.Time, gap, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		s.mu.Lock()
		last, ch := s.lastAt, s.changed
		s.mu.Unlock()
		if since.IsZero() && last.IsZero() {
			last = s.start
		} else if last.Before(since) {
			last = time.Time{} // nothing since: wait for the first byte
		}
		now := time.Now()
		wait := deadline.Sub(now)
		if !last.IsZero() {
			left := gap - now.Sub(last)
			if left <= 0 {
				return
			}
			wait = min(wait, left)
		}
		if wait <= 0 {
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-ch:
		case <-s.readDone:
		case <-t.C:
		}
		t.Stop()
		select {
		case <-s.readDone:
			return
		default:
		}
	}
}

// AltScreen reports whether the emulator is showing the alternate screen.
func (s *e2eTerm) AltScreen() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.IsAltScreen()
}

// CursorHidden reports whether the program left the cursor hidden.
func (s *e2eTerm) CursorHidden() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.CursorHidden()
}

// Raw is the output from byte offset from on.
func (s *e2eTerm) Raw(from int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.raw[min(from, len(s.raw)):])
}

// Total is how many bytes the program has written so far.
func (s *e2eTerm) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Queries returns how many of each terminal query the program sent.
func (s *e2eTerm) Queries() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.queries)
}

// settle waits for the current frame to be complete: Bubble Tea writes a
// frame at once, so one that arrived in several reads is whole once the
// output pauses. Only reads of the screen wait on it, never an assertion.
func (s *e2eTerm) settle() { s.WaitQuiet(50*time.Millisecond, 2*time.Second) }

// resizeScreen resizes the emulator before the program learns of it, so its
// next frame lands on a screen of the new size.
func (s *e2eTerm) resizeScreen(cols, rows int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.term.Resize(cols, rows)
}

// closeTerm waits for the reader to stop and ends the drain of the
// emulator's replies. (Emulator.Close would race with the drain's Read on
// an unguarded flag inside vt; closing the pipe's writer is safe.)
func (s *e2eTerm) closeTerm() {
	<-s.readDone
	if c, ok := s.term.InputPipe().(io.Closer); ok {
		c.Close()
	}
	<-s.drained
}
