package main

import (
	"fmt"
	"io"
)

// runReport prints the comparison. (Placeholder.)
func runReport(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "infercost report: not built yet")
	return exitError
}

// runValidate prints the calibration table. (Placeholder.)
func runValidate(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "infercost validate: not built yet")
	return exitError
}
