package model

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// forbidden standard-library packages: model/ (and its consumers beside it) is pure
// computation, so no I/O, clock or randomness: every figure follows from its arguments.
var forbiddenImports = map[string]bool{
	"os": true, "io": true, "net": true, "time": true, "math/rand": true, "math/rand/v2": true,
	"crypto/rand": true, "syscall": true, "unsafe": true, "os/exec": true, "net/http": true,
}

// pureDirs are the directories, relative to model/, held to the rule,
// each with the infercost packages it may import: model itself none, its
// consumers model/advice (the seed's advice), model/calibration and
// model/sensitivity model.
var pureDirs = map[string][]string{
	".":           nil,
	"advice":      {"infercost/model"},
	"calibration": {"infercost/model"},
	"sensitivity": {"infercost/model"},
}

// TestModelImportsOnlyStandardLibrary fails if a non-test file in model/
// or a directory of pureDirs imports a module outside the standard library (beyond
// the infercost packages pureDirs allows it) or an I/O package.
func TestModelImportsOnlyStandardLibrary(t *testing.T) {
	for dir, allowed := range pureDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ast, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range ast.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				first := strings.SplitN(path, "/", 2)[0]
				switch {
				case slices.Contains(allowed, path):
				case strings.Contains(first, ".") || first == "infercost" || path == "C":
					t.Errorf("%s imports %q: model/ may import only the standard library (advice, calibration, sensitivity also model)", f, path)
				case forbiddenImports[path]:
					t.Errorf("%s imports %q: model/ must stay free of I/O, clocks and randomness", f, path)
				}
			}
			checked++
		}
		if checked == 0 {
			t.Fatalf("no source files found in model/%s", dir)
		}
	}
}
