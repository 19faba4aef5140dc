package ui

import (
	"math"
	"strings"
	"testing"

	"infercost/model"
)

// $ on a price steps that side through its GPU's published prices, in
// order and round again, naming each; the panel's $/M follows the price.
func TestQuoteKeyStepsThroughPublishedPrices(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "$/GPU-hour", 1)
	qs := model.PriceQuotes("h100-sxm")
	if len(qs) < 3 {
		t.Fatalf("H100 has %d quotes", len(qs))
	}
	before := m.figures.cmp.Results[1].USDPerMillionOutputTokens
	// The default is the first quote, so the key starts at the second.
	for i := 1; i <= len(qs); i++ {
		q := qs[i%len(qs)]
		m = press(t, m, "$")
		if got := m.in.Scenario.Sides[1].USDPerGPUHour; got != q.USDPerHour {
			t.Fatalf("press %d: B's price %v, want %v (%s)", i, got, q.USDPerHour, q.ID)
		}
		if !strings.Contains(m.status, q.Label) || (q.Date != "" && !strings.Contains(m.status, q.Date)) {
			t.Errorf("press %d: status %q does not name %s", i, m.status, q)
		}
		want := before * q.USDPerHour / qs[0].USDPerHour
		if got := m.figures.cmp.Results[1].USDPerMillionOutputTokens; math.Abs(got-want) > 1e-9*want {
			t.Errorf("press %d: B's $/M %v at $%v/h, want %v", i, got, q.USDPerHour, want)
		}
	}
	if m.in.Scenario.Sides[0].USDPerGPUHour != model.DefaultScenario().Sides[0].USDPerGPUHour {
		t.Error("$ on B's price moved A's")
	}
}

// The key does nothing off a price control, or for a GPU without quotes,
// and its help shows only where it acts.
func TestQuoteKeyOnlyWhereItActs(t *testing.T) {
	m := newTestModel(t, 120, 40)
	if m.keys.Quote.Enabled() {
		t.Error("$ enabled with the A GPU control selected")
	}
	in := m.in
	m = press(t, m, "$")
	if m.in != in {
		t.Error("$ off a price control changed the scenario")
	}
	m = selectControl(t, m, "$/GPU-hour", 0)
	if !m.keys.Quote.Enabled() {
		t.Error("$ not enabled on A's price")
	}
	s := model.DefaultScenario()
	s.Sides[0].GPU, s.Sides[0].USDPerGPUHour = "a100-40gb-sxm", 1.8
	m = newTestModel(t, 120, 40, func(o *Options) { o.Scenario = s })
	m = selectControl(t, m, "$/GPU-hour", 0)
	if m.keys.Quote.Enabled() {
		t.Error("$ enabled for a GPU with no published price")
	}
}

// The typed entry of a price takes a quote's name, with or without its
// date; a wrong name says which names it takes.
func TestPriceEntryTakesQuoteNames(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "$/GPU-hour", 0)
	spot, err := model.LookupPriceQuote("a100", "runpod-spot")
	if err != nil {
		t.Fatal(err)
	}
	m = typeEntry(t, m, "runpod-spot")
	if got := m.in.Scenario.Sides[0].USDPerGPUHour; got != spot.USDPerHour {
		t.Errorf("typed runpod-spot: A's price %v, want %v", got, spot.USDPerHour)
	}
	assertContains(t, m.status, spot.Source())
	m = typeEntry(t, m, "lambda")
	if m.in.Scenario.Sides[0].USDPerGPUHour != spot.USDPerHour {
		t.Error("a wrong quote name changed the price")
	}
	assertContains(t, m.View(), "or a published price: seed, coreweave")
}

// typeEntry opens the selected control's entry, types text and applies it.
func typeEntry(t *testing.T, m Model, text string) Model {
	t.Helper()
	return typeAt(t, m, "enter", text)
}

// A quote named at the entry is the one $ steps on from, also where
// another quote has the same figure (H100's CoreWeave $4.25 and the
// hyperscaler tier's midpoint).
func TestTypedQuoteIsWhereTheKeyStepsFrom(t *testing.T) {
	qs := model.PriceQuotes("h100")
	m := newTestModel(t, 120, 40)
	m = selectControl(t, m, "$/GPU-hour", 1)
	for i, q := range qs {
		m = typeEntry(t, m, q.ShortID())
		m = press(t, m, "$")
		if want := qs[(i+1)%len(qs)]; m.in.Scenario.Sides[1].USDPerGPUHour != want.USDPerHour || !strings.Contains(m.status, want.Source()) {
			t.Errorf("typed %s, then $: price %v, status %q; want %s", q.ID, m.in.Scenario.Sides[1].USDPerGPUHour, m.status, want.ID)
		}
	}
}
