//go:build !unix

package data

import "os"

// lockDatabase opens path's lock file; outside Unix it takes no lock, so
// restore cannot tell whether Kindred is running.
func lockDatabase(path string, _ bool) (*os.File, error) {
	return os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
}
