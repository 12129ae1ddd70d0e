/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 test guests' entry, at EL1 with the MMU off: x0 = its
 * device tree (arm64 boot protocol), x1 = mode, x2 = end of its memory,
 * x3 = its number of vCPUs (boot-args of the VM's configuration).
 * The C returns its failure count: 0 ends the VM with PSCI SYSTEM_OFF,
 * any other count is the status of the EXIT hypercall.
 */
#include <vireo/hypercall.h>

	.section .text.start, "ax"
	.globl	_start, guest_entry
	/* what every vCPU sets first: FP/SIMD on, its vectors */
	.macro	el1_setup
	mov	x9, #(3 << 20)		/* CPACR_EL1.FPEN: FP/SIMD at EL1 */
	msr	cpacr_el1, x9
	adrp	x9, guest_vectors
	add	x9, x9, :lo12:guest_vectors
	msr	vbar_el1, x9
	isb
	.endm

_start:
guest_entry:
	el1_setup
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	adrp	x9, __bss_start
	add	x9, x9, :lo12:__bss_start
	adrp	x10, __bss_end
	add	x10, x10, :lo12:__bss_end
1:	cmp	x9, x10
	b.hs	2f
	str	xzr, [x9], #8
	b	1b
2:	bl	guest_main
	mov	w19, w0
	cbnz	w19, 4f
	movz	x0, #0x8400, lsl #16	/* all passed: PSCI SYSTEM_OFF, */
	movk	x0, #0x0008		/* which does not return */
	hvc	#0
	mov	w19, #1			/* it did: a failure */
4:	mov	w1, w19
	movz	x0, #(VIREO_HC_EXIT >> 16), lsl #16
	movk	x0, #(VIREO_HC_EXIT & 0xffff)
	hvc	#0
3:	wfi			/* the VM has stopped: never here */
	b	3b

	/*
	 * A vCPU started by PSCI CPU_ON: x0 = its struct secondary
	 * (arch_guest.h), whose first word is its stack top. It runs
	 * secondary_main(x0), then turns itself off.
	 */
	.globl	secondary_entry
secondary_entry:
	el1_setup
	ldr	x9, [x0]
	mov	sp, x9
	bl	secondary_main
	movz	x0, #0x8400, lsl #16	/* PSCI CPU_OFF, */
	movk	x0, #0x0002		/* which does not return */
	hvc	#0
	mov	w1, #0xef
	movz	x0, #(VIREO_HC_EXIT >> 16), lsl #16
	movk	x0, #(VIREO_HC_EXIT & 0xffff)
	hvc	#0

	/*
	 * EL1 vectors: an IRQ (current EL, SPx: slot 5) calls arch_irq()
	 * with the registers a C call may clobber saved; any other
	 * exception ends the VM with status 0xee (none is expected).
	 */
	.text
	.balign	0x800
guest_vectors:
	.irp	slot, 0, 1, 2, 3, 4
	.balign	0x80
	b	unexpected_exception
	.endr
	.balign	0x80
	b	irq_entry
	.irp	slot, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	.balign	0x80
	b	unexpected_exception
	.endr

	/* x0-x18 and x30 at sp: stp or ldp */
	.macro	caller_saved, op
	\op	x0, x1, [sp, #0]
	\op	x2, x3, [sp, #16]
	\op	x4, x5, [sp, #32]
	\op	x6, x7, [sp, #48]
	\op	x8, x9, [sp, #64]
	\op	x10, x11, [sp, #80]
	\op	x12, x13, [sp, #96]
	\op	x14, x15, [sp, #112]
	\op	x16, x17, [sp, #128]
	\op	x18, x30, [sp, #144]
	.endm

irq_entry:
	sub	sp, sp, #160
	caller_saved stp
	bl	arch_irq
	caller_saved ldp
	add	sp, sp, #160
	eret

unexpected_exception:
	mov	w1, #0xee
	movz	x0, #(VIREO_HC_EXIT >> 16), lsl #16
	movk	x0, #(VIREO_HC_EXIT & 0xffff)
	hvc	#0
	b	unexpected_exception

	.globl	isolation_probe, isolation_probe_insn
isolation_probe:
isolation_probe_insn:
	ldr	x0, [x0]
	ret

	.globl	sysreg_probe, sysreg_probe_insn
sysreg_probe:
	mov	x1, x0
sysreg_probe_insn:
	msr	actlr_el1, x1
	ret

	/* a load pair: a data abort whose syndrome has no ISV */
	.globl	nosyndrome_probe, nosyndrome_probe_insn
nosyndrome_probe:
nosyndrome_probe_insn:
	ldp	x1, x2, [x0]
	ret

	/* a jump to x0: the instruction fetch there faults */
	.globl	fetch_probe
fetch_probe:
	br	x0

	.globl	readonly_probe, readonly_probe_insn
readonly_probe:
readonly_probe_insn:
	str	xzr, [x0]
	ret

	.macro	callee_saved, op
	\op	x19, x20, [x9, #0]
	\op	x21, x22, [x9, #16]
	\op	x23, x24, [x9, #32]
	\op	x25, x26, [x9, #48]
	\op	x27, x28, [x9, #64]
	\op	x29, x30, [x9, #80]
	.endm

	/* x19-x30 and sp kept in host_save while the registers hold
	 * patterns (see tests.c). */
	.globl	registers_across_exit
registers_across_exit:
	adrp	x9, host_save
	add	x9, x9, :lo12:host_save
	callee_saved stp
	mov	x10, sp
	str	x10, [x9, #96]
	mov	x18, #1
	mov	sp, x18
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, \
		19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	mov	x\n, #(0x1000 + \n)
	.endr
	movz	x0, #(VIREO_HC_NULL >> 16), lsl #16
	hvc	#0
	mov	x18, sp
	msr	tpidrro_el0, x18
	adrp	x18, regs_after
	add	x18, x18, :lo12:regs_after
	stp	x0, x1, [x18, #0]
	stp	x2, x3, [x18, #16]
	stp	x4, x5, [x18, #32]
	stp	x6, x7, [x18, #48]
	stp	x8, x9, [x18, #64]
	stp	x10, x11, [x18, #80]
	stp	x12, x13, [x18, #96]
	stp	x14, x15, [x18, #112]
	stp	x16, x17, [x18, #128]
	stp	x19, x20, [x18, #152]
	stp	x21, x22, [x18, #168]
	stp	x23, x24, [x18, #184]
	stp	x25, x26, [x18, #200]
	stp	x27, x28, [x18, #216]
	stp	x29, x30, [x18, #232]
	mrs	x1, tpidrro_el0
	str	x1, [x18, #248]
	adrp	x9, host_save
	add	x9, x9, :lo12:host_save
	callee_saved ldp
	ldr	x10, [x9, #96]
	mov	sp, x10
	ret

	/*
	 * uint64_t bench_<name>(n, addr): virtual counter ticks for n rounds
	 * of a loop of four instructions: x0 = the call number (fn << 16,
	 * again each round: the result lands there), the body, the count.
	 * Bodies: a nop (the loop's own cost), the empty exit (HVC
	 * #VIREO_HVC_EMPTY: the floor), PSCI_VERSION by HVC, the null
	 * Vireo hypercall, a 32-bit load from addr (MMIO).
	 */
	.macro	bench, name, fn, insn
	.globl	bench_\name
bench_\name:
	mov	x9, x0
	mov	x10, x1
	isb
	mrs	x12, cntvct_el0
1:	movz	x0, #\fn, lsl #16
	\insn
	subs	x9, x9, #1
	b.ne	1b
	isb
	mrs	x0, cntvct_el0
	sub	x0, x0, x12
	ret
	.endm

	bench	loop, 0, nop
	.set	HVC_EMPTY, VIREO_HVC_EMPTY	/* a string hides it from cpp */
	bench	floor, 0, "hvc #HVC_EMPTY"
	bench	psci_version, 0x8400, "hvc #0"
	bench	null_hypercall, (VIREO_HC_NULL >> 16), "hvc #0"
	bench	mmio_read32, 0, "ldr w1, [x10]"

	.arch_extension fp
	.arch_extension simd

	/* fp_fill(seed): both halves of vN = seed + N */
	.globl	fp_fill
fp_fill:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	dup	v\n\().2d, x0
	add	x0, x0, #1
	.endr
	ret

	/* fp_dump(out): the halves of v0-v31 (low first), FPSR, FPCR */
	.globl	fp_dump
fp_dump:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	mov	x1, v\n\().d[0]
	mov	x2, v\n\().d[1]
	stp	x1, x2, [x0], #16
	.endr
	mrs	x1, fpsr
	mrs	x2, fpcr
	stp	x1, x2, [x0]
	ret

	.bss
	.balign	16
host_save:
	.skip	112
	.globl	regs_after
regs_after:
	.skip	256

	.section .note.GNU-stack, "", %progbits
