package store

import "runtime"

// runtimeMem measures how much a piece of code allocates in total.
type runtimeMem struct{ before uint64 }

func (m *runtimeMem) start() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.before = ms.TotalAlloc
}

func (m *runtimeMem) grown() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc - m.before
}
