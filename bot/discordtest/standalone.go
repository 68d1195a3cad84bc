package discordtest

import (
	"fmt"
	"log/slog"
	"sync"
)

// TB is the part of testing.TB the fake uses: a *testing.T satisfies it,
// and NewServer supplies one for use outside tests (the demo).
type TB interface {
	Helper()
	Log(args ...any)
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Fatal(args ...any)
	Cleanup(func())
}

// Failure is the panic value NewServer's reporter raises where a test
// would stop (a helper called with a member the fake does not know).
type Failure struct{ Msg string }

// Error returns the failure's message.
func (f Failure) Error() string { return f.Msg }

// standalone reports to a logger; Fatal panics with a Failure, which the
// caller recovers.
type standalone struct {
	log      *slog.Logger
	mu       sync.Mutex
	cleanups []func()
}

func (s *standalone) Helper()         {}
func (s *standalone) Log(args ...any) { s.log.Debug("discordtest: " + fmt.Sprint(args...)) }
func (s *standalone) Errorf(format string, args ...any) {
	s.log.Warn("discordtest: " + fmt.Sprintf(format, args...))
}
func (s *standalone) Fatalf(format string, args ...any) {
	panic(Failure{fmt.Sprintf(format, args...)})
}
func (s *standalone) Fatal(args ...any) { panic(Failure{fmt.Sprint(args...)}) }
func (s *standalone) Cleanup(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cleanups = append(s.cleanups, f)
}

// NewServer starts a fake Discord outside a test (the demo). Violations are
// logged to log rather than failing anything, and helpers that would stop
// a test panic with a Failure. Close stops it.
func NewServer(log *slog.Logger, opts ...Option) (s *Server, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(Failure)
			if !ok {
				panic(p)
			}
			err = fmt.Errorf("discordtest: %s", f.Msg)
		}
	}()
	return New(&standalone{log: log}, opts...), nil
}
