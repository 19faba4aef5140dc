package model

import (
	"fmt"
	"strings"
)

// Side is one compared GPU with its price and optional pinned throughput.
type Side struct {
	GPU           string  // catalog id or alias
	USDPerGPUHour float64 // price of one GPU-hour
	// PinnedTokensPerSecond, when > 0, replaces the estimated output
	// tokens/s of one replica.
	PinnedTokensPerSecond float64
	// Weights, when set, is this side's weight precision instead of the
	// scenario's: A100 in FP16 against H100 in FP8, the seed's FP8 case.
	Weights Precision
	// KV, when set, is this side's KV-cache precision instead of the
	// scenario's.
	KV Precision
	// Utilization, when > 0, is this side's fraction of paid hours doing
	// useful work instead of the scenario's: an A100 fleet at 60 % against
	// new H100s at 90 %.
	Utilization float64
	// Spec, when set, is the GPU itself: one of the user's, not in the
	// catalog (GPU is then Spec.ID). Treated as read-only; nil = look GPU
	// up in the catalog.
	Spec *GPU
	// PriceQuote names the published quote the price was set from when
	// another quote of the GPU has the same figure (SetQuote), so the two
	// are told apart; "" otherwise. Files and share strings do not keep it.
	PriceQuote string
}

// LookupGPU resolves the side's GPU: its Spec, else the catalog entry.
func (sd Side) LookupGPU() (GPU, error) {
	if sd.Spec != nil && strings.EqualFold(sd.Spec.ID, strings.TrimSpace(sd.GPU)) {
		return *sd.Spec, nil
	}
	return LookupGPU(sd.GPU)
}

// Scenario is every assumption behind a comparison: the shared workload
// and the two sides. It is what the UI edits, the report prints and a
// scenario file stores.
type Scenario struct {
	Name string
	// Model is a preset id, or "custom" for a Llama-like model of ParamsB
	// billion parameters.
	Model          string
	ParamsB        float64
	Weights        Precision
	KV             Precision
	GPUsPerReplica int // 0 = auto
	Batch          int // 0 = the largest that fits
	InputTokens    int
	OutputTokens   int
	Utilization    float64
	Efficiency     Efficiency
	Sides          [2]Side
	// Scheduling, TPOTTargetSeconds and TTFTTargetSeconds are the
	// Workload fields of the same names, shared by both sides.
	Scheduling        Scheduling
	TPOTTargetSeconds float64
	TTFTTargetSeconds float64
	// TargetTokensPerDay is the load a fleet is sized for, in output
	// tokens per day; 0 = none. Compare does not use it (SizeFleetAtLoad
	// does).
	TargetTokensPerDay float64
	// Context is the deployment the seed's practical recommendation is
	// asked about (advice.Advise); it changes no figure of the comparison.
	Context Context
}

// CustomModel is the Scenario.Model value for a size-only model.
const CustomModel = "custom"

// Seed-blog defaults: a 70B model in FP16, A100 80GB at $2.50/h vs H100
// SXM at $4.50/h, cost at full utilization as its formula has it.
const (
	defaultParamsB      = 70
	DefaultInputTokens  = 128
	defaultOutputTokens = 128
	defaultUtilization  = 1.0
)

// DefaultScenario returns the seed blog's comparison with estimated
// throughput, one sequence at a time and GPUs per replica chosen to fit.
func DefaultScenario() Scenario {
	return Scenario{
		Name: "seed: 70B FP16, A100 vs H100", Model: CustomModel, ParamsB: defaultParamsB,
		Weights: FP16, KV: FP16, Batch: 1,
		InputTokens: DefaultInputTokens, OutputTokens: defaultOutputTokens,
		Utilization: defaultUtilization, Efficiency: DefaultEfficiency(),
		Sides: [2]Side{{GPU: "a100-80gb-sxm", USDPerGPUHour: 2.50}, {GPU: "h100-sxm", USDPerGPUHour: 4.50}},
	}
}

// SideWeights is side i's weight precision: its own if set, else the
// scenario's.
func (s Scenario) SideWeights(i int) Precision {
	if i >= 0 && i < len(s.Sides) && s.Sides[i].Weights != "" {
		return s.Sides[i].Weights
	}
	return s.Weights
}

// SideKV is side i's KV-cache precision: its own if set, else the
// scenario's.
func (s Scenario) SideKV(i int) Precision {
	if i >= 0 && i < len(s.Sides) && s.Sides[i].KV != "" {
		return s.Sides[i].KV
	}
	return s.KV
}

// SideUtilization is side i's utilization: its own if set, else the
// scenario's.
func (s Scenario) SideUtilization(i int) float64 {
	if i >= 0 && i < len(s.Sides) && s.Sides[i].Utilization > 0 {
		return s.Sides[i].Utilization
	}
	return s.Utilization
}

// FleetSide is the index of the A100 side (A100Side of the two GPUs):
// an existing A100 fleet's utilization is that side's. A GPU that does
// not resolve counts as not an A100.
func (s Scenario) FleetSide() int {
	var g [2]GPU
	for i := range s.Sides {
		g[i], _ = s.Sides[i].LookupGPU()
	}
	return A100Side(g[0], g[1])
}

// SetSideUtilization makes u side i's utilization and leaves the other
// side's as it was: when both followed the scenario's utilization and u
// differs, each side then has its own.
func (s *Scenario) SetSideUtilization(i int, u float64) {
	if i < 0 || i >= len(s.Sides) || s.SideUtilization(i) == u {
		return
	}
	if o := 1 - i; s.Sides[o].Utilization == 0 {
		s.Sides[o].Utilization = s.Utilization
	}
	s.Sides[i].Utilization = u
}

// SetFleetUtilization declares an existing A100 fleet at utilization u
// and makes u the A100 side's (FleetSide) utilization, the other side
// keeping its own: the fleet and that side are one value.
func (s *Scenario) SetFleetUtilization(u float64) {
	s.Context.HaveA100Fleet, s.Context.Utilization = true, u
	s.SetSideUtilization(s.FleetSide(), u)
}

// Arch resolves the scenario's model.
func (s Scenario) Arch() (Arch, error) {
	if s.Model == "" || s.Model == CustomModel {
		return CustomArch(s.ParamsB)
	}
	return LookupModel(s.Model)
}

// MaxTargetTokensPerDay bounds a fleet target: far beyond any service.
const MaxTargetTokensPerDay = 1e15

// Workload builds side i's GPU and workload; it refuses a fleet target
// outside [0, MaxTargetTokensPerDay].
func (s Scenario) Workload(i int) (GPU, Workload, error) {
	if i < 0 || i >= len(s.Sides) {
		return GPU{}, Workload{}, fmt.Errorf("side %d: accepted 0 or 1", i)
	}
	a, err := s.Arch()
	if err != nil {
		return GPU{}, Workload{}, err
	}
	return s.workload(i, a)
}

// workload is Workload with the scenario's model already resolved.
func (s Scenario) workload(i int, a Arch) (GPU, Workload, error) {
	if t := s.TargetTokensPerDay; !Finite(t) || t < 0 || t > MaxTargetTokensPerDay {
		return GPU{}, Workload{}, fmt.Errorf("target tokens per day %v: accepted 0 (none) to %g", t, MaxTargetTokensPerDay)
	}
	g, err := s.Sides[i].LookupGPU()
	if err != nil {
		return GPU{}, Workload{}, err
	}
	return g, Workload{
		Model: a, Weights: s.SideWeights(i), KV: s.SideKV(i), GPUsPerReplica: s.GPUsPerReplica,
		Batch: s.Batch, InputTokens: s.InputTokens, OutputTokens: s.OutputTokens,
		Utilization: s.SideUtilization(i), USDPerGPUHour: s.Sides[i].USDPerGPUHour,
		PinnedTokensPerSecond: s.Sides[i].PinnedTokensPerSecond, Efficiency: s.Efficiency,
		Scheduling: s.Scheduling, TPOTTargetSeconds: s.TPOTTargetSeconds, TTFTTargetSeconds: s.TTFTTargetSeconds,
	}, nil
}

// Comparison is both sides' results and the verdict. A side whose
// estimate failed (FP8 on A100, say) has Err set and a zero Result.
type Comparison struct {
	Results [2]Result
	Errs    [2]error
	Verdict Verdict
}

// Compare estimates both sides. It returns an error only when the shared
// workload is invalid (unknown model, bad lengths, ...); a side that
// cannot run it (unknown GPU, FP8 without FP8 cores) is reported in Errs.
func Compare(s Scenario) (Comparison, error) {
	var c Comparison
	a, err := s.Arch()
	if err != nil {
		return Comparison{}, err
	}
	for i := range s.Sides {
		g, w, err := s.workload(i, a)
		if err == nil {
			err = w.Validate()
			if err != nil {
				return Comparison{}, err
			}
			c.Results[i], err = Estimate(g, w)
			c.Results[i].GPU = g // named even when it cannot run the workload
		}
		c.Errs[i] = err
	}
	c.Verdict = decide(s, c)
	return c, nil
}

// Diff is (b - a) / a: side B's change relative to side A, or 0 when a is
// 0 or either is not finite.
func Diff(a, b float64) float64 {
	if a == 0 || !Finite(a) || !Finite(b) {
		return 0
	}
	return (b - a) / a
}
