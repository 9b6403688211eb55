package uselite

// The matrix products run through one micro-kernel that computes an 8 x 32
// tile of C = A x B + bias. A is packed per block of 8 rows as [k][8] and B
// per panel of 32 columns as [k][32], so the kernel reads both contiguously.
// On amd64 with AVX-512 (or AVX2 and FMA) the kernel is assembly with
// fused multiply-adds; elsewhere it is plain Go. With AVX512-VNNI the
// layers' weight matrices also have an 8-bit form, and their products run
// on the 8-bit kernel of quant.go.
const (
	tileRows = 8
	tileCols = 32
)

// packedMatrix is a k x n matrix (n a multiple of tileCols) stored as n/32
// panels, each k rows of 32 contiguous columns.
type packedMatrix struct {
	k, n int
	data []float32
	q    *quantMatrix // the 8-bit form, where the 8-bit path is in use
}

// packB packs the k x n row-major matrix b (row stride ldb) into panels.
// n must be a multiple of tileCols.
func packB(b []float32, ldb, k, n int) packedMatrix {
	p := packedMatrix{k: k, n: n, data: make([]float32, k*n)}
	for panel := 0; panel < n/tileCols; panel++ {
		dst := p.data[panel*k*tileCols:]
		for r := 0; r < k; r++ {
			copy(dst[r*tileCols:(r+1)*tileCols], b[r*ldb+panel*tileCols:])
		}
	}
	return p
}

// packBInto packs b like packB into dst (len >= k*n), zero-filling the
// columns at and beyond cols, which lets n be rounded up.
func packBInto(dst, b []float32, ldb, k, n, cols int) packedMatrix {
	p := packedMatrix{k: k, n: n, data: dst[:k*n]}
	for panel := 0; panel < n/tileCols; panel++ {
		d := p.data[panel*k*tileCols:]
		c0 := panel * tileCols
		w := min(tileCols, max(cols-c0, 0))
		for r := 0; r < k; r++ {
			row := d[r*tileCols : (r+1)*tileCols]
			copy(row, b[r*ldb+c0:r*ldb+c0+w])
			clear(row[w:])
		}
	}
	return p
}

// packBTransposed packs the transpose of the rows x k row-major matrix b
// (row stride ldb): the result is k x n with column j = row j of b, zero
// for j >= rows.
func packBTransposed(dst, b []float32, ldb, rows, k, n int) packedMatrix {
	p := packedMatrix{k: k, n: n, data: dst[:k*n]}
	clear(p.data)
	for j := 0; j < rows; j++ {
		d := p.data[(j/tileCols)*k*tileCols+j%tileCols:]
		src := b[j*ldb : j*ldb+k]
		for r, v := range src {
			d[r*tileCols] = v
		}
	}
	return p
}

// kernelFunc computes one 8 x 32 tile; kernelGo documents the contract.
type kernelFunc func(a, b, c []float32, ldc, k int, bias []float32)

// kernelName names the fp32 tile kernel in use: "go", "avx2" or "avx512".
var kernelName = "go"

// roundUp returns n rounded up to a multiple of m.
func roundUp(n, m int) int { return (n + m - 1) / m * m }

// zeros stands in for a missing bias and for the padding rows of A.
var zeros [ffnDim]float32

// gemm sets C = A x B + bias for the m x k matrix a (row stride lda) and the
// packed k x n matrix b, on the 8-bit path when b has a quantised form. c
// (row stride ldc) must have room for m rounded up to tileRows rows: the
// padding rows receive the bias. s must come from newGemmScratch(m', k')
// with m' >= m and k' >= k. A nil bias means zero.
func gemm(c []float32, ldc int, a []float32, lda, m int, b *packedMatrix, bias []float32, s *gemmScratch) {
	gemmAny(c, ldc, a, lda, m, b, bias, s, false)
}

// gemmReLU is gemm with A replaced by max(A, 0).
func gemmReLU(c []float32, ldc int, a []float32, lda, m int, b *packedMatrix, bias []float32, s *gemmScratch) {
	gemmAny(c, ldc, a, lda, m, b, bias, s, true)
}

func gemmAny(c []float32, ldc int, a []float32, lda, m int, b *packedMatrix, bias []float32, s *gemmScratch, relu bool) {
	if bias == nil {
		bias = zeros[:b.n]
	}
	if b.q != nil {
		gemmInt8(c, ldc, a, lda, m, b.q, bias, s, relu)
		return
	}
	gemmPacked(c, ldc, a, lda, m, b, bias, s.f, relu)
}

func gemmPacked(c []float32, ldc int, a []float32, lda, m int, b *packedMatrix, bias []float32, pack []float32, relu bool) {
	k, n := b.k, b.n
	if bias == nil {
		bias = zeros[:n]
	}
	blocks := roundUp(m, tileRows) / tileRows
	// Bounds checked once here so the kernel may index freely.
	_ = c[(blocks*tileRows-1)*ldc+n-1]
	_ = bias[n-1]
	ap := pack[:blocks*tileRows*k]
	for blk := 0; blk < blocks; blk++ {
		var rows [tileRows][]float32
		for r := range rows {
			if row := blk*tileRows + r; row < m {
				rows[r] = a[row*lda : row*lda+k]
			} else {
				rows[r] = zeros[:k]
			}
		}
		packRows(ap[blk*tileRows*k:(blk+1)*tileRows*k], &rows, k, relu)
	}
	for panel := 0; panel < n/tileCols; panel++ {
		bp := b.data[panel*k*tileCols : (panel+1)*k*tileCols]
		for blk := 0; blk < blocks; blk++ {
			kernel(ap[blk*tileRows*k:], bp, c[blk*tileRows*ldc+panel*tileCols:], ldc, k, bias[panel*tileCols:])
		}
	}
}

// packRows interleaves eight rows of length k into dst as [k][8],
// clamping negative values to 0 when relu is set.
func packRows(dst []float32, rows *[tileRows][]float32, k int, relu bool) {
	r0, r1, r2, r3 := rows[0][:k], rows[1][:k], rows[2][:k], rows[3][:k]
	r4, r5, r6, r7 := rows[4][:k], rows[5][:k], rows[6][:k], rows[7][:k]
	dst = dst[:k*tileRows]
	for kk := 0; kk < k; kk++ {
		d := dst[kk*tileRows : (kk+1)*tileRows : (kk+1)*tileRows]
		d[0], d[1], d[2], d[3] = r0[kk], r1[kk], r2[kk], r3[kk]
		d[4], d[5], d[6], d[7] = r4[kk], r5[kk], r6[kk], r7[kk]
	}
	if relu {
		for i, v := range dst {
			dst[i] = max(v, 0)
		}
	}
}

// kernelGo computes one 8 x 32 tile: c[r][j] = bias[j] + sum over kk of
// a[kk*8+r] * b[kk*32+j], for rows r < 8 of c (row stride ldc). It works on
// 2 x 4 blocks so that the accumulators and operands fit in registers.
func kernelGo(a, b, c []float32, ldc, k int, bias []float32) {
	a = a[:k*tileRows]
	b = b[:k*tileCols]
	for r := 0; r < tileRows; r += 2 {
		for j := 0; j < tileCols; j += 4 {
			bj := bias[j : j+4 : j+4]
			c00, c01, c02, c03 := bj[0], bj[1], bj[2], bj[3]
			c10, c11, c12, c13 := c00, c01, c02, c03
			for kk := 0; kk < k; kk++ {
				av := a[kk*tileRows+r : kk*tileRows+r+2 : kk*tileRows+r+2]
				bv := b[kk*tileCols+j : kk*tileCols+j+4 : kk*tileCols+j+4]
				a0, a1 := av[0], av[1]
				b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
			}
			r0 := c[r*ldc+j : r*ldc+j+4 : r*ldc+j+4]
			r0[0], r0[1], r0[2], r0[3] = c00, c01, c02, c03
			r1 := c[(r+1)*ldc+j : (r+1)*ldc+j+4 : (r+1)*ldc+j+4]
			r1[0], r1[1], r1[2], r1[3] = c10, c11, c12, c13
		}
	}
}
