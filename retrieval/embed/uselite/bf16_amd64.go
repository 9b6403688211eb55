package uselite

import "math"

// The bfloat16 path, measured beside the 8-bit one (see BENCHMARKS.md):
// weights rounded to bf16 at load, activations rounded per row on the fly,
// VDPBF16PS tiles accumulating pairs of products in fp32.

// bf16Matrix is a packedMatrix rounded to bfloat16, its kp/2 pairs of k
// (k rounded up to even, the extra row zero) stored per panel of 32
// columns as [kp/2][32][2].
type bf16Matrix struct {
	k, kp, n int
	data     []uint16
}

func bf16Bits(v float32) uint16 {
	b := math.Float32bits(v)
	return uint16((b + 0x7FFF + (b>>16)&1) >> 16)
}

func toBF16(p *packedMatrix) *bf16Matrix {
	k, n := p.k, p.n
	kp := roundUp(k, 2)
	h := &bf16Matrix{k: k, kp: kp, n: n, data: make([]uint16, kp*n)}
	for j := 0; j < n; j++ {
		base := (j/tileCols)*kp*tileCols + (j%tileCols)*2
		for r := 0; r < k; r++ {
			v := p.data[(j/tileCols)*k*tileCols+r*tileCols+j%tileCols]
			h.data[base+(r/2)*tileCols*2+r%2] = bf16Bits(v)
		}
	}
	return h
}

//go:noescape
func kernelBF16(a, b *uint16, c *float32, ldc, pairs int, bias *float32)

//go:noescape
func toBF16AVX512(dst *uint16, src *float32, n int, relu int)

// gemmBF16 is gemmPacked on the bfloat16 path.
func gemmBF16(c []float32, ldc int, a []float32, lda, m int, b *bf16Matrix, bias []float32, s *gemmScratch, relu bool) {
	k, kp, n := b.k, b.kp, b.n
	blocks := roundUp(m, tileRows) / tileRows
	_ = c[(blocks*tileRows-1)*ldc+n-1]
	_ = bias[n-1]
	ap := s.h[:blocks*tileRows*kp]
	r32 := k / 32 * 32
	reluFlag := 0
	if relu {
		reluFlag = 1
	}
	for blk := 0; blk < blocks; blk++ {
		for r := 0; r < tileRows; r++ {
			row := blk*tileRows + r
			dst := ap[(blk*tileRows+r)*kp : (blk*tileRows+r+1)*kp]
			if row >= m {
				clear(dst)
				continue
			}
			src := a[row*lda : row*lda+k]
			if r32 > 0 {
				toBF16AVX512(&dst[0], &src[0], r32, reluFlag)
			}
			for i := r32; i < k; i++ {
				v := src[i]
				if relu {
					v = max(v, 0)
				}
				dst[i] = bf16Bits(v)
			}
			clear(dst[k:])
		}
	}
	for panel := 0; panel < n/tileCols; panel++ {
		bp := b.data[panel*kp*tileCols : (panel+1)*kp*tileCols]
		for blk := 0; blk < blocks; blk++ {
			kernelBF16(&ap[blk*tileRows*kp], &bp[0], &c[blk*tileRows*ldc+panel*tileCols], ldc, kp/2, &bias[panel*tileCols])
		}
	}
}

// bf16 returns a model sharing m's weights whose layer products run on the
// bfloat16 kernel.
func (m *Model) bf16() *Model {
	c := m.fp32()
	for i := range c.layers {
		l := &c.layers[i]
		for _, p := range []*packedMatrix{&l.qkv, &l.out, l.residual, &l.ffn1, &l.ffn2} {
			if p != nil {
				p.h = toBF16(p)
			}
		}
	}
	c.kernel = "bf16-avx512"
	return c
}
