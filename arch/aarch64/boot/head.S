/* SPDX-License-Identifier: MIT */
/*
 * aarch64 entry. The image starts with the arm64 Linux Image header so
 * that QEMU (and U-Boot's booti) hand over the DTB in x0. We expect EL2;
 * arch_entry() in setup.c reports any other level.
 */
	.section .text.head, "ax"
	.globl _start
_start:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	CONFIG_LOAD_ADDR & 0x1fffff	/* text_offset from 2 MiB */
	.quad	__image_size			/* image_size (from vireo.lds) */
	.quad	0x2				/* flags: LE, 4 KiB pages */
	.quad	0, 0, 0				/* reserved */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* reserved */

primary_entry:
	mov	x19, x0				/* DTB physical address */
	mrs	x20, CurrentEL
	ubfx	x20, x20, #2, #2		/* exception level 0..3 */
	ldr	x1, =__boot_stack_top
	mov	sp, x1
	adr	x1, vectors
	cmp	x20, #2
	b.ne	1f
	msr	vbar_el2, x1
	msr	tpidr_el2, xzr			/* no this_cpu() before cpus_init */
	b	2f
1:	msr	vbar_el1, x1
2:	isb
	/* bss: 16-byte aligned at both ends (image.lds.h), 16 bytes a turn */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
	subs	x2, x2, x1
	b.eq	4f
3:	stp	xzr, xzr, [x1], #16
	subs	x2, x2, #16
	b.ne	3b
4:	mov	x0, x19
	mov	x1, x20
	bl	arch_entry
5:	wfe
	b	5b

	/* The boot CPU's stack; vireo.lds places it after bss. */
	.section .boot_stack, "aw", %nobits
	.balign	16
	.space	CONFIG_STACK_SIZE
