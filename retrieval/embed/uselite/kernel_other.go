//go:build !amd64

package uselite

// kernel computes one 8 x 32 tile (see kernelGo).
var kernel kernelFunc = kernelGo

// availableKernels returns the tile kernels this machine can run, by name.
func availableKernels() map[string]kernelFunc {
	return map[string]kernelFunc{"go": kernelGo}
}
