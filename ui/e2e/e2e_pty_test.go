//go:build linux

package e2e

// Running the real binary in a pseudo-terminal for the end-to-end tests.

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/creack/pty"
)

// ptyOptions describes one run.
type ptyOptions struct {
	Args       []string
	Cols, Rows int
	// Ready are texts that together mean "the first full frame is on the
	// screen" (see ReadyAfter).
	Ready []string
	// Env is added to a cleaned environment (TERM=xterm-256color, a private
	// HOME, no colour overrides inherited from the caller).
	Env []string
	// Silent answers no terminal queries (to show what a time-out costs).
	Silent bool
}

// ptySession is one run of the binary in a pseudo-terminal.
type ptySession struct {
	*e2eTerm
	cmd  *exec.Cmd
	ptmx *os.File // our side
	tty  *os.File // the program's side, kept open to read termios at exit

	waitDone chan struct{}
	waitErr  error

	cooked    bool // the terminal was back in line mode with echo at exit
	cookedErr error
}

// startPTY runs bin in a new pseudo-terminal of the given size.
func startPTY(bin string, o ptyOptions) (*ptySession, error) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		return nil, err
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(o.Cols), Rows: uint16(o.Rows)}); err != nil {
		ptmx.Close()
		tty.Close()
		return nil, err
	}
	s := &ptySession{ptmx: ptmx, tty: tty, waitDone: make(chan struct{})}
	s.cmd = exec.Command(bin, o.Args...)
	s.cmd.Env = e2eEnv(o.Env)
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = tty, tty, tty
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	s.e2eTerm = newTerm(o.Cols, o.Rows, ptmx, ptmx, o.Ready, o.Silent)
	if err := s.cmd.Start(); err != nil {
		ptmx.Close()
		tty.Close()
		s.closeTerm()
		return nil, err
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.waitDone)
	}()
	return s, nil
}

// e2eEnv is the caller's environment minus what changes how a program
// draws, plus a private HOME so no user's saved scenarios leak in.
func e2eEnv(extra []string) []string {
	drop := []string{"TERM=", "COLORTERM=", "NO_COLOR=", "CLICOLOR", "TMUX", "TERM_PROGRAM",
		"LINES=", "COLUMNS=", "SSH_", "HOME=", "XDG_CONFIG_HOME=", "XDG_DATA_HOME=", "XDG_STATE_HOME="}
	var env []string
next:
	for _, kv := range os.Environ() {
		for _, d := range drop {
			if strings.HasPrefix(kv, d) {
				continue next
			}
		}
		env = append(env, kv)
	}
	home := e2eHome()
	env = append(env, "TERM=xterm-256color", "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config",
		"XDG_DATA_HOME="+home+"/.local/share", "XDG_STATE_HOME="+home+"/.local/state")
	return append(env, extra...)
}

// Exit waits for the program to end and its last output to be read.
// It returns the exit code (-1 if killed or still running at timeout).
func (s *ptySession) Exit(timeout time.Duration) (int, error) {
	select {
	case <-s.waitDone:
	case <-time.After(timeout):
		return -1, errors.New("program still running after " + timeout.String())
	}
	s.cooked, s.cookedErr = s.readCooked()
	s.tty.Close() // now the master reads EIO once the last output is in
	select {
	case <-s.readDone:
	case <-time.After(2 * time.Second):
	}
	var ee *exec.ExitError
	if errors.As(s.waitErr, &ee) {
		return ee.ExitCode(), nil
	}
	return 0, s.waitErr
}

// Cooked reports whether the program, when it exited, had put the terminal
// back in line mode with echo (valid after Exit).
func (s *ptySession) Cooked() (bool, error) { return s.cooked, s.cookedErr }

// Resize changes the terminal's size; the kernel tells the program
// (SIGWINCH).
func (s *ptySession) Resize(cols, rows int) error {
	s.resizeScreen(cols, rows)
	return pty.Setsize(s.ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
}

// Close kills the program if it still runs and releases the pty.
func (s *ptySession) Close() {
	select {
	case <-s.waitDone:
	default:
		s.cmd.Process.Kill() //nolint:errcheck
		<-s.waitDone
	}
	s.tty.Close()
	s.ptmx.Close()
	s.closeTerm()
}
