package data

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// internalSentences are the store's English error sentences that no member
// or moderator can see: the commands check first, or only the planner,
// the gateway code or the operator meets them. Every other sentence a
// store method returns with ErrInvalid, ErrConflict or ErrNotFound is a
// Problem, so that it can be said in the reader's language.
var internalSentences = map[string]bool{
	"a session needs a Discord user": true,
	"%q isn't a date":                true,
	"database is at version %d, this Kindred knows up to %d; upgrade Kindred or restore a backup": true,
	"not one of Kindred's events":                                     true,
	"%q with threshold %d is not an automatic milestone":              true,
	"a delivery of server %s planned for server %s":                   true,
	"prompt schedules belong to a server":                             true,
	"a prompt schedule needs a schedule, like \"every day at 09:00\"": true,
	"%q is not a date like 2026-11-26":                                true,
	"a delivery needs a server, a kind and a key":                     true,
	"a delivery key can be at most %d bytes":                          true,
	"a delivery needs a due time and an expiry time":                  true,
	"a delivery cannot expire before it is due":                       true,
	"delivery %d is not claimed":                                      true,
	"a prompt is picked for a delivery of a server":                   true,
	"an audit entry needs a server":                                   true,
	"an audit entry needs a feature and an action":                    true,
	"erasing needs a server and a member":                             true,
	"the delivery was erased while it was being sent":                 true,
}

// TestStoreSentencesAreProblems fails when a store method returns a new
// English sentence with one of the store's error kinds: make it a Problem
// (problem.go) with a message in every language, or, if no member can
// ever see it, add it to internalSentences.
func TestStoreSentencesAreProblems(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Errorf" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			format, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			sentence, ok := strings.CutPrefix(format, "%w: ")
			if !ok {
				return true
			}
			kind, ok := call.Args[1].(*ast.Ident)
			if !ok || (kind.Name != "ErrInvalid" && kind.Name != "ErrConflict" && kind.Name != "ErrNotFound" && kind.Name != "ErrNotYours") {
				return true
			}
			if !internalSentences[sentence] {
				t.Errorf("%s: %q is English only: make it a Problem", fset.Position(call.Pos()), sentence)
			}
			return true
		})
	}
}
