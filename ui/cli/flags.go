package cli

import (
	"errors"
	"fmt"
	"infercost/ui/text"
	"io"
	"strconv"
	"strings"
)

// A small flag parser of our own rather than the standard flag package:
// every error must be one line naming the flag and what it accepts
// ("--utilization 1.5: accepted greater than 0 and at most 1"), flags
// may repeat (--gpu), and which flags were given decides what overrides
// the scenario file. The standard package's wrapped messages ("invalid
// value ... for flag -x") and usage dump on error do neither.

// flagSpec declares one flag.
type flagSpec struct {
	name   string // without dashes
	arg    string // placeholder for the value; "" for a boolean flag
	usage  string
	repeat bool // may be given more than once
}

// flagSet is the parsed command line: the values of each flag given, in
// order.
type flagSet struct {
	values map[string][]string
}

// errHelp is returned when -h or --help is given.
var errHelp = errors.New("help requested")

// usageError is a bad command line; main prints it as one line and exits
// with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// parseFlags reads args against specs. It accepts -name and --name, a
// value as the next argument or after "=", and stops at "--". Positional
// arguments are refused: no command takes any.
func parseFlags(specs []flagSpec, args []string) (flagSet, error) {
	fs := flagSet{values: map[string][]string{}}
	byName := make(map[string]flagSpec, len(specs))
	for _, s := range specs {
		byName[s.name] = s
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if i+1 < len(args) {
				return fs, usagef("unexpected argument %q: this command takes flags only", args[i+1])
			}
			break
		}
		if len(a) < 2 || a[0] != '-' {
			return fs, usagef("unexpected argument %q: this command takes flags only", a)
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			return fs, errHelp
		}
		spec, ok := byName[name]
		if !ok {
			return fs, usagef("unknown flag %s; run with -h for the list", a)
		}
		if spec.arg == "" {
			if hasVal {
				b, err := strconv.ParseBool(val)
				if err != nil {
					return fs, usagef("--%s=%s: accepted true or false", name, val)
				}
				val = strconv.FormatBool(b)
			} else {
				val = "true"
			}
		} else if !hasVal {
			if i+1 >= len(args) || looksLikeFlag(args[i+1]) {
				return fs, usagef("--%s needs a value (%s)", name, spec.arg)
			}
			i++
			val = args[i]
		}
		if !spec.repeat && len(fs.values[name]) > 0 {
			return fs, usagef("--%s given twice (%s and %s): give it once", name, fs.values[name][0], val)
		}
		fs.values[name] = append(fs.values[name], val)
	}
	return fs, nil
}

// has reports whether the flag was given.
func (fs flagSet) has(name string) bool { return len(fs.values[name]) > 0 }

// get returns the flag's last value and whether it was given.
func (fs flagSet) get(name string) (string, bool) {
	v := fs.values[name]
	if len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

// all returns every value of a repeatable flag.
func (fs flagSet) all(name string) []string { return fs.values[name] }

// bool returns a boolean flag's value.
func (fs flagSet) bool(name string) bool {
	v, _ := fs.get(name)
	return v == "true"
}

// writeFlagUsage prints each flag on its own line and its usage below,
// wrapped to fit an 80-column terminal.
func writeFlagUsage(w io.Writer, specs []flagSpec) {
	for _, s := range specs {
		head := "--" + s.name
		if s.arg != "" {
			head += " " + s.arg
		}
		fmt.Fprintf(w, "  %s\n", head)
		for _, para := range strings.Split(s.usage, "\n") {
			for _, line := range text.Wrap(para, textWidth-8) {
				fmt.Fprintf(w, "        %s\n", line)
			}
		}
	}
}

// formatNumber prints a number the shortest way that reads back the same.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// looksLikeFlag tells a following flag ("--gpu", "-h") from a value,
// which may be a negative number ("-5") that the range check refuses.
func looksLikeFlag(a string) bool {
	return strings.HasPrefix(a, "--") || (len(a) > 1 && a[0] == '-' && (a[1] < '0' || a[1] > '9') && a[1] != '.')
}
