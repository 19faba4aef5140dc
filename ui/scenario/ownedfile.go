package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// fileWriter writes the files infercost owns: scenario files and the
// exported summary. Each carries a marker on its first line; a file
// without it belongs to the user and is only replaced when forced.
type fileWriter struct {
	// sync flushes a file to stable storage; nil means (*os.File).Sync.
	// Tests replace it to make a save fail half-way.
	sync func(*os.File) error
}

// ErrForeignFile: the file exists and infercost did not write it.
var ErrForeignFile = errors.New("the file exists and was not written by infercost")

// writeOwned replaces path with data, atomically: a temporary file in the
// same directory is written, flushed and renamed over path, then the
// directory is flushed. A failure leaves the old file whole. seen, when
// not nil, is shown the old file's contents (read once, as the marker
// check reads them) before anything but its kind is checked, and may
// refuse it first.
func (w fileWriter) writeOwned(path string, data []byte, marker string, force bool, seen func(old []byte) error) error {
	target, mode, err := checkOwned(path, marker, force, seen)
	if err != nil {
		return err
	}
	created := false
	if mode == 0 { // a new file: the permission the umask gives it
		if mode, err = umaskMode(target); err != nil {
			return fmt.Errorf("%s not saved: %v", path, createError(target, err))
		}
		created = true
	}
	if err := w.writeAtomic(target, data, mode); err != nil {
		if created {
			os.Remove(target)
		}
		return fmt.Errorf("%s not saved (%v); the old file, if any, is unchanged", path, err)
	}
	return nil
}

// createError says why a new file could not be created; a missing
// directory is named, as the error alone ("no such file") would not.
func createError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the directory %s does not exist", filepath.Dir(path))
	}
	return unwrapPathError(err)
}

// umaskMode creates path empty with 0666 less the process umask, as any
// new file gets, and returns that permission; the atomic rename then
// replaces the empty file.
func umaskMode(path string) (fs.FileMode, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		os.Remove(path)
		return 0, err
	}
	return fi.Mode().Perm(), nil
}

// checkOwned decides whether path may be replaced and returns the file to
// write (a symlink's target) and the permission to keep. The file is read
// at most once, for seen and the marker check both.
func checkOwned(path, marker string, force bool, seen func(old []byte) error) (string, fs.FileMode, error) {
	path, fi, err := regularOrMissing(path)
	if err != nil || fi == nil {
		return path, 0, err
	}
	contents := sync.OnceValues(func() ([]byte, error) { return readOwned(path) })
	if seen != nil {
		// A read error waits: being read-only says more.
		if old, err := contents(); err == nil {
			if err := seen(old); err != nil {
				return "", 0, err
			}
		}
	}
	if fi.Mode().Perm()&0o222 == 0 {
		// The rename would replace it anyway: the directory allows it.
		return "", 0, fmt.Errorf("%s not saved: it is read-only; make it writable or save to another file", path)
	}
	if !force {
		old, err := contents()
		if err != nil {
			return "", 0, fmt.Errorf("%s not saved: cannot read it to check who wrote it (%v)", path, unwrapPathError(err))
		}
		if !ownedData(old, marker) {
			return "", 0, foreignError(path, marker)
		}
	}
	return path, fi.Mode().Perm(), nil
}

// regularOrMissing follows path's symbolic links to a regular file and
// returns it; fi is nil when nothing is there yet. Anything else (a
// directory, a device, a link that does not resolve) is refused.
func regularOrMissing(path string) (string, fs.FileInfo, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s not saved: %w", path, unwrapPathError(err))
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", nil, fmt.Errorf("%s not saved: it is a symbolic link that does not resolve (%v)", path, unwrapPathError(err))
		}
		return regularOrMissing(target)
	}
	switch {
	case fi.IsDir():
		return "", nil, fmt.Errorf("%s not saved: it is a directory; give a file name", path)
	case !fi.Mode().IsRegular():
		return "", nil, fmt.Errorf("%s not saved: it is %s, not a regular file", path, fileKind(fi.Mode()))
	}
	return path, fi, nil
}

// foreignError refuses to replace path, a file without marker.
func foreignError(path, marker string) error {
	return fmt.Errorf("%s not saved: %w (no %q on its first line); save to another file, or remove this one", path, ErrForeignFile, marker)
}

// ownedData reports whether data, a file's contents, has marker on its
// first line (looked for in the first 4 KiB): the one test of whether
// infercost wrote a file.
func ownedData(data []byte, marker string) bool {
	line, _, _ := bytes.Cut(data[:min(len(data), 4096)], []byte("\n"))
	return bytes.Contains(line, []byte(marker))
}

// readOwned reads a file that may be replaced, up to one byte more than
// a scenario file may hold: enough for the marker, and to tell it from
// what a session last read or wrote.
func readOwned(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxScenarioBytes+1))
}

func (w fileWriter) writeAtomic(path string, data []byte, mode fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot create a temporary file in %s: %v", dir, unwrapPathError(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing: %v", unwrapPathError(err))
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("setting permissions: %v", unwrapPathError(err))
	}
	sync := w.sync
	if sync == nil {
		sync = (*os.File).Sync
	}
	if err = sync(tmp); err != nil {
		return fmt.Errorf("flushing to disk: %v", unwrapPathError(err))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("closing: %v", unwrapPathError(err))
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("renaming into place: %v", unwrapPathError(err))
	}
	syncDir(dir)
	return nil
}

// syncDir flushes the directory entry of a rename. Its error is ignored:
// the new file is already in place, and some file systems cannot sync a
// directory at all.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}

// SummaryFile is where the explorer's export writes the Markdown summary.
const SummaryFile = "infercost-summary.md"

// summaryHeader marks an exported summary as infercost's.
const summaryHeader = "<!-- infercost summary, " + scenarioMarker + "; delete this line to keep infercost from overwriting it -->\n\n"

// ExportSummary writes the Markdown summary to dir/infercost-summary.md.
func ExportSummary(dir, markdown string) (string, error) {
	path := filepath.Join(dir, SummaryFile)
	return path, fileWriter{}.writeOwned(path, []byte(summaryHeader+markdown), scenarioMarker, false, nil)
}
