package uselite

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// kernel8Go is the 8-bit tile kernel in Go, the reference for the
// assembly: c[r][j] = (acc·sb[j] − z[r]·corr[j])·sa[r] + bias[j] with
// acc = Σ u·q over groups*4 k values, exact in int32.
func kernel8Go(a []uint8, b []int8, c []float32, ldc, groups int, bias, colScale, colCorr, rows []float32) {
	for r := 0; r < tileRows; r++ {
		for j := 0; j < tileCols; j++ {
			var acc int32
			for g := 0; g < groups; g++ {
				for i := 0; i < quantGroup; i++ {
					acc += int32(a[r*groups*quantGroup+g*quantGroup+i]) * int32(b[g*tileCols*quantGroup+j*quantGroup+i])
				}
			}
			v := float32(acc)*colScale[j] - rows[tileRows+r]*colCorr[j]
			c[r*ldc+j] = v*rows[r] + bias[j]
		}
	}
}

// TestKernel8MatchesGo runs the 8-bit kernel in use against kernel8Go on
// random bytes, extreme bytes (255 x -127 everywhere) and odd strides.
func TestKernel8MatchesGo(t *testing.T) {
	if kernel8 == nil {
		t.Skip("no 8-bit kernel on this CPU")
	}
	r := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct {
		name    string
		groups  int
		ldc     int
		extreme bool
	}{
		{"1group", 1, 32, false}, {"16groups", 16, 40, false}, {"384groups", 384, 96, false}, {"extreme", 384, 32, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := make([]uint8, tc.groups*tileRows*quantGroup)
			b := make([]int8, tc.groups*tileCols*quantGroup)
			for i := range a {
				a[i] = uint8(r.IntN(256))
				if tc.extreme {
					a[i] = 255
				}
			}
			for i := range b {
				b[i] = int8(r.IntN(255) - 127)
				if tc.extreme {
					b[i] = -127
				}
			}
			bias, cs, cc, rows := randomMatrix(r, tileCols), randomMatrix(r, tileCols), randomMatrix(r, tileCols), randomMatrix(r, 2*tileRows)
			want := make([]float32, tileRows*tc.ldc)
			got := make([]float32, tileRows*tc.ldc)
			kernel8Go(a, b, want, tc.ldc, tc.groups, bias, cs, cc, rows)
			kernel8(a, b, got, tc.ldc, tc.groups, bias, cs, cc, rows)
			for i := range want {
				// The same float operations, perhaps fused differently.
				if d := math.Abs(float64(got[i] - want[i])); d > 1e-6*math.Abs(float64(want[i]))+1e-6 {
					t.Fatalf("kernel8[%d][%d] = %v, want %v", i/tc.ldc, i%tc.ldc, got[i], want[i])
				}
			}
		})
	}
}

// quantBound returns the largest error the 8-bit product of row i of a
// (m x k) and column j of b (k x n) may have against the exact one: half a
// step of each operand's quantisation times the other operand, summed,
// with fp32 rounding on top.
func quantBound(a, b []float32, i, j, k, n int, relu bool) float64 {
	lo, hi := 0.0, 0.0
	for kk := 0; kk < k; kk++ {
		v := float64(a[i*k+kk])
		if relu {
			v = max(v, 0)
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	var bmax float64
	for kk := 0; kk < k; kk++ {
		bmax = max(bmax, math.Abs(float64(b[kk*n+j])))
	}
	sa, sb := (hi-lo)/255, bmax/127
	var bound, mag float64
	for kk := 0; kk < k; kk++ {
		av, bv := math.Abs(float64(a[i*k+kk])), math.Abs(float64(b[kk*n+j]))
		bound += av*sb/2 + bv*sa/2 + sa*sb/4
		mag += av * bv
	}
	return 1.01*bound + 1e-5*mag + 1e-6
}

// TestGemmInt8 checks the 8-bit gemm against the exact product within the
// quantisation bound, on random inputs, large magnitudes, all-zero rows,
// one-hot rows and sizes that are not multiples of the tile or group.
func TestGemmInt8(t *testing.T) {
	if kernel8 == nil {
		t.Skip("no 8-bit kernel on this CPU")
	}
	r := rand.New(rand.NewPCG(13, 14))
	for _, tc := range []struct {
		name    string
		m, k, n int
		fill    func(a []float32, k int)
		relu    bool
	}{
		{"random", 9, 128, 96, nil, false},
		{"1x1", 1, 1, 32, nil, false},
		{"odd", 17, 33, 64, nil, false},
		{"k7", 3, 7, 32, nil, true},
		{"ffn2", 128, 1536, 64, nil, true},
		{"large", 11, 130, 32, func(a []float32, _ int) {
			for i := range a {
				a[i] *= 1e30
			}
		}, false},
		{"outlier", 8, 512, 32, func(a []float32, k int) {
			for i := 0; i < len(a); i += k {
				a[i] = 1e4
			}
		}, false},
		{"zero-rows", 10, 64, 32, func(a []float32, k int) {
			clear(a[:k])
			clear(a[5*k : 7*k])
		}, false},
		{"all-negative-relu", 4, 64, 32, func(a []float32, _ int) {
			for i := range a {
				a[i] = -1 - a[i]*a[i]
			}
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := randomMatrix(r, tc.m*tc.k)
			if tc.fill != nil {
				tc.fill(a, tc.k)
			}
			b := randomMatrix(r, tc.k*tc.n)
			bias := randomMatrix(r, tc.n)
			in := a
			if tc.relu {
				in = make([]float32, len(a))
				for i, v := range a {
					in[i] = max(v, 0)
				}
			}
			want := naiveGemm(in, b, bias, tc.m, tc.k, tc.n)
			bp := packB(b, tc.n, tc.k, tc.n)
			bp.q = quantize(&bp)
			c := make([]float32, roundUp(tc.m, tileRows)*tc.n)
			s := newGemmScratch(tc.m, tc.k)
			for i := range s.q {
				s.q[i] = 0xAA // stale scratch must not leak into the result
			}
			if tc.relu {
				gemmReLU(c, tc.n, a, tc.k, tc.m, &bp, bias, &s)
			} else {
				gemm(c, tc.n, a, tc.k, tc.m, &bp, bias, &s)
			}
			for i, w := range want {
				row, col := i/tc.n, i%tc.n
				bound := quantBound(a, b, row, col, tc.k, tc.n, tc.relu)
				if d := math.Abs(float64(c[i] - w)); !(d <= bound) {
					t.Fatalf("gemm8()[%d][%d] = %v, want %v ± %.3g", row, col, c[i], w, bound)
				}
			}
			for row := tc.m; row < roundUp(tc.m, tileRows); row++ {
				for j := 0; j < tc.n; j++ {
					if got := c[row*tc.n+j]; got != bias[j] {
						t.Fatalf("padding row %d col %d = %v, want bias %v", row, j, got, bias[j])
					}
				}
			}
		})
	}
}

// TestQuantizeRowZero checks that an all-zero row quantises to zeros with
// scale 1 and zero point 0, so its products are exactly the bias.
func TestQuantizeRowZero(t *testing.T) {
	dst := make([]uint8, 2*tileRows*quantGroup)
	for i := range dst {
		dst[i] = 7
	}
	scale, zero := quantizeRow(dst, make([]float32, 6), false)
	if scale != 1 || zero != 0 {
		t.Errorf("quantizeRow(zeros) = scale %v zero %v, want 1, 0", scale, zero)
	}
	for i, v := range dst[:8] {
		if v != 0 {
			t.Errorf("quantizeRow(zeros) byte %d = %d, want 0", i, v)
		}
	}
}

// TestSelectKernels checks the run-time choice for each CPU: the 8-bit
// kernel only with VNNI, and fp32 AVX-512, then AVX2, then Go.
func TestSelectKernels(t *testing.T) {
	defer selectKernels(hostCPU)
	hasAVX512, hasAVX2 := hostCPU.avx512, hostCPU.avx2FMA
	for _, tc := range []struct {
		f     cpuFeatures
		name  string
		int8  bool
		needs bool
	}{
		{cpuFeatures{avx512: true, avx2FMA: true, vnni: true}, "avx512", true, hostCPU.vnni},
		{cpuFeatures{avx512: true, avx2FMA: true}, "avx512", false, hasAVX512},
		{cpuFeatures{avx2FMA: true}, "avx2", false, hasAVX2},
		{cpuFeatures{}, "go", false, true},
	} {
		t.Run(fmt.Sprintf("%+v", tc.f), func(t *testing.T) {
			if !tc.needs {
				t.Skip("this CPU cannot run that kernel")
			}
			selectKernels(tc.f)
			if kernelName != tc.name || (kernel8 != nil) != tc.int8 {
				t.Errorf("selectKernels(%+v) = %s, int8 %v; want %s, int8 %v", tc.f, kernelName, kernel8 != nil, tc.name, tc.int8)
			}
			// The chosen fp32 kernel computes a product correctly.
			r := rand.New(rand.NewPCG(15, 16))
			const m, k, n = 9, 40, 64
			a, b := randomMatrix(r, m*k), randomMatrix(r, k*n)
			want := naiveGemm(a, b, nil, m, k, n)
			bp := packB(b, n, k, n)
			c := make([]float32, roundUp(m, tileRows)*n)
			s := newGemmScratch(m, k)
			gemm(c, n, a, k, m, &bp, nil, &s)
			for i, w := range want {
				if math.Abs(float64(c[i]-w)) > 1e-4 {
					t.Fatalf("%s: gemm()[%d] = %v, want %v", kernelName, i, c[i], w)
				}
			}
		})
	}
}

// TestQuantizeHelpers checks the minMax and quantizeBytes in use against
// the Go versions at every tail length, allowing the rounding of exact
// halves to differ by one.
func TestQuantizeHelpers(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, n := range []int{0, 1, 3, 15, 16, 17, 31, 32, 33, 64, 130, 1536} {
		src := randomMatrix(r, n)
		for i := range src {
			src[i] *= 3
		}
		lo, hi := minMax(src)
		wlo, whi := minMaxGo(src)
		if lo != wlo || hi != whi {
			t.Errorf("minMax(n=%d) = %v, %v; want %v, %v", n, lo, hi, wlo, whi)
		}
		got := make([]uint8, n+1)
		want := make([]uint8, n+1)
		got[n], want[n] = 0x5A, 0x5A
		inv, zero := float32(255/6.0), float32(128)
		quantizeBytes(got[:n], src, inv, zero)
		quantizeBytesGo(want[:n], src, inv, zero)
		for i := range want {
			if d := int(got[i]) - int(want[i]); d < -1 || d > 1 || (d != 0 && i == n) {
				t.Fatalf("quantizeBytes(n=%d)[%d] = %d, want %d", n, i, got[i], want[i])
			}
		}
	}
	// Clamping: far below and above the range.
	src := []float32{-1e30, -300, 300, 1e30}
	got := make([]uint8, 4)
	quantizeBytes(got, src, 1, 0)
	if want := []uint8{0, 0, 255, 255}; string(got) != string(want) {
		t.Errorf("quantizeBytes(%v) = %v, want %v", src, got, want)
	}
}
