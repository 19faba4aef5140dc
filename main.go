// Command infercost compares GPUs for LLM inference: which GPU, at what
// price, for which workload. With no sub-command it runs the interactive
// explorer; `report` prints the same numbers for scripts; `validate`
// checks the estimator against published measurements; `serve` shares the
// explorer over SSH.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2 // bad flags or arguments
)

// run dispatches to a sub-command and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "report":
			return runReport(args[1:], stdout, stderr)
		case "validate":
			return runValidate(args[1:], stdout, stderr)
		case "serve":
			return runServe(args[1:], stdout, stderr)
		case "help":
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
	}
	return runTUI(args, stdin, stdout, stderr)
}

const usageText = `infercost: which GPU, at what price, for which workload?

Usage:
  infercost [flags]            run the interactive explorer
  infercost report [flags]     print the comparison (--format markdown|json|csv)
  infercost validate [flags]   compare the estimator with published measurements
  infercost serve [flags]      share the explorer over SSH
  infercost help               this text

Run any command with -h for its flags, e.g. infercost report -h.
`
