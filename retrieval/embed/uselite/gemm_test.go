package uselite

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveGemm returns A x B + bias for the m x k row-major a and k x n b.
func naiveGemm(a, b, bias []float32, m, k, n int) []float32 {
	c := make([]float32, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			if bias != nil {
				s = float64(bias[j])
			}
			for kk := 0; kk < k; kk++ {
				s += float64(a[i*k+kk]) * float64(b[kk*n+j])
			}
			c[i*n+j] = float32(s)
		}
	}
	return c
}

func randomMatrix(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = r.Float32()*2 - 1
	}
	return x
}

func TestGemm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	saved := kernel
	defer func() { kernel = saved }()
	for name, k := range availableKernels() {
		kernel = k
		for _, size := range []struct{ m, k, n int }{
			{1, 1, 32}, {1, 256, 512}, {3, 7, 64}, {8, 64, 32}, {9, 128, 96}, {17, 33, 128}, {128, 512, 64},
		} {
			t.Run(fmt.Sprintf("%s/%dx%dx%d", name, size.m, size.k, size.n), func(t *testing.T) {
				a := randomMatrix(r, size.m*size.k)
				b := randomMatrix(r, size.k*size.n)
				bias := randomMatrix(r, size.n)
				want := naiveGemm(a, b, bias, size.m, size.k, size.n)
				bp := packB(b, size.n, size.k, size.n)
				c := make([]float32, roundUp(size.m, tileRows)*size.n)
				s := newGemmScratch(size.m, size.k)
				gemm(c, size.n, a, size.k, size.m, &bp, bias, &s)
				for i, w := range want {
					if math.Abs(float64(c[i]-w)) > 1e-4*math.Sqrt(float64(size.k)) {
						t.Fatalf("gemm()[%d][%d] = %v, want %v", i/size.n, i%size.n, c[i], w)
					}
				}
				for row := size.m; row < roundUp(size.m, tileRows); row++ {
					for j := 0; j < size.n; j++ {
						if got := c[row*size.n+j]; got != bias[j] {
							t.Fatalf("padding row %d col %d = %v, want bias %v", row, j, got, bias[j])
						}
					}
				}
			})
		}
	}
}

func TestPackBTransposedAndInto(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const rows, k, ld = 5, 6, 9
	src := randomMatrix(r, rows*ld)
	dst := make([]float32, 64*k)
	for i := range dst {
		dst[i] = 42 // must be overwritten
	}
	p := packBTransposed(dst, src, ld, rows, k, 32)
	for kk := 0; kk < k; kk++ {
		for j := 0; j < 32; j++ {
			want := float32(0)
			if j < rows {
				want = src[j*ld+kk]
			}
			if got := p.data[kk*tileCols+j]; got != want {
				t.Fatalf("packBTransposed [%d][%d] = %v, want %v", kk, j, got, want)
			}
		}
	}
	p = packBInto(dst, src, ld, rows, 32, 6)
	for kk := 0; kk < rows; kk++ {
		for j := 0; j < 32; j++ {
			want := float32(0)
			if j < 6 {
				want = src[kk*ld+j]
			}
			if got := p.data[kk*tileCols+j]; got != want {
				t.Fatalf("packBInto [%d][%d] = %v, want %v", kk, j, got, want)
			}
		}
	}
}

func TestLayerNormRow(t *testing.T) {
	src := []float32{1, 2, 3, 4}
	scale := []float32{1, 1, 2, 2}
	bias := []float32{0, 0, 0, 1}
	dst := make([]float32, 4)
	layerNormRow(dst, src, scale, bias, 0)
	// mean 2.5, variance 1.25
	inv := 1 / math.Sqrt(1.25)
	want := []float64{-1.5 * inv, -0.5 * inv, 2 * 0.5 * inv, 2*1.5*inv + 1}
	for i := range want {
		if math.Abs(float64(dst[i])-want[i]) > 1e-6 {
			t.Errorf("layerNormRow()[%d] = %v, want %v", i, dst[i], want[i])
		}
	}
}

func TestSoftmax(t *testing.T) {
	row := []float32{1, 2, 3, 1000}
	softmax(row, 0.5)
	// Shifted by the maximum, so the large entry takes all the mass.
	if math.Abs(float64(row[3])-1) > 1e-6 || row[0] > 1e-30 {
		t.Errorf("softmax([1 2 3 1000], 0.5) = %v, want ~[0 0 0 1]", row)
	}
	row = []float32{0, float32(math.Log(3))}
	softmax(row, 1)
	if math.Abs(float64(row[0])-0.25) > 1e-6 || math.Abs(float64(row[1])-0.75) > 1e-6 {
		t.Errorf("softmax([0 ln3], 1) = %v, want [0.25 0.75]", row)
	}
}

func TestGemmReLU(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const m, k, n = 3, 10, 32
	a := randomMatrix(r, m*k)
	b := randomMatrix(r, k*n)
	clipped := make([]float32, len(a))
	for i, v := range a {
		clipped[i] = max(v, 0)
	}
	want := naiveGemm(clipped, b, nil, m, k, n)
	bp := packB(b, n, k, n)
	c := make([]float32, tileRows*n)
	s := newGemmScratch(m, k)
	gemmReLU(c, n, a, k, m, &bp, nil, &s)
	for i, w := range want {
		if math.Abs(float64(c[i]-w)) > 1e-5 {
			t.Fatalf("gemmReLU()[%d] = %v, want %v", i, c[i], w)
		}
	}
}

func TestExpf(t *testing.T) {
	for x := float32(-87); x <= 10; x += 0.0137 {
		want := math.Exp(float64(x))
		if got := float64(expf(x)); math.Abs(got-want) > 2e-7*want {
			t.Fatalf("expf(%v) = %v, want %v", x, got, want)
		}
	}
	if got := expf(-100); got != 0 {
		t.Errorf("expf(-100) = %v, want 0", got)
	}
}

func TestExpShift(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for name, f := range map[string]func([]float32, float32, float32){"go": expShiftGo, "in use": expShift} {
		for _, n := range []int{0, 1, 5, 16, 17, 31, 128, 130} {
			row := make([]float32, n)
			for i := range row {
				row[i] = r.Float32()*200 - 190
			}
			want := make([]float64, n)
			for i, v := range row {
				want[i] = math.Exp(float64((v - 3) * 0.5))
			}
			f(row, 3, 0.5)
			for i, w := range want {
				// Below e**-87.3 either version may return 0 or ~1e-38.
				if math.Abs(float64(row[i])-w) > 3e-7*w+1e-37 {
					t.Fatalf("%s: n=%d: expShift()[%d] = %v, want %v", name, n, i, row[i], w)
				}
			}
		}
	}
}
