//go:build !cgo

package data

// Kindred stores its data with github.com/mattn/go-sqlite3, which is a C
// library reached through cgo. Built without cgo it is a stub that fails at
// run time, so the build is refused here instead: build with
// CGO_ENABLED=1 and a C compiler (gcc) on the PATH.
var _ = kindredNeedsCGO_EnabledAndACCompiler
