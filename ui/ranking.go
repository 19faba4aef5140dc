package ui

import (
	"fmt"
	"strconv"
	"strings"

	"infercost/model"
	"infercost/theme"
	"infercost/ui/report"
	"infercost/ui/scenario"
	"infercost/ui/text"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// rankOverlay is the "which GPU" ranking: every catalog and user GPU at
// its own serving point for the current workload (model.Rank), cheapest
// first. A picked row becomes side A or B.
type rankOverlay struct {
	th     *theme.Theme
	open   bool
	s      model.Scenario // what was ranked, for the Markdown copy
	sides  []model.Side
	rows   []model.Ranked
	err    error
	sel    int
	w, h   int
	priceW int // the price source column's width; under minRankSourceW: no price columns
	view   string
}

func newRankOverlay(th *theme.Theme) rankOverlay { return rankOverlay{th: th} }

// Open ranks every GPU for s: a GPU that is one of s's sides keeps that
// side's price, utilization and precisions; any other takes its default
// price.
func (r rankOverlay) Open(s model.Scenario, user []model.GPU) rankOverlay {
	var sides []model.Side
	ids := model.GPUIDs()
	for _, g := range user {
		ids = append(ids, g.ID)
	}
	for _, id := range ids {
		sd, err := scenario.SideFor(id, user)
		if err != nil {
			continue
		}
		for _, old := range s.Sides {
			if g, err := old.LookupGPU(); err == nil && g.ID == id {
				sd = old
				break
			}
		}
		sides = append(sides, sd)
	}
	r.rows, r.err = model.Rank(s, sides)
	r.s, r.sides = s, sides
	r.open, r.sel = true, 0
	return r.render()
}

// Close hides the overlay.
func (r rankOverlay) Close() rankOverlay { r.open = false; return r }

// Move selects the row dir steps away.
func (r rankOverlay) Move(dir int) rankOverlay {
	r.sel = max(0, min(len(r.rows)-1, r.sel+dir))
	return r.render()
}

// Selected is the selected row; ok is false when there is none.
func (r rankOverlay) Selected() (model.Ranked, bool) {
	if r.sel < 0 || r.sel >= len(r.rows) {
		return model.Ranked{}, false
	}
	return r.rows[r.sel], true
}

// SetSize sets the overlay's size.
func (r rankOverlay) SetSize(w, h int) rankOverlay {
	r.w, r.h = w, h
	return r.render()
}

// SetTheme re-styles the overlay.
func (r rankOverlay) SetTheme(th *theme.Theme) rankOverlay {
	r.th = th
	return r.render()
}

// View is the rendered block, exactly w x h.
func (r rankOverlay) View() string { return r.view }

// maxRankNameW keeps the figures near their names on wide screens.
const maxRankNameW = 28

// The price columns, on screens wide enough for a useful source text.
const (
	rankPriceW     = 7
	minRankSourceW = 16
)

// rankCols are the figure columns after the GPU name, right-aligned.
var rankCols = [...]struct {
	head  string
	width int
}{{"GPUs", 4}, {"batch", 6}, {"TPOT ms", 8}, {"TTFT ms", 8}, {"tok/s/GPU", 9}, {"$/M out", 9}}

func (r rankOverlay) render() rankOverlay {
	if !r.open || r.w <= 0 || r.h <= 0 {
		r.view = ""
		return r
	}
	th := r.th
	lines := []string{th.Title.Render("Which GPU") + th.Muted.Render(" · every GPU at its own serving point, cheapest $/M output first")}
	if r.err != nil {
		lines = append(lines, th.Bad.Render(r.err.Error()))
		r.view = strings.Join(fitBlock(strings.Join(lines, "\n"), r.w, r.h), "\n")
		return r
	}
	nameW := r.w - 4
	for _, c := range rankCols {
		nameW -= c.width + 1
	}
	nameW = max(min(nameW, maxRankNameW), 8)
	head := fmt.Sprintf("%3s %-*s", "#", nameW, "GPU")
	for _, c := range rankCols {
		head += fmt.Sprintf(" %*s", c.width, c.head)
	}
	// Wide screens also show each GPU's price and where it comes from:
	// the $/M follows from it.
	r.priceW = r.w - text.Width(head) - 1 - rankPriceW - 1
	if r.priceW >= minRankSourceW {
		head += fmt.Sprintf(" %*s  %s", rankPriceW, "$/GPU-h", "price source")
	}
	lines = append(lines, th.Muted.Render(head))
	room := max(1, r.h-len(lines)-1)
	top := max(0, min(r.sel-room/2, len(r.rows)-room))
	for i := top; i < min(len(r.rows), top+room); i++ {
		lines = append(lines, r.row(i, nameW))
	}
	lines = append(lines, th.Muted.Render(fitParts([]string{"A/B: compare it", "batch: largest that fits or meets the target",
		"TTFT at that load", "GPUs/replica: the cheapest"}, " · ", r.w)))
	r.view = strings.Join(fitBlock(strings.Join(lines, "\n"), r.w, r.h), "\n")
	return r
}

// row renders ranked row i: its figures, or why it cannot serve.
func (r rankOverlay) row(i, nameW int) string {
	th, x := r.th, r.rows[i]
	mark := " "
	if i == r.sel {
		mark = "▸"
	}
	name := fitLine(gpuLabel(x.GPU), nameW)
	s := fmt.Sprintf("%s%2d %s", mark, i+1, name)
	res := x.Result
	if !x.Fits || res.GPUsPerReplica == 0 {
		s += " " + th.Bad.Render(x.Reason)
	} else {
		cells := []string{strconv.Itoa(res.GPUsPerReplica), strconv.Itoa(res.Batch), fmtMs(res.TPOTSeconds),
			fmtMs(res.TTFTAtLoadSeconds), fmtNum(res.TokensPerSecondPerGPU), fmtUSD(res.USDPerMillionOutputTokens)}
		for j, c := range rankCols {
			s += fmt.Sprintf(" %*s", c.width, strings.TrimSuffix(cells[j], " ms"))
		}
		if r.priceW >= minRankSourceW {
			s += fmt.Sprintf(" %*s  ", rankPriceW, fmtUSD(x.Side.USDPerGPUHour)) +
				th.Muted.Render(fitLine(rankPriceSource(x), r.priceW-1))
		}
		if x.Reason != "" {
			s += " " + th.Warn.Render(x.Reason)
		}
	}
	if i == r.sel {
		return th.Selected.Render(fitLine(s, r.w))
	}
	return s
}

// rankPriceSource is where a ranked GPU's price comes from, its date first
// ("2026-03 RunPod spot") so that a narrow column keeps the date.
func rankPriceSource(x model.Ranked) string {
	src := model.PriceSource(x.GPU, x.Side)
	if q, ok := model.PriceOrigin(x.GPU, x.Side); ok && q.Date != "" && src == q.Source() {
		return q.Date + " " + q.Label
	}
	return src
}

// pickSide makes ranked row x side i of s, keeping the side's precisions
// and utilization.
func pickSide(s model.Scenario, i int, x model.Ranked) model.Scenario {
	old := s.Sides[i]
	sd := x.Side
	sd.PinnedTokensPerSecond = 0
	sd.Weights, sd.KV, sd.Utilization = old.Weights, old.KV, old.Utilization
	s.Sides[i] = sd
	return s
}

// onRankKey handles a key while the ranking is open: select a row, make
// it side A or B (which closes the ranking), or close it.
func (m Model) onRankKey(k tea.KeyMsg) (Model, tea.Cmd) {
	km := m.keys
	switch {
	case key.Matches(k, km.Up):
		m.rank = m.rank.Move(-1)
	case key.Matches(k, km.Down):
		m.rank = m.rank.Move(1)
	case key.Matches(k, km.PickA), key.Matches(k, km.PickB):
		x, ok := m.rank.Selected()
		if !ok || x.Result.GPUsPerReplica == 0 {
			return m, nil // cannot run the workload: nothing to compare
		}
		side := map[bool]int{true: 0, false: 1}[key.Matches(k, km.PickA)]
		m.rank = m.rank.Close()
		in := m.in
		in.Scenario = pickSide(in.Scenario, side, x)
		in = bindFleetUtilization(m.in, in) // the A100 side may have changed
		m.status = gpuLabel(x.GPU) + " is now side " + string(rune('A'+side))
		return m.apply(in)
	case key.Matches(k, km.Export):
		// The table report --rank prints, as the summary's e copies
		// report's.
		rk, err := report.NewRanking(m.rank.s, m.rank.sides)
		if err != nil {
			m.status = "no ranking to copy: " + err.Error()
			return m, nil
		}
		m.status, m.exportNote, m.copyWhat = "copying the ranking as Markdown…", "", "ranking"
		return m, copyCmd(m.opts.Renderer, rk.Markdown())
	case key.Matches(k, km.Close), key.Matches(k, km.Rank):
		m.rank = m.rank.Close()
	}
	return m, nil
}
