// Package e2e runs the built infercost binary end to end: in a
// pseudo-terminal and over a real SSH connection, pressing keys and
// reading the screen as a person would.
package e2e
