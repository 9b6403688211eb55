package uselite

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/sys/cpu"
)

func init() {
	if cpu.X86.HasAVX512BF16 {
		benchExtra = func(m *Model) []*Model { return []*Model{m.bf16()} }
	}
}

// TestGemmBF16 checks the bfloat16 gemm against the exact product: each
// operand is rounded to 8 significant bits, so the error is within about
// 2**-8 of Σ|a||b|.
func TestGemmBF16(t *testing.T) {
	if !cpu.X86.HasAVX512BF16 {
		t.Skip("no AVX512-BF16")
	}
	r := rand.New(rand.NewPCG(21, 22))
	for _, sz := range []struct{ m, k, n int }{{1, 1, 32}, {9, 33, 64}, {17, 256, 96}, {128, 1536, 32}} {
		for _, relu := range []bool{false, true} {
			a, b, bias := randomMatrix(r, sz.m*sz.k), randomMatrix(r, sz.k*sz.n), randomMatrix(r, sz.n)
			in := a
			if relu {
				in = make([]float32, len(a))
				for i, v := range a {
					in[i] = max(v, 0)
				}
			}
			want := naiveGemm(in, b, bias, sz.m, sz.k, sz.n)
			bp := packB(b, sz.n, sz.k, sz.n)
			bp.h = toBF16(&bp)
			c := make([]float32, roundUp(sz.m, tileRows)*sz.n)
			s := newGemmScratch(sz.m, sz.k)
			gemmAny(c, sz.n, a, sz.k, sz.m, &bp, bias, &s, relu)
			for i, w := range want {
				var mag float64
				for kk := 0; kk < sz.k; kk++ {
					mag += math.Abs(float64(in[i/sz.n*sz.k+kk] * b[kk*sz.n+i%sz.n]))
				}
				if d := math.Abs(float64(c[i] - w)); d > mag/128+1e-5 {
					t.Fatalf("%v relu=%v: gemmBF16()[%d] = %v, want %v", sz, relu, i, c[i], w)
				}
			}
		}
	}
}

func TestEmbedBF16NearReference(t *testing.T) {
	if !cpu.X86.HasAVX512BF16 {
		t.Skip("no AVX512-BF16")
	}
	m := testModel(t).bf16()
	worst := 1.0
	for _, c := range readReference(t).Cases {
		got, err := m.Embed(context.Background(), c.Text)
		if err != nil {
			t.Fatal(err)
		}
		worst = min(worst, cosine(got, c.Embedding))
	}
	t.Logf("bf16 kernel: lowest cosine to the reference %.5f", worst)
}
