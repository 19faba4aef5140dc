package model_test

import (
	"fmt"

	"infercost/model"
)

// The seed blog's cost formula.
func ExampleCostPerMillion() {
	fmt.Printf("A100: $%.2f per million tokens\n", model.CostPerMillion(2.50, 30, 1))
	fmt.Printf("H100: $%.2f per million tokens\n", model.CostPerMillion(4.50, 50, 1))
	// Output:
	// A100: $23.15 per million tokens
	// H100: $25.00 per million tokens
}

// The seed's decode floor: all weights streamed once per token.
func ExampleEstimate() {
	a, _ := model.CustomArch(70)
	eff := model.DefaultEfficiency()
	eff.Bandwidth, eff.StepOverheadSeconds = 1, 0
	w := model.Workload{Model: a, Weights: model.FP16, KV: model.FP16, GPUsPerReplica: 1, Batch: 1,
		InputTokens: 1, OutputTokens: 1, Utilization: 1, USDPerGPUHour: 4.5, Efficiency: eff}
	g, _ := model.LookupGPU("h100")
	r, _ := model.Estimate(g, w)
	fmt.Printf("%s: %.0f GB per GPU, %.1f ms per token, %s-bound\n", g.Name, r.WeightBytesPerGPU/1e9, r.TPOTSeconds*1e3, r.Bound)
	// Output:
	// H100 SXM 80GB: 140 GB per GPU, 41.8 ms per token, memory-bound
}

// FP8 on a GPU without FP8 tensor cores is refused with the reason.
func ExampleCompare() {
	s := model.DefaultScenario()
	s.Weights = model.FP8
	c, _ := model.Compare(s)
	fmt.Println(c.Errs[0])
	fmt.Println(c.Verdict.Headline)
	// Output:
	// A100 80GB SXM: no FP8 tensor cores, so FP8 weights cannot run; use fp16, bf16, int8 or int4
	// H100 SXM 80GB only: A100 80GB SXM cannot run this workload
}

// The number words of the verdict's reasons, which advice and the report
// share.
func ExampleFormatPercent() {
	fmt.Println(model.FormatPercent(0.123), model.FormatSignedPercent(-0.3), model.FormatSignedPercent(-0.001))
	fmt.Println(model.FormatGPUs(1), model.FormatGPUs(8), model.FormatDecimal(1e9), model.FormatDecimal(0.25))
	// Output:
	// 12 % -30 % ±0 %
	// 1 GPU 8 GPUs 1000000000 0.25
}

func ExampleGPUsPerReplicaRule() {
	a, _ := model.LookupModel("llama-3-70b")
	fmt.Println(model.GPUsPerReplicaChoices(a))
	fmt.Println("gpus per replica 3:", model.GPUsPerReplicaRule(a))
	// Output:
	// [1 2 4 8 16 32 64]
	// gpus per replica 3: must divide Llama-3-70B's 64 attention heads: accepted 0 (auto), 1, 2, 4, 8, 16, 32, 64
}
