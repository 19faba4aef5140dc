package ui

import (
	"strings"

	"infercost/model"
	"infercost/model/advice"
	"infercost/theme"
	"infercost/ui/report"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// claimsView is the overlay "the seed's claims vs this scenario" (w): the
// practical recommendation for the deployment context and each of the
// seed's claims judged. It is computed when the overlay opens and on each
// recompute while it is open (the batch search costs a few estimates).
type claimsView struct {
	x   report.ClaimsExport
	err error
	top int // first line shown
}

// advise is the recommendation for the scenario's context, its budget
// checked at the explorer's fleet load.
func advise(in inputs, c model.Comparison, cerr error) (advice.Recommendation, error) {
	if cerr != nil {
		return advice.Recommendation{}, cerr
	}
	return advice.Advise(in.Scenario, c, model.Load{OutputTokensPerDay: in.Scenario.TargetTokensPerDay})
}

// refreshClaims judges the claims for the current figures, keeping the
// scroll position.
func (m Model) refreshClaims() Model {
	f := m.figures
	v := claimsView{top: m.claims.top, err: f.err}
	if v.err == nil {
		v.err = f.adviceErr
	}
	if v.err == nil {
		v.x = report.ClaimsExport{Scenario: f.in.Scenario, Comparison: f.cmp, Recommendation: f.advice,
			Claims: advice.CheckClaims(f.in.Scenario, f.cmp)}
	}
	m.claims = v
	return m
}

// scrollKey moves an overlay's first line for k: ↑/↓ a line, g/G to the
// ends, H/L a page; scrolled is false for any other key.
func (m Model) scrollKey(k tea.KeyMsg, top int) (_ int, scrolled bool) {
	km, page := m.keys, max(1, m.h-headerRows-footerRows-1)
	switch {
	case key.Matches(k, km.Up):
		return top - 1, true
	case key.Matches(k, km.Down):
		return top + 1, true
	case key.Matches(k, km.First):
		return 0, true
	case key.Matches(k, km.Last):
		return 1 << 20, true
	case key.Matches(k, km.BigLeft):
		return top - page, true
	case key.Matches(k, km.BigRight):
		return top + page, true
	}
	return top, false
}

func (m Model) openClaims() Model {
	m.showClaims, m.claims.top = true, 0
	m.status = ""
	return m.refreshClaims()
}

// onClaimsKey: the overlay scrolls, copies its table and closes; no key
// edits the scenario unseen behind it.
func (m Model) onClaimsKey(k tea.KeyMsg) (Model, tea.Cmd) {
	km := m.keys
	top, scrolled := m.scrollKey(k, m.claims.top)
	switch {
	case scrolled:
		m.claims.top = top
	case key.Matches(k, km.Quit):
		return m.onQuitKey()
	case key.Matches(k, km.Claims, km.Close):
		m.showClaims = false
	case key.Matches(k, km.Theme):
		m = m.setTheme(theme.Next(m.th.Name))
	case key.Matches(k, km.Export):
		return m.onExportClaimsKey()
	}
	m.claims.top = m.clampTop(m.claims.top, len(m.claimsLines(m.w)))
	return m, nil
}

// clampTop keeps an overlay's first line shown between the start and the
// position that shows its last line on the last page (one row holds the
// position line when the overlay does not fit).
func (m Model) clampTop(top, lines int) int {
	h := m.h - headerRows - footerRows
	if lines <= h {
		return 0
	}
	return max(0, min(top, lines-(h-1)))
}

// onExportClaimsKey copies the overlay as Markdown (report --claims
// prints the same), and writes it locally like the summary.
func (m Model) onExportClaimsKey() (Model, tea.Cmd) {
	if m.claims.err != nil {
		m.status = "nothing to copy: " + m.claims.err.Error()
		return m, nil
	}
	return m.copyOverlay(m.claims.x.Markdown(), "claims")
}

// claimsPage is the overlay, exactly w x h, from line top.
func (m Model) claimsPage(w, h int) string {
	return m.overlayPage(m.claimsLines(w), m.claims.top, w, h, "s", true)
}

// claimsLines lays the overlay out as wrapped lines.
func (m Model) claimsLines(w int) []string {
	th, x := m.th, m.claims.x
	var out []string
	para := func(indent string, st func(...string) string, s string) {
		for _, l := range wrap(s, max(10, w-len(indent))) {
			out = append(out, indent+st(l))
		}
	}
	out = append(out, th.Title.Render("The seed's advice vs this scenario")+th.Muted.Render(" · s or esc closes · e copies as Markdown"))
	if m.claims.err != nil {
		para("", th.Bad.Render, "No figures: "+m.claims.err.Error())
		return out
	}
	r := x.Recommendation
	para("", th.Bold.Render, "Practical recommendation ("+string(r.Rule)+"): "+r.Text)
	para("  ", th.Muted.Render, "context: "+report.ContextText(r)+" (x shows the context controls)")
	para("  ", th.Text.Render, "why: "+r.Why)
	para("  ", th.Text.Render, report.NumbersText(r))
	if n := x.Claims.Roles.Note; n != "" {
		para("  ", th.Warn.Render, "roles: "+n)
	}
	sections := []struct {
		title string
		from  int
	}{{"When H100 wins", 0}, {"When A100 wins", 4}, {"The seed's headline figures", 8}}
	for k, sec := range sections {
		out = append(out, "")
		to := len(x.Claims.Items)
		if k+1 < len(sections) {
			to = sections[k+1].from
		}
		out = append(out, th.Title.Render(sec.title))
		for _, c := range x.Claims.Items[min(sec.from, to):to] {
			mark, st := claimMark(c.Holds)
			label := map[advice.Judgement]func(...string) string{advice.Holds: th.Good.Render, advice.DoesNotHold: th.Bad.Render}[c.Holds]
			if label == nil {
				label = th.Muted.Render
			}
			head := label(mark) + " " + th.Text.Render(x.GPUName(c.Side)+": "+c.Claim)
			if lines := wrap(x.GPUName(c.Side)+": "+c.Claim, max(10, w-len(mark)-1)); len(lines) > 1 {
				head = label(mark) + " " + th.Text.Render(lines[0])
				out = append(out, head)
				for _, l := range lines[1:] {
					out = append(out, strings.Repeat(" ", len([]rune(mark))+1)+th.Text.Render(l))
				}
			} else {
				out = append(out, head)
			}
			ind := strings.Repeat(" ", len([]rune(mark))+1)
			para(ind, th.Muted.Render, st+": "+c.Because)
			if c.TurnsAt != "" {
				para(ind, th.Accent.Render, "turns: "+c.TurnsAt)
			}
		}
	}
	return out
}

// claimMark is a judgement's glyph and word, so it reads without colour.
func claimMark(j advice.Judgement) (string, string) {
	switch j {
	case advice.Holds:
		return "✓ holds    ", "here"
	case advice.DoesNotHold:
		return "✗ not here ", "here"
	}
	return "? can't say", "why"
}
