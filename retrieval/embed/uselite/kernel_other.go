//go:build !amd64

package uselite

// kernel computes one 8 x 32 tile (see kernelGo).
var kernel kernelFunc = kernelGo

// cpuFeatures are the instruction sets the kernels need; none off amd64.
type cpuFeatures struct{ avx512, avx2FMA, vnni bool }

// hostCPU is what this machine's CPU supports: nothing the kernels use.
var hostCPU cpuFeatures

// selectKernels sets the Go kernel: there is no assembly off amd64.
func selectKernels(cpuFeatures) { kernel, kernelName, kernel8 = kernelGo, "go", nil }

// availableKernels returns the fp32 tile kernels this machine can run, by
// name.
func availableKernels() map[string]kernelFunc {
	return map[string]kernelFunc{"go": kernelGo}
}
