/* SPDX-License-Identifier: MIT */
/*
 * The riscv64 test guests' entry, in VS mode with its translation off
 * (vsatp Bare), as OpenSBI enters an S-mode payload: a0 = hart id,
 * a1 = its device tree, then the VM configuration's boot-args: a2 =
 * mode, a3 = end of its memory, a4 = its number of vCPUs. The C returns
 * its failure count: 0 ends the VM with SBI SRST shutdown, any other
 * count is the status of Vireo's EXIT hypercall.
 */
#include <vireo/hypercall.h>

#define SBI_EXT_HSM	0x48534d
#define SBI_EXT_SRST	0x53525354
#define SBI_EXT_BASE	0x10
#define SSTATUS_FS_INITIAL	(1 << 13)

	/* what every hart sets first: its vector, FP on, tp = hart id */
	.macro	hart_setup
	la	t0, guest_vector
	csrw	stvec, t0
	li	t0, SSTATUS_FS_INITIAL
	csrs	sstatus, t0
	mv	tp, a0
	.endm

	/* Vireo's EXIT hypercall with status reg */
	.macro	vireo_exit, reg
	mv	a0, \reg
	li	a7, VIREO_HC_EXIT
	ecall
	.endm

	.section .text.start, "ax"
	.globl	_start, guest_entry
_start:
guest_entry:
	hart_setup
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	call	guest_main
	mv	s1, a0
	bnez	s1, 4f
	li	a7, SBI_EXT_SRST	/* all passed: shutdown, no reason */
	li	a6, 0
	li	a0, 0
	li	a1, 0
	ecall
	li	s1, 1			/* it returned: a failure */
4:	vireo_exit s1
3:	wfi			/* the VM has stopped: never here */
	j	3b

	/*
	 * A hart started by SBI HSM hart_start: a1 = its struct secondary
	 * (arch_guest.h), whose first word is its stack top. It runs
	 * secondary_main(a1), then stops itself (hart_stop).
	 */
	.text
	.globl	secondary_entry
secondary_entry:
	hart_setup
	ld	sp, 0(a1)
	mv	a0, a1
	call	secondary_main
	li	a7, SBI_EXT_HSM
	li	a6, 1
	ecall
	li	s1, 0xef
	vireo_exit s1

	/*
	 * Traps, direct mode: an interrupt (scause's top bit) calls
	 * arch_irq(scause) with the registers a C call may clobber saved;
	 * any exception ends the VM with status 0xee (none is expected).
	 */
	.balign	4
guest_vector:
	addi	sp, sp, -256
	.irp	n, 1, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30, 31
	sd	x\n, (8 * \n)(sp)
	.endr
	csrr	a0, scause
	bgez	a0, exception
	call	arch_irq
guest_vector_return:
	.irp	n, 1, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30, 31
	ld	x\n, (8 * \n)(sp)
	.endr
	addi	sp, sp, 256
	sret

	/* one exception expected (fault_expected set): its scause and
	 * stval in fault_seen[], then back as if the function it hit had
	 * returned (sepc = the saved ra); any other ends the VM */
exception:
	la	t0, fault_expected
	ld	t1, 0(t0)
	beqz	t1, unexpected_exception
	sd	zero, 0(t0)
	la	t0, fault_seen
	sd	a0, 0(t0)
	csrr	t1, stval
	sd	t1, 8(t0)
	ld	t1, 8(sp)
	csrw	sepc, t1
	j	guest_vector_return

unexpected_exception:
	li	s1, 0xee
	vireo_exit s1
	j	unexpected_exception

	.globl	isolation_probe, isolation_probe_insn
isolation_probe:
isolation_probe_insn:
	ld	a0, 0(a0)
	ret

	/* hgatp is the hypervisor's: from VS mode a virtual instruction */
	.globl	sysreg_probe, sysreg_probe_insn
sysreg_probe:
sysreg_probe_insn:
	csrw	hgatp, a0
	ret

	/* an AMO: a guest page fault no load/store decoding emulates */
	.globl	nosyndrome_probe, nosyndrome_probe_insn
nosyndrome_probe:
nosyndrome_probe_insn:
	amoadd.d a1, a1, (a0)
	ret

	/* a load from a0 alone in its page (its VS-stage PTE can go
	 * without its neighbours') */
	.section .text.probe_page, "ax"
	.balign	4096
	.globl	unmapped_probe
unmapped_probe:
	ld	a0, 0(a0)
	ret
	.balign	4096
	.text

	/* a jump to a0: the instruction fetch there faults */
	.globl	fetch_probe
fetch_probe:
	jr	a0

	.globl	readonly_probe, readonly_probe_insn
readonly_probe:
readonly_probe_insn:
	sd	zero, 0(a0)
	ret

	/*
	 * The compressed loads and stores on the test device (a0 its DATA
	 * register, a1 the value): C.SD then C.LD, C.SW then C.LW (x8-x15
	 * only), C.SDSP then C.LDSP and C.SWSP then C.LWSP with sp pointing
	 * at it; the values read back in out[4] (a2).
	 */
	.globl	mmio_compressed
mmio_compressed:
	mv	t0, sp
	mv	a5, a0
	c.sd	a1, 0(a5)
	c.ld	a3, 0(a5)
	sd	a3, 0(a2)
	c.sw	a1, 0(a5)
	c.lw	a3, 0(a5)
	sd	a3, 8(a2)
	mv	sp, a0
	c.sdsp	a1, 0(sp)
	c.ldsp	a3, 0(sp)
	c.swsp	a1, 0(sp)
	c.lwsp	a4, 0(sp)
	mv	sp, t0
	sd	a3, 16(a2)
	sd	a4, 24(a2)
	ret

	/*
	 * x1-x31 (but a7, the call's number, and a0, its result) survive a
	 * hypercall: each set to 0x1000 + N, a null hypercall, then each
	 * stored in regs_after[] (x31 through sscratch). The host's
	 * registers wait in host_save.
	 */
	.globl	registers_across_exit
registers_across_exit:
	la	t0, host_save
	sd	ra, 0(t0)
	sd	sp, 8(t0)
	sd	gp, 16(t0)
	sd	tp, 24(t0)
	.irp	n, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	sd	x\n, (8 * \n)(t0)
	.endr
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, \
		18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	li	x\n, (0x1000 + \n)
	.endr
	li	a7, VIREO_HC_NULL
	li	a0, 0
	ecall
	csrw	sscratch, x31
	la	x31, regs_after
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, \
		18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	sd	x\n, (8 * \n)(x31)
	.endr
	csrr	t0, sscratch
	sd	t0, (8 * 31)(x31)
	la	t0, host_save
	ld	ra, 0(t0)
	ld	sp, 8(t0)
	ld	gp, 16(t0)
	ld	tp, 24(t0)
	.irp	n, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	ld	x\n, (8 * \n)(t0)
	.endr
	ld	a0, (8 * 10)(x31)
	ret

	/*
	 * uint64_t bench_<name>(n, addr): time ticks for n rounds of a loop
	 * of four instructions: a7 (the number, again each round), the
	 * body, the count. Bodies: a nop (the loop's own cost), the empty
	 * exit (VIREO_ECALL_EMPTY: the floor), SBI get_spec_version (the
	 * backend answers it), the null Vireo hypercall, a 32-bit load
	 * from addr (MMIO).
	 */
	.macro	bench, name, nr, insn
	.globl	bench_\name
bench_\name:
	mv	t1, a0
	mv	t2, a1
	li	a6, 0
	rdtime	t3
1:	li	a7, \nr
	\insn
	addi	t1, t1, -1
	bnez	t1, 1b
	rdtime	a0
	sub	a0, a0, t3
	ret
	.endm

	bench	loop, 0, nop
	bench	floor, VIREO_ECALL_EMPTY, ecall
	bench	psci_version, SBI_EXT_BASE, ecall
	bench	null_hypercall, VIREO_HC_NULL, ecall
	bench	mmio_read32, 0, "lw a1, 0(t2)"

	/*
	 * FMV.D.X fN, a0 and FSD fN, (N * 8)(a0) as words (the encodings
	 * of the unprivileged spec): the image's -march has no D, and
	 * clang 14's assembler has no ".option arch" to add it.
	 */
	.macro	fmv_d_x_a0, n
	.word	0xf2000053 | (10 << 15) | (\n << 7)
	.endm
	.macro	fsd_a0, n
	.word	(((\n * 8) >> 5) << 25) | (\n << 20) | (10 << 15) | (3 << 12) | \
		(((\n * 8) & 31) << 7) | 0x27
	.endm

	/* fp_fill(seed): fN = seed + N; fcsr left as it is */
	.globl	fp_fill
fp_fill:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fmv_d_x_a0 \n
	addi	a0, a0, 1
	.endr
	ret

	/* fp_dump(out): f0-f31, then fcsr */
	.globl	fp_dump
fp_dump:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd_a0	\n
	.endr
	csrr	t0, 0x003
	sd	t0, (8 * 32)(a0)
	ret

	.bss
	.balign	16
	.globl	fault_expected, fault_seen
fault_expected:
	.skip	8
fault_seen:
	.skip	16
host_save:
	.skip	256
	.globl	regs_after
regs_after:
	.skip	256

	.section .note.GNU-stack, "", %progbits
