#include "textflag.h"

// func expShiftAVX512(row *float32, n int, shift, scale float32)
// row[i] = e**((row[i]-shift)*scale) for i < n, 16 lanes at a time, the
// last block masked. The method is expf's (forward.go): x = k ln 2 + r, a
// polynomial for e**r, then VSCALEFPS multiplies by 2**k. Inputs below
// -87.3 are clamped there (e**-87.3 is about 1e-38).
TEXT ·expShiftAVX512(SB), NOSPLIT, $0-24
	MOVQ row+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSS shift+16(FP), Z20
	VBROADCASTSS scale+20(FP), Z21
	MOVL $0xc2ae999a, AX // -87.3
	VPBROADCASTD AX, Z22
	MOVL $0x3fb8aa3b, AX // log2(e)
	VPBROADCASTD AX, Z23
	MOVL $0x3f318000, AX // ln 2, high part
	VPBROADCASTD AX, Z24
	MOVL $0xb95e8083, AX // ln 2, low part
	VPBROADCASTD AX, Z25
	MOVL $0x39506967, AX // polynomial, highest degree first
	VPBROADCASTD AX, Z26
	MOVL $0x3ab743ce, AX
	VPBROADCASTD AX, Z27
	MOVL $0x3c088908, AX
	VPBROADCASTD AX, Z28
	MOVL $0x3d2aa9c1, AX
	VPBROADCASTD AX, Z29
	MOVL $0x3e2aaaaa, AX
	VPBROADCASTD AX, Z30
	MOVL $0x3f000000, AX // 0.5
	VPBROADCASTD AX, Z31
	MOVL $0x3f800000, AX // 1
	VPBROADCASTD AX, Z19

loop:
	CMPQ CX, $0
	JLE  done
	MOVL $0xffff, AX
	CMPQ CX, $16
	JGE  full
	MOVL $1, AX
	SHLL CX, AX
	DECL AX

full:
	KMOVW AX, K1
	VMOVUPS.Z (DI), K1, Z0
	VSUBPS Z20, Z0, Z0
	VMULPS Z21, Z0, Z0
	VMAXPS Z22, Z0, Z0         // x
	VMULPS Z23, Z0, Z1
	VRNDSCALEPS $0, Z1, Z1     // k = round(x log2 e)
	VFNMADD231PS Z24, Z1, Z0
	VFNMADD231PS Z25, Z1, Z0   // r = x - k ln 2
	VMOVAPS Z26, Z2
	VFMADD213PS Z27, Z0, Z2
	VFMADD213PS Z28, Z0, Z2
	VFMADD213PS Z29, Z0, Z2
	VFMADD213PS Z30, Z0, Z2
	VFMADD213PS Z31, Z0, Z2
	VMULPS Z0, Z0, Z3          // r*r
	VFMADD213PS Z0, Z3, Z2     // p*r*r + r
	VADDPS Z19, Z2, Z2         // + 1
	VSCALEFPS Z1, Z2, Z2       // * 2**k
	VMOVUPS Z2, K1, (DI)
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop

done:
	VZEROUPPER
	RET
