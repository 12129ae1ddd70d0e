/* SPDX-License-Identifier: MIT */
/*
 * The world switch. __guest_run(a) keeps the host's callee-saved
 * registers in a struct guest_host_frame on its stack, loads the guest's
 * x0-x30, ELR_EL2 and SPSR_EL2 from struct arch_vcpu and erets (SP_EL1,
 * which EL2 never uses, is switched with the EL1 registers: vcpu.c).
 * A trap from the guest lands in a lower-EL vector (boot/vectors.S) on
 * that same stack (SP_EL2 is untouched while the guest runs), which
 * pushes x0/x1, puts its slot number in x1 and branches to guest_exit:
 * it saves the guest back into the struct and returns from __guest_run
 * with the slot. Offsets come from asm-offsets.c; xN is at N * 8.
 */
#include <generated/asm-offsets.h>

#define X(n) (ARCH_VCPU_X + (n) * 8)

	/* the host's callee-saved registers in its frame: stp or ldp */
	.macro	host_regs, op
	\op	x19, x20, [sp, #GUEST_HOST_X19]
	\op	x21, x22, [sp, #GUEST_HOST_X19 + 16]
	\op	x23, x24, [sp, #GUEST_HOST_X19 + 32]
	\op	x25, x26, [sp, #GUEST_HOST_X19 + 48]
	\op	x27, x28, [sp, #GUEST_HOST_X19 + 64]
	\op	x29, x30, [sp, #GUEST_HOST_FP]
	.endm

	/* the guest's x2-x29 in struct arch_vcpu at x0: stp or ldp */
	.macro	guest_regs, op
	\op	x2, x3, [x0, #X(2)]
	\op	x4, x5, [x0, #X(4)]
	\op	x6, x7, [x0, #X(6)]
	\op	x8, x9, [x0, #X(8)]
	\op	x10, x11, [x0, #X(10)]
	\op	x12, x13, [x0, #X(12)]
	\op	x14, x15, [x0, #X(14)]
	\op	x16, x17, [x0, #X(16)]
	\op	x18, x19, [x0, #X(18)]
	\op	x20, x21, [x0, #X(20)]
	\op	x22, x23, [x0, #X(22)]
	\op	x24, x25, [x0, #X(24)]
	\op	x26, x27, [x0, #X(26)]
	\op	x28, x29, [x0, #X(28)]
	.endm

	.text
	.globl	__guest_run
__guest_run:
	sub	sp, sp, #GUEST_HOST_FRAME_SIZE
	host_regs stp
	str	x0, [sp, #GUEST_HOST_VCPU]

	ldp	x1, x2, [x0, #ARCH_VCPU_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	guest_regs ldp
	ldr	x30, [x0, #X(30)]
	ldp	x0, x1, [x0, #X(0)]
	eret
	/* no speculation past the eret */
	dsb	nsh
	isb

/* From a lower-EL vector: the guest's x0, x1 at [sp], x1 = the slot. */
	.globl	guest_exit
guest_exit:
	ldr	x0, [sp, #16 + GUEST_HOST_VCPU]
	guest_regs stp
	str	x30, [x0, #X(30)]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #X(0)]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #ARCH_VCPU_PC]

	mov	x0, x1
	host_regs ldp
	add	sp, sp, #GUEST_HOST_FRAME_SIZE
	ret

	.section .note.GNU-stack, "", %progbits
