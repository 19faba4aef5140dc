package cli

import (
	"fmt"
	"io"
	"strings"

	"infercost/model"
	"infercost/ui/scenario"
	"infercost/ui/text"
)

// reportFlagSpecs lists report's flags: the scenario's fields from the
// shared table, then the GPUs, fleet target and output.
func reportFlagSpecs() []flagSpec {
	specs := []flagSpec{
		{name: "scenario", arg: "FILE", usage: "start from a scenario file (TOML); the flags below override it"},
		{name: "name", arg: "TEXT", usage: "the scenario's name, the title of the Markdown summary"},
		{name: "model", arg: "ID", usage: "model preset, or custom (sized by --params)\naccepted " + strings.Join(model.ModelIDs(), ", ") + ", custom"},
		{name: "precision", arg: "P|ID=P", repeat: true, usage: "weight precision of every GPU, or of one (e.g. --precision h100=fp8)\naccepted " + scenario.JoinPrecisions(model.WeightPrecisions())},
		{name: "kv-precision", arg: "P|ID=P", repeat: true, usage: "KV-cache precision of every GPU, or of one (e.g. --kv-precision h100=fp8)\naccepted " + scenario.JoinPrecisions(model.KVPrecisions())},
		{name: "gpu", arg: "ID", repeat: true, usage: "a GPU to compare, repeatable; each is compared with the first\n(default: the scenario's two sides; see the ids below)"},
		{name: "price", arg: "ID=USD", repeat: true, usage: "price per GPU-hour of a compared GPU (by id, alias or position 1..N)\n" +
			"accepted " + scenario.SideFields()[0].Accepted() + ", or a published price by name (--price h100=runpod-spot):\n" +
			quoteNamesText() + "; default: the scenario's, else the catalog's"},
		{name: "tps", arg: "ID=TOK/S", repeat: true, usage: "pin a GPU's output tokens/s per replica to your own measurement\naccepted " + scenario.SideFields()[1].Accepted()},
		{name: "tp", arg: "N|auto", usage: "same as --gpus-per-replica"},
		{name: "scheduling", arg: "S", usage: "how requests are batched: inflight (continuous batching with chunked prefill, as vLLM, TensorRT-LLM and SGLang serve; the default) or static (a batch prefills, then decodes to the end)"},
	}
	def := model.DefaultScenario()
	for _, f := range scenario.Fields() {
		spec := flagSpec{name: f.Flag, arg: flagArg(f),
			usage: fmt.Sprintf("%s\naccepted %s; default %s", f.Help, f.Accepted(), model.FormatDecimal(f.Get(&def)))}
		if f.Flag == "utilization" { // also per GPU, like --price
			spec.arg, spec.repeat = "X|ID=X", true
			spec.usage = "fraction of paid GPU hours doing useful work, of every GPU, or of one (e.g. --utilization a100=0.6), repeatable\naccepted " +
				f.Accepted() + "; default " + model.FormatDecimal(f.Get(&def))
		}
		specs = append(specs, spec)
	}
	specs = append(specs, flagSpec{name: targetRPSField.Flag, arg: "X", usage: targetRPSField.Help + "\naccepted " + targetRPSField.Accepted()})
	specs = append(specs, contextFlagSpecs()...)
	return append(specs, gpusFileFlag,
		flagSpec{name: "rank", usage: "rank every catalog and user GPU (or those given with --gpu) for this workload, each at its own serving point (the largest batch that fits or the latency target's batch, on the GPUs per replica that cost least unless fixed), cheapest $ per million output tokens first"},
		flagSpec{name: "sensitivity", usage: "what moves the answer: each assumption (prices, utilization, batch, lengths, model size, efficiencies, one precision step per GPU) moved alone across its range, the rest held; each GPU's $ per million output tokens at both ends and the B/A cost ratio, sorted by swing, with the assumptions that flip the verdict and where"},
		flagSpec{name: "share", usage: "print the scenario as one share string (URL-safe, versioned, checksummed; every assumption that differs from the defaults); open it with --open"},
		flagSpec{name: "open", arg: "STRING", usage: "start from a share string (report --share, the explorer's y); the flags below override it"},
		flagSpec{name: "format", arg: "F", usage: "output: markdown (default), json or csv"},
		flagSpec{name: "save", arg: "FILE", usage: "also save the scenario (two GPUs) to FILE"},
		flagSpec{name: "force", usage: "let --save replace a file infercost did not write"},
	)
}

func flagArg(f scenario.Field) string {
	switch {
	case f.Zero == "auto" || f.Zero == "max":
		return "N|" + f.Zero
	case f.Zero == "off":
		return "MS|off"
	case f.Whole:
		return "N"
	}
	return "X"
}

func writeReportUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: infercost report [flags]

Prints the comparison the explorer shows, for scripts and planning
documents. Flags override --scenario FILE, which overrides the defaults
(the seed blog's 70B FP16 model, A100 80GB at $2.50/h vs H100 SXM at
$4.50/h).

Flags:
`)
	writeFlagUsage(w, reportFlagSpecs())
	fmt.Fprintln(w)
	for _, line := range text.Wrap("GPU ids: "+strings.Join(model.GPUIDs(), ", "), textWidth) {
		fmt.Fprintln(w, line)
	}
	fmt.Fprint(w, `
Example (the seed blog's figures):
  infercost report --format json --params 70 --precision fp16 \
    --gpu a100 --gpu h100 --price a100=2.5 --price h100=4.5 \
    --tps a100=30 --tps h100=50 --utilization 1 --gpus-per-replica 1 \
    --efficiency 1
`)
}
