//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package store

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the size bytes of f read-only. The mapping outlives f's
// descriptor and a rename over the file: the pages stay those of the file
// it mapped. unmap releases it.
func mapFile(f *os.File, size int64) (data []byte, unmap func([]byte), err error) {
	if size == 0 {
		return nil, nil, nil
	}
	if int64(int(size)) != size {
		return nil, nil, fmt.Errorf("map index: %d bytes", size)
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("map index: %w", err)
	}
	return data, func(b []byte) { syscall.Munmap(b) }, nil
}
