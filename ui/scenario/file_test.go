package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"infercost/model"
)

// TestLoadRefusesSpecialFiles: a FIFO, a device or a directory given as a
// scenario file is refused by what it is, never opened (opening a FIFO
// would hang until a writer came).
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "plan.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for path, want := range map[string]string{fifo: "named pipe", os.DevNull: "device", dir: "directory"} {
		done := make(chan error, 1)
		go func() { _, err := Load(path); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s: %v", path, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Load blocked", path)
		}
	}
	if got, warnings := LoadDir(dir, true); len(got) != 0 || len(warnings) != 1 {
		t.Errorf("a FIFO among presets: %d loaded, warnings %q", len(got), warnings)
	}
}

// TestSaveKeepsReadOnlyFiles: a file without write permission is not
// replaced, although the directory would allow the rename.
func TestSaveKeepsReadOnlyFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.toml")
	if err := Save(path, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	s := model.DefaultScenario()
	s.Batch = 5
	if err := Save(path, s, true); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("saved over a read-only file: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the read-only file changed")
	}
}

// TestNewFilesHonourTheUmask: a new file gets 0666 less the umask, as
// any program's would; an existing file keeps its permission.
func TestNewFilesHonourTheUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.toml")
	if err := Save(path, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v under umask 077, want 0600", fi.Mode().Perm())
	}
	os.Chmod(path, 0o640)
	if err := Save(path, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("resaved file mode %v, want its own 0640", fi.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
}

// TestFileNoticesHandEdits: File.Save refuses a file changed since it was
// read or written, and saves once forced or reloaded.
func TestFileNoticesHandEdits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.toml")
	if err := Save(path, model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	f, s, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Save(s, false); err != nil {
		t.Fatalf("unchanged file: %v", err)
	}
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(data), "batch = 1", "batch = 4", 1)), 0o644)
	if err := f.Save(s, false); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("hand edit: %v", err)
	}
	back, err := f.Reload()
	if err != nil || back.Batch != 4 {
		t.Fatalf("reload: batch %d, %v", back.Batch, err)
	}
	if err := f.Save(back, false); err != nil {
		t.Errorf("after reload: %v", err)
	}
	if err := NewFile(path).Save(s, false); !errors.Is(err, ErrExists) {
		t.Errorf("a fresh File over an existing scenario file: %v", err)
	}
	if err := NewFile(path).Save(s, true); err != nil {
		t.Errorf("a fresh File over an existing scenario file, forced: %v", err)
	}
}

// TestFileNeverReplacesAForeignFile: a file infercost did not write is
// never replaced by File.Save, forced or not, whether the session never
// read it or wrote it and then found it replaced by hand; the error says
// whose it is, not that it "changed on disk". (README: saves "never
// overwrite a file infercost did not write unless forced", and the
// explorer does not force that.)
func TestFileNeverReplacesAForeignFile(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "notes.txt")
	os.WriteFile(foreign, []byte("important data\n"), 0o644)
	saved := filepath.Join(dir, "plan.toml")
	f := NewFile(saved)
	if err := f.Save(model.DefaultScenario(), false); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(saved, []byte("important data\n"), 0o644)
	for _, c := range []struct {
		name string
		f    *File
	}{{"never read", NewFile(foreign)}, {"written, then replaced by hand", f}} {
		for _, force := range []bool{false, true} {
			err := c.f.Save(model.DefaultScenario(), force)
			if !errors.Is(err, ErrForeignFile) || errors.Is(err, ErrChangedOnDisk) {
				t.Errorf("%s, force %v: %v, want ErrForeignFile", c.name, force, err)
			}
			if text, _ := os.ReadFile(c.f.Path()); string(text) != "important data\n" {
				t.Errorf("%s, force %v: the file now holds %q", c.name, force, text)
			}
		}
	}
}

// TestSaveNamesAMissingDirectory: a save into a directory that does not
// exist names the whole path and the missing directory.
func TestSaveNamesAMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no", "such")
	path := filepath.Join(dir, "x.toml")
	err := NewFile(path).Save(model.DefaultScenario(), false)
	if err == nil || !strings.Contains(err.Error(), path+" not saved") || !strings.Contains(err.Error(), "the directory "+dir+" does not exist") {
		t.Errorf("got %v, want the path and the missing directory named", err)
	}
}

// TestSaveRefusalsInOrder pins which refusal a save gives when several
// apply (a read-only file that also changed, or is not infercost's; a
// File opened from a hand-written file; a symbolic link), for File.Save
// and for Save, which share the check of who wrote a file.
func TestSaveRefusalsInOrder(t *testing.T) {
	dir := t.TempDir()
	own := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := Save(p, model.DefaultScenario(), false); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	foreign := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("# hand-made\nversion = 1\n"), mode)
		return p
	}
	opened := func(p string) *File {
		f, _, err := OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	changed := func(f *File) *File {
		data, _ := os.ReadFile(f.Path())
		os.Chmod(f.Path(), 0o644)
		os.WriteFile(f.Path(), append(data, "# an edit\n"...), 0o644)
		os.Chmod(f.Path(), 0o444)
		return f
	}
	link := filepath.Join(dir, "link.toml")
	os.Symlink(own("target.toml", 0o644), link)
	s := model.DefaultScenario()
	s.Batch = 3
	for _, c := range []struct {
		name string
		save func() error
		want string
	}{
		{"File, read-only, unchanged", func() error { return opened(own("ro.toml", 0o444)).Save(s, false) }, "read-only"},
		{"File, read-only, changed", func() error { return changed(opened(own("ro-changed.toml", 0o444))).Save(s, false) }, ErrChangedOnDisk.Error()},
		{"File, read-only, changed, forced", func() error { return changed(opened(own("ro-forced.toml", 0o444))).Save(s, true) }, "read-only"},
		{"File, read-only, never read", func() error { return NewFile(own("ro-new.toml", 0o444)).Save(s, false) }, ErrExists.Error()},
		{"File, read-only, not infercost's", func() error { return NewFile(foreign("ro-foreign.toml", 0o444)).Save(s, true) }, ErrForeignFile.Error()},
		{"File, opened from a hand-made file", func() error { return opened(foreign("hand.toml", 0o644)).Save(s, false) }, ErrForeignFile.Error()},
		{"File, through a link", func() error { return opened(link).Save(s, false) }, ""},
		{"Save, read-only, not infercost's", func() error { return Save(foreign("ro-foreign2.toml", 0o444), s, false) }, "read-only"},
		{"Save, not infercost's", func() error { return Save(foreign("foreign.toml", 0o644), s, false) }, ErrForeignFile.Error()},
		{"Save, not infercost's, forced", func() error { return Save(foreign("forced.toml", 0o644), s, true) }, ""},
		{"Save, a directory", func() error { return Save(dir, s, true) }, "directory"},
	} {
		err := c.save()
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if back, err := Load(filepath.Join(dir, "target.toml")); err != nil || back.Batch != 3 {
		t.Errorf("the link's target: batch %d, %v", back.Batch, err)
	}
}
