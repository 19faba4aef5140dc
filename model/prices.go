package model

import (
	"fmt"
	"math"
	"strings"
)

// PriceQuote is one published hourly price of one GPU: who asked it,
// when, and where it was read. Rental prices move month to month, so a
// quote always carries its date; a range quote (a market survey's tier)
// is priced at its midpoint and keeps the range.
type PriceQuote struct {
	// ID names the quote on the command line (--price h100=runpod-spot-2026-03)
	// and in the explorer's entry; it ends in its date, which may be left
	// off ("runpod-spot").
	ID         string
	Label      string  // "RunPod spot", "survey: specialty GPU clouds"
	USDPerHour float64 // per GPU-hour; a range's midpoint
	Low, High  float64 // the range a survey gave; 0 for a single list price
	Date       string  // "2026-03"; "" when the source is undated
	Kind       string  // OnDemandPrice, SpotPrice or PriceRange
	URL        string  // where the figure can be read
}

// String is the quote in one line: "RunPod spot, 2026-03: $1.39/h".
func (q PriceQuote) String() string {
	return fmt.Sprintf("%s: $%.2f/h%s", q.Source(), q.USDPerHour, q.RangeText())
}

// Source is who quoted the price, and when: "RunPod spot, 2026-03".
func (q PriceQuote) Source() string {
	return strings.TrimSuffix(q.Label+", "+q.Date, ", ")
}

// RangeText is " (midpoint of $1.50-3.00)" for a range priced at its
// midpoint, " (in its range $2.00-2.50)" for one priced otherwise (the
// seed's), else "".
func (q PriceQuote) RangeText() string {
	switch {
	case q.High <= q.Low:
		return ""
	case q.matches((q.Low + q.High) / 2):
		return fmt.Sprintf(" (midpoint of $%.2f-%.2f)", q.Low, q.High)
	}
	return fmt.Sprintf(" (in its range $%.2f-%.2f)", q.Low, q.High)
}

// ShortID is the quote's id without its date ("runpod-spot"), a name
// LookupPriceQuote also takes.
func (q PriceQuote) ShortID() string {
	if q.Date == "" {
		return q.ID
	}
	return strings.TrimSuffix(q.ID, "-"+q.Date)
}

// Kinds of quote.
const (
	OnDemandPrice = "on-demand"
	SpotPrice     = "spot" // preemptible capacity
	PriceRange    = "range of on-demand prices"
)

// Sources of the quotes. Each page states its date; the figures are per
// GPU-hour, on-demand unless the quote says spot.
const (
	urlSeed      = "the seed blog, 'H100 vs A100: Which One for Inference'"
	urlCoreWeave = "https://github.com/microsoft/vidur/blob/main/vidur/config_optimizer/analyzer/constants.py" +
		" (CoreWeave's resource-based pricing, read 2024-02-07)"
	urlRunPod    = "https://deploybase.ai/articles/runpod-gpu-pricing"
	urlMercatus  = "https://www.mercatus-ai.com/blog/cloud-gpu-pricing"
	urlRunPodAMD = "https://deploybase.ai/articles/mi300x-vs-h100"
	urlAMDNote   = "https://www.cliffcenter.com/research/amd-inference-economics"
)

// quote builders keep the table below to one line a quote.
func listed(id, label, date, kind, url string, usd float64) PriceQuote {
	return PriceQuote{ID: id, Label: label, USDPerHour: usd, Date: date, Kind: kind, URL: url}
}

func ranged(id, label, date, url string, low, high float64) PriceQuote {
	return PriceQuote{ID: id, Label: label, USDPerHour: (low + high) / 2, Low: low, High: high,
		Date: date, Kind: PriceRange, URL: url}
}

// seedAndCoreWeave is the seed blog's figure (its calculation's, within the
// range it gives) and CoreWeave's of February 2024, for the seed's two GPUs.
func seedAndCoreWeave(seed float64, seedRange [2]float64, coreWeave float64) []PriceQuote {
	return []PriceQuote{
		{ID: "seed", Label: "seed blog (its calculation)", USDPerHour: seed, Low: seedRange[0], High: seedRange[1], Kind: PriceRange, URL: urlSeed},
		listed("coreweave-2024-02", "CoreWeave", "2024-02", OnDemandPrice, urlCoreWeave, coreWeave),
	}
}

// runPod is RunPod's March 2026 on-demand and spot list prices for one GPU.
func runPod(onDemand, spot float64) []PriceQuote {
	return []PriceQuote{
		listed("runpod-2026-03", "RunPod on-demand", "2026-03", OnDemandPrice, urlRunPod, onDemand),
		listed("runpod-spot-2026-03", "RunPod spot", "2026-03", SpotPrice, urlRunPod, spot),
	}
}

// survey is one GPU's three tiers in Mercatus's May 2026 survey of cloud
// on-demand prices: hyperscalers, specialty GPU clouds, long-tail providers.
func survey(hyper, specialty, longTail [2]float64) []PriceQuote {
	const date = "2026-05"
	return []PriceQuote{
		ranged("hyperscaler-2026-05", "survey: hyperscalers", date, urlMercatus, hyper[0], hyper[1]),
		ranged("specialty-2026-05", "survey: specialty GPU clouds", date, urlMercatus, specialty[0], specialty[1]),
		ranged("long-tail-2026-05", "survey: long-tail providers", date, urlMercatus, longTail[0], longTail[1]),
	}
}

func concat(parts ...[]PriceQuote) []PriceQuote {
	var out []PriceQuote
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// priceQuotes holds every published price shipped, by catalog GPU id. The
// first quote of a GPU is its catalog default (PriceUSDPerHour): the seed
// blog's figure for A100 80GB SXM and H100 SXM, and for the other GPUs
// RunPod's on-demand list price of March 2026, one provider on one date so
// that a ranking compares like with like (MI300X: RunPod's of October
// 2025, the latest found). GPUs absent here carry an illustrative price.
var priceQuotes = map[string][]PriceQuote{
	"a100-80gb-sxm": concat(seedAndCoreWeave(2.50, [2]float64{2.00, 2.50}, 2.21), runPod(2.45, 1.39),
		survey([2]float64{1.50, 3.00}, [2]float64{1.10, 1.50}, [2]float64{0.80, 1.10})),
	"h100-sxm": concat(seedAndCoreWeave(4.50, [2]float64{4.00, 5.00}, 4.25), runPod(4.76, 2.69),
		survey([2]float64{3.50, 5.00}, [2]float64{2.50, 3.50}, [2]float64{1.99, 2.50})),
	"a100-80gb-pcie": runPod(2.10, 1.19),
	"h100-pcie":      runPod(3.51, 1.99),
	"h200-sxm": concat(runPod(6.35, 3.59),
		survey([2]float64{4.50, 7.00}, [2]float64{3.50, 4.50}, [2]float64{2.50, 3.50})),
	"l40s": runPod(1.40, 0.79),
	"l4":   runPod(0.78, 0.44),
	"b200": runPod(10.57, 5.98),
	"mi300x": {
		listed("runpod-2025-10", "RunPod on-demand", "2025-10", OnDemandPrice, urlRunPodAMD, 3.49),
		listed("tensorwave-2026-05", "TensorWave on-demand", "2026-05", OnDemandPrice, urlAMDNote, 1.50),
		listed("hyperscaler-2026-05", "Azure and Oracle on-demand", "2026-05", OnDemandPrice, urlAMDNote, 6.00),
	},
}

// PriceQuotes returns the published prices shipped for a catalog GPU (by
// id or alias), its default first; none for an unknown or user GPU. The
// slice is a copy.
func PriceQuotes(id string) []PriceQuote {
	g, err := LookupGPU(id)
	if err != nil {
		return nil
	}
	return append([]PriceQuote(nil), priceQuotes[g.ID]...)
}

// SideQuotes are the published prices of a side's GPU; none for a GPU of
// the user's own.
func SideQuotes(sd Side) []PriceQuote {
	if sd.Spec != nil {
		return nil
	}
	return PriceQuotes(sd.GPU)
}

// SetQuote prices the side at quote q, one of SideQuotes(sd), and
// remembers q when another quote has the same figure.
func (sd *Side) SetQuote(q PriceQuote) {
	sd.USDPerGPUHour, sd.PriceQuote = q.USDPerHour, ""
	for _, o := range SideQuotes(*sd) {
		if o.matches(q.USDPerHour) && o.ID != q.ID {
			sd.PriceQuote = q.ID
		}
	}
}

// LookupPriceQuote finds one of a GPU's quotes, case-insensitively, by its
// id, its id without the date ("runpod-spot" for "runpod-spot-2026-03"),
// or a prefix that names only one. The error lists the quotes there are.
func LookupPriceQuote(gpuID, name string) (PriceQuote, error) {
	qs := PriceQuotes(gpuID)
	want := strings.ToLower(strings.TrimSpace(name))
	var undated, prefixed []PriceQuote
	for _, q := range qs {
		switch {
		case q.ID == want:
			return q, nil
		case q.ShortID() == want:
			undated = append(undated, q)
		case want != "" && strings.HasPrefix(q.ID, want):
			prefixed = append(prefixed, q)
		}
	}
	found := undated
	if len(found) == 0 {
		found = prefixed
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if len(qs) == 0 {
		return PriceQuote{}, fmt.Errorf("no published price is shipped for %s", gpuID)
	}
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	what := "no"
	if len(found) > 1 {
		what = "more than one"
	}
	return PriceQuote{}, fmt.Errorf("%s quote for %s is named %q: accepted %s", what, gpuID, name, strings.Join(ids, ", "))
}

// PriceOrigin says which shipped quote a side's price is: the one
// SetQuote remembered, else the first with that figure. g is the side's
// GPU (sd.LookupGPU()).
func PriceOrigin(g GPU, sd Side) (PriceQuote, bool) {
	qs := sameFigure(g, sd)
	if len(qs) == 0 {
		return PriceQuote{}, false
	}
	return qs[0], true
}

// QuoteOf is the one shipped quote a side's price is: the one SetQuote
// remembered, or the only one with that figure; ok is false for none and
// for a bare figure two quotes share.
func QuoteOf(g GPU, sd Side) (PriceQuote, bool) {
	qs := sameFigure(g, sd)
	if len(qs) != 1 {
		return PriceQuote{}, false
	}
	return qs[0], true
}

// sameFigure are the quotes of g whose figure is the side's price: only
// the remembered one when SetQuote chose among several.
func sameFigure(g GPU, sd Side) []PriceQuote {
	if g.User {
		return nil
	}
	var out []PriceQuote
	for _, q := range priceQuotes[g.ID] {
		if q.matches(sd.USDPerGPUHour) {
			if q.ID == sd.PriceQuote {
				return []PriceQuote{q}
			}
			out = append(out, q)
		}
	}
	return out
}

// matches reports whether a price is the quote's figure.
func (q PriceQuote) matches(usdPerHour float64) bool {
	return math.Abs(q.USDPerHour-usdPerHour) < 1e-9
}

// Price sources that are not a published quote.
const (
	PriceFromUserFile    = "your GPU file"
	PriceIllustrative    = "illustrative"
	PriceFromUserFigures = "your figure"
)

// PriceSource says in a few words where a side's price comes from: the
// shipped quote with that figure ("RunPod spot, 2026-03"; when two share
// it and the side does not say which, both, joined by " = "), the user's
// GPU file, an illustrative catalog default (no published source), or
// else the user's own figure. g is the side's GPU.
func PriceSource(g GPU, sd Side) string {
	if qs := sameFigure(g, sd); len(qs) > 0 {
		names := make([]string, len(qs))
		for i, q := range qs {
			names[i] = q.Source()
		}
		return strings.Join(names, " = ")
	}
	switch {
	case sd.USDPerGPUHour != g.PriceUSDPerHour:
		return PriceFromUserFigures
	case g.User:
		return PriceFromUserFile
	case g.IllustrativePrice():
		return PriceIllustrative
	}
	return PriceFromUserFigures
}
