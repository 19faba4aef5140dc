package advice

import (
	"fmt"
	"infercost/model"
	"strings"
	"testing"
)

func claimByID(t *testing.T, cl Claims, id string) Claim {
	t.Helper()
	for _, c := range cl.Items {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no claim %q", id)
	return Claim{}
}

// TestClaimsSeedPreset judges every claim on the seed's own example (one
// GPU each, A100 $2.50/h at 30 tok/s = $23.148/M, H100 $4.50/h at 50
// tok/s = $25.000/M).
func TestClaimsSeedPreset(t *testing.T) {
	s, c := seedPair(t)
	cl := CheckClaims(s, c)
	if len(cl.Items) != 11 || cl.Roles.H100 != 1 || cl.Roles.Note != "" {
		t.Fatalf("%d claims, roles %+v", len(cl.Items), cl.Roles)
	}
	cases := []struct {
		id    string
		holds Judgement
		want  []string // in Because, then TurnsAt
	}{
		// 25 / 23.148 - 1 = +8 %, not 20 % lower. H100 would need
		// 4.50 x 0.8 x 23.148 / 25 = $3.33/h.
		{"high_volume_serving", DoesNotHold, []string{"8 % higher at batch 1", "$3.33/GPU-hour or less"}},
		// The estimated time per token, as the verdict's latency factor
		// uses it (a pinned rate may come from another batch): 140 GB over
		// 3.35 TB/s x 0.75 = 55.7 ms (+ step overhead) vs 2.039 TB/s x 0.75
		// = 91.6 ms: 39 % faster.
		{"latency_critical", Holds, []string{"55.8 ms per token vs 91.6 ms (39 % faster)"}},
		{"large_models", Holds, []string{"both take 1 GPU", "140 GB", "do not hold the weights"}},
		{"fp8_quantization", Holds, []string{"1979 TFLOPS", "A100 80GB SXM has none"}},
		// $2.50 / $4.50 = 56 %; 23.148 / 25 - 1 = -7 %; A100 matches at
		// 2.50 x 25 / 23.148 = $2.70/h.
		{"cost_constrained", Holds, []string{"56 % of", "7 % lower", "under $2.70/GPU-hour"}},
		// H100 has 989 / 312 = 3.2x the 16-bit compute, so its prompt
		// tokens are the cheaper ones.
		{"prefill_heavy", DoesNotHold, []string{"H100 SXM 80GB's $ per million input tokens is", "3.2x the 16-bit compute"}},
		{"availability", Unknown, []string{"A100 80GB SXM good, H100 SXM 80GB improving"}},
		{"experimentation", Unknown, []string{"$2.50 on A100 80GB SXM vs $4.50"}},
		// 140 GB / 2.039 TB/s = 68.7 ms, / 3.35 TB/s = 41.8 ms: -39 %;
		// 140 GB does not fit one card's 72 GB.
		{"decode_70_42_ms", Holds, []string{"68.7 ms vs 41.8 ms", "(39 % faster)", "needs 2 GPUs", "72 GB usable", "as configured it does not fit"}},
		// $0.0231 vs $0.0250 per 1K (three significant digits each, as a
		// column reads); H100 matches at 4.50 x 23.148 / 25 = $4.17.
		{"cost_per_1k_tokens", Holds, []string{"$0.0231 vs $0.0250 per 1K", "under $4.17/GPU-hour"}},
		// 8 % apart (within 10 %); 50 / 30 - 1 = 67 % more tok/s per GPU;
		// similar for H100 between 0.9 and 1.1 x $4.17.
		{"cost_often_similar", Holds, []string{"8 % apart", "67 % more tokens/s per GPU", "$3.75 to $4.58"}},
	}
	for _, w := range cases {
		got := claimByID(t, cl, w.id)
		if got.Holds != w.holds {
			t.Errorf("%s: holds %v, want %v (%s)", w.id, got.Holds, w.holds, got.Because)
		}
		wantAll(t, w.id, got.Because+" | "+got.TurnsAt, w.want...)
	}
}

// TestClaimHighVolumeTurnsAtBatch: Llama-3-8B with H100 at $4.00/h. At
// batch 1 decode is memory-bound and H100's cost ratio is about
// 4.00/2.50 x 2.04/3.35 = 0.97; at large batches it tends to the compute
// ratio 1.6 x (312 x 0.70)/(989 x 0.48) = 0.74, so it crosses 0.8 on the
// way. The batch TurnsAt names must be the first where it holds.
func TestClaimHighVolumeTurnsAtBatch(t *testing.T) {
	s := model.DefaultScenario()
	s.Model, s.Batch, s.InputTokens, s.OutputTokens = "llama-3-8b", 1, 512, 256
	s.Sides[1].USDPerGPUHour = 4.00
	c, _ := model.Compare(s)
	got := claimByID(t, CheckClaims(s, c), "high_volume_serving")
	if got.Holds != DoesNotHold || !strings.Contains(got.TurnsAt, "holds from batch ") {
		t.Fatalf("%+v", got)
	}
	var b int
	if _, err := fmt.Sscanf(got.TurnsAt, "holds from batch %d", &b); err != nil {
		t.Fatal(err)
	}
	ratio := func(b int) float64 {
		s.Batch = b
		c, _ := model.Compare(s)
		return c.Results[1].USDPerMillionOutputTokens / c.Results[0].USDPerMillionOutputTokens
	}
	if r := ratio(b); r > 1-highVolumeSaving {
		t.Errorf("batch %d: ratio %.3f, want at most 0.8", b, r)
	}
	if r := ratio(b - 1); r <= 1-highVolumeSaving {
		t.Errorf("batch %d already holds (ratio %.3f): %d is not the first", b-1, r, b)
	}
}

// TestClaimsRolesSubstituted: H200 against L40S; H200 has the bandwidth.
func TestClaimsRolesSubstituted(t *testing.T) {
	s := model.DefaultScenario()
	s.Model = "llama-3-8b"
	s.Sides = [2]model.Side{{GPU: "l40s", USDPerGPUHour: 1}, {GPU: "h200", USDPerGPUHour: 6}}
	c, _ := model.Compare(s)
	cl := CheckClaims(s, c)
	if cl.Roles.H100 != 1 || cl.Roles.Note == "" {
		t.Fatalf("%+v", cl.Roles)
	}
	// Both have FP8: the seed's FP8 advantage is no advantage here.
	if f := claimByID(t, cl, "fp8_quantization"); f.Holds != DoesNotHold || !strings.Contains(f.Because, "both have native FP8") {
		t.Errorf("%+v", f)
	}
}

// TestClaimsSideCannotRun: A100 asked for FP8 weights cannot run them, so
// every figure-based claim is Unknown, with the reason.
func TestClaimsSideCannotRun(t *testing.T) {
	s := model.DefaultScenario()
	s.Weights = model.FP8
	c, _ := model.Compare(s)
	for _, cl := range CheckClaims(s, c).Items {
		if cl.ID == "fp8_quantization" {
			continue // a catalog fact, not a figure
		}
		if cl.Holds != Unknown {
			t.Errorf("%s: %v (%s)", cl.ID, cl.Holds, cl.Because)
		}
	}
}
