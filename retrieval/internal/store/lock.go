package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// lockFile is the name of the writer lock in an index folder.
const lockFile = "lock"

// LockDir takes the index folder's writer lock, waiting while another
// process holds it, and returns the function that releases it. waiting, when
// set, is called once if the lock is held, with what the lock file says of
// its holder ("pid 123"). The lock is an advisory file lock (flock on Unix,
// LockFileEx on Windows), so it dies with its holder: a killed writer never
// leaves the index locked. LockDir gives up with ctx's error, naming the
// holder, when ctx ends first.
func LockDir(ctx context.Context, dir string, waiting func(holder string)) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	for {
		busy, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock index: %w", err)
		}
		if !busy {
			break
		}
		if waiting != nil {
			waiting(holder(path))
			waiting = nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("index %s is being updated by another archivist (%s): %w", dir, holder(path), ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	// The pid is for people: the lock itself is the file lock.
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}

// holder says which process the lock file names.
func holder(path string) string {
	b, _ := os.ReadFile(path)
	if pid := strings.TrimSpace(string(b)); pid != "" {
		return "pid " + pid
	}
	return "pid unknown"
}
