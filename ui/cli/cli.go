// Package cli is infercost's command lines: one flag parser and one usage
// and error style for the explorer, report, validate and serve. Each
// command reads its flags here and hands the work to the packages that
// do it (ui, ui/report, ui/scenario, ui/serve, model/cases).
package cli

import (
	"fmt"
	"io"
	"strings"
)

// Exit codes of every command.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2 // bad flags, arguments or files named by flags
)

// command is one sub-command: its name, its arguments and one line of
// what it does, as the usage lists it, and how it runs.
type command struct {
	name, args, summary string
	run                 func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is every sub-command, in the order the usage lists them. Run,
// the usage and the unknown-command error all read it, so they cannot
// disagree.
func commands() []command {
	return []command{
		{"report", "[flags]", "print the comparison (--format markdown|json|csv)",
			func(a []string, _ io.Reader, o, e io.Writer) int { return runReport(a, o, e) }},
		{"validate", "[flags]", "compare the estimator with published measurements",
			func(a []string, _ io.Reader, o, e io.Writer) int { return runValidate(a, o, e) }},
		{"calibrate", "[flags]", "fit the estimator to a benchmark you ran (vLLM)", runCalibrate},
		{"serve", "[flags]", "share the explorer over SSH",
			func(a []string, _ io.Reader, o, e io.Writer) int { return runServe(a, o, e) }},
		{"help", "", "this text",
			func(_ []string, _ io.Reader, o, _ io.Writer) int { fmt.Fprint(o, usageText()); return exitOK }},
	}
}

// commandNames lists the sub-commands: "report, validate, ..., help".
func commandNames() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

// Run dispatches args (without the program name) to a command and returns
// the exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stderr = controlEscaper{stderr}
	if len(args) > 0 {
		for _, c := range commands() {
			if c.name == args[0] {
				return c.run(args[1:], stdin, stdout, stderr)
			}
		}
	}
	return runTUI(args, stdin, stdout, stderr)
}

// usageText is the program's usage: the explorer, then each command.
func usageText() string {
	var b strings.Builder
	b.WriteString("infercost: which GPU, at what price, for which workload?\n\nUsage:\n")
	line := func(use, summary string) { fmt.Fprintf(&b, "  %-27s  %s\n", use, summary) }
	line("infercost [flags]", "run the interactive explorer")
	for _, c := range commands() {
		line(strings.TrimSpace("infercost "+c.name+" "+c.args), c.summary)
	}
	b.WriteString("\nRun any command with -h for its flags, e.g. infercost report -h.\n")
	return b.String()
}
