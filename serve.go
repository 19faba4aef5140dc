package main

import (
	"fmt"
	"io"
)

// runServe serves the explorer over SSH. (Placeholder.)
func runServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "infercost serve: not built yet")
	return exitError
}
