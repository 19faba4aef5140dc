package model

// BuiltinScenarios returns the presets a planning meeting cycles through,
// in order. The first is the seed blog's own example.
func BuiltinScenarios() []Scenario {
	seed := DefaultScenario()
	seed.Name = "seed blog: 70B FP16, A100 $2.50 @30 tok/s vs H100 $4.50 @50 tok/s"
	seed.GPUsPerReplica = 1
	seed.Sides[0].PinnedTokensPerSecond = 30
	seed.Sides[1].PinnedTokensPerSecond = 50

	chat := DefaultScenario()
	chat.Name = "chat: Llama-3-8B, 32 concurrent, 512 in / 256 out"
	chat.Model, chat.Batch, chat.InputTokens, chat.OutputTokens = "llama-3-8b", 32, 512, 256
	chat.Utilization = 0.6

	fp8 := DefaultScenario()
	fp8.Name = "70B in FP8 on H100: Llama-3-70B, A100 in FP16 vs H100 in FP8 (weights and KV cache)"
	fp8.Model, fp8.Batch, fp8.InputTokens, fp8.OutputTokens = "llama-3-70b", 16, 1024, 256
	fp8.Sides[1].Weights, fp8.Sides[1].KV = FP8, FP8
	fp8.Utilization = 0.7

	rag := DefaultScenario()
	rag.Name = "long-prompt retrieval: Llama-3-8B, 8000 in / 200 out (prefill-heavy)"
	rag.Model, rag.Batch, rag.InputTokens, rag.OutputTokens = "llama-3-8b", 8, 8000, 200
	rag.Utilization = 0.6

	batch := DefaultScenario()
	batch.Name = "offline batch generation: Llama-2-70B, as many as fit, 256 in / 1024 out"
	batch.Model, batch.Batch, batch.InputTokens, batch.OutputTokens = "llama-2-70b", 0, 256, 1024
	batch.Utilization = 0.95

	// The seed's practical advice: "if you have an A100 fleet running
	// below 70 % utilization, optimize that first". The fleet is declared
	// in the deployment context as well as priced on the A100 side, as
	// report --a100-fleet-utilization 0.6 --utilization h100=0.9 builds it,
	// so the preset's recommendation is that rule (optimize_a100).
	fleet := DefaultScenario()
	fleet.Name = "A100 fleet at 60 % vs new H100s at 90 %: Llama-3-70B, 32 concurrent, 512 in / 256 out"
	fleet.Model, fleet.Batch, fleet.InputTokens, fleet.OutputTokens = "llama-3-70b", 32, 512, 256
	fleet.Sides[1].Utilization = 0.9
	fleet.SetFleetUtilization(0.6) // the A100 side's utilization, the H100's kept

	out := []Scenario{seed, chat, fp8, rag, batch, fleet}
	for i := range out {
		if a, err := LookupModel(out[i].Model); err == nil {
			out[i].ParamsB = a.Billions() // a preset carries its own size
		}
	}
	return out
}
