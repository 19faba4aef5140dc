package report

import (
	"fmt"
	"strconv"
	"strings"

	"infercost/model"
)

// Ranking is every GPU at its own serving point for one workload,
// cheapest first (model.Rank), laid out for a planning document.
type Ranking struct {
	Scenario model.Scenario
	Rows     []model.Ranked
}

// NewRanking ranks sides for the workload of s.
func NewRanking(s model.Scenario, sides []model.Side) (Ranking, error) {
	rows, err := model.Rank(s, sides)
	return Ranking{Scenario: s, Rows: rows}, err
}

// RankHeader names the ranking's CSV columns; the names are the JSON
// field names of report --rank.
func RankHeader() []string {
	return []string{"rank", "gpu", "name", "fits", "gpus_per_replica", "batch", "tpot_ms", "ttft_ms",
		"ttft_at_load_ms", "output_tokens_per_second_per_gpu", "usd_per_million_tokens", "usd_per_gpu_hour",
		"utilization", "user_gpu", "reason", "price_source"}
}

// RankFigures are one ranked row's figures in export units, rounded by
// RoundFigure; ok is false when the GPU cannot run the workload at all.
type RankFigures struct {
	GPUsPerReplica, Batch                int
	TPOTMillis, TTFTMillis, TTFTAtLoad   float64
	TokensPerSecondPerGPU, USDPerMillion float64
	USDPerGPUHour, Utilization           float64
	HasFigures                           bool
}

// Figures returns row r's figures, utilization resolved against s.
func (k Ranking) Figures(r model.Ranked) RankFigures {
	f := RankFigures{USDPerGPUHour: RoundFigure(r.Side.USDPerGPUHour), Utilization: RoundFigure(k.utilization(r))}
	res := r.Result
	if res.GPUsPerReplica == 0 {
		return f
	}
	f.HasFigures = true
	f.GPUsPerReplica, f.Batch = res.GPUsPerReplica, res.Batch
	f.TPOTMillis, f.TTFTMillis = RoundFigure(res.TPOTSeconds*msPerSecond), RoundFigure(res.TTFTSeconds*msPerSecond)
	f.TTFTAtLoad = RoundFigure(res.TTFTAtLoadSeconds * msPerSecond)
	f.TokensPerSecondPerGPU, f.USDPerMillion = RoundFigure(res.TokensPerSecondPerGPU), RoundFigure(res.USDPerMillionOutputTokens)
	return f
}

// utilization is row r's utilization, its own or the scenario's.
func (k Ranking) utilization(r model.Ranked) float64 {
	if r.Side.Utilization > 0 {
		return r.Side.Utilization
	}
	return k.Scenario.Utilization
}

// CSVRecords returns the header and one record per ranked GPU.
func (k Ranking) CSVRecords() [][]string {
	out := [][]string{RankHeader()}
	for i, r := range k.Rows {
		f := k.Figures(r)
		rec := []string{strconv.Itoa(i + 1), r.GPU.ID, r.GPU.Name, strconv.FormatBool(r.Fits), "", "", "", "", "", "", "",
			FormatFigure(f.USDPerGPUHour), FormatFigure(f.Utilization), strconv.FormatBool(r.GPU.User), r.Reason,
			model.PriceSource(r.GPU, r.Side)}
		if f.HasFigures {
			copy(rec[4:], []string{strconv.Itoa(f.GPUsPerReplica), strconv.Itoa(f.Batch), FormatFigure(f.TPOTMillis),
				FormatFigure(f.TTFTMillis), FormatFigure(f.TTFTAtLoad), FormatFigure(f.TokensPerSecondPerGPU), FormatFigure(f.USDPerMillion)})
		}
		out = append(out, rec)
	}
	return out
}

// Markdown is the ranking as one table with the workload above it.
func (k Ranking) Markdown() string {
	var b strings.Builder
	e := Export{Scenario: k.Scenario}
	fmt.Fprintf(&b, "### Which GPU: %d ranked by $ per million output tokens\n\n%s\n\n", len(k.Rows), mdText(e.rankAssumptions()))
	b.WriteString("| # | GPU | Fits | GPUs/replica | Batch | TPOT, ms | TTFT, ms | TTFT at load, ms | Output tok/s per GPU | $/GPU-hour | Utilization | $/M output tokens | Note |\n")
	b.WriteString("|--:|:--|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|:--|\n")
	for i, r := range k.Rows {
		f := k.Figures(r)
		name := r.GPU.Name
		if r.GPU.User {
			name += " (yours)"
		}
		cells := []string{strconv.Itoa(i + 1), mdText(name), map[bool]string{true: "yes", false: "no"}[r.Fits]}
		if f.HasFigures {
			cells = append(cells, strconv.Itoa(f.GPUsPerReplica), groupThousands(strconv.Itoa(f.Batch)), mdFig(f.TPOTMillis),
				mdFig(f.TTFTMillis), mdFig(f.TTFTAtLoad), mdFig(f.TokensPerSecondPerGPU))
		} else {
			cells = append(cells, "—", "—", "—", "—", "—", "—")
		}
		// Dollars and the utilization from the unrounded figures: f's are
		// rounded for JSON and CSV, and rounding twice can print $1.55 for
		// 1.555342 (money).
		price := money(r.Side.USDPerGPUHour)
		if model.PriceSource(r.GPU, r.Side) == model.PriceIllustrative {
			price += " (illustrative)"
		}
		usd := "—"
		if f.HasFigures && r.Fits {
			usd = money(r.Result.USDPerMillionOutputTokens)
		}
		note := r.Reason
		if f.HasFigures && r.GPU.CrossesNodes(f.GPUsPerReplica) {
			note = strings.TrimPrefix(note+"; all-reduces over "+r.GPU.Network, "; ")
		}
		cells = append(cells, price, model.FormatPercent(k.utilization(r)), usd, mdText(note))
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

// rankAssumptions is the workload line without the batch, which each GPU
// chooses.
func (e Export) rankAssumptions() string {
	s := e.Scenario
	a := e.Assumptions()
	batch := "each GPU at its largest batch that fits"
	if s.TPOTTargetSeconds > 0 || s.TTFTTargetSeconds > 0 {
		batch = "each GPU at its largest batch that meets " + TargetText(s.TPOTTargetSeconds, s.TTFTTargetSeconds)
	}
	if i := strings.Index(a, ", batch: "); i >= 0 {
		if j := strings.Index(a[i:], " · "); j >= 0 {
			a = a[:i] + ", " + batch + a[i+j:]
		}
	}
	if s.GPUsPerReplica == 0 {
		a = strings.Replace(a, "GPUs per replica: auto", "GPUs per replica: the cheapest", 1)
	}
	return a
}
