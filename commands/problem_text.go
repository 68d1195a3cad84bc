package commands

import (
	"errors"
	"slices"
	"strings"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// problemIn says a store error that carries its own message (a
// data.Problem, or several as data.Problems) in p's language, starting
// with a capital. It is false for any other error.
func problemIn(p *i18n.Printer, err error) (string, bool) {
	var ps data.Problems
	if errors.As(err, &ps) && len(ps) > 0 {
		parts := make([]string, len(ps))
		for i, pr := range ps {
			parts[i] = p.T("problem."+pr.ID, clipArgs(pr.Args)...)
		}
		return capitalize(strings.Join(parts, "; ")), true
	}
	var pr *data.Problem
	if errors.As(err, &pr) {
		return capitalize(p.T("problem."+pr.ID, clipArgs(pr.Args)...)), true
	}
	return "", false
}

// maxEchoed is how much of what a member typed a problem repeats back:
// enough to recognise it, and never enough to push the answer past
// Discord's 2,000 characters (a 6,000-character value typed where a
// channel was asked for).
const maxEchoed = 100

// listArgs are the problem arguments that list what may be chosen rather
// than repeat what was typed: they are never clipped.
var listArgs = []string{"Choices", "List"}

// clipArgs returns a problem's message arguments (name, value pairs) with
// long text values clipped to maxEchoed characters, but for listArgs.
func clipArgs(args []any) []any {
	out := slices.Clone(args)
	for i := 1; i < len(out); i += 2 {
		name, _ := out[i-1].(string)
		if s, ok := out[i].(string); ok && !slices.Contains(listArgs, name) {
			out[i] = clipRunes(s, maxEchoed)
		}
	}
	return out
}
