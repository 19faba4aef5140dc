package sensitivity

import (
	"math"
	"slices"
	"testing"

	"infercost/model"
)

// planning70B is a 70B A100/H100 scenario a planning meeting asks about:
// Llama-3-70B in FP16, 32 requests in flight, 512 in / 256 out.
func planning70B() model.Scenario {
	s := model.DefaultScenario()
	s.Model, s.Batch, s.InputTokens, s.OutputTokens = "llama-3-70b", 32, 512, 256
	return s
}

func rowByKey(t *testing.T, rows []Sensitivity, key string) Sensitivity {
	t.Helper()
	for _, r := range rows {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no %s row", key)
	return Sensitivity{}
}

// TestOfListsTheAssumptionsBySwing: the "done when":
// price, utilization, batch, lengths and size are all there, sorted by
// swing with complete rows first.
func TestOfListsTheAssumptionsBySwing(t *testing.T) {
	rows, err := Of(planning70B())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"price_a", "price_b", "utilization", "batch", "input_tokens", "output_tokens", "model_size",
		"bandwidth_efficiency", "compute_efficiency", "precision_a", "precision_b"} {
		rowByKey(t, rows, k)
	}
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		if a.Complete == b.Complete && a.Swing < b.Swing || !a.Complete && b.Complete {
			t.Errorf("row %d (%s, swing %.3f, complete %v) before %s (swing %.3f, complete %v)", i-1, a.Key, a.Swing, a.Complete, b.Key, b.Swing, b.Complete)
		}
	}
	// Utilization 50 % doubles the cost of both GPUs: a swing of exactly 1.
	if u := rowByKey(t, rows, "utilization"); math.Abs(u.Swing-1) > 1e-9 || u.Low.Value != 0.5 || u.High.Value != 1 {
		t.Errorf("utilization: swing %v over %v..%v, want 1 over 0.5..1", u.Swing, u.Low.Value, u.High.Value)
	}
	// Batch halved and doubled: 16 and 64 requests; more requests, cheaper tokens.
	b := rowByKey(t, rows, "batch")
	if b.Low.Value != 16 || b.High.Value != 64 || !(b.Low.USDPerMillion[0] > b.High.USDPerMillion[0]) {
		t.Errorf("batch row: %+v", b)
	}
	// H100's price moves across the catalog's $4.00-5.00 (the seed's range).
	if p := rowByKey(t, rows, "price_b"); p.Low.Value != 4 || p.High.Value != 5 || p.Low.USDPerMillion[0] != p.High.USDPerMillion[0] {
		t.Errorf("price_b: %+v (A's cost must not move with B's price)", p)
	}
}

// TestSensitivityFlipsWhereTheVerdictTurns: a row marked as flipping
// has a verdict that differs at FlipsAt and not a little nearer the base.
func TestSensitivityFlipsWhereTheVerdictTurns(t *testing.T) {
	s := model.DefaultScenario() // H100 for latency, A100 for cost; cost within 13 %
	rows, err := Of(s)
	if err != nil {
		t.Fatal(err)
	}
	p := rowByKey(t, rows, "price_b")
	if !p.FlipsVerdict || !(p.FlipsAt > p.Low.Value && p.FlipsAt < p.Base) {
		t.Fatalf("price_b: flips %v at %v; want a flip between $4.00 and $4.50", p.FlipsVerdict, p.FlipsAt)
	}
	base, _ := model.Compare(s)
	verdictAt := func(price float64) verdictKey {
		t2 := s
		t2.Sides[1].USDPerGPUHour = price
		c, _ := model.Compare(t2)
		return keyOf(c.Verdict)
	}
	if verdictAt(p.FlipsAt) == keyOf(base.Verdict) {
		t.Errorf("at $%.4f the verdict is unchanged", p.FlipsAt)
	}
	if verdictAt(p.FlipsAt+0.01) != keyOf(base.Verdict) {
		t.Errorf("a cent nearer the base ($%.4f) the verdict has already turned", p.FlipsAt+0.01)
	}
	if u := rowByKey(t, rows, "utilization"); u.FlipsVerdict {
		t.Errorf("utilization moves both costs alike; it cannot flip the verdict: %+v", u)
	}
	if pb := rowByKey(t, rows, "precision_b"); pb.High.Precision != model.FP8 || !pb.FlipsVerdict || pb.FlipsAtPrecision != model.FP8 {
		t.Errorf("H100 one step down from fp16 is fp8 and turns the verdict: %+v", pb)
	}
	if pa := rowByKey(t, rows, "precision_a"); pa.High.Precision != model.INT8 {
		t.Errorf("A100 has no FP8: one step down is int8, got %s", pa.High.Precision)
	}
}

// TestSensitivityNullStepsSortLast: a GPU at INT4 has no lower step; the
// row has a null and comes after every complete row.
func TestSensitivityNullStepsSortLast(t *testing.T) {
	s := planning70B()
	s.Sides[0].Weights = model.INT4
	rows, err := Of(s)
	if err != nil {
		t.Fatal(err)
	}
	p := rowByKey(t, rows, "precision_a")
	if p.Complete || p.High.OK[0] || !p.High.OK[1] {
		t.Fatalf("precision_a at int4: %+v; want A null at the high end, B there", p)
	}
	if _, ok := p.High.CostRatio(); ok {
		t.Error("a cost ratio with a null side")
	}
	i := slices.IndexFunc(rows, func(r Sensitivity) bool { return r.Key == "precision_a" })
	for _, r := range rows[i:] {
		if r.Complete {
			t.Errorf("complete row %s after the null precision_a", r.Key)
		}
	}
}

// TestSensitivityPerSideUtilization: sides with their own utilization get
// a row each, at their own base.
func TestSensitivityPerSideUtilization(t *testing.T) {
	s := planning70B()
	s.Sides[0].Utilization, s.Sides[1].Utilization = 0.6, 0.9
	rows, err := Of(s)
	if err != nil {
		t.Fatal(err)
	}
	a, b := rowByKey(t, rows, "utilization_a"), rowByKey(t, rows, "utilization_b")
	if a.Base != 0.6 || b.Base != 0.9 || a.Low.USDPerMillion[1] != a.High.USDPerMillion[1] {
		t.Errorf("utilization rows: %+v / %+v", a, b)
	}
}

// TestSensitivityFiniteAndHeld: every figure is finite and non-negative
// over the built-in presets, and GPUs per replica are held (the size
// row at +25 % cannot hold 70B FP16 on the two GPUs it resolved to).
func TestSensitivityFiniteAndHeld(t *testing.T) {
	for _, s := range append(model.BuiltinScenarios(), model.DefaultScenario(), planning70B()) {
		rows, err := Of(s)
		if err != nil {
			t.Fatal(s.Name, err)
		}
		for _, r := range rows {
			for _, x := range []float64{r.Swing, r.Base, r.Low.Value, r.High.Value, r.FlipsAt,
				r.Low.USDPerMillion[0], r.Low.USDPerMillion[1], r.High.USDPerMillion[0], r.High.USDPerMillion[1]} {
				if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
					t.Errorf("%s %s: %v", s.Name, r.Key, x)
				}
			}
		}
	}
	rows, _ := Of(model.DefaultScenario())
	if m := rowByKey(t, rows, "model_size"); m.High.OK[0] || m.Complete {
		t.Errorf("87.5B FP16 on 2 x 80 GB held as resolved cannot fit: %+v", m)
	}
}

// BenchmarkOf: the explorer computes the tornado when its overlay opens
// and on each change while open.
func BenchmarkOf(b *testing.B) {
	s := planning70B()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Of(s); err != nil {
			b.Fatal(err)
		}
	}
}
