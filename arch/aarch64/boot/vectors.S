/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors for the level we run at. An IRQ taken at EL2 (the
 * hypervisor's own, on SP_EL2) is handed to irq_dispatch(); every other
 * exception is unexpected at this stage: save the registers and report it.
 * The frames are struct trap_frame and struct irq_frame (asm/trap.h).
 * With CONFIG_VM, exceptions from a lower EL are a guest's: they end its
 * run (guest_entry, virt/switch.S).
 */
#include <generated/asm-offsets.h>

	.macro	entry, kind
	.balign	0x80
	sub	sp, sp, #TRAP_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exception_common
	.endm

	/* x2-x17 into the frame at sp (the vector stored x0, x1): xN at
	 * N * 8 in either frame. */
	.macro	save_x2_x17
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	.endm

	/* From a guest (lower EL): the world switch's exit, virt/switch.S */
	.macro	guest_entry, kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	guest_exit
	.endm

	.macro	irq_entry
	.balign	0x80
	sub	sp, sp, #IRQ_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	b	irq_common
	.endm

	.text
	.balign	0x800
	.globl	vectors
vectors:
	entry	0	/* current EL, SP0: sync */
	entry	1
	entry	2
	entry	3
	entry	4	/* current EL, SPx: sync */
	irq_entry	/* current EL, SPx: IRQ (5) */
	entry	6
	entry	7
#ifdef CONFIG_VM
	.irp	kind, 8, 9, 10, 11, 12, 13, 14, 15	/* lower EL: A64, A32 */
	guest_entry \kind
	.endr
#else
	entry	8	/* lower EL, A64 */
	entry	9
	entry	10
	entry	11
	entry	12	/* lower EL, A32 */
	entry	13
	entry	14
	entry	15
#endif

/* Only EL2 enables interrupts (arch_entry() stops at any other level). */
irq_common:
	save_x2_x17
	stp	x18, x29, [sp, #IRQ_FRAME_X18]	/* x29 at IRQ_FRAME_FP */
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x30, x0, [sp, #IRQ_FRAME_LR]	/* ELR at IRQ_FRAME_ELR */
	str	x1, [sp, #IRQ_FRAME_SPSR]
	add	x29, sp, #IRQ_FRAME_FP	/* the frame record: x29, then x30 */
	bl	irq_dispatch
	ldr	x1, [sp, #IRQ_FRAME_SPSR]
	ldp	x30, x0, [sp, #IRQ_FRAME_LR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x18, x29, [sp, #IRQ_FRAME_X18]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #IRQ_FRAME_SIZE
	eret

exception_common:
	save_x2_x17
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #TRAP_FRAME_X30]
	mov	x0, sp
	bl	arch_exception
1:	wfe
	b	1b
