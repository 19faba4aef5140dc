package report

import (
	"fmt"
	"infercost/model"
	"slices"
	"strconv"
	"strings"
)

// WeightsGB, KVCacheGB, ReservedGB and TotalGB are the row's memory per
// GPU in decimal GB.
func (r ExportRow) WeightsGB() float64 { return r.Result.WeightBytesPerGPU / bytesPerGB }

// KVCacheGB is the KV cache of the whole batch at full length, per GPU.
func (r ExportRow) KVCacheGB() float64 { return r.Result.KVBytesPerGPU / bytesPerGB }

// ReservedGB is the memory kept for activations and the runtime, per GPU.
func (r ExportRow) ReservedGB() float64 { return r.Result.ReservedBytesPerGPU / bytesPerGB }

// TotalGB is the GPU's memory.
func (r ExportRow) TotalGB() float64 { return r.GPU.MemoryBytes / bytesPerGB }

// BreakEven returns, for row i, the GPU-hour price and the utilization at
// which its $ per million output tokens equals the baseline's (for the
// baseline: the second GPU's). ok is false when no single pairing
// defines it (a baseline compared with several GPUs) or a side failed.
func (e Export) BreakEven(i int) (usdPerGPUHour, utilization float64, ok bool) {
	var v model.Verdict
	side := 1
	switch {
	case i > 0 && i-1 < len(e.Verdicts):
		v = e.Verdicts[i-1]
	case i == 0 && len(e.Rows) == 2 && len(e.Verdicts) == 1:
		v, side = e.Verdicts[0], 0
	default:
		return 0, 0, false
	}
	p, u := v.BreakEvenUSDPerHour[side], v.BreakEvenUtilization[side]
	return p, u, p > 0 && u > 0
}

// CSVHeader names the CSVRecords columns; the names are the report's
// JSON field names.
func CSVHeader() []string {
	return []string{"gpu", "name", "usd_per_gpu_hour", "gpus_per_replica", "batch", "max_batch",
		"fits", "shortfall_gb", "weights_gb", "kv_cache_gb", "reserved_gb", "free_gb", "total_gb",
		"bound", "tpot_ms", "ttft_ms", "output_tokens_per_second", "output_tokens_per_second_per_gpu",
		"throughput_source", "usd_per_hour", "usd_per_million_tokens", "usd_per_million_input_tokens",
		"usd_per_million_output_tokens", "usd_per_million_blended_tokens",
		"break_even_usd_per_gpu_hour", "break_even_utilization",
		"fleet_replicas", "fleet_gpus", "fleet_usd_per_month", "precision", "kv_precision", "error",
		"ttft_at_load_ms", "scheduling", "target_met", "target_limited_by", "target_miss_ms", "utilization",
		"price_source", "price_quote"}
}

// csvCol is the index of a CSVHeader column.
func csvCol(name string) int { return slices.Index(CSVHeader(), name) }

// CSVRecords returns the header and one record per GPU, for
// encoding/csv. A GPU that cannot run the workload has only gpu, name,
// price and error filled.
func (e Export) CSVRecords() [][]string {
	out := [][]string{CSVHeader()}
	for i, row := range e.Rows {
		out = append(out, e.csvRecord(i, row))
	}
	return out
}

func (e Export) csvRecord(i int, row ExportRow) []string {
	rec := make([]string, len(CSVHeader()))
	rec[0], rec[1], rec[2] = row.GPU.ID, row.GPU.Name, FormatFigure(row.Side.USDPerGPUHour)
	rec[csvCol("precision")], rec[csvCol("kv_precision")] = string(e.Weights(row)), string(e.KV(row))
	rec[csvCol("utilization")] = FormatFigure(e.Utilization(row))
	rec[csvCol("price_source")], rec[csvCol("price_quote")] = row.PriceSource(), row.PriceQuote()
	if row.Err != nil {
		rec[csvCol("error")] = row.Err.Error()
		return rec
	}
	r := row.Result
	f := FormatFigure
	copy(rec[3:], []string{strconv.Itoa(r.GPUsPerReplica), strconv.Itoa(r.Batch), strconv.Itoa(r.MaxBatch),
		strconv.FormatBool(r.Fits), f(row.ShortfallGB()), f(row.WeightsGB()), f(row.KVCacheGB()),
		f(row.ReservedGB()), f(row.FreeGB()), f(row.TotalGB()), string(r.Bound),
		f(row.TPOTMillis()), f(row.TTFTMillis()), f(r.TokensPerSecond), f(r.TokensPerSecondPerGPU),
		row.ThroughputSource(), f(r.USDPerHour), f(r.USDPerMillionOutputTokens),
		f(r.USDPerMillionInputTokens), f(r.USDPerMillionOutputTokensSplit), f(r.USDPerMillionTokens)})
	rec[csvCol("ttft_at_load_ms")], rec[csvCol("scheduling")] = f(r.TTFTAtLoadSeconds*msPerSecond), string(r.Scheduling)
	if t := r.Target; t.Set {
		rec[csvCol("target_met")], rec[csvCol("target_limited_by")] = strconv.FormatBool(t.Met), string(t.LimitedBy)
		rec[csvCol("target_miss_ms")] = f(t.MissSeconds * msPerSecond)
	}
	if p, u, ok := e.BreakEven(i); ok {
		rec[24], rec[25] = f(p), f(u)
	}
	if row.HasFleet {
		rec[26], rec[27], rec[28] = strconv.Itoa(row.Fleet.Replicas), strconv.Itoa(row.Fleet.GPUs), f(row.Fleet.USDPerMonth)
	}
	return rec
}

// mdLine is one figure of the Markdown table: a label and a cell per row.
type mdLine struct {
	label string
	cell  func(e Export, i int, r ExportRow) string
}

func mdFig(x float64) string { return groupThousands(FormatFigure(x)) }

// vsBase appends the change against the baseline row: " (+8 %)".
func vsBase(e Export, i int, get func(model.Result) float64) string {
	if i == 0 || e.Rows[0].Err != nil {
		return ""
	}
	a, b := get(e.Rows[0].Result), get(e.Rows[i].Result)
	if a <= 0 || b <= 0 {
		return ""
	}
	return " (" + model.FormatSignedPercent(model.Diff(a, b)) + ")"
}

var mdLines = [...]mdLine{
	{"$ per GPU-hour", func(_ Export, _ int, r ExportRow) string { return money(r.Side.USDPerGPUHour) }},
	{"Price source", func(_ Export, _ int, r ExportRow) string { return mdText(r.PriceSource()) }},
	{"Weight / KV-cache precision", func(e Export, _ int, r ExportRow) string { return string(e.Weights(r)) + " / " + string(e.KV(r)) }},
	{"GPUs per replica", func(_ Export, _ int, r ExportRow) string { return strconv.Itoa(r.Result.GPUsPerReplica) }},
	{"Batch (largest that fits)", func(_ Export, _ int, r ExportRow) string {
		return fmt.Sprintf("%d (%d)", r.Result.Batch, r.Result.MaxBatch)
	}},
	{"Fits in memory", func(_ Export, _ int, r ExportRow) string {
		if r.Result.Fits {
			return "yes"
		}
		return "no: " + mdFig(r.ShortfallGB()) + " GB short per GPU"
	}},
	{"Memory per GPU, GB: weights / KV / free of total", func(_ Export, _ int, r ExportRow) string {
		return mdFig(r.WeightsGB()) + " / " + mdFig(r.KVCacheGB()) + " / " + mdFig(r.FreeGB()) + " of " + mdFig(r.TotalGB())
	}},
	{"Decode per token (TPOT), ms", func(e Export, i int, r ExportRow) string {
		if r.Result.Pinned || e.Rows[0].Result.Pinned {
			// The estimate beside a pinned rate: no % that would
			// contradict the pinned throughput the verdict uses.
			return mdFig(r.TPOTMillis()) + " (estimate)"
		}
		return mdFig(r.TPOTMillis()) + vsBase(e, i, func(r model.Result) float64 { return r.TPOTSeconds * msPerSecond })
	}},
	{"Time to first token (TTFT), ms", func(_ Export, _ int, r ExportRow) string { return mdFig(r.TTFTMillis()) }},
	{"TTFT at load (this batch), ms", func(_ Export, _ int, r ExportRow) string { return mdFig(r.Result.TTFTAtLoadSeconds * msPerSecond) }},
	{"Decode bound", func(_ Export, _ int, r ExportRow) string { return string(r.Result.Bound) }},
	{"Latency target", func(_ Export, _ int, r ExportRow) string { return targetCell(r.Result) }},
	{"Output tokens/s per replica", func(e Export, i int, r ExportRow) string {
		s := mdFig(r.Result.TokensPerSecond) + vsBase(e, i, func(r model.Result) float64 { return r.TokensPerSecond })
		if r.Result.Pinned {
			s += ", pinned"
		}
		return s
	}},
	{"Output tokens/s per GPU", func(_ Export, _ int, r ExportRow) string { return mdFig(r.Result.TokensPerSecondPerGPU) }},
	{"Utilization", func(e Export, _ int, r ExportRow) string { return model.FormatPercent(e.Utilization(r)) }},
	{"$ per hour per replica", func(_ Export, _ int, r ExportRow) string { return money(r.Result.USDPerHour) }},
	{"$ per million output tokens", func(e Export, i int, r ExportRow) string {
		return money(r.Result.USDPerMillionOutputTokens) + vsBase(e, i, func(r model.Result) float64 { return r.USDPerMillionOutputTokens })
	}},
	{"$ per million input tokens", func(_ Export, _ int, r ExportRow) string { return money(r.Result.USDPerMillionInputTokens) }},
	{"$ per million tokens, blended", func(_ Export, _ int, r ExportRow) string { return money(r.Result.USDPerMillionTokens) }},
}

var mdFleetLines = [...]mdLine{
	{"Fleet: replicas / GPUs", func(_ Export, _ int, r ExportRow) string {
		if !r.HasFleet {
			return "—"
		}
		return groupThousands(strconv.Itoa(r.Fleet.Replicas)) + " / " + groupThousands(strconv.Itoa(r.Fleet.GPUs)) +
			" at batch " + strconv.Itoa(r.Fleet.Batch)
	}},
	{"Fleet $ per month", func(_ Export, _ int, r ExportRow) string {
		if !r.HasFleet {
			return "—"
		}
		return money(r.Fleet.USDPerMonth)
	}},
}

// Markdown is the summary a planning document can paste: a heading, the
// assumptions, one table with a column per GPU, and each verdict with
// its factors and break-even points.
func (e Export) Markdown() string {
	var b strings.Builder
	name := e.Scenario.Name
	if name == "" {
		name = "infercost comparison"
	}
	fmt.Fprintf(&b, "### %s\n\n%s\n\n", mdText(name), mdText(e.Assumptions()))
	e.mdTable(&b)
	for k, v := range e.Verdicts {
		b.WriteString("\n")
		e.mdVerdict(&b, v, k+1)
		if k < len(e.Recommendations) {
			b.WriteString("\n" + RecommendationMarkdown(e.Recommendations[k]))
		}
	}
	return b.String()
}

func (e Export) mdTable(b *strings.Builder) {
	b.WriteString("| |")
	for i := range e.Rows {
		b.WriteString(" " + mdText(e.Label(i)) + " |")
	}
	b.WriteString("\n|:--|" + strings.Repeat("--:|", len(e.Rows)) + "\n")
	lines := mdLines[:]
	if e.Load != (model.Load{}) {
		lines = append(lines, mdFleetLines[:]...)
	}
	for _, l := range lines {
		label := l.label
		if l.label == mdFleetLines[0].label {
			label = "Fleet for " + loadText(e.Load) + ": replicas / GPUs"
		}
		b.WriteString("| " + mdText(label) + " |")
		for i, r := range e.Rows {
			cell := "—"
			if r.Err == nil || l.label == mdLines[0].label {
				cell = l.cell(e, i, r)
			}
			b.WriteString(" " + mdText(cell) + " |")
		}
		b.WriteString("\n")
	}
	for i, r := range e.Rows {
		if r.Err != nil {
			fmt.Fprintf(b, "\n%s cannot run this workload: %s\n", mdText(e.Label(i)), mdText(r.Err.Error()))
		}
	}
	b.WriteString(e.mdWarnings())
}

func (e Export) mdVerdict(b *strings.Builder, v model.Verdict, i int) {
	a, c := e.Label(0), e.Label(i)
	fmt.Fprintf(b, "**Verdict, %s vs %s: %s.** %s.\n\n", mdText(a), mdText(c), mdText(v.Headline), mdText(v.Reason))
	if v.AtTarget != "" {
		fmt.Fprintf(b, "At the latency target: %s.\n\n", mdText(strings.TrimPrefix(v.AtTarget, "at ")))
	}
	for _, f := range v.Factors {
		if f.Name != "" {
			fmt.Fprintf(b, "- %s: %s\n", mdText(f.Name), mdText(f.Reason))
		}
	}
	names := [2]string{a, c}
	var price, util []string
	for s := range names {
		if p := v.BreakEvenUSDPerHour[s]; p > 0 {
			price = append(price, fmt.Sprintf("%s at %s per GPU-hour (now %s)", names[s], money(p), money(e.Rows[[2]int{0, i}[s]].Side.USDPerGPUHour)))
		}
		if u := v.BreakEvenUtilization[s]; u > 0 {
			util = append(util, utilText(names[s], u, e.Utilization(e.Rows[[2]int{0, i}[s]])))
		}
	}
	if len(price) > 0 {
		fmt.Fprintf(b, "- break-even price (equal $ per million output tokens): %s\n", mdText(strings.Join(price, "; ")))
	}
	if len(util) > 0 {
		fmt.Fprintf(b, "- break-even utilization: %s\n", mdText(strings.Join(util, "; ")))
	}
}

func utilText(name string, u, now float64) string {
	switch {
	case model.FormatPercent(u) == model.FormatPercent(now):
		// Within rounding: "would need 100 % (out of reach; now 100 %)"
		// would contradict itself.
		return fmt.Sprintf("%s matches at about its current %s", name, model.FormatPercent(now))
	case u >= 9.995: // past 999 %, the figure says no more than "out of reach"
		return fmt.Sprintf("%s would need more than 1,000 %% (out of reach; now %s)", name, model.FormatPercent(now))
	case u > 1:
		return fmt.Sprintf("%s would need %s (out of reach; now %s)", name, model.FormatPercent(u), model.FormatPercent(now))
	case u < now:
		return fmt.Sprintf("%s still matches at %s (now %s)", name, model.FormatPercent(u), model.FormatPercent(now))
	}
	return fmt.Sprintf("%s matches at %s (now %s)", name, model.FormatPercent(u), model.FormatPercent(now))
}

// Assumptions is the shared workload in one line.
func (e Export) Assumptions() string {
	s := e.Scenario
	modelName := s.Model
	if a, err := s.Arch(); err == nil {
		modelName = a.Name
	}
	tp := "auto"
	if s.GPUsPerReplica > 0 {
		tp = strconv.Itoa(s.GPUsPerReplica)
	}
	batch := strconv.Itoa(s.Batch)
	switch {
	case s.TPOTTargetSeconds > 0 || s.TTFTTargetSeconds > 0:
		batch = "largest that meets " + TargetText(s.TPOTTargetSeconds, s.TTFTTargetSeconds)
	case s.Batch == 0:
		batch = "largest that fits"
	}
	sched := "in-flight batching"
	if s.Scheduling == model.Static {
		sched = "static batching"
	}
	weights, kv, util := string(s.Weights), string(s.KV), model.FormatPercent(s.Utilization)
	for _, r := range e.Rows {
		if e.Utilization(r) != s.Utilization {
			util = "per-GPU (see the table)"
		}
		if e.Weights(r) != s.Weights {
			weights = "per-GPU (see the table)"
		}
		if e.KV(r) != s.KV {
			kv = "per-GPU (see the table)"
		}
	}
	ef := s.Efficiency
	compute := "calibrated per GPU"
	if ef.Compute > 0 {
		compute = model.FormatPercent(ef.Compute)
	}
	line := fmt.Sprintf("%s, %s weights, %s KV cache · GPUs per replica: %s · %s, batch: %s · %d prompt + %d output tokens per request · utilization %s · efficiency: bandwidth %s (int8 %s, int4 %s), compute %s, all-reduce %s + %s µs per doubling, step %s µs, prefill %s ms, memory reserve %s",
		modelName, weights, kv, tp, sched, batch, s.InputTokens, s.OutputTokens, util,
		model.FormatPercent(ef.Bandwidth), model.FormatPercent(ef.BandwidthInt8), model.FormatPercent(ef.BandwidthInt4), compute,
		FormatFigure(ef.AllReduceSeconds*1e6), FormatFigure(ef.AllReducePerDoublingSeconds*1e6),
		FormatFigure(ef.StepOverheadSeconds*1e6), FormatFigure(ef.PrefillOverheadSeconds*1e3), model.FormatPercent(ef.MemoryReserve))
	if e.Load != (model.Load{}) {
		line += " · fleet target: " + loadText(e.Load)
	}
	return line
}

// TargetText words latency targets: "TPOT ≤ 12 ms", "TTFT ≤ 500 ms" or
// both; "" when neither is set.
func TargetText(tpot, ttft float64) string {
	var parts []string
	if tpot > 0 {
		parts = append(parts, "TPOT ≤ "+FormatFigure(tpot*msPerSecond)+" ms")
	}
	if ttft > 0 {
		parts = append(parts, "TTFT at load ≤ "+FormatFigure(ttft*msPerSecond)+" ms")
	}
	return strings.Join(parts, " and ")
}

// targetCell says how a row met its latency target.
func targetCell(r model.Result) string {
	t := r.Target
	switch {
	case !t.Set:
		return "—"
	case t.Met:
		return fmt.Sprintf("met at batch %d (limited by %s)", r.Batch, t.LimitedBy)
	}
	return fmt.Sprintf("missed by %s ms even at batch 1", mdFig(t.MissSeconds*msPerSecond))
}

func loadText(l model.Load) string {
	if l.RequestsPerSecond > 0 {
		return mdFig(l.RequestsPerSecond) + " requests/s"
	}
	return mdFig(l.OutputTokensPerDay) + " output tokens/day"
}

// mdText keeps text inside one Markdown table cell or line: no pipes
// breaking the table, no line breaks.
func mdText(s string) string {
	s = strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ").Replace(s)
	return strings.TrimRight(s, ".")
}
