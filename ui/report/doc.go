// Package report lays out a comparison of GPUs for a planning document:
// one row per GPU with the figures, verdicts and break-even, printed as
// Markdown or CSV. `infercost report` and the explorer's copy/export both
// print through it, so pasted tables agree figure for figure.
package report
