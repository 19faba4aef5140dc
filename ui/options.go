package ui

import (
	"infercost/model"

	"github.com/charmbracelet/lipgloss"
)

// Options configures one program instance (one local run or one SSH
// session). Everything a session owns is passed in; nothing is global.
type Options struct {
	// Renderer builds every style: lipgloss.DefaultRenderer() locally,
	// the session's renderer over SSH. Required.
	Renderer *lipgloss.Renderer
	// Theme is one of theme.Names(); "" picks dark or light from the
	// renderer's background.
	Theme string
	// Scenario is the starting scenario; a zero Scenario (no Sides[0].GPU)
	// means model.DefaultScenario().
	Scenario model.Scenario
	// Presets are cycled with a key: built-ins first, then the user's.
	Presets []model.Scenario
	// Save stores the scenario in the session's file (ctrl+s) and returns
	// where; nil disables saving (SSH sessions write nothing on the
	// server). It refuses a file infercost did not write
	// (scenario.ErrForeignFile), and unless force is set a file changed on
	// disk since it was loaded or saved (scenario.ErrChangedOnDisk) or one
	// this session never read (scenario.ErrExists); the explorer then asks.
	Save func(s model.Scenario, force bool) (path string, err error)
	// SaveAs stores the scenario at a typed path, which becomes the
	// session's file; the same refusal applies to an existing file. nil
	// when Save is.
	SaveAs func(path string, s model.Scenario, force bool) (string, error)
	// File is the scenario file the session started from, "" for none.
	File string
	// Status is the status line's first message, "" for none (a local
	// run says there that its --scenario file is new).
	Status string
	// Reload reads the session's file again (after it changed on disk).
	Reload func() (model.Scenario, error)
	// Export writes the Markdown summary to a local file; nil means the
	// summary is only copied to the clipboard (OSC 52).
	Export func(markdown string) (path string, err error)
	// Meeting joins the session to a shared presenter/follower hub; nil
	// for a local run.
	Meeting Meeting
	// Remote marks an SSH session (the header says so).
	Remote bool
	// UserGPUs are the GPUs of the user's own GPU files: offered beside
	// the catalog in the GPU choice (marked as the user's) and ranked.
	UserGPUs []model.GPU
}

// Meeting is one session's handle on the shared meeting hub (follow
// mode). The hub answers by sending MeetingMsg into the program.
type Meeting interface {
	// Present asks for the presenter role; the error says why not.
	Present() error
	// StopPresenting gives the role up.
	StopPresenting()
	// Publish hands what the presenter shows to every follower.
	Publish(Shown)
	// Follow switches between following the presenter (true) and
	// exploring alone (false).
	Follow(on bool)
}

// Shown is what a presenter shows and followers follow: the scenario,
// the scenario it was loaded from and the chart choice. Overlays (help,
// ranking, claims, sensitivity), presentation mode, the theme, the
// selected control and the baseline stay each viewer's own.
type Shown struct {
	Scenario model.Scenario
	// Loaded is the scenario Scenario was loaded from (a preset, a file,
	// a share string): a follower's title then says "(modified)" and
	// "preset N/M" as the presenter's does, and r returns to it.
	Loaded model.Scenario
	// Chart is the first chart on screen; c moves it.
	Chart int
}

// MeetingMsg is the hub's view of the meeting for one session.
type MeetingMsg struct {
	// Shown is the presenter's latest when HasScenario is set; a
	// following session adopts it.
	Shown        Shown
	HasScenario  bool
	Presenting   bool // this session holds the presenter role
	Following    bool // this session follows the presenter
	HasPresenter bool
	Followers    int    // sessions following the presenter
	Notice       string // one-line event: "presenter left; you keep the last scenario"
}

// NoticeMsg shows a one-line message (e.g. "server shutting down").
type NoticeMsg struct{ Text string }
