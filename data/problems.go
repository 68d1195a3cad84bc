package data

import "strings"

// Problems are several problems found at once (a resource whose phone and
// website are both wrong), in the order found. Its Error is their English
// sentences joined by "; " after the first one's kind; errors.Is finds
// each one's kind, errors.As the first Problem.
type Problems []*Problem

// Error is the problems in English: "invalid: a resource needs a name;
// the tag …".
func (ps Problems) Error() string {
	if len(ps) == 0 {
		return ErrInvalid.Error()
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = strings.TrimPrefix(p.Error(), p.Kind.Error()+": ")
	}
	return ps[0].Kind.Error() + ": " + strings.Join(parts, "; ")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}
