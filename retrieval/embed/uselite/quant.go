package uselite

// The 8-bit path. Where the CPU has AVX512-VNNI, the weight matrices are
// quantised once at load, per output column and symmetrically, to signed
// bytes q with b ≈ sb[j]·q; each gemm quantises the rows of A on the fly,
// per row and asymmetrically, to unsigned bytes u with a ≈ sa·(u − z).
// VPDPBUSD multiplies unsigned by signed bytes four at a time into int32
// sums, so a tile computes acc[r][j] = Σ u·q exactly, and the epilogue
// rescales it to fp32:
//
//	c[r][j] = sa[r]·sb[j]·(acc[r][j] − z[r]·Σk q[k][j]) + bias[j]
//
// Layer norm, softmax, the residual adds and the attention products stay
// in fp32.

// quantGroup is the number of consecutive k values one VPDPBUSD lane sums.
const quantGroup = 4

// quantMatrix is a packedMatrix quantised to signed bytes. Its kp/4 groups
// of k (k rounded up to a multiple of 4, the extra rows zero) are stored
// per panel of 32 columns as [kp/4][32][4]: one 128-byte block per group,
// columns 0-15 first.
type quantMatrix struct {
	k, kp, n int
	data     []int8
	scale    []float32 // n: sb[j]
	corr     []float32 // n: sb[j]·Σk q[k][j]
}

// quantize returns p quantised per column to signed bytes in [-127, 127].
func quantize(p *packedMatrix) *quantMatrix {
	k, n := p.k, p.n
	kp := roundUp(k, quantGroup)
	q := &quantMatrix{k: k, kp: kp, n: n, data: make([]int8, kp*n), scale: make([]float32, n), corr: make([]float32, n)}
	at := func(r, j int) float32 { return p.data[(j/tileCols)*k*tileCols+r*tileCols+j%tileCols] }
	for j := 0; j < n; j++ {
		var amax float32
		for r := 0; r < k; r++ {
			amax = max(amax, abs32(at(r, j)))
		}
		s := amax / 127
		inv := float32(0)
		if s > 0 {
			inv = 1 / s
		}
		var sum int32
		base := (j/tileCols)*kp*tileCols + (j%tileCols)*quantGroup
		for r := 0; r < k; r++ {
			v := roundInt(at(r, j) * inv)
			v = min(max(v, -127), 127)
			sum += v
			q.data[base+(r/quantGroup)*tileCols*quantGroup+r%quantGroup] = int8(v)
		}
		q.scale[j] = s
		q.corr[j] = s * float32(sum)
	}
	return q
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// roundInt rounds v to the nearest integer, halves away from zero.
func roundInt(v float32) int32 {
	if v < 0 {
		return int32(v - 0.5)
	}
	return int32(v + 0.5)
}

// kernel8Func computes one 8 x 32 tile from 8-bit operands; kernel8Go in
// the tests documents the contract: a is 8 rows of groups*4 unsigned bytes,
// b is [groups][32][4] signed bytes, rows holds sa[0..7] then z[0..7].
type kernel8Func func(a []uint8, b []int8, c []float32, ldc, groups int, bias, colScale, colCorr, rows []float32)

// kernel8 is the 8-bit tile kernel, nil where the CPU has none (then every
// product runs in fp32).
var kernel8 kernel8Func

// gemmScratch is the scratch space of gemm: packed rows of A in fp32 or,
// for the 8-bit path, blocks of 8 rows of bytes (row stride k rounded up to
// 4) with their per-row scales and zero points.
type gemmScratch struct {
	f    []float32
	q    []uint8
	rows []float32 // per block of 8 rows: 8 scales, then 8 zero points
}

// newGemmScratch returns scratch for products of up to m rows and k
// columns of A.
func newGemmScratch(m, k int) gemmScratch {
	mr := roundUp(m, tileRows)
	return gemmScratch{
		f:    make([]float32, mr*k),
		q:    make([]uint8, mr*roundUp(k, quantGroup)),
		rows: make([]float32, mr/tileRows*2*tileRows),
	}
}

// gemmInt8 is gemmPacked on the 8-bit path: A's rows are quantised, max(A,
// 0) when relu is set, and multiplied by b's quantised form.
func gemmInt8(c []float32, ldc int, a []float32, lda, m int, b *quantMatrix, bias []float32, s *gemmScratch, relu bool) {
	k, kp, n := b.k, b.kp, b.n
	groups := kp / quantGroup
	blocks := roundUp(m, tileRows) / tileRows
	_ = c[(blocks*tileRows-1)*ldc+n-1]
	_ = bias[n-1]
	_ = a[(m-1)*lda+k-1]
	ap := s.q[:blocks*tileRows*kp]
	rows := s.rows[:blocks*2*tileRows]
	for blk := 0; blk < blocks; blk++ {
		dst := ap[blk*tileRows*kp : (blk+1)*tileRows*kp]
		params := rows[blk*2*tileRows : (blk+1)*2*tileRows]
		for r := 0; r < tileRows; r++ {
			row := blk*tileRows + r
			if row >= m {
				// Padding rows: zero bytes, so the tile holds just the bias.
				clear(dst[r*kp : (r+1)*kp])
				params[r], params[tileRows+r] = 1, 0
				continue
			}
			params[r], params[tileRows+r] = quantizeRow(dst[r*kp:(r+1)*kp], a[row*lda:row*lda+k], relu)
		}
	}
	for panel := 0; panel < n/tileCols; panel++ {
		bp := b.data[panel*kp*tileCols : (panel+1)*kp*tileCols]
		cs, cc, bs := b.scale[panel*tileCols:], b.corr[panel*tileCols:], bias[panel*tileCols:]
		for blk := 0; blk < blocks; blk++ {
			kernel8(ap[blk*tileRows*kp:], bp, c[blk*tileRows*ldc+panel*tileCols:], ldc, groups, bs, cs, cc, rows[blk*2*tileRows:])
		}
	}
}

// quantizeRow quantises src (clamped at 0 when relu is set) to unsigned
// bytes in dst (len >= len(src) rounded up to a multiple of 4) and returns
// its scale and zero point: src[i] ≈ scale·(u[i] − zero). The range always
// includes 0, so 0 is exact; an all-zero row gets scale 1. The bytes past
// len(src) up to the group boundary are written as zero.
func quantizeRow(dst []uint8, src []float32, relu bool) (scale, zero float32) {
	lo, hi := minMax(src)
	if relu {
		lo = 0 // then zero is 0 and the clamp at 0 is the ReLU
	}
	scale = (hi - lo) / 255
	if !(scale > 0) || scale > 3.4e38/255 {
		// All zero, or a range too wide for fp32: fall back to what fits.
		if scale == 0 {
			scale = 1
		} else {
			scale = max(abs32(lo), abs32(hi)) / 127
			lo = -127 * scale
		}
	}
	z := min(max(roundInt(-lo/scale), 0), 255)
	k := len(src)
	quantizeBytes(dst[:k], src, 1/scale, float32(z))
	clear(dst[k:roundUp(k, quantGroup)])
	return scale, float32(z)
}

// minMax returns min(0, src...) and max(0, src...); it is assembly on
// amd64 with AVX-512.
var minMax = minMaxGo

func minMaxGo(src []float32) (lo, hi float32) {
	for _, v := range src {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// quantizeBytes sets dst[i] = clamp(round(src[i]·inv + zero), 0, 255) for
// len(dst) == len(src); it is assembly on amd64 with AVX-512, which rounds
// halves to even where the Go version rounds them up.
var quantizeBytes = quantizeBytesGo

func quantizeBytesGo(dst []uint8, src []float32, inv, zero float32) {
	dst = dst[:len(src)]
	zf := zero + 0.5
	for i, v := range src {
		// int32 truncation of x + 0.5 rounds for x >= 0 and gives 0 for
		// x slightly below, as the clamp wants.
		u := int32(min(max(v*inv+zf, -1), 256))
		dst[i] = uint8(min(max(u, 0), 255))
	}
}
