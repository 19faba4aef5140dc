package advice

import (
	"infercost/model"
)

const (
	tera           = 1e12
	gb             = 1e9
	secondsPerHour = 3600.0
)

// Thresholds below which two figures count as "similar": the same as
// model's verdict factors use (TestSimilarAsTheVerdict holds them
// together).
const (
	similarCost    = 0.10 // the seed calls $0.023 vs $0.025 per 1K (8 %) "often similar"
	similarLatency = 0.02
)

// perTokenSeconds is the time per output token a user of one sequence
// sees: the estimate, as in model's verdict (a pinned throughput is an
// assumption for cost and capacity only).
func perTokenSeconds(r model.Result) float64 { return r.TPOTSeconds }
