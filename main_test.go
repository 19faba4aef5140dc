package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// layers orders infercost's packages: a package may import only packages
// of a lower layer, so the arrows run one way (main -> commands -> ui,
// serve -> scenario, report -> advice, calibration, sensitivity -> model,
// theme). A new package must be given a layer here before its imports are
// accepted.
var layers = map[string]int{
	"model": 0, "theme": 0, "ui/text": 0,
	"model/advice": 1, "model/calibration": 1, "model/cases": 1, "model/sensitivity": 1,
	"ui/report": 2, "ui/scenario": 2, "ui/calibrate": 2,
	"ui": 3, "ui/screen": 3,
	"ui/serve": 4,
	"ui/cli":   5,
	".":        6,
	"ui/e2e":   6, // tests only: they run the built binary
}

// TestImportsRunOneWay parses every non-test file of the module and fails
// on an import of a package at the same or a higher layer.
func TestImportsRunOneWay(t *testing.T) {
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		from, ok := layers[pkg]
		if !ok {
			t.Errorf("%s: package %s has no layer in main_test.go", path, pkg)
			return nil
		}
		checked++
		for _, imp := range imports(t, path) {
			to, internal := strings.CutPrefix(imp, "infercost/")
			if !internal {
				continue
			}
			if l, ok := layers[to]; !ok || l >= from {
				t.Errorf("%s imports %s: %s (layer %d) may import only lower layers", path, imp, pkg, from)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < len(layers) {
		t.Fatalf("checked %d files; the walk missed packages", checked)
	}
}

func imports(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		out = append(out, p)
	}
	return out
}
