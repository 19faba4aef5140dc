package cli

import (
	"bytes"
	"encoding/json"

	"infercost/model"
	"infercost/ui/report"
	"infercost/ui/scenario"
)

// The report's JSON. Field names are a contract with scripts: add fields,
// never rename. Figures go through
// report.RoundFigure, the same rounding as the Markdown and CSV.

type reportJSON struct {
	Scenario orderedObject `json:"scenario"`
	Results  []resultJSON  `json:"results"`
	// Verdict compares the first GPU with the second; Verdicts lists the
	// first against each other GPU when more than two are compared.
	Verdict  verdictJSON   `json:"verdict"`
	Verdicts []verdictJSON `json:"verdicts,omitempty"`
}

type resultJSON struct {
	GPU  string `json:"gpu"`
	Name string `json:"name"`
	// PriceSource says where usd_per_gpu_hour comes from ("RunPod spot,
	// 2026-03", "your figure", ...); PriceQuote is the published quote's
	// id, usable as --price ID=QUOTE, or "".
	PriceSource string `json:"price_source"`
	PriceQuote  string `json:"price_quote"`
	Error       string `json:"error,omitempty"`
	*figuresJSON
}

type figuresJSON struct {
	Precision             string      `json:"precision"`
	KVPrecision           string      `json:"kv_precision"`
	GPUsPerReplica        int         `json:"gpus_per_replica"`
	TPOTMillis            float64     `json:"tpot_ms"`
	TTFTMillis            float64     `json:"ttft_ms"`
	TTFTAtLoadMillis      float64     `json:"ttft_at_load_ms"`
	TokensPerSecond       float64     `json:"output_tokens_per_second"`
	TokensPerSecondPerGPU float64     `json:"output_tokens_per_second_per_gpu"`
	EstimatedTPS          float64     `json:"estimated_output_tokens_per_second"`
	InputTPS              float64     `json:"input_tokens_per_second"`
	ThroughputSource      string      `json:"throughput_source"`
	Batch                 int         `json:"batch"`
	MaxBatch              int         `json:"max_batch"`
	Fits                  bool        `json:"fits"`
	ShortfallGB           float64     `json:"shortfall_gb"`
	Bound                 string      `json:"bound"`
	Memory                memoryJSON  `json:"memory_per_gpu"`
	USDPerHour            float64     `json:"usd_per_hour"`
	USDPerGPUHour         float64     `json:"usd_per_gpu_hour"`
	USDPerMillion         float64     `json:"usd_per_million_tokens"`
	USDPerMillionInput    float64     `json:"usd_per_million_input_tokens"`
	USDPerMillionOutput   float64     `json:"usd_per_million_output_tokens"`
	USDPerMillionBlended  float64     `json:"usd_per_million_blended_tokens"`
	Utilization           float64     `json:"utilization"`
	Target                *targetJSON `json:"target,omitempty"`
	// Engine names the engine the figures come from ("default engine" or
	// "calibrated: vLLM, A100 80GB SXM, 2026-11-20").
	Engine string `json:"engine"`
	// CeilingTPS is what physics allows (datasheet rooflines); Warnings
	// flag a pin above it, naming the ceiling in tok/s.
	CeilingTPS float64     `json:"ceiling_output_tokens_per_second"`
	Warnings   []string    `json:"warnings,omitempty"`
	Fleet      *fleetJSON  `json:"fleet,omitempty"`
	VsBaseline *changeJSON `json:"vs_baseline,omitempty"`
}

// targetJSON is how a latency target was met: present only when a target
// is set. Targets and the miss are null when off or met.
type targetJSON struct {
	TPOTMillis *float64 `json:"tpot_ms"`
	TTFTMillis *float64 `json:"ttft_ms"`
	Met        bool     `json:"met"`
	LimitedBy  string   `json:"limited_by"`
	MissMillis *float64 `json:"miss_ms"`
}

func newTargetJSON(t model.TargetOutcome) *targetJSON {
	if !t.Set {
		return nil
	}
	ms := func(s float64) *float64 {
		if s <= 0 {
			return nil
		}
		v := r4(s * 1e3)
		return &v
	}
	return &targetJSON{TPOTMillis: ms(t.TPOTSeconds), TTFTMillis: ms(t.TTFTSeconds), Met: t.Met,
		LimitedBy: string(t.LimitedBy), MissMillis: ms(t.MissSeconds)}
}

type memoryJSON struct {
	WeightsGB  float64 `json:"weights_gb"`
	KVCacheGB  float64 `json:"kv_cache_gb"`
	ReservedGB float64 `json:"reserved_gb"`
	FreeGB     float64 `json:"free_gb"`
	TotalGB    float64 `json:"total_gb"`
}

type fleetJSON struct {
	Error                    string  `json:"error,omitempty"`
	RequestsPerSecond        float64 `json:"requests_per_second,omitempty"`
	ReplicaSecondsPerRequest float64 `json:"replica_seconds_per_request,omitempty"`
	Replicas                 int     `json:"replicas,omitempty"`
	GPUs                     int     `json:"gpus,omitempty"`
	USDPerMonth              float64 `json:"usd_per_month,omitempty"`
	// Batch is the batch each replica runs at: the largest that fits, or
	// the latency target's, whatever batch the figures above are at.
	Batch int `json:"batch,omitempty"`
}

// changeJSON is a figure's change against the first GPU, as a fraction
// ((this - first) / first).
type changeJSON struct {
	TPOT          float64 `json:"tpot"`
	TTFT          float64 `json:"ttft"`
	TPSPerGPU     float64 `json:"output_tokens_per_second_per_gpu"`
	USDPerMillion float64 `json:"usd_per_million_tokens"`
}

type verdictJSON struct {
	GPUs      []string       `json:"gpus"`
	Winner    *string        `json:"winner"` // null: depends on what you optimise
	Headline  string         `json:"headline"`
	Reason    string         `json:"reason"`
	Factors   []factorJSON   `json:"factors"`
	BreakEven *breakEvenJSON `json:"break_even"`
	// AtTarget compares the two at the latency target; absent without one.
	AtTarget string `json:"at_target,omitempty"`
	// Recommendation is the seed's practical recommendation for the
	// scenario's deployment context, with the figures beside it.
	Recommendation *recommendationJSON `json:"recommendation,omitempty"`
}

type factorJSON struct {
	Name   string  `json:"name"`
	Winner *string `json:"winner"` // null: does not separate them
	Reason string  `json:"reason"`
}

// breakEvenJSON: for each GPU, the price per GPU-hour and the utilization
// at which its $ per million output tokens equals the other's.
type breakEvenJSON struct {
	Basis string              `json:"basis"`
	Sides []breakEvenSideJSON `json:"sides"`
}

type breakEvenSideJSON struct {
	GPU                    string  `json:"gpu"`
	USDPerGPUHour          float64 `json:"usd_per_gpu_hour"`
	BreakEvenUSDPerGPUHour float64 `json:"break_even_usd_per_gpu_hour"`
	Utilization            float64 `json:"utilization"`
	BreakEvenUtilization   float64 `json:"break_even_utilization"`
	// UtilizationReachable is false when matching would need more than
	// 100 % utilization.
	UtilizationReachable bool `json:"utilization_reachable"`
}

var r4 = report.RoundFigure

func newReportJSON(e report.Export) reportJSON {
	out := reportJSON{Scenario: scenarioJSON(e)}
	for i, row := range e.Rows {
		out.Results = append(out.Results, newResultJSON(e, i, row))
	}
	if len(e.Verdicts) == 0 {
		out.Verdict = verdictJSON{GPUs: []string{e.Rows[0].GPU.ID}, Headline: "one GPU: nothing to compare",
			Reason: "give a second --gpu to compare against", Factors: []factorJSON{}}
		return out
	}
	for k, v := range e.Verdicts {
		vj := newVerdictJSON(e, v, k+1)
		if k < len(e.Recommendations) {
			rj := newRecommendationJSON(e.Recommendations[k])
			vj.Recommendation = &rj
		}
		if k == 0 {
			out.Verdict = vj
		}
		if len(e.Verdicts) > 1 {
			out.Verdicts = append(out.Verdicts, vj)
		}
	}
	return out
}

func newResultJSON(e report.Export, i int, row report.ExportRow) resultJSON {
	rj := resultJSON{GPU: row.GPU.ID, Name: row.GPU.Name, PriceSource: row.PriceSource(), PriceQuote: row.PriceQuote()}
	if row.Err != nil {
		rj.Error = row.Err.Error()
		return rj
	}
	r := row.Result
	rj.figuresJSON = &figuresJSON{
		Precision: string(e.Weights(row)), KVPrecision: string(e.KV(row)), GPUsPerReplica: r.GPUsPerReplica, TPOTMillis: r4(row.TPOTMillis()), TTFTMillis: r4(row.TTFTMillis()), TTFTAtLoadMillis: r4(r.TTFTAtLoadSeconds * 1e3),
		TokensPerSecond: r4(r.TokensPerSecond), TokensPerSecondPerGPU: r4(r.TokensPerSecondPerGPU),
		EstimatedTPS: r4(r.EstimatedTokensPerSecond), InputTPS: r4(r.InputTokensPerSecond),
		ThroughputSource: row.ThroughputSource(), Batch: r.Batch, MaxBatch: r.MaxBatch,
		Fits: r.Fits, ShortfallGB: r4(row.ShortfallGB()), Bound: string(r.Bound),
		Memory: memoryJSON{WeightsGB: r4(row.WeightsGB()), KVCacheGB: r4(row.KVCacheGB()),
			ReservedGB: r4(row.ReservedGB()), FreeGB: r4(row.FreeGB()), TotalGB: r4(row.TotalGB())},
		USDPerHour: r4(r.USDPerHour), USDPerGPUHour: r4(r.USDPerGPUHour),
		USDPerMillion: r4(r.USDPerMillionOutputTokens), USDPerMillionInput: r4(r.USDPerMillionInputTokens),
		USDPerMillionOutput: r4(r.USDPerMillionOutputTokensSplit), USDPerMillionBlended: r4(r.USDPerMillionTokens),
		Target: newTargetJSON(r.Target), Utilization: r4(e.Utilization(row)),
		Engine: e.Scenario.Efficiency.Engine.Label(), CeilingTPS: r4(r.CeilingTokensPerSecond), Warnings: rowWarnings(row),
	}
	if e.Load != (model.Load{}) {
		rj.Fleet = newFleetJSON(row)
	}
	if base := e.Rows[0]; i > 0 && base.Err == nil {
		b := base.Result
		rj.VsBaseline = &changeJSON{TPOT: r4(model.Diff(b.TPOTSeconds, r.TPOTSeconds)),
			TTFT:          r4(model.Diff(b.TTFTSeconds, r.TTFTSeconds)),
			TPSPerGPU:     r4(model.Diff(b.TokensPerSecondPerGPU, r.TokensPerSecondPerGPU)),
			USDPerMillion: r4(model.Diff(b.USDPerMillionOutputTokens, r.USDPerMillionOutputTokens))}
	}
	return rj
}

// rowWarnings are the row's JSON warnings (a pin above the ceiling);
// nil when there are none, so the field is left out.
func rowWarnings(row report.ExportRow) []string {
	if w := row.PinWarning(); w != "" {
		return []string{w}
	}
	return nil
}

func newFleetJSON(row report.ExportRow) *fleetJSON {
	if !row.HasFleet {
		msg := "no fleet sized"
		if row.FleetErr != nil {
			msg = row.FleetErr.Error()
		}
		return &fleetJSON{Error: msg}
	}
	f := row.Fleet
	return &fleetJSON{RequestsPerSecond: r4(f.RequestsPerSecond), ReplicaSecondsPerRequest: r4(f.ReplicaSecondsPerRequest),
		Replicas: f.Replicas, GPUs: f.GPUs, USDPerMonth: r4(f.USDPerMonth), Batch: f.Batch}
}

// sideID names verdict side s (0 the first GPU, 1 row i), or nil.
func sideID(e report.Export, i, s int) *string {
	if s < 0 || s > 1 {
		return nil
	}
	id := e.Rows[[2]int{0, i}[s]].GPU.ID
	return &id
}

func newVerdictJSON(e report.Export, v model.Verdict, i int) verdictJSON {
	vj := verdictJSON{GPUs: []string{e.Rows[0].GPU.ID, e.Rows[i].GPU.ID}, Winner: sideID(e, i, v.Winner),
		Headline: v.Headline, Reason: v.Reason, Factors: []factorJSON{}, AtTarget: v.AtTarget}
	for _, f := range v.Factors {
		if f.Name != "" {
			vj.Factors = append(vj.Factors, factorJSON{Name: f.Name, Winner: sideID(e, i, f.Winner), Reason: f.Reason})
		}
	}
	if v.BreakEvenUSDPerHour == [2]float64{} {
		return vj
	}
	be := &breakEvenJSON{Basis: "usd_per_million_output_tokens"}
	for s, row := range [2]report.ExportRow{e.Rows[0], e.Rows[i]} {
		u := v.BreakEvenUtilization[s]
		be.Sides = append(be.Sides, breakEvenSideJSON{GPU: row.GPU.ID, USDPerGPUHour: r4(row.Side.USDPerGPUHour),
			BreakEvenUSDPerGPUHour: r4(v.BreakEvenUSDPerHour[s]), Utilization: r4(e.Utilization(row)),
			BreakEvenUtilization: r4(u), UtilizationReachable: u > 0 && u <= 1})
	}
	vj.BreakEven = be
	return vj
}

// scenarioJSON lists every assumption with the scenario file's names.
func scenarioJSON(e report.Export) orderedObject {
	s := e.Scenario
	modelName := s.Model
	if a, err := s.Arch(); err == nil {
		modelName = a.Name
	}
	sched := s.Scheduling
	if sched == "" {
		sched = model.InFlight
	}
	o := orderedObject{{"version", scenario.Version}, {"name", s.Name}, {"model", s.Model},
		{"model_name", modelName}, {"precision", s.Weights}, {"kv_precision", s.KV}, {"scheduling", sched}}
	eff, engine, ctx := orderedObject{}, orderedObject{}, orderedObject{}
	for _, key := range scenario.EngineTextKeys {
		engine = append(engine, jsonKV{key, scenario.EngineText(&s, key)})
	}
	for _, f := range scenario.BoolFields() {
		ctx = append(ctx, jsonKV{f.Key, *f.Of(&s)})
	}
	for _, f := range scenario.Fields() {
		kv := jsonKV{f.Key, f.Get(&s)}
		if a, err := s.Arch(); err == nil && f.Key == "params_b" {
			kv.value = a.Billions() // a preset's own size, not the custom slider's
		}
		if f.Whole {
			kv.value = int(f.Get(&s))
		}
		switch f.Table {
		case scenario.TableEfficiency:
			eff = append(eff, kv)
		case scenario.TableEngine:
			engine = append(engine, kv)
		case scenario.TableContext:
			ctx = append(ctx, kv)
		default:
			o = append(o, kv)
		}
	}
	var sides []orderedObject
	for _, row := range e.Rows {
		side := orderedObject{{"gpu", row.GPU.ID}}
		for _, f := range scenario.SideFields() {
			side = append(side, jsonKV{f.Key, *f.Of(&row.Side)})
		}
		if row.Side.Weights != "" {
			side = append(side, jsonKV{"precision", row.Side.Weights})
		}
		if row.Side.KV != "" {
			side = append(side, jsonKV{"kv_precision", row.Side.KV})
		}
		sides = append(sides, side)
	}
	o = append(o, jsonKV{scenario.TableSides, sides}, jsonKV{scenario.TableEfficiency, eff})
	if s.Efficiency.Engine.Calibrated() {
		o = append(o, jsonKV{scenario.TableEngine, engine})
	}
	o = append(o, jsonKV{scenario.TableContext, ctx})
	switch {
	case e.Load.OutputTokensPerDay > 0:
		o = append(o, jsonKV{"target", orderedObject{{"output_tokens_per_day", e.Load.OutputTokensPerDay}}})
	case e.Load.RequestsPerSecond > 0:
		o = append(o, jsonKV{"target", orderedObject{{targetRPSField.Key, e.Load.RequestsPerSecond}}})
	}
	return o
}

// orderedObject is a JSON object that keeps its keys in order (the
// scenario reads like the file), which a Go map would not.
type orderedObject []jsonKV

type jsonKV struct {
	key   string
	value any
}

// MarshalJSON writes the keys in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(kv.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
