package uselite

import "math"

// The row operations of layer norm, softmax and the residual adds. Each is
// a function variable holding the Go version; on amd64 with AVX-512 init
// swaps in assembly, which sums in 16 lanes and so rounds differently.
var (
	sumf      = sumGo      // Σ x[i]
	sumSqDevf = sumSqDevGo // Σ (x[i] − mean)²
	maxf      = maxGo      // max x[i], len(x) >= 1
	scalef    = scaleGo    // x[i] *= s
	addInto   = addGo      // dst[i] += src[i]
	normf     = normGo     // dst[i] = scale[i]·inv·(src[i] − mean) + bias[i]
)

func sumGo(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v
	}
	return s
}

func sumSqDevGo(x []float32, mean float32) float32 {
	var s float32
	for _, v := range x {
		d := v - mean
		s += d * d
	}
	return s
}

func maxGo(x []float32) float32 {
	hi := float32(math.Inf(-1))
	for _, v := range x {
		hi = max(hi, v)
	}
	return hi
}

func scaleGo(x []float32, s float32) {
	for i := range x {
		x[i] *= s
	}
}

// addGo adds src to dst element-wise.
func addGo(dst, src []float32) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] += src[i]
	}
}

func normGo(dst, src, scale, bias []float32, mean, inv float32) {
	scale, bias, dst = scale[:len(src)], bias[:len(src)], dst[:len(src)]
	for i, v := range src {
		dst[i] = scale[i]*inv*(v-mean) + bias[i]
	}
}
