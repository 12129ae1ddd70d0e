/* SPDX-License-Identifier: MIT */
/*
 * Trap entry from S/HS mode itself, on the current stack (nothing runs
 * below us yet, so there is no stack switch through sscratch).
 *
 * Every trap saves the registers a C call may clobber, sepc and sstatus
 * (a probe in a handler may move sepc). An interrupt (scause < 0: its
 * top bit) then goes to riscv_interrupt(scause) and needs no more: the
 * C code keeps the callee-saved registers, and tp (this_cpu()) and gp
 * are never written by it. An exception fills the whole struct
 * trap_frame for riscv_trap(), which may change any of it.
 */
#include <generated/asm-offsets.h>

#define TF_X(n)		(TF_X0 + (n) * 8)

/* ra, t0-t2, a0-a7, t3-t6 */
#define CALLER_SAVED	1, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30, 31
/* gp, tp, s0-s11 */
#define OTHERS		3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27

	.text
	.balign	4
	.globl	trap_entry
trap_entry:
	addi	sp, sp, -TF_SIZE
	.irp	n, CALLER_SAVED
	sd	x\n, TF_X(\n)(sp)
	.endr
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	a0, scause
	bltz	a0, .Linterrupt

	sd	a0, TF_SCAUSE(sp)
	.irp	n, OTHERS
	sd	x\n, TF_X(\n)(sp)
	.endr
	addi	t0, sp, TF_SIZE			/* sp before the trap */
	sd	t0, TF_X(2)(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	mv	a0, sp
	call	riscv_trap
	.irp	n, OTHERS
	ld	x\n, TF_X(\n)(sp)
	.endr
	j	.Lreturn

.Linterrupt:
	call	riscv_interrupt

.Lreturn:
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	.irp	n, CALLER_SAVED
	ld	x\n, TF_X(\n)(sp)
	.endr
	addi	sp, sp, TF_SIZE
	sret
