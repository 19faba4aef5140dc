package scenario

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"

	"infercost/model"
)

// A share string is a whole scenario on one line, for a chat message or
// a ticket: "ic1." then base64url (RFC 4648 section 5, no padding) of a
// CRC-32 (IEEE, big-endian) and the raw DEFLATE (RFC 1951) of a scenario
// file that holds only what differs from the defaults. The CRC covers
// "ic1." and the compressed bytes, so a character changed, dropped or
// added is refused, not read as another scenario. The number after "ic"
// is the format's version; a later one is refused with a word to update.
//
// The compressed text is the scenario file format itself (without its
// version line and comments), so a share string is read by the same
// parser and checks as a file, and carries the same fields: the user's
// GPU specs ([[gpu]], without their source note), the calibrated engine
// ([engine], without its source file), per-GPU utilization, [context],
// latency targets, scheduling and target_tokens_per_day.

// ShareVersion is the share-string format this build writes and reads.
const ShareVersion = 1

// sharePrefix starts every share string, before the version number.
const sharePrefix = "ic"

// MaxShareChars bounds a share string: a scenario with two GPU specs of
// one's own, an engine and a long name stays well under it, and nothing
// longer is decoded.
const MaxShareChars = 2048

// maxShareText bounds the inflated scenario text: a share string cannot
// expand into more than a scenario file could hold.
const maxShareText = 64 << 10

// shareDict is the DEFLATE preset dictionary of format 1: the keys and
// values scenario texts repeat, so that a short text compresses too.
// Part of the format: changing it needs a new ShareVersion.
const shareDict = `[engine]
name="vLLM"
date="2026-
bandwidth_factor=0.
compute_factor=1.
step_overhead_us=
prefill_overhead_ms=
[context]
starting_fresh=true
have_a100_fleet=true
can_use_spot=true
can_afford_h100=true
budget_usd_per_month=
[efficiency]
bandwidth=0.
int8_bandwidth=0.
int4_bandwidth=0.
compute=0.
allreduce_us=
allreduce_per_doubling_us=
memory_reserve=0.
[[gpu]]
id = "
name = "
scale_up_link = "nvlink"
scale_up_link = "pcie"
memory_gb = 
bandwidth_tb_per_s = 
fp16_tflops = 
fp8_tflops = 
link_gb_per_s = 
gpus_per_node = 8
usd_per_gpu_hour = 
compute_efficiency = 0.
network_gbit_per_s = 400.0
scheduling="static"
tpot_target_ms=
ttft_target_ms=
target_tokens_per_day=
gpus_per_replica=
params_b=
name="
model="llama-3-70b"
model="llama-3-8b"
precision="fp8"
kv_precision="fp8"
batch=
input_tokens=
output_tokens=
utilization=0.
[[sides]]
gpu="a100-80gb-sxm"
pinned_tokens_per_second=
usd_per_gpu_hour=
utilization=0.
precision="int8"
[[sides]]
gpu="h100-sxm"
`

// shareFile names a share string in the parser's messages.
const shareFile = "share string"

var shareEncoding = base64.RawURLEncoding.Strict()

// Share encodes s as a share string.
func Share(s model.Scenario) (string, error) {
	text, err := shareText(s)
	if err != nil {
		return "", err
	}
	var z bytes.Buffer
	w, _ := flate.NewWriterDict(&z, flate.BestCompression, []byte(shareDict))
	w.Write([]byte(text))
	w.Close()
	head := sharePrefix + strconv.Itoa(ShareVersion) + "."
	sum := crc32.NewIEEE()
	sum.Write([]byte(head))
	sum.Write(z.Bytes())
	raw := binary.BigEndian.AppendUint32(nil, sum.Sum32())
	out := head + shareEncoding.EncodeToString(append(raw, z.Bytes()...))
	if len(out) > MaxShareChars {
		return "", fmt.Errorf("share string of %d characters: accepted at most %d (a shorter name or fewer GPUs of your own)", len(out), MaxShareChars)
	}
	return out, nil
}

// IsShare reports whether text looks like a share string of any version
// (so an entry can tell one from a typed value).
func IsShare(text string) bool {
	_, _, ok := splitShare(strings.TrimSpace(text))
	return ok
}

// splitShare cuts "ic<N>.<data>" into its version and data.
func splitShare(s string) (int, string, bool) {
	rest, ok := strings.CutPrefix(s, sharePrefix)
	if !ok {
		return 0, "", false
	}
	num, data, ok := strings.Cut(rest, ".")
	if !ok || num == "" || len(num) > 6 || strings.Trim(num, "0123456789") != "" {
		return 0, "", false
	}
	v, err := strconv.Atoi(num)
	return v, data, err == nil
}

// OpenShare decodes a share string. Surrounding spaces are ignored;
// anything else not exactly as Share wrote it is refused with one line
// that says why.
func OpenShare(text string) (model.Scenario, error) {
	s := strings.TrimSpace(text)
	fail := func(format string, args ...any) (model.Scenario, error) {
		return model.Scenario{}, errors.New(oneLine(shareFile + ": " + fmt.Sprintf(format, args...)))
	}
	if len(s) > MaxShareChars {
		return fail("%d characters: accepted at most %d", len(s), MaxShareChars)
	}
	v, data, ok := splitShare(s)
	switch {
	case !ok:
		return fail("not one: accepted text starting %s%d. as infercost report --share prints it", sharePrefix, ShareVersion)
	case v > ShareVersion:
		return fail("format %d is from a newer infercost (this one reads format %d); update infercost", v, ShareVersion)
	case v != ShareVersion:
		return fail("format %d: accepted format %d", v, ShareVersion)
	}
	raw, err := shareEncoding.DecodeString(data)
	if err != nil || len(raw) < 5 {
		return fail("damaged (not base64url after %s%d., or cut short): copy the whole line again", sharePrefix, v)
	}
	sum := crc32.NewIEEE()
	sum.Write([]byte(s[:len(s)-len(data)]))
	sum.Write(raw[4:])
	if binary.BigEndian.Uint32(raw[:4]) != sum.Sum32() {
		return fail("checksum mismatch: a character was changed, dropped or added; copy the whole line again")
	}
	body, err := io.ReadAll(io.LimitReader(flate.NewReaderDict(bytes.NewReader(raw[4:]), []byte(shareDict)), maxShareText+1))
	if err != nil || len(body) > maxShareText {
		return fail("damaged: its contents do not unpack")
	}
	return parseShareText(string(body))
}

// parseShareText reads the scenario text of a share string.
func parseShareText(body string) (model.Scenario, error) {
	sc, err := Parse(shareFile, []byte(fmt.Sprintf("version = %d\n%s", Version, body)))
	if err != nil {
		return model.Scenario{}, err
	}
	if !strings.HasPrefix(body, "name") {
		sc.Name = model.DefaultScenario().Name
	}
	return sc, nil
}

// shareText is the scenario file of s without comments and without what
// the defaults already say: what a share string compresses.
func shareText(s model.Scenario) (string, error) {
	def := model.DefaultScenario()
	var top, sides, tables strings.Builder
	line := func(b *strings.Builder, key, val string) { b.WriteString(key + "=" + val + "\n") }
	if s.Name != def.Name {
		line(&top, "name", tomlString(CleanName(s.Name)))
	}
	base := def // what the parser holds once the text fields are read
	m := s.Model
	if m == "" {
		m = model.CustomModel
	}
	if m != def.Model {
		line(&top, "model", tomlString(m))
		if err := SetString(&base, "model", m); err != nil {
			return "", err
		}
	}
	for _, t := range []struct {
		key      string
		now, def model.Precision
	}{{"precision", s.Weights, def.Weights}, {"kv_precision", s.KV, def.KV}} {
		if t.now != t.def {
			line(&top, t.key, tomlString(string(t.now)))
		}
	}
	if s.Scheduling != "" && s.Scheduling != model.InFlight {
		line(&top, "scheduling", tomlString(string(s.Scheduling)))
	}
	if s.TPOTTargetSeconds > 0 || s.TTFTTargetSeconds > 0 {
		base.Batch = 0 // a target chooses the batch unless one is given
	}
	ctx := s
	if ctx.Context.HaveA100Fleet {
		ctx.Context.Utilization = base.Context.Utilization // the parser takes the fleet's from the A100 side's utilization
	}
	byTable := map[string]*strings.Builder{}
	for _, f := range fields {
		now, was := rawValue(f, &ctx), rawValue(f, &base)
		if now == was {
			continue
		}
		b := &top
		if f.Table != TableTop {
			if byTable[f.Table] == nil {
				byTable[f.Table] = &strings.Builder{}
			}
			b = byTable[f.Table]
		}
		line(b, f.Key, exactNumber(f, now))
	}
	for _, bf := range boolFields {
		if *bf.Of(&s) {
			line(tableBuilder(byTable, TableContext), bf.Key, "true")
		}
	}
	e := s.Efficiency.Engine
	for _, kv := range [][2]string{{"name", e.Name}, {"date", e.Date}, {"gpu", e.GPU}, {"model", e.Model}} {
		if kv[1] != "" {
			line(tableBuilder(byTable, TableEngine), kv[0], tomlString(CleanName(kv[1])))
		}
	}
	if err := shareSides(&sides, s, def); err != nil {
		return "", err
	}
	for _, t := range []string{TableEfficiency, TableEngine, TableContext} {
		if b := byTable[t]; b != nil {
			tables.WriteString("[" + t + "]\n" + b.String())
		}
	}
	return top.String() + sides.String() + tables.String(), nil
}

func tableBuilder(m map[string]*strings.Builder, t string) *strings.Builder {
	if m[t] == nil {
		m[t] = &strings.Builder{}
	}
	return m[t]
}

// shareSides writes both [[sides]] tables, and the [[gpu]] specs they
// use, when either side differs from the default's.
func shareSides(b *strings.Builder, s, def model.Scenario) error {
	same := true
	for i := range s.Sides {
		a, d := s.Sides[i], def.Sides[i]
		same = same && a.Spec == nil && a.GPU == d.GPU && a.USDPerGPUHour == d.USDPerGPUHour &&
			a.PinnedTokensPerSecond == 0 && a.Utilization == 0 && a.Weights == "" && a.KV == ""
	}
	if same {
		return nil
	}
	var specs bytes.Buffer
	var done []string
	for _, sd := range s.Sides {
		b.WriteString("[[sides]]\ngpu=" + tomlString(sd.GPU) + "\n")
		var user []model.GPU
		if sd.Spec != nil {
			user = []model.GPU{*sd.Spec}
			if !containsString(done, sd.Spec.ID) {
				done = append(done, sd.Spec.ID)
				g := *sd.Spec
				g.Source = "" // a note for people; the figures are what count
				marshalGPU(&specs, g)
			}
		}
		fresh, err := SideFor(sd.GPU, user)
		if err != nil {
			return err
		}
		for _, f := range sideFields {
			if v := *f.Of(&sd); v != *f.Of(&fresh) {
				b.WriteString(f.Key + "=" + tomlNumber(f.Field, v) + "\n")
			}
		}
		if sd.Weights != "" {
			b.WriteString("precision=" + tomlString(string(sd.Weights)) + "\n")
		}
		if sd.KV != "" {
			b.WriteString("kv_precision=" + tomlString(string(sd.KV)) + "\n")
		}
	}
	b.WriteString(strings.TrimPrefix(specs.String(), "\n"))
	return nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rawValue is the field's value as the model holds it.
func rawValue(f Field, s *model.Scenario) float64 {
	if f.i != nil {
		return float64(*f.i(s))
	}
	return *f.f(s)
}

// exactNumber writes v (as the model holds it) in the field's file unit
// so that the parser's value x unit gives back v exactly: the value
// rounded to 12 digits when that does, else the quotient or one of its
// neighbours (a 1-ulp difference would change a report's last digit).
func exactNumber(f Field, v float64) string {
	if f.Whole || f.Unit == 0 {
		return tomlNumber(f, v)
	}
	y := v / f.Unit
	r, _ := strconv.ParseFloat(strconv.FormatFloat(y, 'g', 12, 64), 64)
	for _, c := range []float64{r, y, math.Nextafter(y, math.Inf(1)), math.Nextafter(y, math.Inf(-1))} {
		if c*f.Unit == v {
			return tomlNumber(f, c)
		}
	}
	return tomlNumber(f, y)
}
