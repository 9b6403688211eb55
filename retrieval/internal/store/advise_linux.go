package store

import "syscall"

// release lets the system take back the pages of data, a read-only shared
// mapping of a file, from this process: a later read finds them again in
// the file (or the system's cache of it), unchanged.
func release(data []byte) {
	syscall.Madvise(data, syscall.MADV_DONTNEED)
}
