package retrieval

import "math"

// vec8 is a unit vector stored in 8 bits a component: v[i]·scale
// approximates the original component. It takes a quarter of the memory and
// disk of float32; the cosines it gives differ from the exact ones by well
// under 0.01 (TestVec8Accuracy), far below the gaps that order passages.
type vec8 struct {
	v     []int8
	scale float32
}

// quantize stores v (already normalised) in 8 bits a component.
func quantize(v []float32) vec8 {
	var hi float32
	for _, x := range v {
		hi = max(hi, float32(math.Abs(float64(x))))
	}
	q := vec8{v: make([]int8, len(v))}
	if hi == 0 {
		return q
	}
	q.scale = hi / 127
	inv := 1 / q.scale
	for i, x := range v {
		q.v[i] = int8(math.Round(float64(x * inv)))
	}
	return q
}

// dot is the dot product of x with the vector q stands for; 0 when their
// lengths differ (vectors of another embedder, before an update re-embeds
// them).
func (q vec8) dot(x []float32) float32 {
	if len(q.v) != len(x) {
		return 0
	}
	var s0, s1, s2, s3 float32
	v := q.v[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * float32(v[i])
		s1 += x[i+1] * float32(v[i+1])
		s2 += x[i+2] * float32(v[i+2])
		s3 += x[i+3] * float32(v[i+3])
	}
	for ; i < len(x); i++ {
		s0 += x[i] * float32(v[i])
	}
	return (s0 + s1 + s2 + s3) * q.scale
}

// addTo adds the vector q stands for to sum.
func (q vec8) addTo(sum []float32) {
	for i, x := range q.v[:min(len(q.v), len(sum))] {
		sum[i] += float32(x) * q.scale
	}
}

// normalised returns v scaled to unit length (v itself when it already is).
// A zero vector is returned as it is: it matches nothing.
func normalised(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.Abs(sum-1) < 1e-5 {
		return v
	}
	inv := float32(1 / math.Sqrt(sum))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * inv
	}
	return out
}
