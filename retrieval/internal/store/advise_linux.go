package store

import "syscall"

// adviseRandom tells the system that data, a mapping, is read at random
// places, so that a read brings in the page read rather than its
// neighbours.
func adviseRandom(data []byte) {
	syscall.Madvise(data, syscall.MADV_RANDOM)
}
