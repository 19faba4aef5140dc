package sensitivity

import (
	"errors"
	"math"
	"sort"

	"infercost/model"
)

// Sensitivity is one assumption moved across its range while every other
// is held (a tornado chart's bar): each side's $ per million output
// tokens at the low and the high end, how far it swings and whether the
// verdict turns inside the range.
type Sensitivity struct {
	// Key is stable for scripts: "price_a", "utilization", "batch",
	// "input_tokens", "output_tokens", "model_size",
	// "bandwidth_efficiency", "compute_efficiency", "memory_reserve",
	// "prefill_overhead", "step_overhead", "allreduce_latency",
	// "int8_bandwidth", "int4_bandwidth", "precision_a", ...
	Key string
	// Label words it for a person: "A $/GPU-hour", "batch".
	Label string
	// Unit of Base, Low.Value, High.Value and FlipsAt: "USD/GPU-hour",
	// "fraction", "requests", "x" (a factor on each side's own value),
	// "tokens", "B params", "ms", "us", "precision" (then the Precision
	// fields hold the values).
	Unit string
	// Side is the side the assumption belongs to, or -1 when shared.
	Side int
	// Base is the value now; Low and High the ends of the range.
	Base      float64
	Low, High SensitivityEnd
	// Swing is, over the sides that took both steps, the largest
	// |high - low| / min(low, high) of $ per million output tokens; 0
	// when no side did.
	Swing float64
	// Complete is false when some side could not take a step (its
	// figures at that end are null); such rows sort last.
	Complete bool
	// FlipsVerdict: the verdict (its winner, or which side wins latency
	// or cost) differs from the scenario's at an end both sides took.
	// FlipsAt is, then, the value nearest Base at which it turns
	// (bisected between Base and the end; for precision, the step).
	FlipsVerdict     bool
	FlipsAt          float64
	FlipsAtPrecision model.Precision
}

// SensitivityEnd is the comparison at one end of an assumption's range.
type SensitivityEnd struct {
	Value     float64
	Precision model.Precision // precision rows: side's weight precision here
	// USDPerMillion is each side's $ per million output tokens (the
	// seed's figure); OK[i] is false when side i cannot take this step
	// (it cannot run the workload, the GPU has no such precision, or a
	// workload it held no longer fits): a null.
	USDPerMillion [2]float64
	OK            [2]bool
	// Flips: both sides took the step and the verdict differs from the
	// scenario's.
	Flips bool
}

// CostRatio is side B's $ per million over side A's at this end, and
// false when either is null or A's is 0.
func (e SensitivityEnd) CostRatio() (float64, bool) {
	if !e.OK[0] || !e.OK[1] || e.USDPerMillion[0] <= 0 {
		return 0, false
	}
	return e.USDPerMillion[1] / e.USDPerMillion[0], true
}

// Ranges of the sensitivity, with their grounds.
const (
	// sensPriceSpread is the +-25 % a price without a catalog range moves.
	sensPriceSpread = 0.25
	// sensUtilLow and sensUtilHigh: half-busy to fully busy.
	sensUtilLow, sensUtilHigh = 0.5, 1.0
	// sensSizeSpread: model size +-25 %, shape held.
	sensSizeSpread = 0.25
	// sensBandwidthLow/High: the published decode cases reach 66-75 % of
	// spec bandwidth (P1-P4, see defaultBandwidth); a few points beyond
	// either end for engines the cases do not cover.
	sensBandwidthLow, sensBandwidthHigh = 0.60, 0.85
	// sensComputeLow/High: a factor on each GPU's compute efficiency; A100
	// prefill measures 65-71 % and H100 FP8 45-50 % of dense peak, about
	// +-10 % around the defaults, doubled for unmeasured engines.
	sensComputeLow, sensComputeHigh = 0.8, 1.2
	// sensReserveLow/High: engines leave 5-20 % of memory outside the KV
	// cache (vLLM's gpu_memory_utilization 0.9 by default, often raised
	// to 0.95 or lowered to 0.8).
	sensReserveLow, sensReserveHigh = 0.05, 0.20
	// sensPrefillLow/High and sensStepLow/High: "a few ms" per prefill
	// pass and 5-40 us per decode step bracket the fitted defaults
	// (2 ms, 10 us).
	sensPrefillLow, sensPrefillHigh = 1e-3, 4e-3
	sensStepLow, sensStepHigh       = 5e-6, 40e-6
	// sensFactorLow/High: halved and doubled (batch, lengths,
	// all-reduce latency).
	sensFactorLow, sensFactorHigh = 0.5, 2.0
	// sensBisections bounds the search for where the verdict turns.
	sensBisections = 40
)

// errNoStep marks a step a side cannot take.
var errNoStep = errors.New("no such step")

// sensitivity holds the scenario as resolved now: each side's GPUs per
// replica and batch, and its verdict.
type sensitivity struct {
	s     model.Scenario
	base  model.Comparison
	tp    [2]int
	batch [2]int
	gpus  [2]model.GPU
	key   verdictKey
}

// verdictKey is what "the verdict flips" compares: the overall winner
// and the winners of latency and cost.
type verdictKey [3]int

func keyOf(v model.Verdict) verdictKey {
	return verdictKey{v.Winner, v.Factors[0].Winner, v.Factors[1].Winner}
}

// move changes side i's workload for one value x of an assumption; false
// when the side cannot take the step.
type move func(x float64, i int, w *model.Workload) bool

// Of moves each assumption of s across its range, one at a time,
// holding the rest and each side's GPUs per replica as resolved now: each
// price across its catalog range (else +-25 %), utilization to 50 % and
// 100 %, the batch halved and doubled, prompt and output lengths halved
// and doubled, model size +-25 % (shape held), bandwidth, compute and
// memory efficiencies and overheads across their plausible ranges, and
// each side's weights one precision step down (fp16/bf16 -> fp8 where the
// GPU has FP8, else int8; fp8 or int8 -> int4). The rows come sorted by
// swing, largest first; rows with a null come last. It returns an error
// only when Compare does.
func Of(s model.Scenario) ([]Sensitivity, error) {
	c, err := model.Compare(s)
	if err != nil {
		return nil, err
	}
	k := sensitivity{s: s, base: c, key: keyOf(c.Verdict)}
	for i := range s.Sides {
		k.tp[i], k.batch[i], k.gpus[i] = c.Results[i].GPUsPerReplica, c.Results[i].Batch, c.Results[i].GPU
	}
	var out []Sensitivity
	for _, row := range k.rows() {
		out = append(out, k.run(row))
	}
	for i := range s.Sides {
		out = append(out, k.precision(i))
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Complete != out[b].Complete {
			return out[a].Complete
		}
		return out[a].Swing > out[b].Swing
	})
	return out, nil
}

// sensRow is one numeric assumption: its range and how it moves.
type sensRow struct {
	key, label, unit string
	side             int
	base, lo, hi     float64
	whole            bool // bisect whole numbers
	mv               move
}

// rows lists the numeric assumptions of the scenario.
func (k *sensitivity) rows() []sensRow {
	s := k.s
	var rows []sensRow
	for i := range s.Sides {
		lo, hi := k.priceRange(i)
		side := i
		rows = append(rows, sensRow{key: "price_" + string(rune('a'+i)), label: string(rune('A'+i)) + " $/GPU-hour",
			unit: "USD/GPU-hour", side: i, base: s.Sides[i].USDPerGPUHour, lo: lo, hi: hi,
			mv: func(x float64, j int, w *model.Workload) bool {
				if j == side {
					w.USDPerGPUHour = x
				}
				return true
			}})
	}
	rows = append(rows, k.utilizationRows()...)
	rows = append(rows, k.batchRow())
	rows = append(rows, k.lengthRow("input_tokens", "prompt tokens", s.InputTokens, func(w *model.Workload) *int { return &w.InputTokens }),
		k.lengthRow("output_tokens", "output tokens", s.OutputTokens, func(w *model.Workload) *int { return &w.OutputTokens }))
	rows = append(rows, k.sizeRow())
	rows = append(rows, k.efficiencyRows()...)
	return rows
}

// priceRange is side i's catalog price range when it has one (low below
// high), else the price +-25 %.
func (k *sensitivity) priceRange(i int) (float64, float64) {
	g := k.gpus[i]
	if g.PriceLow > 0 && g.PriceHigh > g.PriceLow {
		return g.PriceLow, g.PriceHigh
	}
	p := k.s.Sides[i].USDPerGPUHour
	return p * (1 - sensPriceSpread), math.Min(model.MaxPriceUSDPerHour, p*(1+sensPriceSpread))
}

// utilizationRows move utilization from 50 % to 100 %: one row when
// both sides share it, one per side when each has its own.
func (k *sensitivity) utilizationRows() []sensRow {
	s := k.s
	if s.SideUtilization(0) == s.SideUtilization(1) {
		return []sensRow{{key: "utilization", label: "utilization", unit: "fraction", side: -1,
			base: s.SideUtilization(0), lo: sensUtilLow, hi: sensUtilHigh,
			mv: func(x float64, _ int, w *model.Workload) bool { w.Utilization = x; return true }}}
	}
	var rows []sensRow
	for i := range s.Sides {
		side := i
		rows = append(rows, sensRow{key: "utilization_" + string(rune('a'+i)), label: string(rune('A'+i)) + " utilization",
			unit: "fraction", side: i, base: s.SideUtilization(i), lo: sensUtilLow, hi: sensUtilHigh,
			mv: func(x float64, j int, w *model.Workload) bool {
				if j == side {
					w.Utilization = x
				}
				return true
			}})
	}
	return rows
}

// batchRow halves and doubles the batch. A scenario batch moves as a
// number of requests; a batch the GPUs choose (max, or a latency
// target's) moves as a factor on each side's own, the target set aside.
func (k *sensitivity) batchRow() sensRow {
	if k.s.Batch > 0 && !k.hasTarget() {
		b := float64(k.s.Batch)
		return sensRow{key: "batch", label: "batch", unit: "requests", side: -1, base: b,
			lo: math.Max(1, math.Floor(b*sensFactorLow)), hi: math.Min(model.MaxBatch, b*sensFactorHigh), whole: true,
			mv: func(x float64, _ int, w *model.Workload) bool { w.Batch = int(math.Round(x)); return true }}
	}
	return sensRow{key: "batch", label: "batch (x each GPU's)", unit: "x", side: -1, base: 1, lo: sensFactorLow, hi: sensFactorHigh,
		mv: func(x float64, i int, w *model.Workload) bool {
			w.TPOTTargetSeconds, w.TTFTTargetSeconds = 0, 0
			w.Batch = int(math.Min(model.MaxBatch, math.Max(1, math.Round(float64(k.batch[i])*x))))
			return true
		}}
}

func (k *sensitivity) hasTarget() bool { return k.s.TPOTTargetSeconds > 0 || k.s.TTFTTargetSeconds > 0 }

// lengthRow halves and doubles a token length.
func (k *sensitivity) lengthRow(key, label string, n int, of func(*model.Workload) *int) sensRow {
	b := float64(n)
	return sensRow{key: key, label: label, unit: "tokens", side: -1, base: b,
		lo: math.Max(1, math.Floor(b*sensFactorLow)), hi: math.Min(model.MaxTokens, b*sensFactorHigh), whole: true,
		mv: func(x float64, _ int, w *model.Workload) bool { *of(w) = int(math.Round(x)); return true }}
}

// sizeRow moves the model's size +-25 %: a custom model is scaled anew,
// a preset keeps its shape with every parameter count scaled.
func (k *sensitivity) sizeRow() sensRow {
	a, _ := k.s.Arch()
	b := a.Billions()
	return sensRow{key: "model_size", label: "model size", unit: "B params", side: -1, base: b,
		lo: b * (1 - sensSizeSpread), hi: b * (1 + sensSizeSpread),
		mv: func(x float64, _ int, w *model.Workload) bool {
			if a.Custom {
				c, err := model.CustomArch(x)
				w.Model = c
				return err == nil
			}
			f := x / b
			w.Model.Params, w.Model.ActiveParams, w.Model.ExpertParams = a.Params*f, a.ActiveParams*f, a.ExpertParams*f
			return true
		}}
}

// efficiencyRows are the efficiency knobs that matter to this scenario.
func (k *sensitivity) efficiencyRows() []sensRow {
	e := k.s.Efficiency
	eff := func(key, label, unit string, base, lo, hi float64, set func(x float64, ef *model.Efficiency)) sensRow {
		return sensRow{key: key, label: label, unit: unit, side: -1, base: base, lo: lo, hi: hi,
			mv: func(x float64, _ int, w *model.Workload) bool { set(x, &w.Efficiency); return true }}
	}
	_, compute := e.Engine.Factors()
	rows := []sensRow{
		eff("bandwidth_efficiency", "bandwidth efficiency", "fraction", e.Bandwidth, sensBandwidthLow, sensBandwidthHigh,
			func(x float64, ef *model.Efficiency) { ef.Bandwidth = x }),
		eff("compute_efficiency", "compute efficiency (x each GPU's)", "x", 1, sensComputeLow, sensComputeHigh,
			func(x float64, ef *model.Efficiency) {
				ef.Engine.ComputeFactor = math.Max(model.MinEngineFactor, math.Min(model.MaxEngineFactor, compute*x))
			}),
		eff("memory_reserve", "memory reserve", "fraction", e.MemoryReserve, sensReserveLow, sensReserveHigh,
			func(x float64, ef *model.Efficiency) { ef.MemoryReserve = x }),
		eff("prefill_overhead", "prefill overhead", "ms", e.PrefillOverheadSeconds*1e3, sensPrefillLow*1e3, sensPrefillHigh*1e3,
			func(x float64, ef *model.Efficiency) { ef.PrefillOverheadSeconds = x / 1e3 }),
		eff("step_overhead", "step overhead", "us", e.StepOverheadSeconds*1e6, sensStepLow*1e6, sensStepHigh*1e6,
			func(x float64, ef *model.Efficiency) { ef.StepOverheadSeconds = x / 1e6 }),
	}
	if k.tp[0] > 1 || k.tp[1] > 1 {
		rows = append(rows, eff("allreduce_latency", "all-reduce latency (x)", "x", 1, sensFactorLow, sensFactorHigh,
			func(x float64, ef *model.Efficiency) {
				ef.AllReduceSeconds, ef.AllReducePerDoublingSeconds = e.AllReduceSeconds*x, e.AllReducePerDoublingSeconds*x
			}))
	}
	for i := range k.s.Sides {
		switch k.s.SideWeights(i) {
		case model.INT8:
			rows = append(rows, eff("int8_bandwidth", "INT8 bandwidth efficiency", "fraction", e.BandwidthInt8, 0.5, 0.8,
				func(x float64, ef *model.Efficiency) { ef.BandwidthInt8 = x }))
		case model.INT4:
			rows = append(rows, eff("int4_bandwidth", "INT4 bandwidth efficiency", "fraction", e.BandwidthInt4, 0.35, 0.6,
				func(x float64, ef *model.Efficiency) { ef.BandwidthInt4 = x }))
		}
	}
	return uniqueRows(rows)
}

func uniqueRows(rows []sensRow) []sensRow {
	seen := map[string]bool{}
	out := rows[:0]
	for _, r := range rows {
		if !seen[r.key] {
			seen[r.key] = true
			out = append(out, r)
		}
	}
	return out
}

// run evaluates one numeric row at both ends and, when the verdict
// turns, bisects for where.
func (k *sensitivity) run(r sensRow) Sensitivity {
	out := Sensitivity{Key: r.key, Label: r.label, Unit: r.unit, Side: r.side, Base: r.base}
	at := func(x float64) SensitivityEnd { return k.end(x, "", r.mv) }
	out.Low, out.High = at(r.lo), at(r.hi)
	k.finish(&out)
	best := math.Inf(1)
	for _, end := range []SensitivityEnd{out.Low, out.High} {
		if !end.Flips {
			continue
		}
		x := bisectFlip(r.base, end.Value, r.whole, func(x float64) bool { return at(x).Flips })
		if d := math.Abs(x - r.base); d < best {
			best, out.FlipsAt = d, x
		}
	}
	return out
}

// bisectFlip narrows [base, end], where the verdict holds at base and
// turns at end, to the value nearest base at which it has turned.
func bisectFlip(base, end float64, whole bool, flips func(float64) bool) float64 {
	lo, hi := base, end
	for range sensBisections {
		mid := (lo + hi) / 2
		if whole {
			mid = math.Round(mid)
			if mid == lo || mid == hi {
				break
			}
		}
		if flips(mid) {
			hi = mid
		} else {
			lo = mid
		}
		if !whole && math.Abs(hi-lo) <= 1e-4*math.Max(math.Abs(base), math.Abs(end)) {
			break
		}
	}
	return hi
}

// precision steps side i's weights one precision down the GPU's ladder.
func (k *sensitivity) precision(i int) Sensitivity {
	now := k.s.SideWeights(i)
	next, ok := nextPrecision(k.gpus[i], now)
	letter := string(rune('A' + i))
	out := Sensitivity{Key: "precision_" + string(rune('a'+i)), Label: letter + " weights", Unit: "precision", Side: i}
	mv := func(_ float64, j int, w *model.Workload) bool {
		if j != i {
			return true
		}
		w.Weights = next
		return ok
	}
	out.Low = k.end(0, now, func(float64, int, *model.Workload) bool { return true })
	out.Low.Precision = now
	out.High = k.end(0, next, mv)
	k.finish(&out)
	if out.FlipsVerdict {
		out.FlipsAtPrecision = next
	}
	return out
}

// nextPrecision is one step down from p among the precisions g runs:
// 16-bit to FP8 (with FP8 tensor cores) or INT8, FP8 or INT8 to INT4.
func nextPrecision(g model.GPU, p model.Precision) (model.Precision, bool) {
	switch p {
	case model.FP16, model.BF16:
		if g.HasFP8() {
			return model.FP8, true
		}
		return model.INT8, true
	case model.FP8, model.INT8:
		return model.INT4, true
	}
	return "", false
}

// end compares both sides with the assumption at x.
func (k *sensitivity) end(x float64, p model.Precision, mv move) SensitivityEnd {
	e := SensitivityEnd{Value: x, Precision: p}
	t := k.s
	var c model.Comparison
	for i := range t.Sides {
		if c.Errs[i] = k.base.Errs[i]; c.Errs[i] != nil {
			c.Results[i].GPU = k.gpus[i]
			continue
		}
		g, w, err := t.Workload(i)
		if err == nil {
			w.GPUsPerReplica = k.tp[i]
			if !mv(x, i, &w) {
				err = errNoStep
			}
		}
		if err == nil {
			c.Results[i], err = model.Estimate(g, w)
		}
		c.Results[i].GPU, c.Errs[i] = g, err
		t.Sides[i].USDPerGPUHour, t.Sides[i].Utilization, t.Sides[i].Weights = w.USDPerGPUHour, w.Utilization, w.Weights
		r := c.Results[i]
		e.OK[i] = err == nil && (r.Fits || !k.base.Results[i].Fits)
		if e.OK[i] {
			e.USDPerMillion[i] = r.USDPerMillionOutputTokens
		}
	}
	if e.OK[0] && e.OK[1] {
		e.Flips = keyOf(t.Decide(c)) != k.key
	}
	return e
}

// finish sets the row's swing, completeness and flip.
func (k *sensitivity) finish(s *Sensitivity) {
	s.Complete = true
	for i := range k.s.Sides {
		lo, hi := s.Low, s.High
		if !lo.OK[i] || !hi.OK[i] {
			if k.base.Errs[i] == nil {
				s.Complete = false
			}
			continue
		}
		a, b := lo.USDPerMillion[i], hi.USDPerMillion[i]
		if m := math.Min(a, b); m > 0 {
			s.Swing = math.Max(s.Swing, math.Abs(b-a)/m)
		}
	}
	s.FlipsVerdict = s.Low.Flips || s.High.Flips
}
