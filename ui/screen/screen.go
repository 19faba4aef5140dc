// Package screen runs a Bubble Tea v1 program with Bubble Tea's renderer
// off and draws its views cell by cell, so a key press sends only the
// cells it changed and a program at rest costs nothing. It owns the terminal while the program runs (raw mode, the
// alternate screen, cursor, mouse and paste modes, resizes, frame pacing)
// and restores it however the program ends.
package screen

import (
	"errors"
	"fmt"
	"io"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// Options say where a program reads and draws.
type Options struct {
	// Input carries keys and mouse events. A local terminal is put in raw
	// mode while the program runs; over SSH the client's already is.
	Input io.Reader
	// Output takes the frames. A local terminal is also asked for its size
	// (at start and on SIGWINCH); any other output is told its size by
	// sending the program a tea.WindowSizeMsg.
	Output io.Writer
	// Term is the terminal's TERM, which picks the cursor movements the
	// renderer may use.
	Term string
	// CRLF says the output turns "\n" into "\r\n", as wish's emulated
	// PTY does; the renderer then knows a newline also returns the cursor.
	CRLF bool
	// TeaOptions are added to Bubble Tea's (e.g. tea.WithoutSignalHandler).
	TeaOptions []tea.ProgramOption
}

// The terminal modes a program runs in, as Bubble Tea v1 set them up with
// tea.WithAltScreen and tea.WithMouseCellMotion, and how they are undone.
// The reset also ends a synchronized update and a style a cut frame may
// have left open.
const (
	setUp = ansi.SetModeAltScreenSaveCursor + ansi.HideCursor +
		ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr + ansi.SetModeBracketedPaste
	tearDown = ansi.ResetModeSynchronizedOutput + ansi.ResetStyle + ansi.ResetModeBracketedPaste +
		ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr +
		ansi.ResetModeAltScreenSaveCursor + ansi.ShowCursor
)

// Program is a Bubble Tea program drawn by this package.
type Program struct {
	tea    *tea.Program
	opts   Options
	frames *frames

	mu       sync.Mutex // the terminal: held while a frame or the tear-down is written
	painter  *painter
	restored bool
	raw      *term.State // the input terminal's state before raw mode
	failure  error       // the painter's panic, if any
}

// New prepares m to run with o; Run starts it.
func New(m tea.Model, o Options) *Program {
	p := &Program{opts: o, frames: newFrames(), painter: newPainter(o.Term, o.CRLF)}
	opts := append([]tea.ProgramOption{tea.WithoutRenderer(), tea.WithInput(o.Input)}, o.TeaOptions...)
	p.tea = tea.NewProgram(viewModel{inner: m, p: p}, opts...)
	return p
}

// Send hands msg to the program; see tea.Program.Send.
func (p *Program) Send(msg tea.Msg) { p.tea.Send(msg) }

// Quit asks the program to quit; see tea.Program.Quit.
func (p *Program) Quit() { p.tea.Quit() }

// Kill ends the program at once; the terminal is still restored.
func (p *Program) Kill() { p.tea.Kill() }

// Run sets the terminal up, runs the program until it ends and restores
// the terminal, on a quit, an error, a kill or a panic alike. It returns
// the program's final model and Bubble Tea's error, if any.
func (p *Program) Run() (tea.Model, error) {
	if err := p.setUp(); err != nil {
		p.restore()
		return nil, err
	}
	defer p.restore()
	done := make(chan struct{})
	var painting sync.WaitGroup
	painting.Add(1)
	go func() {
		defer painting.Done()
		p.paintLoop(done)
	}()
	if f, ok := p.opts.Output.(term.File); ok && term.IsTerminal(f.Fd()) {
		go p.followSize(f, done)
	}
	m, err := p.tea.Run()
	close(done)
	painting.Wait()
	p.restore()
	if w, ok := m.(viewModel); ok {
		m = w.inner
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return m, errors.Join(err, p.failure)
}

// setUp puts a local input terminal in raw mode and switches modes.
func (p *Program) setUp() error {
	if f, ok := p.opts.Input.(term.File); ok && term.IsTerminal(f.Fd()) {
		st, err := term.MakeRaw(f.Fd())
		if err != nil {
			return fmt.Errorf("entering raw mode: %w", err)
		}
		p.raw = st
	}
	_, err := io.WriteString(p.opts.Output, setUp)
	return err
}

// restore undoes setUp, once; frames after it are dropped.
func (p *Program) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.restored {
		return
	}
	p.restored = true
	_, _ = io.WriteString(p.opts.Output, tearDown)
	if f, ok := p.opts.Input.(term.File); ok && p.raw != nil {
		_ = term.Restore(f.Fd(), p.raw)
	}
}

// sendSize tells the program the local terminal's size.
func (p *Program) sendSize(f term.File) {
	if w, h, err := term.GetSize(f.Fd()); err == nil {
		p.tea.Send(tea.WindowSizeMsg{Width: w, Height: h})
	}
}
