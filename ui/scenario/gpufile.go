package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"infercost/model"
)

// GPU files are TOML too: one [[gpu]] table per GPU of your own (a new
// part, a reserved-instance price, a cloud's own SKU). A scenario file
// that uses one carries the same [[gpu]] table, so it opens on a machine
// without the GPU file.

// TableGPU is the array of tables a GPU file (and a scenario file that
// uses one of them) declares GPUs in.
const TableGPU = "gpu"

// Defaults of a GPU file's optional fields.
const (
	// DefaultGPUComputeEfficiency is the fraction of dense peak reached
	// in compute-bound work when a GPU file does not say: Hopper's
	// calibrated 16-bit figure (see the catalog).
	DefaultGPUComputeEfficiency = 0.55
	// DefaultGPUNetworkGbps is the inter-node network per GPU, one
	// direction: one 400 Gb/s InfiniBand NDR port per GPU, as in a DGX
	// H100.
	DefaultGPUNetworkGbps = 400
	// maxGPUFileBytes and maxUserGPUs bound what GPU files bring.
	maxGPUFileBytes = 1 << 20
	maxUserGPUs     = 100
)

// gpuField is one numeric key of a [[gpu]] table, in the file's unit.
type gpuField struct {
	Field
	required bool
	set      func(g *model.GPU, v float64)
}

// gpuFields lists a [[gpu]] table's numeric keys in file order.
var gpuFields = [...]gpuField{
	{Field{Key: "memory_gb", Lo: 0, LoOpen: true, Hi: 10000, Help: "on-board memory, GB (decimal)"}, true,
		func(g *model.GPU, v float64) { g.MemoryBytes = v * 1e9 }},
	{Field{Key: "bandwidth_tb_per_s", Lo: 0, LoOpen: true, Hi: 100, Help: "memory bandwidth, TB/s (decimal)"}, true,
		func(g *model.GPU, v float64) { g.BandwidthBytesPerSecond = v * 1e12 }},
	{Field{Key: "fp16_tflops", Lo: 0, LoOpen: true, Hi: 1e5, Help: "dense FP16/BF16 tensor TFLOPS (not the 2x sparse figure)"}, true,
		func(g *model.GPU, v float64) { g.FP16FLOPS = v * 1e12 }},
	{Field{Key: "fp8_tflops", Lo: 0, LoOpen: true, Hi: 1e5, Zero: "no FP8", Help: "dense FP8 tensor TFLOPS; 0 or absent = no FP8 tensor cores"}, false,
		func(g *model.GPU, v float64) { g.FP8FLOPS = v * 1e12 }},
	{Field{Key: "link_gb_per_s", Lo: 0, LoOpen: true, Hi: 1e5, Help: "GPU-to-GPU link per GPU within a node, GB/s, both directions as datasheets quote it (H100 NVLink 900)"}, true,
		func(g *model.GPU, v float64) { g.LinkBytesPerSecond = v * 1e9 }},
	{Field{Key: "gpus_per_node", Whole: true, Lo: 1, Hi: 1024, Help: "GPUs one node joins with that link; wider replicas use the network"}, true,
		func(g *model.GPU, v float64) { g.GPUsPerNode = int(v) }},
	{Field{Key: "usd_per_gpu_hour", Lo: 0, Hi: model.MaxPriceUSDPerHour, Help: "price of one GPU-hour, USD"}, true,
		func(g *model.GPU, v float64) { g.PriceUSDPerHour = v }},
	{Field{Key: "compute_efficiency", Lo: model.MinEfficiency, Hi: 1, Help: fmt.Sprintf("fraction of dense peak reached in compute-bound work; default %g (Hopper's calibrated figure)", DefaultGPUComputeEfficiency)}, false,
		func(g *model.GPU, v float64) { g.ComputeEfficiency16, g.ComputeEfficiency8 = v, v }},
	{Field{Key: "network_gbit_per_s", Lo: 0, LoOpen: true, Hi: 1e5, Help: fmt.Sprintf("inter-node network per GPU, Gb/s one direction; default %d (InfiniBand NDR)", DefaultGPUNetworkGbps)}, false,
		func(g *model.GPU, v float64) { g.NetworkBitsPerSecond = v * 1e9 }},
}

// scaleUpLinks are the accepted scale_up_link values.
var scaleUpLinks = []string{"nvlink", "infinity-fabric", "pcie"}

// gpuTextKeys are a [[gpu]] table's text keys.
var gpuTextKeys = []string{"id", "name", "scale_up_link", "source"}

// gpuIDPattern is what an id may be: it is typed on command lines.
var gpuIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,39}$`)

// gpuKeys lists the keys a [[gpu]] table accepts.
func gpuKeys() []string {
	keys := slices.Clone(gpuTextKeys)
	for _, f := range gpuFields {
		keys = append(keys, f.Key)
	}
	return keys
}

// LoadGPUFile reads a GPU file: one [[gpu]] table per GPU. Errors name
// the file, line, field and what is accepted.
func LoadGPUFile(path string) ([]model.GPU, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %s, not a regular file; accepted a GPU file (.toml)", path, fileKind(fi.Mode()))
	}
	if fi.Size() > maxGPUFileBytes {
		return nil, fmt.Errorf("%s: larger than %d KiB; a GPU file is a few [[gpu]] tables", path, maxGPUFileBytes>>10)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return ParseGPUs(path, data)
}

// ParseGPUs checks data, the contents of a GPU file, and returns its GPUs.
func ParseGPUs(file string, data []byte) ([]model.GPU, error) {
	p := scenarioParser{file: file}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, p.fail(0, "", "empty file; accepted one [[gpu]] table per GPU")
	}
	if err := p.checkBytes(data); err != nil {
		return nil, err
	}
	p.src = string(bytes.TrimPrefix(data, []byte("\uFEFF")))
	var doc map[string]any
	md, err := toml.Decode(p.src, &doc)
	if err != nil {
		return nil, p.syntaxError(err)
	}
	for _, k := range md.Keys() {
		if k[0] == "version" && len(k) == 1 {
			continue
		}
		if k[0] != TableGPU || (len(k) == 2 && !slices.Contains(gpuKeys(), k[1])) || len(k) > 2 {
			line := lineOf(p.src, TableTop, 0, k[0])
			if k[0] == TableGPU && len(k) == 2 {
				line = lineOf(p.src, TableGPU, -1, k[1])
			}
			return nil, p.fail(line, k.String(), "unknown field; accepted [[gpu]] tables with %s", strings.Join(gpuKeys(), ", "))
		}
	}
	if v, ok := doc["version"]; ok {
		if n, isInt := v.(int64); !isInt || n != Version {
			return nil, p.fail(lineOf(p.src, TableTop, 0, "version"), "version", "%s: accepted %d", show(v), Version)
		}
	}
	gpus, err := p.readGPUs(doc, nil)
	if err == nil && len(gpus) == 0 {
		err = p.fail(0, "", "no [[gpu]] table; accepted one [[gpu]] table per GPU")
	}
	return gpus, err
}

// readGPUs reads the [[gpu]] tables of doc; known are ids already taken (by
// other GPU files).
func (p *scenarioParser) readGPUs(doc map[string]any, known []model.GPU) ([]model.GPU, error) {
	raw, ok := doc[TableGPU]
	if !ok {
		return nil, nil
	}
	tables, isList := tablesOf(raw)
	if !isList {
		return nil, p.fail(headerLine(p.src, TableGPU, 0), TableGPU, "%s: accepted [[gpu]] tables", show(raw))
	}
	if len(tables) > maxUserGPUs {
		return nil, p.fail(headerLine(p.src, TableGPU, maxUserGPUs), TableGPU, "%d [[gpu]] tables: accepted at most %d", len(tables), maxUserGPUs)
	}
	var out []model.GPU
	for i, t := range tables {
		g, err := p.gpu(i, t)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(append(slices.Clone(known), out...), func(o model.GPU) bool { return o.ID == g.ID }) {
			return nil, p.fail(lineOf(p.src, TableGPU, i, "id"), fmt.Sprintf("gpu #%d id", i+1), "%q is given twice; accepted one [[gpu]] table per id", g.ID)
		}
		out = append(out, g)
	}
	return out, nil
}

// gpu reads the i-th [[gpu]] table.
func (p *scenarioParser) gpu(i int, t map[string]any) (model.GPU, error) {
	prefix := fmt.Sprintf("gpu #%d ", i+1)
	g := model.GPU{User: true, ComputeEfficiency16: DefaultGPUComputeEfficiency, ComputeEfficiency8: DefaultGPUComputeEfficiency,
		NetworkBitsPerSecond: DefaultGPUNetworkGbps * 1e9, Availability: "yours"}
	text := map[string]string{}
	for _, key := range gpuTextKeys {
		raw, ok := t[key]
		if !ok {
			continue
		}
		s, isStr := raw.(string)
		if !isStr {
			return g, p.fail(lineOf(p.src, TableGPU, i, key), prefix+key+" = "+show(raw), "not a string; accepted text in quotes")
		}
		text[key] = s
	}
	if err := p.gpuText(i, prefix, text, &g); err != nil {
		return g, err
	}
	for _, f := range gpuFields {
		raw, ok := t[f.Key]
		if !ok {
			if f.required {
				return g, p.fail(headerLine(p.src, TableGPU, i), prefix+f.Key, "missing; accepted %s (%s)", f.Accepted(), f.Help)
			}
			continue
		}
		v, err := p.number(f.Field, raw, lineOf(p.src, TableGPU, i, f.Key), prefix+f.Key)
		if err != nil {
			return g, err
		}
		f.set(&g, v)
	}
	g.Link = fmt.Sprintf("%s %s GB/s", linkName(text["scale_up_link"]), model.FormatDecimal(g.LinkBytesPerSecond/1e9))
	g.Network = fmt.Sprintf("%s Gb/s per GPU", model.FormatDecimal(g.NetworkBitsPerSecond/1e9))
	return g, nil
}

// gpuText checks id, name, scale_up_link and source.
func (p *scenarioParser) gpuText(i int, prefix string, text map[string]string, g *model.GPU) error {
	id, ok := text["id"]
	line := lineOf(p.src, TableGPU, i, "id")
	switch {
	case !ok:
		return p.fail(headerLine(p.src, TableGPU, i), prefix+"id", "missing; accepted lower-case letters, digits, '.', '_' and '-' (up to 40), e.g. \"h100-reserved\"")
	case !gpuIDPattern.MatchString(id):
		return p.fail(line, prefix+"id", "%s: accepted lower-case letters, digits, '.', '_' and '-' (up to 40), starting with a letter or digit", show(id))
	}
	if c, err := model.LookupGPU(id); err == nil {
		return p.fail(line, prefix+"id", "%q clashes with the catalog's %s (%s); accepted an id that is not a catalog id or alias", id, c.Name, c.ID)
	}
	g.ID, g.Name, g.Source = id, text["name"], text["source"]
	if g.Name == "" {
		g.Name = id
	}
	if err := checkName(g.Name); err != nil {
		return p.fail(lineOf(p.src, TableGPU, i, "name"), prefix+"name", "%v", err)
	}
	if err := checkName(g.Source); err != nil {
		return p.fail(lineOf(p.src, TableGPU, i, "source"), prefix+"source", "%v", err)
	}
	link, ok := text["scale_up_link"]
	if !ok || !slices.Contains(scaleUpLinks, link) {
		l := lineOf(p.src, TableGPU, i, "scale_up_link")
		if !ok {
			l = headerLine(p.src, TableGPU, i)
		}
		return p.fail(l, prefix+"scale_up_link", "%s: accepted %s", map[bool]string{true: show(link), false: "missing"}[ok], strings.Join(quoteAll(scaleUpLinks), ", "))
	}
	g.NVLink = link != "pcie"
	g.PriceSource = "your GPU file"
	if g.Source == "" {
		g.Source = "your GPU file"
	}
	return nil
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = `"` + x + `"`
	}
	return out
}

func linkName(k string) string {
	switch k {
	case "nvlink":
		return "NVLink"
	case "infinity-fabric":
		return "Infinity Fabric"
	}
	return "PCIe"
}

// LoadUserGPUs reads every *.toml file of dir (a missing dir is none),
// then file when given, in that order. Any bad file is an error: a GPU
// that silently vanished would change a ranking without a word.
func LoadUserGPUs(dir, file string) ([]model.GPU, error) {
	var paths []string
	if dir != "" {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			ps, err := filepath.Glob(filepath.Join(dir, "*.toml"))
			if err != nil {
				return nil, fmt.Errorf("%s: %v", dir, err)
			}
			slices.Sort(ps)
			paths = ps
		}
	}
	if file != "" {
		paths = append(paths, file)
	}
	var out []model.GPU
	for _, path := range paths {
		gpus, err := LoadGPUFile(path)
		if err != nil {
			return nil, err
		}
		for _, g := range gpus {
			if i := slices.IndexFunc(out, func(o model.GPU) bool { return o.ID == g.ID }); i >= 0 {
				return nil, fmt.Errorf("%s: gpu id %q: also in an earlier GPU file; accepted each id once", path, g.ID)
			}
			out = append(out, g)
		}
	}
	if len(out) > maxUserGPUs {
		return nil, fmt.Errorf("%d GPUs of your own: accepted at most %d", len(out), maxUserGPUs)
	}
	return out, nil
}

// DefaultGPUDir is where every command looks for GPU files:
// ~/.config/infercost/gpus (the OS's user config directory); "" when
// there is none.
func DefaultGPUDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "infercost", "gpus")
}

// marshalGPU writes g as a [[gpu]] table that reads back the same.
func marshalGPU(b *bytes.Buffer, g model.GPU) {
	b.WriteString("\n[[gpu]]\n")
	fmt.Fprintf(b, "id = %s\nname = %s\n", tomlString(g.ID), tomlString(g.Name))
	link := "pcie"
	switch {
	case strings.HasPrefix(g.Link, "Infinity Fabric"):
		link = "infinity-fabric"
	case g.NVLink:
		link = "nvlink"
	}
	fmt.Fprintf(b, "scale_up_link = %s\n", tomlString(link))
	vals := map[string]float64{
		"memory_gb": g.MemoryBytes / 1e9, "bandwidth_tb_per_s": g.BandwidthBytesPerSecond / 1e12,
		"fp16_tflops": g.FP16FLOPS / 1e12, "fp8_tflops": g.FP8FLOPS / 1e12, "link_gb_per_s": g.LinkBytesPerSecond / 1e9,
		"gpus_per_node": float64(g.GPUsPerNode), "usd_per_gpu_hour": g.PriceUSDPerHour,
		"compute_efficiency": g.ComputeEfficiency16, "network_gbit_per_s": g.NetworkBitsPerSecond / 1e9,
	}
	for _, f := range gpuFields {
		fmt.Fprintf(b, "%s = %s\n", f.Key, tomlNumber(f.Field, roundTrip(vals[f.Key])))
	}
	if g.Source != "" {
		fmt.Fprintf(b, "source = %s\n", tomlString(g.Source))
	}
}

// roundTrip rounds a unit-converted figure to 12 significant digits, so
// that 3.35e12 / 1e12 prints 3.35.
func roundTrip(v float64) float64 {
	var r float64
	fmt.Sscanf(fmt.Sprintf("%.12g", v), "%g", &r)
	return r
}
