package model

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

// The catalog's default price of a GPU with published quotes is its first
// quote, with that quote's date, and its range spans what the quotes say
// (the seed's own range for the seed's two GPUs). GPUs without quotes stay
// marked illustrative.
func TestCatalogPricesAreItsFirstQuotes(t *testing.T) {
	for _, g := range GPUs() {
		qs := PriceQuotes(g.ID)
		if len(qs) == 0 {
			if !g.IllustrativePrice() {
				t.Errorf("%s: no quote shipped but its price is not marked illustrative (%q)", g.ID, g.PriceSource)
			}
			continue
		}
		if g.IllustrativePrice() {
			t.Errorf("%s: quotes shipped but the price is still marked illustrative", g.ID)
		}
		first := qs[0]
		if g.PriceUSDPerHour != first.USDPerHour || g.PriceDate != first.Date {
			t.Errorf("%s: default $%v dated %q, first quote %v", g.ID, g.PriceUSDPerHour, g.PriceDate, first)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, q := range qs {
			lo, hi = math.Min(lo, q.USDPerHour), math.Max(hi, q.USDPerHour)
			if q.High > q.Low {
				lo, hi = math.Min(lo, q.Low), math.Max(hi, q.High)
			}
		}
		if first.ID == "seed" {
			lo, hi = first.Low, first.High
		}
		if g.PriceLow != lo || g.PriceHigh != hi {
			t.Errorf("%s: price range %v-%v, the quotes span %v-%v", g.ID, g.PriceLow, g.PriceHigh, lo, hi)
		}
	}
}

// Every quote can be traced and named: a source, a date (the seed blog is
// undated), a positive price inside its range, and an id unique for its GPU
// that ends in its date.
func TestPriceQuotesAreTraceable(t *testing.T) {
	month := regexp.MustCompile(`^20[0-9]{2}-(0[1-9]|1[0-2])$`)
	for id := range priceQuotes {
		if _, err := LookupGPU(id); err != nil {
			t.Errorf("quotes for %q, which is not a catalog GPU", id)
		}
		seen := map[string]bool{}
		for _, q := range PriceQuotes(id) {
			if seen[q.ID] {
				t.Errorf("%s: quote id %q twice", id, q.ID)
			}
			seen[q.ID] = true
			if q.URL == "" || q.Label == "" || q.Kind == "" {
				t.Errorf("%s %s: no source, label or kind: %+v", id, q.ID, q)
			}
			if q.ID != "seed" && (!month.MatchString(q.Date) || !strings.HasSuffix(q.ID, "-"+q.Date)) {
				t.Errorf("%s %s: date %q missing or not the id's end", id, q.ID, q.Date)
			}
			if q.USDPerHour <= 0 || (q.High > 0 && (q.USDPerHour < q.Low || q.USDPerHour > q.High)) {
				t.Errorf("%s %s: price %v outside its range %v-%v", id, q.ID, q.USDPerHour, q.Low, q.High)
			}
		}
	}
}

func TestLookupPriceQuote(t *testing.T) {
	for _, c := range []struct{ gpu, name, want string }{
		{"h100", "runpod", "runpod-2026-03"}, // the date may be left off
		{"h100", "RunPod-Spot", "runpod-spot-2026-03"},
		{"h100-sxm", "runpod-spot-2026-03", "runpod-spot-2026-03"},
		{"a100", "seed", "seed"},
		{"a100", "core", "coreweave-2024-02"}, // a prefix naming one
		{"h200", "long", "long-tail-2026-05"},
	} {
		q, err := LookupPriceQuote(c.gpu, c.name)
		if err != nil || q.ID != c.want {
			t.Errorf("LookupPriceQuote(%q, %q) = %q, %v; want %q", c.gpu, c.name, q.ID, err, c.want)
		}
	}
	for _, c := range []struct{ gpu, name, wantErr string }{
		{"h100", "lambda", "no quote for h100 is named \"lambda\": accepted seed, coreweave-2024-02, runpod-2026-03"},
		{"h100", "s", "more than one quote"}, // seed, specialty
		{"a100-40gb", "runpod", "no published price is shipped for a100-40gb"},
		{"h100", "", "no quote"},
	} {
		_, err := LookupPriceQuote(c.gpu, c.name)
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("LookupPriceQuote(%q, %q) error %v; want it to say %q", c.gpu, c.name, err, c.wantErr)
		}
	}
}

func TestPriceOrigin(t *testing.T) {
	h100, _ := LookupGPU("h100")
	at := func(usd float64) Side { return Side{GPU: h100.ID, USDPerGPUHour: usd} }
	if q, ok := PriceOrigin(h100, at(h100.PriceUSDPerHour)); !ok || q.ID != "seed" {
		t.Errorf("the default H100 price comes from %v, %v; want the seed blog", q, ok)
	}
	spot, _ := LookupPriceQuote("h100", "runpod-spot")
	if q, ok := PriceOrigin(h100, at(spot.USDPerHour)); !ok || q != spot {
		t.Errorf("$%v on H100: origin %v, %v; want %v", spot.USDPerHour, q, ok, spot)
	}
	if q, ok := PriceOrigin(h100, at(3.1234)); ok {
		t.Errorf("a price of one's own has origin %v", q)
	}
	user := h100
	user.User = true
	if _, ok := PriceOrigin(user, at(h100.PriceUSDPerHour)); ok {
		t.Error("a user's GPU file priced like the catalog took the catalog's quote")
	}
}

// Two quotes of one GPU can share a figure by chance. A side priced by
// naming one (SetQuote) keeps that one; a bare figure names both.
func TestQuotesSharingAFigure(t *testing.T) {
	h100, _ := LookupGPU("h100")
	var a, b PriceQuote
	qs := PriceQuotes("h100")
	for i := range qs {
		for j := i + 1; j < len(qs); j++ {
			if qs[i].USDPerHour == qs[j].USDPerHour && a.ID == "" {
				a, b = qs[i], qs[j]
			}
		}
	}
	if a.ID == "" {
		t.Skip("no two H100 quotes share a figure now")
	}
	for _, q := range []PriceQuote{a, b} {
		sd := Side{GPU: h100.ID}
		sd.SetQuote(q)
		if got, ok := PriceOrigin(h100, sd); !ok || got.ID != q.ID {
			t.Errorf("priced at %s: origin %v", q.ID, got.ID)
		}
		if got := PriceSource(h100, sd); got != q.Source() {
			t.Errorf("priced at %s: source %q, want %q", q.ID, got, q.Source())
		}
	}
	bare := Side{GPU: h100.ID, USDPerGPUHour: a.USDPerHour}
	if got, want := PriceSource(h100, bare), a.Source()+" = "+b.Source(); got != want {
		t.Errorf("a bare $%v: source %q, want %q", a.USDPerHour, got, want)
	}
	// A quote with a figure of its own needs no reminder.
	spot, _ := LookupPriceQuote("h100", "runpod-spot")
	sd := Side{GPU: h100.ID}
	if sd.SetQuote(spot); sd.PriceQuote != "" || sd.USDPerGPUHour != spot.USDPerHour {
		t.Errorf("SetQuote(runpod-spot): %+v", sd)
	}
}

func TestPriceSource(t *testing.T) {
	h100, _ := LookupGPU("h100")
	a40, _ := LookupGPU("a100-40gb")
	user := GPU{ID: "mine", User: true, PriceUSDPerHour: 3}
	for _, c := range []struct {
		g    GPU
		usd  float64
		want string
	}{
		{h100, 4.50, "seed blog (its calculation)"},
		{h100, 2.69, "RunPod spot, 2026-03"},
		{h100, 3.33, PriceFromUserFigures},
		{a40, a40.PriceUSDPerHour, PriceIllustrative},
		{a40, a40.PriceUSDPerHour + 0.1, PriceFromUserFigures},
		{user, 3, PriceFromUserFile},
		{user, 2.5, PriceFromUserFigures},
	} {
		if got := PriceSource(c.g, Side{GPU: c.g.ID, USDPerGPUHour: c.usd}); got != c.want {
			t.Errorf("PriceSource(%s, %v) = %q, want %q", c.g.ID, c.usd, got, c.want)
		}
	}
}

func TestRangeText(t *testing.T) {
	seed, _ := LookupPriceQuote("a100", "seed")
	if got := seed.RangeText(); got != " (in its range $2.00-2.50)" {
		t.Errorf("the seed's $2.50 of $2.00-2.50 reads %q: it is not a midpoint", got)
	}
	tier, _ := LookupPriceQuote("a100", "hyperscaler")
	if got := tier.RangeText(); got != " (midpoint of $1.50-3.00)" {
		t.Errorf("a survey tier reads %q", got)
	}
}

// QuoteOf names a quote only when the price is one quote's: a bare figure
// two quotes share names none.
func TestQuoteOf(t *testing.T) {
	h100, _ := LookupGPU("h100")
	tier, _ := LookupPriceQuote("h100", "hyperscaler")
	core, _ := LookupPriceQuote("h100", "coreweave")
	if tier.USDPerHour != core.USDPerHour {
		t.Skip("the two quotes no longer share a figure")
	}
	if q, ok := QuoteOf(h100, Side{GPU: h100.ID, USDPerGPUHour: tier.USDPerHour}); ok {
		t.Errorf("a bare $%v is %s, though two quotes have it", tier.USDPerHour, q.ID)
	}
	sd := Side{GPU: h100.ID}
	sd.SetQuote(tier)
	if q, ok := QuoteOf(h100, sd); !ok || q.ID != tier.ID {
		t.Errorf("priced by naming %s: QuoteOf = %s, %v", tier.ID, q.ID, ok)
	}
	spot, _ := LookupPriceQuote("h100", "runpod-spot")
	if q, ok := QuoteOf(h100, Side{GPU: h100.ID, USDPerGPUHour: spot.USDPerHour}); !ok || q.ID != spot.ID {
		t.Errorf("$%v: QuoteOf = %s, %v", spot.USDPerHour, q.ID, ok)
	}
}
