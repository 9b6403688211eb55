package store

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVec8Accuracy checks that cosines from 8-bit vectors stay within 0.01
// of the exact ones, on random unit vectors of the built-in model's size.
func TestVec8Accuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	unit := func() []float32 {
		v := make([]float32, 512)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return toUnit(v)
	}
	var worst float64
	for range 500 {
		a, b := unit(), unit()
		// Half the pairs are near each other, as a question and its passage are.
		if r.IntN(2) == 0 {
			for i := range b {
				b[i] = a[i] + 0.3*b[i]
			}
			b = toUnit(b)
		}
		var exact float64
		for i := range a {
			exact += float64(a[i]) * float64(b[i])
		}
		worst = math.Max(worst, math.Abs(float64(Quantize(b).Dot(a))-exact))
	}
	if worst > 0.01 {
		t.Errorf("worst cosine error of 8-bit vectors = %.4f, want under 0.01", worst)
	}
	t.Logf("worst cosine error over 500 pairs: %.5f", worst)
}

func TestVec8Edges(t *testing.T) {
	if got := Quantize(make([]float32, 4)).Dot([]float32{1, 1, 1, 1}); got != 0 {
		t.Errorf("a zero vector's dot = %v, want 0", got)
	}
	if got := Quantize([]float32{1, 0}).Dot([]float32{1, 0, 0}); got != 0 {
		t.Errorf("dot of different lengths = %v, want 0", got)
	}
	if got := Quantize([]float32{0, -1}).Dot([]float32{0, -1}); math.Abs(float64(got)-1) > 1e-6 {
		t.Errorf("dot of a unit vector with itself = %v, want 1", got)
	}
}

// toUnit returns v scaled to unit length.
func toUnit(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	inv := float32(1 / math.Sqrt(sum))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * inv
	}
	return out
}
