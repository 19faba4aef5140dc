package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// keyMap is every binding of the program. Bindings that do not apply in
// the current state are disabled (setEnabled), so the help never offers a
// key that does nothing.
type keyMap struct {
	Up, Down, Next, Prev           key.Binding
	First, Last                    key.Binding // home/g, end/G
	Close                          key.Binding // esc: close help, leave presentation
	Left, Right, BigLeft, BigRight key.Binding
	Reset, Unpin, Enter            key.Binding
	CalibratePin                   key.Binding // C: the selected side's pinned tok/s calibrates the engine
	Quote                          key.Binding // $: the selected side's next published price
	Advanced, Chart, Help, Quit    key.Binding
	Preset, Baseline, Theme        key.Binding
	Presentation, Save, Export     key.Binding // v: full-screen presentation mode
	SaveAs                         key.Binding // S: save to a typed path
	Overwrite, ReloadFile          key.Binding // answers to a save refused: file changed on disk
	PresentToMeeting, Follow       key.Binding // P: take the meeting's presenter role
	Accept, Cancel                 key.Binding // numeric entry
	EntryDelete, EntryClear        key.Binding
	Interrupt                      key.Binding // ctrl+c quits even while typing
	Rank                           key.Binding // w: which GPU, the ranking overlay
	PickA, PickB                   key.Binding // in the ranking: the row becomes side A / B
	LinkUtil                       key.Binding // U: one utilization for both sides, or one each
	Claims                         key.Binding // s: the seed's claims vs this scenario (overlay)
	Context                        key.Binding // x: show/hide the deployment-context controls
	Sensitivity                    key.Binding // m: what moves the answer (overlay)
	Share                          key.Binding // y: copy the scenario as a share string
	claimsOpen                     bool        // the short help is the overlay's
	sensOpen                       bool        // the short help is the sensitivity overlay's
	helpOpen                       bool        // the short help is the help page's
	confirmOpen                    bool        // the short help answers a refused save
}

func newKeyMap() keyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return keyMap{
		Up:               b([]string{"up", "k"}, "↑/k", "previous control"),
		Down:             b([]string{"down", "j"}, "↓/j", "next control"),
		First:            b([]string{"home", "g"}, "home/g", "first control"),
		Last:             b([]string{"end", "G"}, "end/G", "last control"),
		Close:            b([]string{"esc"}, "esc", "close"),
		Next:             b([]string{"tab"}, "tab", "next control"),
		Prev:             b([]string{"shift+tab"}, "shift+tab", "previous control"),
		Left:             b([]string{"left", "h"}, "←/h", "decrease"),
		Right:            b([]string{"right", "l"}, "→/l", "increase"),
		BigLeft:          b([]string{"shift+left", "H"}, "shift+←/H", "big step down"),
		BigRight:         b([]string{"shift+right", "L"}, "shift+→/L", "big step up"),
		Reset:            b([]string{"r"}, "r", "reset to the loaded scenario"),
		Unpin:            b([]string{"u"}, "u", "throughput back to estimate"),
		CalibratePin:     b([]string{"C"}, "C", "calibrate the engine from this pin"),
		Quote:            b([]string{"$"}, "$", "next published price"),
		Enter:            b([]string{"enter", "="}, "enter", "type a value"),
		Advanced:         b([]string{"a"}, "a", "show efficiency knobs"),
		Chart:            b([]string{"c"}, "c", "next chart"),
		Help:             b([]string{"?"}, "?", "more keys and notes"),
		Quit:             b([]string{"q", "ctrl+c"}, "q", "quit"),
		Preset:           b([]string{"p"}, "p", "next preset"),
		Baseline:         b([]string{"b"}, "b", "pin as baseline"),
		Theme:            b([]string{"t"}, "t", "next theme"),
		Presentation:     b([]string{"v"}, "v", "presentation mode"),
		Save:             b([]string{"ctrl+s"}, "ctrl+s", "save scenario"),
		Export:           b([]string{"e"}, "e", "copy Markdown summary"),
		SaveAs:           b([]string{"S"}, "S", "save as…"),
		Overwrite:        b([]string{"o"}, "o", "overwrite it"),
		ReloadFile:       b([]string{"r"}, "r", "reload it from disk"),
		PresentToMeeting: b([]string{"P"}, "P", "present to the meeting"),
		Follow:           b([]string{"F", "f"}, "F", "explore on your own"),
		Accept:           b([]string{"enter"}, "enter", "apply"),
		Cancel:           b([]string{"esc"}, "esc", "cancel"),
		EntryDelete:      b([]string{"backspace"}, "backspace", "delete"),
		EntryClear:       b([]string{"ctrl+u"}, "ctrl+u", "clear"),
		Interrupt:        b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Rank:             b([]string{"w"}, "w", "which GPU: rank them all"),
		PickA:            b([]string{"A"}, "A", "make it side A"),
		PickB:            b([]string{"B"}, "B", "make it side B"),
		LinkUtil:         b([]string{"U"}, "U", "utilization per GPU"),
		Claims:           b([]string{"s"}, "s", "the seed's claims vs this scenario"),
		Context:          b([]string{"x"}, "x", "deployment context"),
		Sensitivity:      b([]string{"m"}, "m", "what moves the answer"),
		Share:            b([]string{"y"}, "y", "copy share string"),
	}
}

// keyState is what decides which bindings apply.
type keyState struct {
	entry, following, meeting, presenting, hasPresenter bool
	advanced, baseline, presentation, help              bool
	chartsHidden                                        bool // all charts already shown: nothing to cycle
	confirm, confirmReload                              bool // a refused save awaits an answer
	confirmForeign                                      bool // ... about a file infercost did not write
	onThroughput                                        bool
	onQuotedPrice                                       bool // a price control whose GPU has published prices
	ranking                                             bool // the ranking overlay is open
	utilLinked                                          bool // both sides share the scenario's utilization
	claims, context                                     bool // the claims overlay is open; context controls shown
	sensitivity                                         bool // the sensitivity overlay is open
}

// setEnabled enables exactly the bindings that do something in st and
// words their help for the current state.
func (k *keyMap) setEnabled(st keyState) {
	edit := !st.entry && !st.following
	for _, b := range []*key.Binding{&k.Reset, &k.Preset, &k.Unpin} {
		b.SetEnabled(edit)
	}
	// Presentation mode shows no controls and no help: keys that would
	// change them there act unseen, so they do nothing.
	for _, b := range []*key.Binding{&k.Left, &k.Right, &k.BigLeft, &k.BigRight, &k.Enter} {
		b.SetEnabled(edit && !st.presentation)
	}
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Next, &k.Prev, &k.First, &k.Last, &k.Advanced, &k.Help} {
		b.SetEnabled(!st.entry && !st.presentation)
	}
	for _, b := range []*key.Binding{&k.Quit, &k.Baseline, &k.Theme, &k.Presentation, &k.Save, &k.Export} {
		b.SetEnabled(!st.entry)
	}
	k.SaveAs.SetEnabled(!st.entry)
	k.SaveAs.SetHelp("S", "save as…")
	k.confirmOpen = st.confirm
	k.Close.SetEnabled(!st.entry && (st.help || st.presentation))
	k.Close.SetHelp("esc", map[bool]string{true: "leave presentation", false: "close help"}[st.presentation])
	// A file infercost did not write is never overwritten from here: only
	// another path or keeping the edits.
	k.Overwrite.SetEnabled(st.confirm && !st.confirmForeign)
	k.ReloadFile.SetEnabled(st.confirm && st.confirmReload && !st.confirmForeign)
	if st.confirm { // only the answers, esc and quitting
		k.disableAllBut(&k.Overwrite, &k.ReloadFile, &k.SaveAs, &k.Quit, &k.Interrupt)
		k.Close.SetEnabled(true)
		k.Close.SetHelp("esc", "keep editing, not saved")
		k.SaveAs.SetHelp("S", "save as another file…")
	}
	k.Chart.SetEnabled(!st.entry && !st.chartsHidden)
	k.Export.SetHelp("e", "copy Markdown summary")
	k.claimsOpen = st.claims && !st.entry && !st.confirm
	k.helpOpen = st.help && !st.entry && !st.confirm
	k.Claims.SetEnabled(!st.entry && !st.confirm)
	k.Context.SetEnabled(!st.entry && !st.confirm && !st.presentation)
	k.Context.SetHelp("x", map[bool]string{true: "hide deployment context", false: "deployment context"}[st.context])
	k.Claims.SetHelp("s", map[bool]string{true: "close the seed's claims", false: "seed's claims"}[st.claims])
	k.sensOpen = st.sensitivity && !st.entry && !st.confirm
	k.Sensitivity.SetEnabled(!st.entry && !st.confirm)
	k.Sensitivity.SetHelp("m", map[bool]string{true: "close what moves the answer", false: "what moves the answer"}[st.sensitivity])
	k.Share.SetEnabled(!st.entry && !st.confirm)
	if k.sensOpen { // the overlay scrolls, copies and closes; nothing edits unseen
		k.disableAllBut(&k.Up, &k.Down, &k.First, &k.Last, &k.Sensitivity, &k.Close, &k.Export, &k.Quit, &k.Interrupt, &k.Theme)
		k.Close.SetEnabled(true)
		k.Close.SetHelp("esc", "close what moves the answer")
		k.Export.SetHelp("e", "copy it as Markdown")
	}
	if k.claimsOpen { // the overlay scrolls, copies and closes; nothing edits unseen
		k.disableAllBut(&k.Up, &k.Down, &k.First, &k.Last, &k.Claims, &k.Close, &k.Export, &k.Quit, &k.Interrupt, &k.Theme)
		k.Close.SetEnabled(true)
		k.Close.SetHelp("esc", "close the seed's claims")
		k.Export.SetHelp("e", "copy the claims as Markdown")
	}
	k.Accept.SetEnabled(st.entry)
	k.Cancel.SetEnabled(st.entry)
	k.EntryDelete.SetEnabled(st.entry)
	k.EntryClear.SetEnabled(st.entry)
	k.PresentToMeeting.SetEnabled(!st.entry && st.meeting)
	k.Follow.SetEnabled(!st.entry && st.meeting && !st.presenting && (st.hasPresenter || st.following))
	k.Advanced.SetHelp("a", map[bool]string{true: "hide efficiency knobs", false: "show efficiency knobs"}[st.advanced])
	k.Baseline.SetHelp("b", map[bool]string{true: "clear baseline", false: "pin as baseline"}[st.baseline])
	k.Presentation.SetHelp("v", map[bool]string{true: "leave presentation", false: "presentation mode"}[st.presentation])
	k.Help.SetHelp("?", map[bool]string{true: "close help", false: "more keys and notes"}[st.help])
	k.PresentToMeeting.SetHelp("P", map[bool]string{true: "stop presenting", false: "present to the meeting"}[st.presenting])
	k.Follow.SetHelp("F", map[bool]string{true: "explore on your own", false: "follow the presenter"}[st.following])
	k.CalibratePin.SetEnabled(k.Unpin.Enabled() && st.onThroughput && !st.presentation)
	k.Quote.SetEnabled(k.Unpin.Enabled() && st.onQuotedPrice && !st.presentation)
	k.Unpin.SetHelp("u", map[bool]string{true: "this throughput back to estimate", false: "throughputs back to estimate"}[st.onThroughput])
	k.setRankEnabled(st, edit)
}

// setRankEnabled enables the ranking and utilization-link keys; with the
// ranking open only its own keys work.
func (k *keyMap) setRankEnabled(st keyState, edit bool) {
	k.LinkUtil.SetEnabled(edit && !st.presentation && !st.confirm && !st.ranking)
	k.LinkUtil.SetHelp("U", map[bool]string{true: "unlink A and B utilization", false: "one utilization for A and B"}[st.utilLinked])
	k.Rank.SetEnabled(!st.entry && !st.presentation && !st.confirm)
	k.Rank.SetHelp("w", map[bool]string{true: "close the ranking", false: "which GPU: rank them all"}[st.ranking])
	k.PickA.SetEnabled(st.ranking && edit)
	k.PickB.SetEnabled(st.ranking && edit)
	if st.ranking {
		k.disableAllBut(&k.Up, &k.Down, &k.PickA, &k.PickB, &k.Rank, &k.Export, &k.Quit, &k.Interrupt, &k.Theme)
		k.Close.SetEnabled(true)
		k.Close.SetHelp("esc", "close the ranking")
		k.Export.SetHelp("e", "copy the ranking as Markdown")
	}
}

// disableAllBut disables every binding except keep (whose state stays).
func (k *keyMap) disableAllBut(keep ...*key.Binding) {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Next, &k.Prev, &k.First, &k.Last, &k.Close,
		&k.Left, &k.Right, &k.BigLeft, &k.BigRight, &k.Reset, &k.Unpin, &k.CalibratePin, &k.Quote, &k.Enter, &k.Advanced, &k.Chart,
		&k.Help, &k.Quit, &k.Preset, &k.Baseline, &k.Theme, &k.Presentation, &k.Save, &k.Export, &k.SaveAs,
		&k.Overwrite, &k.ReloadFile, &k.PresentToMeeting, &k.Follow, &k.Accept, &k.Cancel,
		&k.EntryDelete, &k.EntryClear, &k.Interrupt, &k.Rank, &k.PickA, &k.PickB, &k.LinkUtil, &k.Claims, &k.Context,
		&k.Sensitivity, &k.Share} {
		if !slices.Contains(keep, b) {
			b.SetEnabled(false)
		}
	}
}

// ShortHelp is the footer line.
func (k keyMap) ShortHelp() []key.Binding {
	if k.Accept.Enabled() {
		return []key.Binding{k.Accept, k.Cancel}
	}
	if k.confirmOpen {
		return []key.Binding{k.Overwrite, k.ReloadFile, k.SaveAs, k.Close, k.Quit}
	}
	if k.Close.Enabled() && k.Rank.Enabled() && k.Close.Help().Desc == "close the ranking" {
		return []key.Binding{pair(k.Up, k.Down, "↑/↓", "select"), k.PickA, k.PickB, k.Export, k.Close, k.Quit}
	}
	if k.claimsOpen {
		return []key.Binding{pair(k.Up, k.Down, "↑/↓", "scroll"), k.Export, k.Claims, k.Quit}
	}
	if k.sensOpen {
		return []key.Binding{pair(k.Up, k.Down, "↑/↓", "scroll"), k.Export, k.Sensitivity, k.Quit}
	}
	if k.helpOpen { // the page lists every key; here only what works on it
		return []key.Binding{pair(k.Up, k.Down, "↑/↓", "scroll"), k.Help, k.Quit}
	}
	// Help and quit come early so that a narrow terminal, which cuts the
	// line at its end, still shows how to get out and how to learn more.
	return []key.Binding{k.Follow, pair(k.Up, k.Down, "↑/↓", "select"), pair(k.Left, k.Right, "←/→", "adjust"),
		k.Help, k.Quit, pair(k.BigLeft, k.BigRight, "H/L", "big step"), k.Enter, k.Preset, relabel(k.Claims, "s", "seed's claims")}
}

// relabel is b with another help text, enabled as b is.
func relabel(b key.Binding, keys, desc string) key.Binding {
	r := key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(keys, desc))
	r.SetEnabled(b.Enabled())
	return r
}

// pair is one help entry for two bindings that belong together.
func pair(a, b key.Binding, keys, desc string) key.Binding {
	p := key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(keys, desc))
	p.SetEnabled(a.Enabled())
	return p
}

// FullHelp is the help page, one column per group.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{pair(k.Up, k.Down, "↑/↓ k/j", "select a control"), pair(k.Next, k.Prev, "tab/shift+tab", "next/previous"),
			pair(k.First, k.Last, "home/end g/G", "first/last control"),
			pair(k.Left, k.Right, "←/→ h/l", "adjust"), pair(k.BigLeft, k.BigRight, "shift+←/→ H/L", "big step"),
			relabel(k.Enter, "enter / =", "type a value"), k.Reset, k.Unpin, k.CalibratePin, k.Quote},
		{k.Advanced, k.Context, k.Claims, k.Sensitivity, k.Chart, k.Preset, k.Baseline, k.Theme, k.Presentation, k.Rank, k.LinkUtil},
		{k.Save, k.SaveAs, k.Export, k.Share, k.PresentToMeeting, k.Follow, k.Help, k.Close, k.Quit},
	}
}

// splitKeys turns a merged KeyMsg{Runes: "lll"} (several printable keys
// that arrived together: fast typing, a laggy link, tmux send-keys) into
// one KeyMsg per rune. Pastes and single keys pass through whole.
func splitKeys(k tea.KeyMsg) []tea.KeyMsg {
	if k.Type != tea.KeyRunes || k.Paste || len(k.Runes) < 2 {
		return []tea.KeyMsg{k}
	}
	out := make([]tea.KeyMsg, len(k.Runes))
	for i, r := range k.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}
	}
	return out
}
