package cli

import (
	"io"

	"infercost/model"
	"infercost/ui/report"
)

// rankJSON is report --rank's JSON; field names are a contract.
type rankJSON struct {
	Ranking []rankRowJSON `json:"ranking"`
}

type rankRowJSON struct {
	GPU                   string   `json:"gpu"`
	Name                  string   `json:"name"`
	Fits                  bool     `json:"fits"`
	GPUsPerReplica        *int     `json:"gpus_per_replica"`
	Batch                 *int     `json:"batch"`
	TPOTMillis            *float64 `json:"tpot_ms"`
	TTFTMillis            *float64 `json:"ttft_ms"`
	TTFTAtLoadMillis      *float64 `json:"ttft_at_load_ms"`
	TokensPerSecondPerGPU *float64 `json:"output_tokens_per_second_per_gpu"`
	USDPerMillion         *float64 `json:"usd_per_million_tokens"`
	USDPerGPUHour         float64  `json:"usd_per_gpu_hour"`
	Utilization           float64  `json:"utilization"`
	UserGPU               bool     `json:"user_gpu"`
	// Reason says why a GPU cannot serve the workload or misses the
	// latency target; "" otherwise.
	Reason string `json:"reason"`
	// PriceSource says where usd_per_gpu_hour comes from (a published
	// quote and its date, "illustrative", "your figure", ...).
	PriceSource string `json:"price_source"`
}

func newRankJSON(k report.Ranking) rankJSON {
	out := rankJSON{Ranking: []rankRowJSON{}}
	for _, r := range k.Rows {
		f := k.Figures(r)
		row := rankRowJSON{GPU: r.GPU.ID, Name: r.GPU.Name, Fits: r.Fits, USDPerGPUHour: f.USDPerGPUHour,
			Utilization: f.Utilization, UserGPU: r.GPU.User, Reason: r.Reason,
			PriceSource: model.PriceSource(r.GPU, r.Side)}
		if f.HasFigures {
			row.GPUsPerReplica, row.Batch = &f.GPUsPerReplica, &f.Batch
			row.TPOTMillis, row.TTFTMillis, row.TTFTAtLoadMillis = &f.TPOTMillis, &f.TTFTMillis, &f.TTFTAtLoad
			row.TokensPerSecondPerGPU, row.USDPerMillion = &f.TokensPerSecondPerGPU, &f.USDPerMillion
		}
		out.Ranking = append(out.Ranking, row)
	}
	return out
}

// writeRanking prints report --rank in the chosen format.
func writeRanking(w io.Writer, format string, k report.Ranking) error {
	return writeTable(w, format, k, func() any { return newRankJSON(k) })
}
