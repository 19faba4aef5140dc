//go:build unix

package screen

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/x/term"
)

// followSize tells the program the local terminal's size now and after
// every SIGWINCH, until done.
func (p *Program) followSize(f term.File, done <-chan struct{}) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGWINCH)
	defer signal.Stop(ch)
	p.sendSize(f)
	for {
		select {
		case <-done:
			return
		case <-ch:
			p.sendSize(f)
		}
	}
}
