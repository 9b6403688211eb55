#include "textflag.h"

// func kernelVNNI(a *uint8, b *int8, c *float32, ldc, groups int, bias, colScale, colCorr, rows *float32)
// An 8 x 32 tile of the 8-bit product (see quant.go). A is 8 rows of
// groups*4 unsigned bytes and B is packed [groups][32][4] signed bytes.
// Z0..Z15 accumulate int32 sums, row r in Z(2r) and Z(2r+1); Z16 and Z17
// hold B's 64-byte halves, Z18..Z25 broadcast each row's four bytes of A.
// SI points into rows 0-3 and R10 into rows 4-7; R9 is the row stride and
// R11 three times it.
TEXT ·kernelVNNI(SB), NOSPLIT, $0-72
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ c+16(FP), DX
	MOVQ ldc+24(FP), R8
	SHLQ $2, R8
	MOVQ groups+32(FP), CX
	LEAQ 0(CX*4), R9
	LEAQ 0(R9)(R9*2), R11
	LEAQ 0(SI)(R9*4), R10
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
loop:
	VMOVDQU32 0(DI), Z16
	VMOVDQU32 64(DI), Z17
	VPBROADCASTD (SI), Z18
	VPBROADCASTD (SI)(R9*1), Z19
	VPBROADCASTD (SI)(R9*2), Z20
	VPBROADCASTD (SI)(R11*1), Z21
	VPBROADCASTD (R10), Z22
	VPBROADCASTD (R10)(R9*1), Z23
	VPBROADCASTD (R10)(R9*2), Z24
	VPBROADCASTD (R10)(R11*1), Z25
	VPDPBUSD Z16, Z18, Z0
	VPDPBUSD Z17, Z18, Z1
	VPDPBUSD Z16, Z19, Z2
	VPDPBUSD Z17, Z19, Z3
	VPDPBUSD Z16, Z20, Z4
	VPDPBUSD Z17, Z20, Z5
	VPDPBUSD Z16, Z21, Z6
	VPDPBUSD Z17, Z21, Z7
	VPDPBUSD Z16, Z22, Z8
	VPDPBUSD Z17, Z22, Z9
	VPDPBUSD Z16, Z23, Z10
	VPDPBUSD Z17, Z23, Z11
	VPDPBUSD Z16, Z24, Z12
	VPDPBUSD Z17, Z24, Z13
	VPDPBUSD Z16, Z25, Z14
	VPDPBUSD Z17, Z25, Z15
	ADDQ $4, SI
	ADDQ $4, R10
	ADDQ $128, DI
	DECQ CX
	JNZ loop

	// c = (float(acc)·sb − z·corr)·sa + bias, row by row.
	MOVQ bias+40(FP), AX
	VMOVUPS 0(AX), Z16
	VMOVUPS 64(AX), Z17
	MOVQ colScale+48(FP), AX
	VMOVUPS 0(AX), Z18
	VMOVUPS 64(AX), Z19
	MOVQ colCorr+56(FP), AX
	VMOVUPS 0(AX), Z20
	VMOVUPS 64(AX), Z21
	MOVQ rows+64(FP), AX

#define STOREROW(lo, hi, off) \
	VCVTDQ2PS lo, lo; \
	VCVTDQ2PS hi, hi; \
	VMULPS Z18, lo, lo; \
	VMULPS Z19, hi, hi; \
	VBROADCASTSS (32+off)(AX), Z22; \
	VBROADCASTSS off(AX), Z23; \
	VFNMADD231PS Z20, Z22, lo; \
	VFNMADD231PS Z21, Z22, hi; \
	VFMADD213PS Z16, Z23, lo; \
	VFMADD213PS Z17, Z23, hi; \
	VMOVUPS lo, 0(DX); \
	VMOVUPS hi, 64(DX); \
	ADDQ R8, DX

	STOREROW(Z0, Z1, 0)
	STOREROW(Z2, Z3, 4)
	STOREROW(Z4, Z5, 8)
	STOREROW(Z6, Z7, 12)
	STOREROW(Z8, Z9, 16)
	STOREROW(Z10, Z11, 20)
	STOREROW(Z12, Z13, 24)
	STOREROW(Z14, Z15, 28)
	VZEROUPPER
	RET

// func minMaxAVX512(src *float32, n int) (lo, hi float32)
// min(0, src...) and max(0, src...), 16 at a time, the tail under a mask.
TEXT ·minMaxAVX512(SB), NOSPLIT, $0-24
	MOVQ src+0(FP), SI
	MOVQ n+8(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	CMPQ CX, $16
	JLT mmtail
mmloop:
	VMOVUPS (SI), Z2
	VMINPS Z2, Z0, Z0
	VMAXPS Z2, Z1, Z1
	ADDQ $64, SI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE mmloop
mmtail:
	TESTQ CX, CX
	JZ mmreduce
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z2
	VMINPS Z2, Z0, Z0
	VMAXPS Z2, Z1, Z1
mmreduce:
	VEXTRACTF64X4 $1, Z0, Y2
	VMINPS Y2, Y0, Y0
	VEXTRACTF64X4 $1, Z1, Y3
	VMAXPS Y3, Y1, Y1
	VEXTRACTF128 $1, Y0, X2
	VMINPS X2, X0, X0
	VEXTRACTF128 $1, Y1, X3
	VMAXPS X3, X1, X1
	VMOVHLPS X0, X0, X2
	VMINPS X2, X0, X0
	VMOVHLPS X1, X1, X3
	VMAXPS X3, X1, X1
	VMOVSHDUP X0, X2
	VMINSS X2, X0, X0
	VMOVSHDUP X1, X3
	VMAXSS X3, X1, X1
	VMOVSS X0, lo+16(FP)
	VMOVSS X1, hi+20(FP)
	VZEROUPPER
	RET

// func quantizeAVX512(dst *uint8, src *float32, n int, inv, zero float32)
// dst[i] = clamp(round(src[i]*inv + zero), 0, 255), 16 at a time, the tail
// under a mask: clamped in fp32, then rounded to nearest even by VCVTPS2DQ.
TEXT ·quantizeAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS inv+24(FP), Z4
	VBROADCASTSS zero+28(FP), Z5
	VPXORD Z6, Z6, Z6
	MOVL $0x437f0000, AX // 255.0
	VPBROADCASTD AX, Z7
	CMPQ CX, $16
	JLT qtail
qloop:
	VMOVUPS (SI), Z0
	VFMADD213PS Z5, Z4, Z0
	VMAXPS Z6, Z0, Z0
	VMINPS Z7, Z0, Z0
	VCVTPS2DQ Z0, Z0
	VPMOVUSDB Z0, (DI)
	ADDQ $64, SI
	ADDQ $16, DI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE qloop
qtail:
	TESTQ CX, CX
	JZ qdone
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VFMADD213PS Z5, Z4, Z0
	VMAXPS Z6, Z0, Z0
	VMINPS Z7, Z0, Z0
	VCVTPS2DQ Z0, Z0
	VPMOVUSDB Z0, K1, (DI)
qdone:
	VZEROUPPER
	RET
