package scenario

import (
	"path/filepath"
	"strings"
	"testing"

	"infercost/model"
)

// TestParseContext: the [context] table fills model.Context; an A100
// fleet's utilization becomes the scenario's (the A100 side's on this
// version).
func TestParseContext(t *testing.T) {
	src := "version = 1\n[context]\nstarting_fresh = true\nhave_a100_fleet = true\nfleet_utilization = 0.6\ncan_use_spot = true\nbudget_usd_per_month = 250000\n"
	s, err := Parse("ctx.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := model.Context{StartingFresh: true, HaveA100Fleet: true, Utilization: 0.6, CanUseSpot: true, BudgetUSDPerMonth: 250000}
	if s.Context != want || s.Utilization != 0.6 {
		t.Errorf("context %+v, utilization %v; want %+v at 0.6", s.Context, s.Utilization, want)
	}
	// A fleet without its own figure runs at the scenario's utilization.
	s, err = Parse("ctx.toml", []byte("version = 1\nutilization = 0.5\n[context]\nhave_a100_fleet = true\n"))
	if err != nil || s.Context.Utilization != 0.5 {
		t.Errorf("fleet utilization %v, %v; want the scenario's 0.5", s.Context.Utilization, err)
	}
	// The same value twice is no conflict.
	if _, err := Parse("ctx.toml", []byte("version = 1\nutilization = 0.6\n[context]\nhave_a100_fleet = true\nfleet_utilization = 0.6\n")); err != nil {
		t.Error(err)
	}
}

func TestBadContext(t *testing.T) {
	const v = "version = 1\n"
	cases := []struct {
		kind, src string
		want      []string
	}{
		{"not a bool", v + "[context]\nstarting_fresh = \"yes\"\n", []string{"bad.toml:3:", `context.starting_fresh = "yes"`, "accepted true or false"}},
		{"fleet utilization out of range", v + "[context]\nfleet_utilization = 1.5\n", []string{"bad.toml:3:", "context.fleet_utilization = 1.5", "accepted 0 (no fleet) or 0.01 to 1"}},
		{"negative budget", v + "[context]\nbudget_usd_per_month = -5\n", []string{"bad.toml:3:", "budget_usd_per_month = -5", "accepted 0 (none)"}},
		{"budget and can afford", v + "[context]\ncan_afford_h100 = true\nbudget_usd_per_month = 1000\n", []string{"bad.toml:4:", "give one"}},
		{"fleet utilization beside another utilization", v + "utilization = 0.9\n[context]\nhave_a100_fleet = true\nfleet_utilization = 0.6\n",
			[]string{"bad.toml:5:", "context.fleet_utilization", "0.6 and utilization = 0.9", "the A100 side's"}},
		{"unknown key", v + "[context]\nbudget = 5\n", []string{"bad.toml:3:", "unknown field in [context]", "starting_fresh", "budget_usd_per_month"}},
		{"not a table", v + "context = 3\n", []string{"bad.toml:2:", "not a table"}},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			s, err := Parse("bad.toml", []byte(c.src))
			if err == nil {
				t.Fatalf("accepted: %+v", s)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestContextRoundTrip: every context field survives save and load, and
// the saved file states them all with comments.
func TestContextRoundTrip(t *testing.T) {
	for _, ctx := range []model.Context{
		{},
		{StartingFresh: true, CanAffordH100: true},
		{HaveA100Fleet: true, Utilization: 0.55, CanUseSpot: true, BudgetUSDPerMonth: 1.5e6},
	} {
		s := model.DefaultScenario()
		s.Context = ctx
		if ctx.HaveA100Fleet {
			s.Utilization = ctx.Utilization
		}
		path := filepath.Join(t.TempDir(), "ctx.toml")
		if err := Save(path, s, false); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if back.Context != ctx || back.Utilization != s.Utilization {
			t.Errorf("saved %+v, loaded %+v", ctx, back.Context)
		}
	}
	data, _ := Marshal(model.DefaultScenario())
	for _, key := range []string{"[context]", "starting_fresh = false", "have_a100_fleet = false", "can_use_spot = false",
		"can_afford_h100 = false", "fleet_utilization = 0.0", "budget_usd_per_month = 0.0"} {
		if !strings.Contains(string(data), key) {
			t.Errorf("saved file lacks %q", key)
		}
	}
}
