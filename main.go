// Command infercost compares GPUs for LLM inference: which GPU, at what
// price, for which workload. With no sub-command it runs the interactive
// explorer; `report` prints the same numbers for scripts; `validate`
// checks the estimator against published measurements; `serve` shares the
// explorer over SSH. The commands live in infercost/ui/cli.
package main

import (
	"os"

	"infercost/ui/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
