package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"infercost/model"
)

// Scenario files are TOML (github.com/BurntSushi/toml): comments,
// snake_case keys, one [[sides]] table per compared GPU and an
// [efficiency] table. `version = 1` is required so that a later format
// can be told apart. Every key is optional except version; missing keys
// keep model.DefaultScenario()'s values.

// Version is the file format this build reads and writes.
const Version = 1

// maxScenarioBytes bounds a scenario file: it is a dozen lines, so
// anything larger is the wrong file.
const maxScenarioBytes = 1 << 20

// maxNameRunes bounds a scenario's name (it is shown on one line).
const maxNameRunes = 200

// scenarioError is a scenario file that cannot be used. Its message
// names the file, the line when known, the field and what is accepted.
type scenarioError struct {
	file  string
	line  int
	field string
	msg   string
}

func (e *scenarioError) Error() string {
	loc := e.file
	if e.line > 0 {
		loc = fmt.Sprintf("%s:%d", e.file, e.line)
	}
	if e.field == "" {
		return oneLine(loc + ": " + e.msg)
	}
	return oneLine(loc + ": " + e.field + ": " + e.msg)
}

// oneLine escapes control characters, which the parser's messages and
// quoted keys may carry from the file: the message stays one line and
// cannot drive the terminal.
func oneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Load reads and checks a scenario file.
func Load(path string) (model.Scenario, error) {
	s, _, err := load(path)
	return s, err
}

// load reads and parses path, returning the bytes it parsed too.
func load(path string) (model.Scenario, []byte, error) {
	// Stat before opening: opening a FIFO blocks until a writer comes,
	// and a device may never end.
	if fi, err := os.Stat(path); err != nil {
		return model.Scenario{}, nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	} else if !fi.Mode().IsRegular() {
		return model.Scenario{}, nil, fmt.Errorf("%s: %s, not a regular file; accepted a scenario file (.toml)", path, fileKind(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return model.Scenario{}, nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxScenarioBytes+1))
	if err != nil {
		return model.Scenario{}, nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	sc, err := Parse(path, data)
	return sc, data, err
}

// fileKind names what a non-regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// unwrapPathError drops the path an *os.PathError repeats.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// Parse checks data, the contents of file, and builds the
// scenario it describes. It never returns a partly applied scenario.
func Parse(file string, data []byte) (model.Scenario, error) {
	p := scenarioParser{file: file}
	if err := p.checkBytes(data); err != nil {
		return model.Scenario{}, err
	}
	p.src = string(bytes.TrimPrefix(data, []byte("\uFEFF")))
	var doc map[string]any
	md, err := toml.Decode(p.src, &doc)
	if err != nil {
		return model.Scenario{}, p.syntaxError(err)
	}
	if err := p.checkKeys(md.Keys()); err != nil {
		return model.Scenario{}, err
	}
	return p.build(doc)
}

// scenarioParser carries one file's name and text for error messages.
type scenarioParser struct {
	file string
	src  string
	// gpus are the scenario's own [[gpu]] tables: the specs of the
	// user's GPUs its sides use.
	gpus []model.GPU
}

func (p *scenarioParser) fail(line int, field, format string, args ...any) error {
	return &scenarioError{file: p.file, line: line, field: field, msg: fmt.Sprintf(format, args...)}
}

// checkBytes refuses what is not a small text file before the TOML
// parser sees it, with a plainer message than the parser's.
func (p *scenarioParser) checkBytes(data []byte) error {
	switch {
	case len(data) > maxScenarioBytes:
		return p.fail(0, "", "larger than %d KiB; a scenario file is a few lines of TOML", maxScenarioBytes>>10)
	case len(bytes.TrimSpace(data)) == 0:
		return p.fail(0, "", "empty file; a scenario file needs at least version = %d", Version)
	}
	bad := bytes.IndexByte(data, 0)
	if !utf8.Valid(data) {
		if i := invalidUTF8At(data); bad < 0 || i < bad {
			bad = i
		}
	}
	if bad >= 0 {
		line := 1 + bytes.Count(data[:bad], []byte("\n"))
		return p.fail(line, "", "binary data (byte %d is not UTF-8 text); a scenario file is TOML text", bad)
	}
	return nil
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// syntaxError turns the TOML parser's error into one line with the file
// and line.
func (p *scenarioParser) syntaxError(err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return p.fail(0, "", "%s", strings.TrimPrefix(err.Error(), "toml: "))
	}
	msg := strings.TrimSuffix(pe.Message, ".")
	msg = strings.Replace(msg, "has already been defined", "is given twice; each key and table may appear once", 1)
	if strings.Contains(msg, "out of range") {
		if f, ok := fieldForKey(pe.LastKey); ok {
			msg = pe.LastKey + ": " + msg + "; accepted " + f.Accepted()
		}
	}
	if strings.Contains(msg, "unexpected EOF") {
		msg += " (the file ends early: truncated?)"
	}
	line := pe.Position.Line
	if strings.HasSuffix(msg, `got '\n' instead`) && line > 1 {
		line-- // the lexer has already stepped past the line at fault
	}
	return p.fail(line, "", "%s", msg)
}

// fieldForKey finds the numeric field a dotted key names.
func fieldForKey(key string) (Field, bool) {
	for _, f := range fields {
		if f.Path() == key {
			return f, true
		}
	}
	for _, f := range sideFields {
		if TableSides+"."+f.Key == key {
			return f.Field, true
		}
	}
	return Field{}, false
}

// checkKeys reports the first key this version does not know, with the
// keys its table accepts. (toml's MetaData.Keys lists every key of the
// document in order, including those inside arrays of tables.)
func (p *scenarioParser) checkKeys(keys []toml.Key) error {
	for _, k := range keys {
		table, key := TableTop, k[0]
		if len(k) >= 2 {
			table, key = k[0], strings.Join(k[1:], ".")
		}
		if len(k) == 1 && (key == TableSides || key == TableEfficiency || key == TableGPU || key == TableEngine || key == TableContext) {
			continue
		}
		known := knownKeys(table)
		if known == nil && len(k) >= 2 {
			table, key = TableTop, k.String()
			known = knownKeys(TableTop)
		}
		if !slices.Contains(known, key) {
			where := "at the top level"
			if table != TableTop {
				where = "in [" + table + "]"
			}
			return p.fail(lineOf(p.src, table, -1, key), k.String(),
				"unknown field %s; accepted %s", where, strings.Join(known, ", "))
		}
	}
	return nil
}

// knownKeys lists the keys a table accepts; nil for an unknown table.
func knownKeys(table string) []string {
	var keys []string
	switch table {
	case TableTop:
		keys = []string{"version", "name", "model", "precision", "kv_precision", "scheduling"}
	case TableSides:
		keys = []string{"gpu", "precision", "kv_precision"}
		for _, f := range sideFields {
			keys = append(keys, f.Key)
		}
		return keys
	case TableGPU:
		return gpuKeys()
	case TableEfficiency:
	case TableEngine:
		keys = append(keys, EngineTextKeys...)
	case TableContext:
		for _, f := range boolFields {
			keys = append(keys, f.Key)
		}
	default:
		return nil
	}
	for _, f := range fields {
		if f.Table == table {
			keys = append(keys, f.Key)
		}
	}
	if table == TableTop {
		keys = append(keys, TableSides, TableEfficiency, TableGPU, TableEngine, TableContext)
	}
	return keys
}

// build applies the decoded document to the defaults and checks the
// result as the estimator will use it.
func (p *scenarioParser) build(doc map[string]any) (model.Scenario, error) {
	s := model.DefaultScenario()
	s.Name = strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	if err := p.version(doc); err != nil {
		return model.Scenario{}, err
	}
	steps := []func(map[string]any, *model.Scenario) error{p.strings, p.numbers, p.specs, p.sides, p.context, p.engineText}
	for _, step := range steps {
		if err := step(doc, &s); err != nil {
			return model.Scenario{}, err
		}
	}
	if _, batchGiven := doc["batch"]; !batchGiven && (s.TPOTTargetSeconds > 0 || s.TTFTTargetSeconds > 0) {
		s.Batch = 0 // a latency target chooses the batch
	}
	for i := range s.Sides {
		_, w, err := s.Workload(i)
		if err == nil {
			err = w.Validate()
		}
		if err != nil {
			return model.Scenario{}, p.fail(0, "", "%v", err)
		}
	}
	return s, nil
}

// specs reads the scenario's [[gpu]] tables, for its sides to use.
func (p *scenarioParser) specs(doc map[string]any, _ *model.Scenario) error {
	var err error
	p.gpus, err = p.readGPUs(doc, nil)
	return err
}

func (p *scenarioParser) version(doc map[string]any) error {
	v, ok := doc["version"]
	if !ok {
		return p.fail(0, "version", "missing; accepted version = %d as the first line", Version)
	}
	if n, isInt := v.(int64); !isInt || n != Version {
		return p.fail(lineOf(p.src, TableTop, 0, "version"), "version",
			"%s: accepted %d (this infercost reads version %d files)", show(v), Version, Version)
	}
	return nil
}

// strings reads name, model, precision, kv_precision and scheduling.
func (p *scenarioParser) strings(doc map[string]any, s *model.Scenario) error {
	for _, key := range []string{"name", "model", "precision", "kv_precision", "scheduling"} {
		raw, ok := doc[key]
		if !ok {
			continue
		}
		line := lineOf(p.src, TableTop, 0, key)
		str, isStr := raw.(string)
		if !isStr {
			return p.fail(line, key, "%s is not a string; accepted text in quotes", show(raw))
		}
		if err := SetString(s, key, str); err != nil {
			return p.fail(line, key, "%v", err)
		}
	}
	return nil
}

// SetString sets the text field key (name, model, precision, kv_precision,
// scheduling)
// of s from v, as a scenario file or a flag gives it; the error says why v
// is refused.
func SetString(s *model.Scenario, key, v string) error {
	switch key {
	case "name":
		s.Name = v
		return checkName(v)
	case "model":
		id, err := canonicalModel(v)
		s.Model = id
		if a, aerr := model.LookupModel(id); err == nil && aerr == nil {
			s.ParamsB = a.Billions() // a preset's own size, as files and JSON say
		}
		return err
	case "precision":
		p, err := model.ParsePrecision(v)
		s.Weights = p
		return err
	case "kv_precision":
		p, err := model.ParseKVPrecision(v)
		s.KV = p
		return err
	case "scheduling":
		p, err := model.ParseScheduling(v)
		if p == model.InFlight {
			p = "" // the default, as DefaultScenario holds it
		}
		s.Scheduling = p
		return err
	}
	return fmt.Errorf("unknown field")
}

func checkName(v string) error {
	if n := utf8.RuneCountInString(v); n > maxNameRunes {
		return fmt.Errorf("%d characters; accepted at most %d", n, maxNameRunes)
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return fmt.Errorf("contains a control character (%U); accepted printable text on one line", r)
		}
	}
	return nil
}

// canonicalModel returns "custom" or the preset's id.
func canonicalModel(v string) (string, error) {
	if strings.EqualFold(strings.TrimSpace(v), model.CustomModel) {
		return model.CustomModel, nil
	}
	a, err := model.LookupModel(v)
	if err != nil {
		return "", fmt.Errorf("%v, or %q (sized by params_b, --params)", err, model.CustomModel)
	}
	return a.ID, nil
}
