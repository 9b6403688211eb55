//go:build !unix && !windows

package store

import "os"

// tryLock cannot lock on this system: one writer at a time is then up to
// the user.
func tryLock(*os.File) (busy bool, err error) { return false, nil }

func unlockFile(*os.File) {}
