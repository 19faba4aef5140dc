//go:build !unix

package screen

import "github.com/charmbracelet/x/term"

// followSize tells the program the local terminal's size at start (this
// system has no SIGWINCH).
func (p *Program) followSize(f term.File, done <-chan struct{}) { p.sendSize(f) }
