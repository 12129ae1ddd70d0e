/* SPDX-License-Identifier: MIT */
/*
 * The world switch. __guest_run(a) keeps the host's callee-saved
 * registers, gp and tp in a struct guest_host_frame on its stack, points
 * stvec at guest_trap and sscratch at the vCPU, loads the guest's
 * x1-x31, sepc, hstatus (SPV set: a host trap since clears it) and
 * sstatus (SPP: the guest's privilege; SIE clear, as the host's is
 * while it runs a guest) from struct arch_vcpu and srets into VS or VU
 * mode. Any trap from the guest lands in guest_trap, which saves the
 * guest back into the struct (sstatus: its SPP) and returns from
 * __guest_run with scause; the host's stvec (boot/entry.S trap_entry)
 * is back before any C runs. The host's sstatus needs nothing back: the
 * trap leaves SIE clear, and SPP/SPIE/FS mean nothing to it. Offsets
 * come from asm-offsets.c; xN is at N * 8.
 */
#include <generated/asm-offsets.h>

#define X(n)		(ARCH_VCPU_X + (n) * 8)
#define S(n)		(GUEST_HOST_S + (n) * 8)

/* every x register but zero, sp (x2) and a0 (x10) */
#define GUEST_REGS	1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, \
			18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31

	/* the host's ra, gp, tp and s0-s11 in its frame: sd or ld */
	.macro	host_regs, op
	\op	ra, GUEST_HOST_RA(sp)
	\op	gp, GUEST_HOST_GP(sp)
	\op	tp, GUEST_HOST_TP(sp)
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	\op	s\n, S(\n)(sp)
	.endr
	.endm

	.text
	.globl	__guest_run
__guest_run:
	addi	sp, sp, -GUEST_HOST_FRAME_SIZE
	host_regs sd
	sd	sp, ARCH_VCPU_HOST_SP(a0)
	csrw	sscratch, a0
	la	t0, guest_trap
	csrw	stvec, t0

	ld	t0, ARCH_VCPU_PC(a0)
	csrw	sepc, t0
	ld	t0, ARCH_VCPU_HSTATUS(a0)
	csrw	hstatus, t0
	ld	t0, ARCH_VCPU_SSTATUS(a0)
	csrw	sstatus, t0
	ld	sp, X(2)(a0)
	.irp	n, GUEST_REGS
	ld	x\n, X(\n)(a0)
	.endr
	ld	a0, X(10)(a0)
	sret

/* From the guest: sscratch is the vCPU, every register the guest's. */
	.balign	4
guest_trap:
	csrrw	a0, sscratch, a0
	sd	sp, X(2)(a0)
	.irp	n, GUEST_REGS
	sd	x\n, X(\n)(a0)
	.endr
	csrr	t0, sscratch
	sd	t0, X(10)(a0)
	csrr	t0, sepc
	sd	t0, ARCH_VCPU_PC(a0)
	csrr	t0, sstatus
	sd	t0, ARCH_VCPU_SSTATUS(a0)

	ld	sp, ARCH_VCPU_HOST_SP(a0)
	la	t0, trap_entry
	csrw	stvec, t0
	host_regs ld
	addi	sp, sp, GUEST_HOST_FRAME_SIZE
	csrr	a0, scause
	ret

	.section .note.GNU-stack, "", %progbits
