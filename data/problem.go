package data

import (
	"github.com/kindred-bot/kindred/i18n"
)

// Problem is an error a member can fix, with the catalogue message that
// says it in their language: "problem." + ID, with Args as its
// placeholders' names and values. It wraps its Kind (ErrInvalid,
// ErrConflict, ErrNotFound, ErrNotYours), and its Error is the English
// sentence, as for any wrapped error.
type Problem struct {
	Kind error
	ID   string
	Args []any
}

// problem returns the Problem of kind with message id.
func problem(kind error, id string, args ...any) *Problem {
	return &Problem{Kind: kind, ID: id, Args: args}
}

// Error is the problem in English: "invalid: your note can be …".
func (p *Problem) Error() string {
	return p.Kind.Error() + ": " + i18n.For(i18n.Base).T("problem."+p.ID, p.Args...)
}

// Unwrap returns the problem's kind, for errors.Is.
func (p *Problem) Unwrap() error { return p.Kind }
