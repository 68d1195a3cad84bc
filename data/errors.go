package data

import "errors"

// Errors the store returns, wrapped with detail. Callers test them with
// errors.Is and turn them into kind replies.
var (
	// ErrNotFound means the record asked for does not exist in this server.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the change clashes with a record that exists already.
	ErrConflict = errors.New("conflict")
	// ErrNotYours means the record exists but belongs to another member,
	// such as a button on someone else's check-in. It wraps ErrNotFound,
	// so callers that don't tell the two apart still see "not found".
	ErrNotYours = notYours{}
	// ErrInvalid means a value was rejected before anything was written.
	ErrInvalid = errors.New("invalid")
	// ErrTooNew means the database was written by a newer Kindred.
	ErrTooNew = errors.New("database schema is newer than this Kindred")
)

// notYours is ErrNotYours: errors.Is matches it and ErrNotFound.
type notYours struct{}

func (notYours) Error() string        { return "belongs to someone else" }
func (notYours) Is(target error) bool { return target == ErrNotFound }
