// Package cases holds published measurements of LLM inference on real GPUs,
// each with its public source, and the validation run that compares the
// estimator with them. `infercost validate` prints what Validate returns.
package cases
