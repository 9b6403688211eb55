#include "textflag.h"

// Row helpers for layer norm, softmax and the residual adds (see vec.go):
// 16 lanes at a time, the last partial block under the mask K1, which
// TAILMASK sets from the count left in CX.
#define TAILMASK \
	MOVQ $1, AX; \
	SHLQ CX, AX; \
	DECQ AX; \
	KMOVW AX, K1

// HSUM leaves the sum of Z0's lanes in X0.
#define HSUM \
	VEXTRACTF64X4 $1, Z0, Y1; \
	VADDPS Y1, Y0, Y0; \
	VEXTRACTF128 $1, Y0, X1; \
	VADDPS X1, X0, X0; \
	VMOVHLPS X0, X0, X1; \
	VADDPS X1, X0, X0; \
	VMOVSHDUP X0, X1; \
	VADDSS X1, X0, X0

// func sumAVX512(x *float32, n int) float32
TEXT ·sumAVX512(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z3, Z3, Z3
	CMPQ CX, $32
	JLT sum16
sum32:
	VADDPS (SI), Z0, Z0
	VADDPS 64(SI), Z3, Z3
	ADDQ $128, SI
	SUBQ $32, CX
	CMPQ CX, $32
	JGE sum32
sum16:
	VADDPS Z3, Z0, Z0
	CMPQ CX, $16
	JLT sumtail
	VADDPS (SI), Z0, Z0
	ADDQ $64, SI
	SUBQ $16, CX
sumtail:
	TESTQ CX, CX
	JZ sumdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z2
	VADDPS Z2, Z0, Z0
sumdone:
	HSUM
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func sumSqDevAVX512(x *float32, n int, mean float32) float32
// The sum of (x[i]-mean)**2.
TEXT ·sumSqDevAVX512(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS mean+16(FP), Z4
	VPXORD Z0, Z0, Z0
	VPXORD Z3, Z3, Z3
	CMPQ CX, $16
	JLT sqtail
sqloop:
	VSUBPS (SI), Z4, Z2
	VFMADD231PS Z2, Z2, Z0
	ADDQ $64, SI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE sqloop
sqtail:
	TESTQ CX, CX
	JZ sqdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z2
	VSUBPS.Z Z4, Z2, K1, Z2
	VFMADD231PS Z2, Z2, Z0
sqdone:
	HSUM
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func maxAVX512(x *float32, n int) float32
// n must be at least 1.
TEXT ·maxAVX512(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS (SI), Z0
	CMPQ CX, $16
	JLT maxtail
maxloop:
	VMAXPS (SI), Z0, Z0
	ADDQ $64, SI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE maxloop
maxtail:
	TESTQ CX, CX
	JZ maxdone
	TAILMASK
	VMOVAPS Z0, Z2
	VMOVUPS (SI), K1, Z2
	VMAXPS Z2, Z0, Z0
maxdone:
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS X1, X0, X0
	VMOVHLPS X0, X0, X1
	VMAXPS X1, X0, X0
	VMOVSHDUP X0, X1
	VMAXSS X1, X0, X0
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func scaleAVX512(x *float32, n int, s float32)
// x[i] *= s.
TEXT ·scaleAVX512(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS s+16(FP), Z4
	CMPQ CX, $16
	JLT sctail
scloop:
	VMULPS (SI), Z4, Z2
	VMOVUPS Z2, (SI)
	ADDQ $64, SI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE scloop
sctail:
	TESTQ CX, CX
	JZ scdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z2
	VMULPS Z4, Z2, Z2
	VMOVUPS Z2, K1, (SI)
scdone:
	VZEROUPPER
	RET

// func addAVX512(dst, src *float32, n int)
// dst[i] += src[i].
TEXT ·addAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	CMPQ CX, $16
	JLT addtail
addloop:
	VMOVUPS (DI), Z2
	VADDPS (SI), Z2, Z2
	VMOVUPS Z2, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE addloop
addtail:
	TESTQ CX, CX
	JZ adddone
	TAILMASK
	VMOVUPS.Z (DI), K1, Z2
	VMOVUPS.Z (SI), K1, Z3
	VADDPS Z3, Z2, Z2
	VMOVUPS Z2, K1, (DI)
adddone:
	VZEROUPPER
	RET

// func normAVX512(dst, src, scale, bias *float32, n int, mean, inv float32)
// dst[i] = scale[i]*inv*(src[i]-mean) + bias[i].
TEXT ·normAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ scale+16(FP), DX
	MOVQ bias+24(FP), BX
	MOVQ n+32(FP), CX
	VBROADCASTSS mean+40(FP), Z4
	VBROADCASTSS inv+44(FP), Z5
	CMPQ CX, $16
	JLT normtail
normloop:
	VMOVUPS (SI), Z2
	VSUBPS Z4, Z2, Z2
	VMULPS (DX), Z5, Z3
	VFMADD213PS (BX), Z3, Z2
	VMOVUPS Z2, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, DX
	ADDQ $64, BX
	SUBQ $16, CX
	CMPQ CX, $16
	JGE normloop
normtail:
	TESTQ CX, CX
	JZ normdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z2
	VMOVUPS.Z (DX), K1, Z3
	VMOVUPS.Z (BX), K1, Z6
	VSUBPS Z4, Z2, Z2
	VMULPS Z5, Z3, Z3
	VFMADD213PS Z6, Z3, Z2
	VMOVUPS Z2, K1, (DI)
normdone:
	VZEROUPPER
	RET
