/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's FP/SIMD registers (struct arch_vcpu_fp: qN at N * 16, then
 * FPSR and FPCR from asm-offsets). The hypervisor is built without
 * FP/SIMD; only these two functions touch those registers.
 */
#include <generated/asm-offsets.h>

	.arch_extension fp
	.arch_extension simd

	/* q0-q31 at x0: stp or ldp */
	.macro	fp_regs, op
	\op	q0, q1, [x0, #0]
	\op	q2, q3, [x0, #32]
	\op	q4, q5, [x0, #64]
	\op	q6, q7, [x0, #96]
	\op	q8, q9, [x0, #128]
	\op	q10, q11, [x0, #160]
	\op	q12, q13, [x0, #192]
	\op	q14, q15, [x0, #224]
	\op	q16, q17, [x0, #256]
	\op	q18, q19, [x0, #288]
	\op	q20, q21, [x0, #320]
	\op	q22, q23, [x0, #352]
	\op	q24, q25, [x0, #384]
	\op	q26, q27, [x0, #416]
	\op	q28, q29, [x0, #448]
	\op	q30, q31, [x0, #480]
	.endm

	.text
	.globl	__fp_save
__fp_save:
	fp_regs stp
	mrs	x1, fpsr
	mrs	x2, fpcr
	str	x1, [x0, #ARCH_VCPU_FP_FPSR]
	str	x2, [x0, #ARCH_VCPU_FP_FPCR]
	ret

	.globl	__fp_restore
__fp_restore:
	fp_regs ldp
	ldr	x1, [x0, #ARCH_VCPU_FP_FPSR]
	ldr	x2, [x0, #ARCH_VCPU_FP_FPCR]
	msr	fpsr, x1
	msr	fpcr, x2
	ret

	.section .note.GNU-stack, "", %progbits
