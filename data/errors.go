package data

import "errors"

// Errors the store returns, wrapped with detail. Callers test them with
// errors.Is and turn them into kind replies.
var (
	// ErrNotFound means the record asked for does not exist in this server.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the change clashes with a record that exists already.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means a value was rejected before anything was written.
	ErrInvalid = errors.New("invalid")
	// ErrTooNew means the database was written by a newer Kindred.
	ErrTooNew = errors.New("database schema is newer than this Kindred")
)
