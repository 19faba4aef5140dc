package ui

import (
	"errors"
	"slices"
	"strings"

	"infercost/model"
	"infercost/ui/scenario"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// savedMsg reports a save's outcome. as is the typed path of a "save as",
// "" for the session's file.
type savedMsg struct {
	s    model.Scenario
	as   string
	path string
	err  error
}

// reloadedMsg reports Options.Reload's outcome.
type reloadedMsg struct {
	s   model.Scenario
	err error
}

// saveConfirm is a save refused because the file changed on disk, holds
// another scenario, or is not infercost's: the user chooses what happens.
type saveConfirm struct {
	s    model.Scenario
	as   string
	path string
	// foreign: infercost did not write the file, so it is never
	// overwritten; only another path or keeping the edits are offered.
	foreign bool
}

// onSaveKey saves to the session's file, or says why it cannot.
func (m Model) onSaveKey() (Model, tea.Cmd) {
	if m.opts.Save == nil {
		m.status = "saving is off over SSH: press e to copy a Markdown summary"
		return m, nil
	}
	return m.saveCmd(m.in.Scenario, "", false)
}

// onSaveAsKey asks for a path to save to.
func (m Model) onSaveAsKey() (Model, tea.Cmd) {
	if m.opts.SaveAs == nil {
		m.status = "saving is off over SSH: press e to copy a Markdown summary"
		return m, nil
	}
	m.confirm = nil
	m.entry = m.entry.OpenPath("plan-h100.toml")
	return m, nil
}

// saveCmd writes s to the session's file (as == "") or to as.
func (m Model) saveCmd(s model.Scenario, as string, force bool) (Model, tea.Cmd) {
	save, saveAs := m.opts.Save, m.opts.SaveAs
	m.status, m.confirm = "saving…", nil
	return m, func() tea.Msg {
		var p string
		var err error
		if as == "" {
			p, err = save(s, force)
		} else {
			p, err = saveAs(as, s, force)
		}
		return savedMsg{s: s, as: as, path: p, err: err}
	}
}

// onSaved records a save, or asks what to do when it was refused. The
// reason comes first and the full path last, so a narrow line that cuts
// it still says what happened.
func (m Model) onSaved(msg savedMsg) (Model, tea.Cmd) {
	if why := refusal(msg.err); why != "" {
		m.confirm = &saveConfirm{s: msg.s, as: msg.as, path: msg.path, foreign: errors.Is(msg.err, scenario.ErrForeignFile)}
		m.status = "not saved: " + why + " (" + msg.path + ")"
		return m, nil
	}
	if msg.err != nil {
		m.status = "save failed: " + msg.err.Error()
		if why, ok := strings.CutPrefix(msg.err.Error(), msg.path+" not saved: "); ok && msg.path != "" {
			m.status = "not saved: " + why + " (" + msg.path + ")"
		}
		return m, nil
	}
	m.saved, m.loaded, m.file = msg.s, msg.s, msg.path
	m.status, m.quitArmed = "saved to "+msg.path, false
	return m, nil
}

// refusal words a save refused to protect the file, "" for any other
// outcome.
func refusal(err error) string {
	switch {
	case errors.Is(err, scenario.ErrForeignFile):
		return "the file exists and was not written by infercost"
	case errors.Is(err, scenario.ErrChangedOnDisk):
		return "the file changed on disk since it was loaded or saved"
	case errors.Is(err, scenario.ErrExists):
		return "the file exists, another scenario saved by infercost"
	}
	return ""
}

// onConfirmKey answers a refused save: overwrite, reload, save as or
// cancel. Other keys leave the question open.
func (m Model) onConfirmKey(k tea.KeyMsg) (Model, tea.Cmd) {
	c, km := *m.confirm, m.keys
	switch {
	case key.Matches(k, km.Overwrite) && !c.foreign:
		return m.saveCmd(c.s, c.as, true)
	case key.Matches(k, km.ReloadFile) && !c.foreign:
		m.confirm = nil
		reload := m.opts.Reload
		return m, func() tea.Msg { s, err := reload(); return reloadedMsg{s, err} }
	case key.Matches(k, km.SaveAs):
		return m.onSaveAsKey()
	case key.Matches(k, km.Close):
		m.confirm, m.status = nil, "not saved"
	}
	return m, nil
}

// onReloaded takes the file's scenario as it now is.
func (m Model) onReloaded(msg reloadedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.status = "reload failed: " + msg.err.Error()
		return m, nil
	}
	s := withFleetLoad(msg.s)
	m.saved, m.loaded = s, s
	m.status = "reloaded " + m.file + " as it is on disk"
	return m.apply(inputs{Scenario: s})
}

// onQuitKey quits, or asks once when edits to a file would be lost.
func (m Model) onQuitKey() (Model, tea.Cmd) {
	if m.file != "" && m.opts.Save != nil && m.in.Scenario != m.saved && !m.quitArmed {
		m.quitArmed = true
		m.status = "unsaved changes to " + m.file + ": q again quits without saving · ctrl+s saves"
		return m, nil
	}
	return m, tea.Quit
}

// onResetKey undoes edits back to the loaded scenario; pressed again
// with nothing to undo, it returns to the scenario the session opened
// with (after cycling presets).
func (m Model) onResetKey() (Model, tea.Cmd) {
	if m.in.Scenario == m.loaded && m.loaded != m.start {
		m.loaded, m.preset = m.start, presetIndex(m.opts.Presets, m.start)
		m.status = "back to the scenario this session opened with"
	} else {
		m.status = "reset to " + nameOr(m.loaded.Name, "the start scenario")
	}
	return m.apply(inputs{Scenario: m.loaded})
}

// presetIndex is s's place among presets (as the explorer loads them),
// -1 when it is none of them.
func presetIndex(presets []model.Scenario, s model.Scenario) int {
	return slices.IndexFunc(presets, func(p model.Scenario) bool { return withFleetLoad(p) == s })
}
