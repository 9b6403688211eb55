//go:build windows

package store

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockOffset is the byte range locked: far past the pid the file holds, so
// that another process can still read who holds the lock.
const lockOffset = 0x7fffffff

// tryLock takes an exclusive lock on a byte of f without waiting; busy says
// another holds it.
func tryLock(f *os.File) (busy bool, err error) {
	ol := windows.Overlapped{OffsetHigh: lockOffset}
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return true, nil
	}
	return false, err
}

func unlockFile(f *os.File) {
	ol := windows.Overlapped{OffsetHigh: lockOffset}
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &ol)
}
