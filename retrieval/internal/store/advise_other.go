//go:build !linux

package store

// release does nothing where the system has no madvise to call: the pages
// a mapping read stay with the process until it is unmapped.
func release([]byte) {}
