/* SPDX-License-Identifier: MIT */
/*
 * The guest's FP registers (struct arch_vcpu_fp): f0-f31, then fcsr.
 * The hypervisor is built without F/D and never uses them, so they are
 * saved and loaded only when another vCPU is loaded on the hart
 * (vcpu.c). sstatus.FS must not be Off to touch them: set it Dirty,
 * which the guest's run needs too (FS gates V=1 as well as HS).
 */
#define SSTATUS_FS_DIRTY	(3 << 13)
#define FCSR			(32 * 8)
#define CSR_FCSR		0x003

/*
 * FSD/FLD fN, (N * 8)(a0) as words (the S- and I-type encodings of the
 * unprivileged spec): the image is built without D, and neither GCC 12's
 * nor clang 14's assembler takes them then (clang lacks ".option arch").
 */
	.macro	fsd_a0, n
	.word	(((\n * 8) >> 5) << 25) | (\n << 20) | (10 << 15) | (3 << 12) | \
		(((\n * 8) & 31) << 7) | 0x27
	.endm
	.macro	fld_a0, n
	.word	((\n * 8) << 20) | (10 << 15) | (3 << 12) | (\n << 7) | 0x07
	.endm

	.text
	.globl	__fp_save
__fp_save:
	li	t0, SSTATUS_FS_DIRTY
	csrs	sstatus, t0
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd_a0	\n
	.endr
	csrr	t0, CSR_FCSR
	sd	t0, FCSR(a0)
	ret

	.globl	__fp_restore
__fp_restore:
	li	t0, SSTATUS_FS_DIRTY
	csrs	sstatus, t0
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fld_a0	\n
	.endr
	ld	t0, FCSR(a0)
	csrw	CSR_FCSR, t0
	ret

	.section .note.GNU-stack, "", %progbits
