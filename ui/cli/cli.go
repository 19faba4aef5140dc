// Package cli is infercost's command lines: one flag parser and one usage
// and error style for the explorer, report, validate and serve. Each
// command reads its flags here and hands the work to the packages that
// do it (ui, ui/report, ui/scenario, ui/serve, model/cases).
package cli

import (
	"fmt"
	"io"
)

// Exit codes of every command.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2 // bad flags, arguments or files named by flags
)

// Run dispatches args (without the program name) to a command and returns
// the exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stderr = controlEscaper{stderr}
	if len(args) > 0 {
		switch args[0] {
		case "report":
			return runReport(args[1:], stdout, stderr)
		case "calibrate":
			return runCalibrate(args[1:], stdin, stdout, stderr)
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
  infercost calibrate [flags]  fit the estimator to a benchmark you ran (vLLM)
  infercost serve [flags]      share the explorer over SSH
  infercost help               this text

Run any command with -h for its flags, e.g. infercost report -h.
`
