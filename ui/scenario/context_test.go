package scenario

import (
	"path/filepath"
	"strings"
	"testing"

	"infercost/model"
)

// TestParseContext: the [context] table fills model.Context; an A100
// fleet's utilization is the A100 side's own (the other side keeps its
// own), on whichever side the A100 is.
func TestParseContext(t *testing.T) {
	src := "version = 1\n[context]\nstarting_fresh = true\nhave_a100_fleet = true\nfleet_utilization = 0.6\ncan_use_spot = true\nbudget_usd_per_month = 250000\n"
	s, err := Parse("ctx.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := model.Context{StartingFresh: true, HaveA100Fleet: true, Utilization: 0.6, CanUseSpot: true, BudgetUSDPerMonth: 250000}
	if s.Context != want || s.SideUtilization(0) != 0.6 || s.SideUtilization(1) != 1 {
		t.Errorf("context %+v, A %v, B %v; want %+v, A100 at 0.6, H100 at its own 1", s.Context, s.SideUtilization(0), s.SideUtilization(1), want)
	}
	// A fleet without its own figure runs at the A100 side's utilization.
	s, err = Parse("ctx.toml", []byte("version = 1\nutilization = 0.5\n[context]\nhave_a100_fleet = true\n"))
	if err != nil || s.Context.Utilization != 0.5 {
		t.Errorf("fleet utilization %v, %v; want the scenario's 0.5", s.Context.Utilization, err)
	}
	sides := "[[sides]]\ngpu = \"h100\"\nutilization = 0.9\n[[sides]]\ngpu = \"a100\"\n"
	s, err = Parse("ctx.toml", []byte("version = 1\n"+sides+"utilization = 0.4\n[context]\nhave_a100_fleet = true\n"))
	if err != nil || s.Context.Utilization != 0.4 {
		t.Errorf("fleet utilization %v, %v; want side B's (the A100's) 0.4", s.Context.Utilization, err)
	}
	// The A100 as side B: the fleet sets its utilization, not the H100's.
	s, err = Parse("ctx.toml", []byte("version = 1\n"+sides+"[context]\nhave_a100_fleet = true\nfleet_utilization = 0.6\n"))
	if err != nil || s.SideUtilization(1) != 0.6 || s.SideUtilization(0) != 0.9 {
		t.Errorf("A100 (B) at %v, H100 (A) at %v, %v; want 0.6 and its own 0.9", s.SideUtilization(1), s.SideUtilization(0), err)
	}
	// The same value twice is no conflict, and the other side's differs
	// freely.
	for _, src := range []string{
		"version = 1\nutilization = 0.6\n[context]\nhave_a100_fleet = true\nfleet_utilization = 0.6\n",
		"version = 1\nutilization = 0.9\n[[sides]]\ngpu = \"a100\"\nutilization = 0.6\n[[sides]]\ngpu = \"h100\"\n[context]\nhave_a100_fleet = true\nfleet_utilization = 0.6\n",
	} {
		if s, err := Parse("ctx.toml", []byte(src)); err != nil || s.SideUtilization(0) != 0.6 {
			t.Errorf("%q: %v, A100 at %v", src, err, s.SideUtilization(0))
		}
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
			[]string{"bad.toml:5:", "context.fleet_utilization", "0.6 and utilization = 0.9 (line 2)", "the A100 side's (A100 80GB SXM)", "accepted the same value"}},
		{"fleet utilization beside the A100 side's own", v + "[[sides]]\ngpu = \"h100\"\n[[sides]]\ngpu = \"a100\"\nutilization = 0.8\n[context]\nhave_a100_fleet = true\nfleet_utilization = 0.6\n",
			[]string{"bad.toml:9:", "context.fleet_utilization", "0.6 and sides #2 utilization = 0.8 (line 6)", "the A100 side's (A100 80GB SXM)"}},
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

// TestContextRoundTrip: every context field survives save and load, the
// fleet staying one value with the A100 side's utilization while the
// other side keeps its own; the saved file states them all with comments.
func TestContextRoundTrip(t *testing.T) {
	for i, ctx := range []model.Context{
		{},
		{StartingFresh: true, CanAffordH100: true},
		{HaveA100Fleet: true, Utilization: 0.55, CanUseSpot: true, BudgetUSDPerMonth: 1.5e6},
		{HaveA100Fleet: true, Utilization: 0.6},
	} {
		s := model.DefaultScenario()
		if i == 3 {
			s.Sides[0], s.Sides[1] = s.Sides[1], s.Sides[0] // the A100 as side B
			s.Utilization = 0.9
		}
		s.Context = ctx
		if ctx.HaveA100Fleet {
			s.SetFleetUtilization(ctx.Utilization)
		}
		path := filepath.Join(t.TempDir(), "ctx.toml")
		if err := Save(path, s, false); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if back.Context != ctx || back.SideUtilization(0) != s.SideUtilization(0) || back.SideUtilization(1) != s.SideUtilization(1) {
			t.Errorf("saved %+v at %v/%v, loaded %+v at %v/%v", ctx, s.SideUtilization(0), s.SideUtilization(1),
				back.Context, back.SideUtilization(0), back.SideUtilization(1))
		}
		if f := back.FleetSide(); ctx.HaveA100Fleet && back.SideUtilization(f) != ctx.Utilization {
			t.Errorf("the A100 side (%d) is at %v, the fleet at %v", f, back.SideUtilization(f), ctx.Utilization)
		}
		// A share string keeps them too.
		str, err := Share(s)
		if err != nil {
			t.Fatal(err)
		}
		if sh, err := OpenShare(str); err != nil || sh.Context != ctx || sh.SideUtilization(0) != s.SideUtilization(0) || sh.SideUtilization(1) != s.SideUtilization(1) {
			t.Errorf("share: %+v, %v", sh.Context, err)
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
