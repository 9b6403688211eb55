package uselite

func init() {
	if hostCPU.avx512 {
		sumf, sumSqDevf, maxf, scalef, addInto, normf = sumAsm, sumSqDevAsm, maxAsm, scaleAsm, addAsm, normAsm
	}
}

//go:noescape
func sumAVX512(x *float32, n int) float32

//go:noescape
func sumSqDevAVX512(x *float32, n int, mean float32) float32

//go:noescape
func maxAVX512(x *float32, n int) float32

//go:noescape
func scaleAVX512(x *float32, n int, s float32)

//go:noescape
func addAVX512(dst, src *float32, n int)

//go:noescape
func normAVX512(dst, src, scale, bias *float32, n int, mean, inv float32)

func sumAsm(x []float32) float32 {
	if len(x) == 0 {
		return 0
	}
	return sumAVX512(&x[0], len(x))
}

func sumSqDevAsm(x []float32, mean float32) float32 {
	if len(x) == 0 {
		return 0
	}
	return sumSqDevAVX512(&x[0], len(x), mean)
}

func maxAsm(x []float32) float32 {
	if len(x) == 0 {
		return maxGo(x)
	}
	return maxAVX512(&x[0], len(x))
}

func scaleAsm(x []float32, s float32) {
	if len(x) > 0 {
		scaleAVX512(&x[0], len(x), s)
	}
}

func addAsm(dst, src []float32) {
	if len(dst) > 0 {
		_ = src[len(dst)-1]
		addAVX512(&dst[0], &src[0], len(dst))
	}
}

func normAsm(dst, src, scale, bias []float32, mean, inv float32) {
	if n := len(src); n > 0 {
		_, _, _ = dst[n-1], scale[n-1], bias[n-1]
		normAVX512(&dst[0], &src[0], &scale[0], &bias[0], n, mean, inv)
	}
}
