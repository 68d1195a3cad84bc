package commands

import (
	"errors"
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
			parts[i] = p.T("problem."+pr.ID, pr.Args...)
		}
		return capitalize(strings.Join(parts, "; ")), true
	}
	var pr *data.Problem
	if errors.As(err, &pr) {
		return capitalize(p.T("problem."+pr.ID, pr.Args...)), true
	}
	return "", false
}
