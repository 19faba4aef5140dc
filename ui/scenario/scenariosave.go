package scenario

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"infercost/model"
	"infercost/ui/text"
)

// scenarioMarker is on the first line of every scenario file infercost
// writes; a file without it is the user's and is never overwritten
// unless they force it.
const scenarioMarker = "written by infercost"

// scenarioHeader starts every saved scenario file.
const scenarioHeader = `# infercost scenario, ` + scenarioMarker + `. Saving from infercost replaces
# this file; delete this first line to keep infercost from overwriting it.
# TOML (https://toml.io). Keys left out take infercost's defaults.
`

// Save writes s to path atomically. It refuses to replace a
// file infercost did not write unless force is set; on any failure the
// old file is left as it was.
func Save(path string, s model.Scenario, force bool) error {
	data, err := Marshal(s)
	if err != nil {
		return fmt.Errorf("%s not saved: %w", path, err)
	}
	return fileWriter{}.writeOwned(path, data, scenarioMarker, force, nil)
}

// Marshal prints s as a commented scenario file, and checks that
// the file reads back (so nothing unloadable is ever written).
func Marshal(s model.Scenario) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(scenarioHeader)
	fmt.Fprintf(&b, "version = %d\n", Version)
	fmt.Fprintf(&b, "name = %s\n\n", tomlString(CleanName(s.Name)))
	writeComment(&b, fmt.Sprintf("a preset (%s) or %q, sized by params_b", strings.Join(model.ModelIDs(), ", "), model.CustomModel))
	m := s.Model
	if m == "" {
		m = model.CustomModel
	}
	fmt.Fprintf(&b, "model = %s\n", tomlString(m))
	writePrecisions(&b, s)
	for _, f := range fields {
		if f.Table == TableTop {
			writeNumber(&b, f, f.Get(&s))
		}
	}
	for i := range s.Sides {
		b.WriteString("\n[[sides]]\n")
		if i == 0 {
			writeComment(&b, "one [[sides]] table per compared GPU, exactly two; gpu is a catalog id or alias")
		}
		fmt.Fprintf(&b, "gpu = %s\n", tomlString(s.Sides[i].GPU))
		if w := s.Sides[i].Weights; w != "" {
			writeComment(&b, "this side's weight precision, instead of the scenario's")
			fmt.Fprintf(&b, "precision = %s\n", tomlString(string(w)))
		}
		if kv := s.Sides[i].KV; kv != "" {
			writeComment(&b, "this side's KV-cache precision, instead of the scenario's")
			fmt.Fprintf(&b, "kv_precision = %s\n", tomlString(string(kv)))
		}
		for _, f := range sideFields {
			if v := *f.Of(&s.Sides[i]); v != 0 || !f.Shared() {
				writeNumberDoc(&b, f.Field, v, i == 0 || f.Shared())
			}
		}
	}
	writeSpecs(&b, s)
	b.WriteString("\n[efficiency]\n")
	for _, f := range fields {
		if f.Table == TableEfficiency {
			writeNumber(&b, f, f.Get(&s))
		}
	}
	writeEngine(&b, s)
	writeContext(&b, s)
	if _, err := Parse("scenario", b.Bytes()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeSpecs writes the [[gpu]] table of each user GPU a side uses, so
// that the file opens where the user's GPU files are not.
func writeSpecs(b *bytes.Buffer, s model.Scenario) {
	var done []string
	for _, sd := range s.Sides {
		if sd.Spec == nil || slices.Contains(done, sd.Spec.ID) {
			continue
		}
		if len(done) == 0 {
			b.WriteString("\n")
			writeComment(b, "GPUs of your own that the sides use, as in a GPU file (--gpus-file)")
		}
		done = append(done, sd.Spec.ID)
		marshalGPU(b, *sd.Spec)
	}
}

// writeEngine writes the [engine] table of a calibrated engine.
func writeEngine(b *bytes.Buffer, s model.Scenario) {
	if !s.Efficiency.Engine.Calibrated() {
		return
	}
	b.WriteString("\n[engine]\n")
	writeComment(b, "a serving engine calibrated to a benchmark (infercost calibrate): its factors multiply "+
		"[efficiency] and each GPU's catalog compute efficiency, its overheads add to [efficiency]'s; "+
		"flags override either. Delete this table for the default engine.")
	for _, key := range EngineTextKeys {
		if v := *engineText(&s, key); v != "" {
			fmt.Fprintf(b, "%s = %s\n", key, tomlString(CleanName(v)))
		}
	}
	for _, f := range fields {
		if f.Table == TableEngine {
			writeNumber(b, f, f.Get(&s))
		}
	}
}

// writeContext writes the [context] table: the deployment the seed's
// practical recommendation is asked about.
func writeContext(b *bytes.Buffer, s model.Scenario) {
	b.WriteString("\n[context]\n")
	writeComment(b, "the deployment, for the seed's practical recommendation (report --claims, the explorer's s)")
	if s.Context.HaveA100Fleet {
		s.Context.Utilization = s.SideUtilization(s.FleetSide()) // the fleet is the A100 side
	}
	for _, f := range boolFields {
		writeComment(b, f.Help)
		fmt.Fprintf(b, "%s = %t\n", f.Key, *f.Of(&s))
	}
	for _, f := range fields {
		if f.Table == TableContext {
			writeNumber(b, f, f.Get(&s))
		}
	}
}

func writePrecisions(b *bytes.Buffer, s model.Scenario) {
	fmt.Fprintf(b, "# weights: %s\n", JoinPrecisions(model.WeightPrecisions()))
	fmt.Fprintf(b, "precision = %s\n", tomlString(string(s.Weights)))
	fmt.Fprintf(b, "# KV cache: %s\n", JoinPrecisions(model.KVPrecisions()))
	fmt.Fprintf(b, "kv_precision = %s\n", tomlString(string(s.KV)))
	writeComment(b, "scheduling: inflight (continuous batching with chunked prefill, as vLLM, TensorRT-LLM and SGLang serve) or static (a batch prefills, then decodes to the end)")
	sched := s.Scheduling
	if sched == "" {
		sched = model.InFlight
	}
	fmt.Fprintf(b, "scheduling = %s\n", tomlString(string(sched)))
}

// JoinPrecisions lists precisions as a comma-separated line.
func JoinPrecisions(ps []model.Precision) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return strings.Join(out, ", ")
}

func writeNumber(b *bytes.Buffer, f Field, v float64) { writeNumberDoc(b, f, v, true) }

func writeNumberDoc(b *bytes.Buffer, f Field, v float64, doc bool) {
	if doc {
		writeComment(b, f.Doc())
	}
	fmt.Fprintf(b, "%s = %s\n", f.Key, tomlNumber(f, v))
}

// writeComment writes text as comment lines that fit 80 columns.
func writeComment(b *bytes.Buffer, comment string) {
	for _, line := range text.Wrap(comment, commentWidth-2) {
		b.WriteString("# " + line + "\n")
	}
}

// tomlNumber prints a whole field as an integer and any other as a TOML
// float that reads back exactly.
func tomlNumber(f Field, v float64) string {
	if f.Whole {
		return strconv.FormatInt(int64(v), 10)
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// CleanName makes any name savable: one line of printable text, at most
// maxNameRunes long.
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if utf8.RuneCountInString(s) > maxNameRunes {
		s = string([]rune(s)[:maxNameRunes])
	}
	return s
}
