//go:build unix

package data

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockDatabase takes path's lock file (path.lock) for as long as the
// returned file is open: shared for a store (several may be open on one
// database), exclusive for restore. The kernel releases it when the process ends,
// even by kill -9, so a stale lock file never blocks anything.
func lockDatabase(path string, exclusive bool) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock database: %w", err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if exclusive {
				return nil, fmt.Errorf("%s: %w; stop it first", path, ErrInUse)
			}
			return nil, fmt.Errorf("%s is being restored; try again when that is done", path)
		}
		return nil, fmt.Errorf("lock database: %w", err)
	}
	return f, nil
}
