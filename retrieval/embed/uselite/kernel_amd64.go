package uselite

import "golang.org/x/sys/cpu"

// kernel computes one 8 x 32 tile (see kernelGo): in assembly where the CPU
// and OS support AVX-512 or AVX2 with FMA, else in Go.
var kernel kernelFunc = kernelGo

func init() {
	ks := availableKernels()
	for _, name := range []string{"avx512", "avx2"} {
		if k, ok := ks[name]; ok {
			kernel, kernelName = k, name
			return
		}
	}
}

// availableKernels returns the tile kernels this machine can run, by name.
func availableKernels() map[string]kernelFunc {
	ks := map[string]kernelFunc{"go": kernelGo}
	if cpu.X86.HasAVX512F {
		ks["avx512"] = asmKernel(kernelAVX512)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks["avx2"] = asmKernel(kernelAVX2)
	}
	return ks
}

//go:noescape
func kernelAVX512(a, b, c *float32, ldc, k int, bias *float32)

//go:noescape
func kernelAVX2(a, b, c *float32, ldc, k int, bias *float32)

// asmKernel wraps an assembly kernel, checking the bounds it relies on.
func asmKernel(f func(a, b, c *float32, ldc, k int, bias *float32)) kernelFunc {
	return func(a, b, c []float32, ldc, k int, bias []float32) {
		_ = a[k*tileRows-1]
		_ = b[k*tileCols-1]
		_ = c[(tileRows-1)*ldc+tileCols-1]
		_ = bias[tileCols-1]
		f(&a[0], &b[0], &c[0], ldc, k, &bias[0])
	}
}
