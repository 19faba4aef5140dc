// Package ui is infercost's interactive explorer: one Bubble Tea model
// whose children (controls, GPU panels, verdict, fleet, charts) each live
// in their own file. Figures are computed in Update when inputs change and
// drawn into cached strings; View only assembles them.
package ui

import (
	"strconv"

	"infercost/model"
	"infercost/theme"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Model is the program's only tea.Model: one local run or one SSH
// session.
type Model struct {
	opts Options
	th   *theme.Theme
	keys keyMap
	help help.Model

	in     inputs
	loaded model.Scenario // what r resets to: the start scenario or the last preset
	start  model.Scenario // the scenario the session opened with
	// saved is the file's scenario as last loaded or saved; file is its
	// path, "" until the session has a file (q asks before losing edits
	// only then).
	saved     model.Scenario
	file      string
	confirm   *saveConfirm // a save waiting for overwrite / reload / save as
	quitArmed bool         // q pressed once with unsaved changes
	preset    int          // index of the loaded preset in opts.Presets, -1 for none
	base      *baseline
	// figures is what recompute made of in: the comparison (err set when
	// the shared workload is invalid), fleet sizes and baseline. Charts
	// shown later by a resize or c draw from it.
	figures computed

	ctl     controlList
	panels  [2]gpuPanel
	verdict verdictPanel
	fleet   fleetPanel
	charts  [numCharts]chart
	chart0  int // the first chart shown; c rotates
	entry   entry
	heads   [2]headlinePanel // presentation mode
	rank    rankOverlay      // w: which GPU

	w, h         int
	lay          frame
	pres         presentFrame
	advanced     bool
	showHelp     bool
	helpTop      int // the help page's first line shown
	presentation bool
	showContext  bool // the deployment-context controls (x)
	showClaims   bool // the seed's claims overlay (w)
	claims       claimsView
	showSens     bool // what moves the answer (m)
	sens         sensView

	status, exportNote, notice string
	copyWhat                   string // what e copied last: summary, claims, ranking
	meet                       meetingState
	pub                        *publisher

	// Rendered in Update (finish) so that View only assembles.
	header, footer, page    string
	presHeader, presVerdict string
}

// New builds the program for one run or session.
func New(opts Options) Model {
	if opts.Renderer == nil {
		opts.Renderer = lipgloss.DefaultRenderer()
	}
	s := opts.Scenario
	if s.Sides[0].GPU == "" {
		s = model.DefaultScenario()
	}
	s = withFleetLoad(s)
	th := theme.New(opts.Renderer, opts.Theme)
	keys := newKeyMap()
	m := Model{
		opts: opts, th: th, keys: keys, help: newHelp(th), status: opts.Status,
		in: inputs{Scenario: s}, loaded: s, start: s, saved: s, file: opts.File,
		ctl: newControlList(th, keys, opts.UserGPUs), verdict: newVerdictPanel(th), fleet: newFleetPanel(th),
		entry: newEntry(th, keys), rank: newRankOverlay(th), meet: meetingState{on: opts.Meeting != nil, chart: -1}, pub: &publisher{},
	}
	for i := range m.panels {
		m.panels[i] = newGPUPanel(th, i)
		m.heads[i] = newHeadlinePanel(th, i)
	}
	for k := range m.charts {
		m.charts[k] = newChart(th, chartKind(k))
	}
	m.preset = presetIndex(opts.Presets, s)
	m = m.recompute()
	return m.finish()
}

// Init starts nothing: the first WindowSizeMsg lays the screen out.
func (m Model) Init() tea.Cmd { return nil }

// Update hands each message to its handler, then refreshes which keys
// apply and the header and footer.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m = m.onResize(msg.Width, msg.Height)
	case tea.KeyMsg:
		m, cmd = m.onKeys(msg)
	case tea.MouseMsg:
		m, cmd = m.onMouse(msg)
	case entrySubmitMsg:
		m, cmd = m.onEntrySubmit(msg)
	case entryCancelMsg:
		m.entry = m.entry.Close()
	case MeetingMsg:
		m, cmd = m.onMeeting(msg)
	case presentResultMsg:
		m, cmd = m.onPresentResult(msg)
	case NoticeMsg:
		m.notice = msg.Text
	case copiedMsg, exportedMsg:
		m = m.onResult(msg)
	case sharedMsg:
		m.status = "copied the share string (" + strconv.Itoa(msg.chars) + " chars): paste it at enter, or infercost --open it"
	case savedMsg:
		m, cmd = m.onSaved(msg)
	case reloadedMsg:
		m, cmd = m.onReloaded(msg)
	}
	return m.finish(), tea.Batch(cmd, m.publishCmd(false))
}

// finish enables the keys that apply now and renders header and footer.
func (m Model) finish() Model {
	m.keys.setEnabled(keyState{
		entry: m.entry.active, following: m.meet.following, meeting: m.meet.on,
		presenting: m.meet.presenting, hasPresenter: m.meet.hasPresenter,
		advanced: m.advanced, baseline: m.base != nil, presentation: m.presentation, help: m.showHelp,
		chartsHidden: m.w > 0 && len(m.shownCharts()) >= int(numCharts),
		onThroughput: m.ctl.Selected().throughput, onQuotedPrice: m.onQuotedPrice(),
		ranking: m.rank.open, utilLinked: utilizationLinked(m.in.Scenario),
		confirm: m.confirm != nil, confirmReload: m.confirm != nil && m.confirm.as == "" && m.opts.Reload != nil,
		confirmForeign: m.confirm != nil && m.confirm.foreign,
		claims:         m.showClaims, context: m.showContext, sensitivity: m.showSens,
	})
	m.ctl = m.ctl.SetKeys(m.keys)
	m.entry = m.entry.SetKeys(m.keys)
	if m.w == 0 {
		return m
	}
	m.header, m.footer, m.page = m.headerView(), m.footerView(), ""
	switch {
	case m.lay.Mode == tooSmall:
		m.page = m.tooSmallView()
	case m.showClaims:
		m.page = m.header + "\n" + m.claimsPage(m.w, m.h-headerRows-footerRows) + "\n" + m.footer
	case m.showSens:
		m.page = m.header + "\n" + m.sensPage(m.w, m.h-headerRows-footerRows) + "\n" + m.footer
	case m.presentation:
		m.presHeader = m.presentHeader()
		m.presVerdict = m.presentVerdict(m.pres.Verdict.W, m.pres.Verdict.H)
	case m.rank.open:
		m.page = m.header + "\n" + m.rank.View() + "\n" + m.footer
	case m.showHelp:
		m.page = m.header + "\n" + m.helpPage(m.w, m.h-headerRows-footerRows) + "\n" + m.footer
	}
	return m
}

// View assembles the cached blocks.
func (m Model) View() string {
	switch {
	case m.w == 0:
		return ""
	case m.page != "":
		return m.page
	case m.presentation:
		return m.presentView()
	}
	return m.compose()
}
