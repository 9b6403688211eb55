package uselite

import "golang.org/x/sys/cpu"

func init() {
	if cpu.X86.HasAVX512F {
		expShift = expShiftAsm
	}
}

// expShiftAVX512 is expShiftGo in assembly for n values from row.
//
//go:noescape
func expShiftAVX512(row *float32, n int, shift, scale float32)

func expShiftAsm(row []float32, shift, scale float32) {
	if len(row) > 0 {
		expShiftAVX512(&row[0], len(row), shift, scale)
	}
}
