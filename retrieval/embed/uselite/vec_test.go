package uselite

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRowOps checks the row operations in use against the Go versions at
// lengths around the 16-lane blocks.
func TestRowOps(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	near := func(got, want float32, n int) bool {
		return math.Abs(float64(got-want)) <= 1e-6*float64(n+1)*(1+math.Abs(float64(want)))
	}
	for _, n := range []int{0, 1, 2, 15, 16, 17, 31, 32, 33, 47, 100, 128, 256, 512} {
		x := randomMatrix(r, n)
		if got, want := sumf(x), sumGo(x); !near(got, want, n) {
			t.Errorf("sum(n=%d) = %v, want %v", n, got, want)
		}
		if got, want := sumSqDevf(x, 0.25), sumSqDevGo(x, 0.25); !near(got, want, n) {
			t.Errorf("sumSqDev(n=%d) = %v, want %v", n, got, want)
		}
		if n > 0 {
			x[n-1] = 7 // the maximum in the masked tail
			if got := maxf(x); got != 7 {
				t.Errorf("max(n=%d) = %v, want 7", n, got)
			}
		}
		// The element past the end must stay untouched.
		buf := append(append([]float32(nil), x...), 42)
		y, want := buf[:n], append([]float32(nil), x...)
		scalef(y, 3)
		scaleGo(want, 3)
		for i := range want {
			if y[i] != want[i] {
				t.Fatalf("scale(n=%d)[%d] = %v, want %v", n, i, y[i], want[i])
			}
		}
		addInto(y, x)
		addGo(want, x)
		scale, bias := randomMatrix(r, n), randomMatrix(r, n)
		dst := append(make([]float32, n), 42)
		normf(dst[:n], y, scale, bias, 0.5, 2)
		wantNorm := make([]float32, n)
		normGo(wantNorm, want, scale, bias, 0.5, 2)
		for i := range want {
			if y[i] != want[i] || !near(dst[i], wantNorm[i], 1) {
				t.Fatalf("add/norm(n=%d)[%d] = %v, %v; want %v, %v", n, i, y[i], dst[i], want[i], wantNorm[i])
			}
		}
		if buf[n] != 42 || dst[n] != 42 {
			t.Fatalf("n=%d: the element past the end changed", n)
		}
	}
}
