package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// messageCalls are the functions and methods whose first argument is a
// message ID, across Kindred's packages.
var messageCalls = map[string]bool{"T": true, "N": true, "PrivateT": true}

// TestEveryMessageUsedExists reads Kindred's Go code for message IDs
// given as literals (req.T("checkin.saved"), p.N(...)) and fails for any
// the English catalogue lacks, so a typo cannot ship as "[checkin.savd]".
func TestEveryMessageUsedExists(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, id := range c.IDs(Base) {
		known[id] = true
	}
	files, err := filepath.Glob("../*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("../*/*/*.go")
	files = append(files, more...)
	fset := token.NewFileSet()
	used := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.Contains(name, "/i18n/") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !messageCalls[sel.Sel.Name] {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, _ := strconv.Unquote(lit.Value)
			used++
			if !known[id] {
				t.Errorf("%s: message %q is not in the English catalogue", fset.Position(lit.Pos()), id)
			}
			return true
		})
	}
	if used == 0 {
		t.Error("found no message IDs in Kindred's code: is the scan looking in the right place?")
	}
}
