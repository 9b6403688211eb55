package uselite

import "golang.org/x/sys/cpu"

// kernel computes one 8 x 32 tile (see kernelGo): in assembly where the CPU
// and OS support AVX-512 or AVX2 with FMA, else in Go.
var kernel kernelFunc = kernelGo

// hostCPU is what this machine's CPU and OS support.
var hostCPU = cpuFeatures{
	avx512:  cpu.X86.HasAVX512F,
	avx2FMA: cpu.X86.HasAVX2 && cpu.X86.HasFMA,
	vnni:    cpu.X86.HasAVX512F && cpu.X86.HasAVX512VNNI,
}

func init() {
	selectKernels(hostCPU)
	if hostCPU.avx512 {
		minMax, quantizeBytes = minMaxAsm, quantizeBytesAsm
	}
}

// cpuFeatures are the instruction sets the kernels need, as the CPU and OS
// report them.
type cpuFeatures struct{ avx512, avx2FMA, vnni bool }

// selectKernels sets kernel, kernelName and kernel8 to the best this CPU
// runs: the 8-bit kernel with AVX512-VNNI (else none), and for fp32
// AVX-512, then AVX2 with FMA, then Go.
func selectKernels(f cpuFeatures) {
	kernel, kernelName, kernel8 = kernelGo, "go", nil
	if f.vnni {
		kernel8 = kernelVNNIChecked
	}
	switch {
	case f.avx512:
		kernel, kernelName = asmKernel(kernelAVX512), "avx512"
	case f.avx2FMA:
		kernel, kernelName = asmKernel(kernelAVX2), "avx2"
	}
}

// availableKernels returns the fp32 tile kernels this machine can run, by
// name.
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

//go:noescape
func kernelVNNI(a *uint8, b *int8, c *float32, ldc, groups int, bias, colScale, colCorr, rows *float32)

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

// kernelVNNIChecked is kernelVNNI behind the bounds checks it relies on.
func kernelVNNIChecked(a []uint8, b []int8, c []float32, ldc, groups int, bias, colScale, colCorr, rows []float32) {
	_ = a[groups*tileRows*quantGroup-1]
	_ = b[groups*tileCols*quantGroup-1]
	_ = c[(tileRows-1)*ldc+tileCols-1]
	_ = bias[tileCols-1]
	_ = colScale[tileCols-1]
	_ = colCorr[tileCols-1]
	_ = rows[2*tileRows-1]
	kernelVNNI(&a[0], &b[0], &c[0], ldc, groups, &bias[0], &colScale[0], &colCorr[0], &rows[0])
}

//go:noescape
func minMaxAVX512(src *float32, n int) (lo, hi float32)

//go:noescape
func quantizeAVX512(dst *uint8, src *float32, n int, inv, zero float32)

func minMaxAsm(src []float32) (lo, hi float32) {
	if len(src) == 0 {
		return 0, 0
	}
	return minMaxAVX512(&src[0], len(src))
}

func quantizeBytesAsm(dst []uint8, src []float32, inv, zero float32) {
	if len(src) == 0 {
		return
	}
	_ = dst[len(src)-1]
	quantizeAVX512(&dst[0], &src[0], len(src), inv, zero)
}
