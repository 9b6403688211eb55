//go:build !linux

package store

// adviseRandom does nothing where the system has no madvise to call.
func adviseRandom([]byte) {}
