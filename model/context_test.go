package model

import "testing"

// TestA100Side: the A100 is the A100 side wherever it is, even against a
// GPU with less bandwidth; with neither or both an A100, advice.RolesOf's A100
// role (less bandwidth; side 0 on a tie).
func TestA100Side(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"a100", "h100", 0}, {"h100", "a100", 1}, {"l40s", "a100", 1}, {"a100-40gb", "l4", 0},
		{"h200", "h100", 1}, {"l4", "mi300x", 0}, {"a100-40gb", "a100-80gb-sxm", 0}, {"a100-80gb-sxm", "a100-40gb", 1}, {"h100", "h100", 0},
	} {
		a, _ := LookupGPU(c.a)
		b, _ := LookupGPU(c.b)
		if got := A100Side(a, b); got != c.want {
			t.Errorf("%s vs %s: side %d, want %d", c.a, c.b, got, c.want)
		}
		s := DefaultScenario()
		s.Sides = [2]Side{{GPU: c.a}, {GPU: c.b}}
		if got := s.FleetSide(); got != c.want {
			t.Errorf("%s vs %s: FleetSide %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestContextValidate(t *testing.T) {
	for _, c := range []Context{
		{HaveA100Fleet: true, Utilization: 0},
		{HaveA100Fleet: true, Utilization: 1.2},
		{BudgetUSDPerMonth: -1},
		{BudgetUSDPerMonth: 1000, CanAffordH100: true},
	} {
		if c.Validate() == nil {
			t.Errorf("%+v: want an error", c)
		}
	}
	if err := (Context{HaveA100Fleet: true, Utilization: 0.6, BudgetUSDPerMonth: 1e5}).Validate(); err != nil {
		t.Error(err)
	}
}

// TestSetFleetUtilization: set on sides that shared the scenario's
// utilization, the A100 side takes the fleet's and the other side keeps
// the scenario's as its own.
func TestSetFleetUtilization(t *testing.T) {
	s := DefaultScenario()
	s.Utilization = 0.8
	s.SetFleetUtilization(0.6)
	if s.Sides[0].Utilization != 0.6 || s.Sides[1].Utilization != 0.8 || s.Utilization != 0.8 || !s.Context.HaveA100Fleet {
		t.Errorf("%+v", s)
	}
	// The same value changes nothing: the sides stay linked.
	s = DefaultScenario()
	s.SetFleetUtilization(1)
	if s.Sides[0].Utilization != 0 || s.Sides[1].Utilization != 0 {
		t.Errorf("%+v", s.Sides)
	}
}
