package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Arch is a transformer's shape: what the estimator needs to count bytes
// and FLOPs. Parameter counts are absolute (not billions).
type Arch struct {
	ID   string
	Name string

	Params         float64 // total parameters, including embeddings and all experts
	ActiveParams   float64 // parameters used per token (MoE: shared + top-k experts)
	Layers         int
	Hidden         int
	Heads          int // query heads
	KVHeads        int // key/value heads (GQA/MQA when < Heads)
	HeadDim        int
	Vocab          int
	TiedEmbeddings bool // input embedding shared with the output head

	// MoE: routed experts per MoE layer and how many each token uses; the
	// parameters that belong to routed experts (all layers, all experts).
	Experts         int
	ExpertsPerToken int
	ExpertParams    float64

	// KVElementsPerLayer overrides 2 x KVHeads x HeadDim: the values cached
	// per token per layer (MLA caches one compressed latent).
	KVElementsPerLayer int
	// AttnWidth overrides Heads x HeadDim: the per-token width of the
	// attention dot products (QK and AV), used for attention FLOPs.
	AttnWidth int

	Custom bool   // scaled from a parameter count, not a published config
	Source string // published config the figures come from
	Notes  string // what is approximated
}

// IsMoE reports whether the model routes tokens to a subset of experts.
func (a Arch) IsMoE() bool { return a.Experts > 0 && a.ExpertsPerToken > 0 }

// kvElementsPerToken is the number of cached values per token, all layers.
func (a Arch) kvElementsPerToken() float64 {
	per := a.KVElementsPerLayer
	if per == 0 {
		per = 2 * a.KVHeads * a.HeadDim
	}
	return float64(per) * float64(a.Layers)
}

// KVBytesPerToken is the KV cache one token occupies across all layers at
// precision p: 2 (K and V) x layers x KV heads x head dim x bytes.
func (a Arch) KVBytesPerToken(p Precision) float64 {
	return a.kvElementsPerToken() * p.BytesPerElement()
}

func (a Arch) attnWidth() float64 {
	if a.AttnWidth > 0 {
		return float64(a.AttnWidth)
	}
	return float64(a.Heads * a.HeadDim)
}

// embeddingParams is the input embedding table, read by gather (a few
// rows per token), not streamed, when it is not tied to the output head.
func (a Arch) gatheredParams() float64 {
	if a.TiedEmbeddings {
		return 0
	}
	return float64(a.Vocab) * float64(a.Hidden)
}

// streamedParams is what one decode step reads at batch b: everything
// but the gathered embedding, and for MoE only the experts that the b
// tokens touch (each token picks ExpertsPerToken of Experts, assumed
// uniform: expected touched fraction 1 - (1 - k/E)^b).
func (a Arch) streamedParams(b float64) float64 {
	p := a.Params - a.gatheredParams()
	if !a.IsMoE() {
		return p
	}
	touched := 1 - math.Pow(1-float64(a.ExpertsPerToken)/float64(a.Experts), b)
	return p - a.ExpertParams + a.ExpertParams*touched
}

// matmulParams is the parameters a token multiplies by (2 FLOPs each).
func (a Arch) matmulParams() float64 {
	active := a.ActiveParams
	if active == 0 {
		active = a.Params
	}
	return active - a.gatheredParams()
}

// Billions is the total parameter count in billions.
func (a Arch) Billions() float64 { return a.Params / giga }

var presets = [...]Arch{
	{ID: "llama-2-7b", Name: "Llama-2-7B", Params: 6.74 * giga, Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 32, HeadDim: 128, Vocab: 32000,
		Source: "meta-llama/Llama-2-7b-hf config.json"},
	{ID: "llama-2-13b", Name: "Llama-2-13B", Params: 13.0 * giga, Layers: 40, Hidden: 5120, Heads: 40, KVHeads: 40, HeadDim: 128, Vocab: 32000,
		Source: "meta-llama/Llama-2-13b-hf config.json"},
	{ID: "llama-2-70b", Name: "Llama-2-70B", Params: 68.98 * giga, Layers: 80, Hidden: 8192, Heads: 64, KVHeads: 8, HeadDim: 128, Vocab: 32000,
		Source: "meta-llama/Llama-2-70b-hf config.json"},
	{ID: "llama-3-8b", Name: "Llama-3-8B", Params: 8.03 * giga, Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 8, HeadDim: 128, Vocab: 128256,
		Source: "meta-llama/Meta-Llama-3-8B config.json"},
	{ID: "llama-3-70b", Name: "Llama-3-70B", Params: 70.6 * giga, Layers: 80, Hidden: 8192, Heads: 64, KVHeads: 8, HeadDim: 128, Vocab: 128256,
		Source: "meta-llama/Meta-Llama-3-70B config.json"},
	{ID: "llama-3.1-405b", Name: "Llama-3.1-405B", Params: 405.9 * giga, Layers: 126, Hidden: 16384, Heads: 128, KVHeads: 8, HeadDim: 128, Vocab: 128256,
		Source: "meta-llama/Llama-3.1-405B config.json"},
	{ID: "mistral-7b", Name: "Mistral-7B", Params: 7.24 * giga, Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 8, HeadDim: 128, Vocab: 32000,
		Source: "mistralai/Mistral-7B-v0.1 config.json",
		Notes:  "sliding-window attention (4096) not modelled: long contexts read more KV than the real model"},
	{ID: "mixtral-8x7b", Name: "Mixtral-8x7B", Params: 46.7 * giga, ActiveParams: 12.9 * giga, Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 8, HeadDim: 128, Vocab: 32000,
		Experts: 8, ExpertsPerToken: 2, ExpertParams: 45.1 * giga,
		Source: "mistralai/Mixtral-8x7B-v0.1 config.json",
		Notes:  "MoE: decode reads only the experts the batch touches (uniform routing assumed)"},
	{ID: "gpt-j-6b", Name: "GPT-J-6B", Params: 6.05 * giga, Layers: 28, Hidden: 4096, Heads: 16, KVHeads: 16, HeadDim: 256, Vocab: 50400,
		Source: "EleutherAI/gpt-j-6b config.json"},
	{ID: "qwen2.5-72b", Name: "Qwen2.5-72B", Params: 72.7 * giga, Layers: 80, Hidden: 8192, Heads: 64, KVHeads: 8, HeadDim: 128, Vocab: 152064,
		Source: "Qwen/Qwen2.5-72B config.json"},
	{ID: "deepseek-v3", Name: "DeepSeek-V3", Params: 671 * giga, ActiveParams: 37 * giga, Layers: 61, Hidden: 7168, Heads: 128, KVHeads: 1, HeadDim: 576, Vocab: 129280,
		Experts: 256, ExpertsPerToken: 8, ExpertParams: 654 * giga,
		KVElementsPerLayer: 576, AttnWidth: 128 * (576 + 512),
		Source: "deepseek-ai/DeepSeek-V3 config.json",
		Notes:  "MLA approximated: caches the 512+64 compressed latent per layer, attention FLOPs with absorbed projections; 3 dense layers and the shared expert counted as always-read; multi-token prediction ignored"},
}

// Models returns the architecture presets in display order (a copy).
func Models() []Arch {
	out := make([]Arch, len(presets))
	copy(out, presets[:])
	return out
}

// ModelIDs returns the preset ids in display order.
func ModelIDs() []string {
	ids := make([]string, len(presets))
	for i, a := range presets {
		ids[i] = a.ID
	}
	return ids
}

// LookupModel finds a preset by id, case-insensitively. The error lists the
// valid ids.
func LookupModel(id string) (Arch, error) {
	want := strings.ToLower(strings.TrimSpace(id))
	for i := range presets { // by index: an Arch is too large to copy per try
		if presets[i].ID == want {
			return presets[i], nil
		}
	}
	return Arch{}, fmt.Errorf("unknown model %q: valid ids are %s", id, strings.Join(ModelIDs(), ", "))
}

// Custom-model shape rules, fitted to the Llama family (dense, GQA with 8
// KV heads of 128, FFN ~3.5x hidden: ~12.75 x hidden^2 parameters per
// layer, about one layer per 110 of hidden width).
const (
	customParamsPerLayerPerHidden2 = 12.75
	customHiddenPerLayer           = 110.0
	customHeadDim                  = 128
	customKVHeads                  = 8
	customVocab                    = 32000
	// MinParams and MaxParams bound a custom model (billions).
	MinParamsB = 0.5
	MaxParamsB = 2000.0
)

// CustomArch scales a dense Llama-like architecture to paramsB billion
// parameters. Embeddings are taken as tied, so decode streams every
// parameter: the seed blog's "70B x 2 bytes = 140 GB per token".
func CustomArch(paramsB float64) (Arch, error) {
	if math.IsNaN(paramsB) || paramsB < MinParamsB || paramsB > MaxParamsB {
		return Arch{}, fmt.Errorf("model size %gB: accepted %g to %g billion parameters", paramsB, MinParamsB, MaxParamsB)
	}
	a := scaledArch(paramsB)
	a.Name = fmt.Sprintf("custom %gB", roundTo(paramsB, 1))
	return a, nil
}

// scaledArch is CustomArch without validation or a display name, so that
// sweeps over model size allocate nothing.
func scaledArch(paramsB float64) Arch {
	p := paramsB * giga
	h := math.Cbrt(p * customHiddenPerLayer / customParamsPerLayerPerHidden2)
	// Hidden width in whole groups of 8 heads, so that tensor parallelism
	// up to 8 (and any power of two up to the head count) splits heads evenly.
	const group = customKVHeads * customHeadDim
	hidden := int(math.Max(1, math.Round(h/group))) * group
	layers := int(math.Max(1, math.Round(float64(hidden)/customHiddenPerLayer)))
	heads := hidden / customHeadDim
	kv := min(customKVHeads, heads)
	return Arch{
		ID: "custom", Name: "custom", Params: p,
		Layers: layers, Hidden: hidden, Heads: heads, KVHeads: kv, HeadDim: customHeadDim,
		Vocab: customVocab, TiedEmbeddings: true, Custom: true,
		Notes: "shape scaled from the Llama family; every parameter streamed per token",
	}
}

func roundTo(x float64, decimals int) float64 {
	f := math.Pow(10, float64(decimals))
	return math.Round(x*f) / f
}

// GPUsPerReplicaChoices lists the GPUs per replica a's weights can be
// split over by tensor parallelism, ascending: the divisors of its
// attention heads from 1 to MaxGPUsPerReplica (every count when Heads is
// 0, unknown). 0, auto, is accepted beside them.
func GPUsPerReplicaChoices(a Arch) []int {
	var out []int
	for n := 1; n <= MaxGPUsPerReplica; n++ {
		if a.Heads <= 0 || a.Heads%n == 0 {
			out = append(out, n)
		}
	}
	return out
}

// GPUsPerReplicaRule words why GPUsPerReplicaChoices are the choices
// (tensor parallelism splits the attention heads) and lists them: "must
// divide Llama-3-70B's 64 attention heads: accepted 0 (auto), 1, 2, 4, 8,
// 16, 32, 64".
func GPUsPerReplicaRule(a Arch) string {
	ns := GPUsPerReplicaChoices(a)
	list := make([]string, len(ns))
	for i, n := range ns {
		list[i] = strconv.Itoa(n)
	}
	rule := "accepted 0 (auto), " + strings.Join(list, ", ")
	if a.Heads > 0 {
		rule = fmt.Sprintf("must divide %s's %d attention heads: %s", a.Name, a.Heads, rule)
	}
	return rule
}
