package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"infercost/model"
)

// ErrChangedOnDisk: the file is not what this session last read or wrote
// (someone edited it by hand, or another session saved it).
var ErrChangedOnDisk = errors.New("the file changed on disk since it was loaded or saved")

// ErrExists: a save (as) found a scenario file infercost wrote, but not
// one this session read or wrote.
var ErrExists = errors.New("the file exists: a scenario infercost saved, not the one this session opened")

// File is the scenario file one session loads and saves. It remembers the
// bytes it last read or wrote, so a save notices an edit made since
// instead of overwriting it. Safe for concurrent use.
type File struct {
	path string

	mu    sync.Mutex
	known []byte // nil: nothing read or written yet (the file is new)
}

// OpenFile loads path. A path that does not exist yet gives the default
// scenario and a File that creates it on the first save.
func OpenFile(path string) (*File, model.Scenario, error) {
	f := &File{path: path}
	s, data, err := load(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f, model.DefaultScenario(), nil
	case err != nil:
		return nil, model.Scenario{}, err
	}
	f.known = data
	return f, s, nil
}

// NewFile is a File for path that has not been read: its first save
// refuses to replace a file that already exists with other contents.
func NewFile(path string) *File { return &File{path: path} }

// Path is the file's path as given.
func (f *File) Path() string { return f.path }

// Save writes s; a missing file is (re)created. It never replaces a file
// infercost did not write (ErrForeignFile), forced or not. Unless force
// is set it also refuses a scenario file that holds something other than
// what was last read or written (ErrChangedOnDisk), or that exists when
// nothing was (ErrExists).
func (f *File) Save(s model.Scenario, force bool) error {
	data, err := Marshal(s)
	if err != nil {
		return fmt.Errorf("%s not saved: %w", f.path, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := (fileWriter{}).writeOwned(f.path, data, scenarioMarker, false, f.checkReplace(force)); err != nil {
		return err
	}
	f.known = data
	return nil
}

// checkReplace compares the file's contents with the bytes last seen,
// and says whose it is when they differ. Its errors name the path as
// given, not a symbolic link's target.
func (f *File) checkReplace(force bool) func(now []byte) error {
	return func(now []byte) error {
		switch {
		case f.known != nil && bytes.Equal(now, f.known):
			return nil // still what was read or written: writeOwned checks its marker
		case !ownedData(now, scenarioMarker):
			return foreignError(f.path, scenarioMarker)
		case force:
			return nil
		case f.known == nil:
			return fmt.Errorf("%s not saved: %w", f.path, ErrExists)
		}
		return fmt.Errorf("%s not saved: %w", f.path, ErrChangedOnDisk)
	}
}

// Reload reads the file again and makes it the one last seen.
func (f *File) Reload() (model.Scenario, error) {
	s, data, err := load(f.path)
	if err != nil {
		return model.Scenario{}, err
	}
	f.mu.Lock()
	f.known = data
	f.mu.Unlock()
	return s, nil
}
