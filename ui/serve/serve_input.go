package serve

import (
	"errors"
	"io"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// queryTimeout bounds the wait for the viewer's terminal to answer the
// background-colour query at session start.
const queryTimeout = time.Second

// errQueryTimeout ends a read that waited longer than the query may.
var errQueryTimeout = errors.New("terminal did not answer in time")

// inputPump is the only reader of a session's input. wish's
// MakeRenderer asks the terminal for its background colour and reads the
// answer from the session; its own time-out cannot interrupt a read from
// an SSH channel, so a terminal that never answers would hold the
// session (no first screen) until the viewer types, and that key would
// be lost. Reading through the pump, the query gives up after
// queryTimeout, and whatever arrives later goes to the program, with
// escape sequences cut to maxSeqBytes and bracketed pastes to
// maxPasteBytes.
type inputPump struct {
	data chan []byte     // chunks read from the session; closed at EOF
	done <-chan struct{} // the session ended: readers stop
	err  error           // why data closed; written before close(data)

	mu   sync.Mutex
	rest []byte // unread part of the last chunk
}

// newInputPump starts reading r until it fails or done closes.
func newInputPump(r io.Reader, done <-chan struct{}) *inputPump {
	p := &inputPump{data: make(chan []byte), done: done}
	go p.run(r)
	return p
}

func (p *inputPump) run(r io.Reader) {
	defer close(p.data)
	var seqs seqGuard
	var pastes pasteGuard
	for {
		buf := make([]byte, 4096)
		n, err := r.Read(buf)
		if chunk := pastes.filter(seqs.filter(buf[:n])); len(chunk) > 0 {
			select {
			case p.data <- chunk:
			case <-p.done:
				p.err = io.EOF
				return
			}
		}
		if err != nil {
			p.err = err
			return
		}
	}
}

// read fills b, waiting at most until deadline (zero: no limit).
func (p *inputPump) read(b []byte, deadline time.Time) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.rest) == 0 {
		var timeout <-chan time.Time
		if !deadline.IsZero() {
			t := time.NewTimer(time.Until(deadline))
			defer t.Stop()
			timeout = t.C
		}
		select {
		case chunk, ok := <-p.data:
			if !ok {
				return 0, p.err
			}
			p.rest = chunk
		case <-p.done:
			return 0, io.EOF
		case <-timeout:
			return 0, errQueryTimeout
		}
	}
	n := copy(b, p.rest)
	p.rest = p.rest[n:]
	return n, nil
}

// deadlineReader reads from the pump until a fixed deadline.
type deadlineReader struct {
	p        *inputPump
	deadline time.Time
}

func (r deadlineReader) Read(b []byte) (int, error) { return r.p.read(b, r.deadline) }

// querySession is the session as MakeRenderer sees it: input comes from
// the pump with a deadline; everything else is the session's.
type querySession struct {
	ssh.Session
	in io.Reader
}

func (q querySession) Read(b []byte) (int, error) { return q.in.Read(b) }
