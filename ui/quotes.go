package ui

import (
	"fmt"
	"strings"

	"infercost/model"

	tea "github.com/charmbracelet/bubbletea"
)

// The published prices of a side's GPU (model.SideQuotes): the $ key
// steps the selected price through them, and the price's typed entry
// takes their names.

// quoteNamed finds one of the side's quotes by name (model.LookupPriceQuote).
func quoteNamed(sd model.Side, name string) (model.PriceQuote, bool) {
	if len(model.SideQuotes(sd)) == 0 {
		return model.PriceQuote{}, false
	}
	q, err := model.LookupPriceQuote(sd.GPU, name)
	return q, err == nil
}

// quoteNames ends an entry error with the quote names the price also
// takes, dates left off ("or runpod, runpod-spot").
func quoteNames(sd model.Side) string {
	qs := model.SideQuotes(sd)
	if len(qs) == 0 {
		return ""
	}
	names := make([]string, len(qs))
	for i, q := range qs {
		names[i] = q.ShortID()
	}
	return ", or a published price: " + strings.Join(names, ", ")
}

// onQuotedPrice reports whether the selected control is a price whose GPU
// has published prices.
func (m Model) onQuotedPrice() bool {
	c := m.ctl.Selected()
	return c.price && c.side >= 0 && len(model.SideQuotes(m.in.Scenario.Sides[c.side])) > 0
}

// onQuoteKey sets the selected side's price to the next of its GPU's
// published prices, after the one it is now (the first when it is none).
func (m Model) onQuoteKey() (Model, tea.Cmd) {
	c := m.ctl.Selected()
	if !c.price || c.side < 0 {
		m.status = "select A $/GPU-hour or B $/GPU-hour to step through published prices"
		return m, nil
	}
	in := m.in
	sd := &in.Scenario.Sides[c.side]
	qs := model.SideQuotes(*sd)
	if len(qs) == 0 {
		m.status = "no published price is shipped for this GPU: type your own with enter"
		return m, nil
	}
	next := 0
	if g, err := sd.LookupGPU(); err == nil {
		if cur, ok := model.PriceOrigin(g, *sd); ok {
			for i, q := range qs {
				if q.ID == cur.ID {
					next = (i + 1) % len(qs)
				}
			}
		}
	}
	q := qs[next]
	sd.SetQuote(q)
	m.status = fmt.Sprintf("%s $%.2f/h: %s%s · %d/%d", m.th.Marks.Letter[c.side], q.USDPerHour, q.Source(), q.RangeText(), next+1, len(qs))
	return m.apply(in)
}
