// Package scenario reads and writes infercost's scenario files (TOML): the
// table of numeric fields that flags, files and JSON share, errors that
// name the file, line, field and accepted range, and saves that are atomic
// and never overwrite a file infercost did not write.
package scenario
