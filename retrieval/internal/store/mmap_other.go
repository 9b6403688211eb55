//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import (
	"fmt"
	"io"
	"os"
)

// mapFile reads the size bytes of f into memory: on this system the index
// is not mapped, so it costs its size in the heap.
func mapFile(f *os.File, size int64) (data []byte, unmap func([]byte), err error) {
	if int64(int(size)) != size {
		return nil, nil, fmt.Errorf("read index: %d bytes", size)
	}
	data = make([]byte, size)
	if _, err := f.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, nil, fmt.Errorf("read index: %w", err)
	}
	return data, nil, nil
}
