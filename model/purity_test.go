package model

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbidden standard-library packages: model/ is pure computation, so no
// I/O, clock or randomness: every figure follows from its arguments.
var forbiddenImports = map[string]bool{
	"os": true, "io": true, "net": true, "time": true, "math/rand": true, "math/rand/v2": true,
	"crypto/rand": true, "syscall": true, "unsafe": true, "os/exec": true, "net/http": true,
}

// TestModelImportsOnlyStandardLibrary fails if a non-test file in model/
// imports a module outside the standard library or an I/O package.
func TestModelImportsOnlyStandardLibrary(t *testing.T) {
	files, err := filepath.Glob("*.go")
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
			if strings.Contains(first, ".") || path == "C" {
				t.Errorf("%s imports %q: model/ may import only the standard library", f, path)
			}
			if forbiddenImports[path] {
				t.Errorf("%s imports %q: model/ must stay free of I/O, clocks and randomness", f, path)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no model source files found")
	}
}
