/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 test guests' entry, by PVH: 32-bit protected mode, paging
 * off, ebx = its hvm_start_info; the VM configuration's boot-args in
 * esi (mode), edx (end of its memory), ecx (mode's argument: vCPUs).
 * It maps its first 4 GiB 1:1 with 2 MiB pages, goes to long mode and
 * calls guest_main(start_info, mode, ram_end, arg). The C returns its
 * failure count: the EXIT hypercall's status.
 *
 * Other vCPUs start by INIT and start-up IPIs at ap_trampoline, copied
 * to AP_TRAMPOLINE (start-up vector AP_TRAMPOLINE >> 12) in real mode,
 * and join the 32-bit path; each runs secondary_main(its APIC id) on the
 * stack ap_stacks gives it.
 */
#include <vireo/hypercall.h>

#define CODE64 0x08
#define DATA 0x10
#define CODE32 0x18
#define AP_TRAMPOLINE 0x8000
#define AP_STACK 4096

	.section .text.start, "ax"
	.code32
	.globl	_start, guest_entry
_start:
guest_entry:
	mov	%ebx, boot_start_info
	mov	%esi, boot_mode
	mov	%edx, boot_ram_end
	mov	%ecx, boot_arg
	lgdt	gdt_ptr
	ljmp	$CODE32, $pm32_bsp
pm32_bsp:
	mov	$DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$__stack_top, %esp
	/* BSS first: the page tables are in it */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	/* the page tables: PML4[0] -> PDPT, PDPT[0..3] -> 4 PDs of 2 MiB
	 * leaves (present, writable, PS) */
	mov	$pdpt, %eax
	or	$3, %eax
	mov	%eax, pml4
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$12, %eax
	add	$pds, %eax
	or	$3, %eax
	mov	%eax, pdpt(, %ecx, 8)
	inc	%ecx
	cmp	$4, %ecx
	jb	1b
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$21, %eax
	or	$0x83, %eax
	mov	%eax, pds(, %ecx, 8)
	mov	%ecx, %eax
	shr	$11, %eax
	mov	%eax, pds + 4(, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jb	2b
	mov	$1, %edi		/* the boot vCPU */
	jmp	long_mode

/* From the trampoline or the boot path, in 32-bit mode: edi = 1 for the
 * boot vCPU, 0 for another. */
pm32_ap:
	mov	$DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%edi, %edi
long_mode:
	mov	%cr4, %eax
	or	$(1 << 5 | 1 << 9 | 1 << 10), %eax	/* PAE, OSFXSR, OSXMMEXCPT */
	mov	%eax, %cr4
	mov	$pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx	/* EFER.LME */
	rdmsr
	or	$(1 << 8), %eax
	wrmsr
	mov	%cr0, %eax
	or	$0x80000001, %eax	/* PG, PE */
	mov	%eax, %cr0
	ljmp	$CODE64, $long64

	.code64
long64:
	mov	$DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	lidt	idt_ptr(%rip)
	test	%edi, %edi
	jz	ap64
	lea	__stack_top(%rip), %rsp
	call	guest_arch_setup
	mov	boot_start_info(%rip), %edi
	mov	boot_mode(%rip), %esi
	mov	boot_ram_end(%rip), %edx
	mov	boot_arg(%rip), %ecx
	call	guest_main
	mov	%eax, %edi
	mov	$VIREO_HC_EXIT, %eax
	call	hypercall_insn
3:	cli
	hlt
	jmp	3b

ap64:
	mov	$1, %eax		/* its APIC id: CPUID 1 ebx 31:24 */
	cpuid
	shr	$24, %ebx
	mov	%ebx, %edi
	lea	1(%rbx), %eax
	shl	$12, %eax		/* AP_STACK */
	lea	ap_stacks(%rip), %rsp
	add	%rax, %rsp
	call	secondary_main
4:	cli
	hlt
	jmp	4b

	/* The hypercall instruction of the CPU's vendor (guest_intel, set
	 * by guest_arch_setup()): VMCALL on Intel, VMMCALL on AMD. */
	.globl	hypercall_insn
hypercall_insn:
	cmpb	$0, guest_intel(%rip)
	jne	5f
	vmmcall
	ret
5:	vmcall
	ret

	/* The real-mode start of another vCPU, copied to AP_TRAMPOLINE. */
	.globl	ap_trampoline, ap_trampoline_end
	.code16
ap_trampoline:
	cli
	mov	%cs, %ax
	mov	%ax, %ds
	lgdtl	(ap_gdt_ptr - ap_trampoline)
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	$CODE32, $pm32_ap
	.balign	8
ap_gdt_ptr:
	.word	gdt_end - gdt - 1
	.long	gdt
ap_trampoline_end:
	.code64

	/* One 64-bit load from addr (rdi), at isolation_probe_insn. */
	.globl	isolation_probe, isolation_probe_insn
isolation_probe:
isolation_probe_insn:
	mov	(%rdi), %rax
	ret

	/* A jump to addr (rdi): an instruction fetch there. */
	.globl	fetch_probe
fetch_probe:
	jmp	*%rdi

	/* One 64-bit store of zero to addr, at readonly_probe_insn. */
	.globl	readonly_probe, readonly_probe_insn
readonly_probe:
readonly_probe_insn:
	movq	$0, (%rdi)
	ret

	/*
	 * uint64_t bench_<name>(n, addr): TSC ticks for n rounds of a loop
	 * around one exit (the loop's own cost: bench_loop). Under QEMU's
	 * -icount shift=0 the TSC ticks once per instruction.
	 */
	.macro	bench, name, i1, i2="", i3=""
	.globl	bench_\name
bench_\name:
	push	%rbx
	mov	%rdi, %r8
	mov	%rsi, %r9
	rdtsc
	shl	$32, %rdx
	or	%rax, %rdx
	mov	%rdx, %r10
1:	\i1
	\i2
	\i3
	dec	%r8
	jnz	1b
	rdtsc
	shl	$32, %rdx
	or	%rdx, %rax
	sub	%r10, %rax
	pop	%rbx
	ret
	.endm

	/* (cpp leaves the quoted arguments alone: assembler symbols) */
	.equ	HC_EMPTY, VIREO_HC_EMPTY
	.equ	HC_NULL, VIREO_HC_NULL
	bench	loop, "nop"
	bench	floor_svm, "mov $HC_EMPTY, %eax", "vmmcall"
	bench	floor_vmx, "mov $HC_EMPTY, %eax", "vmcall"
	bench	null_hypercall_svm, "mov $HC_NULL, %eax", "xor %edi, %edi", "vmmcall"
	bench	null_hypercall_vmx, "mov $HC_NULL, %eax", "xor %edi, %edi", "vmcall"
	bench	cpuid, "xor %eax, %eax", "xor %ecx, %ecx", "cpuid"
	bench	mmio_read32, "mov (%r9), %eax"

	/*
	 * The IDT's 256 stubs: each pushes a zero error code where the CPU
	 * pushes none, and its vector, then goes to trap_entry, which calls
	 * guest_trap(frame) with the caller-saved registers kept.
	 */
	.balign	16
	.globl	trap_stubs
trap_stubs:
	vector = 0
	.rept	256
	.balign	16
	.if	!(vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30)
	push	$0
	.endif
	push	$vector
	jmp	trap_entry
	vector = vector + 1
	.endr

trap_entry:
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	mov	%rsp, %rdi
	call	guest_trap
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	add	$16, %rsp
	iretq

	.section .rodata
	.balign	8
gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: flat data */
	.quad	0x00cf9a000000ffff	/* 0x18: flat 32-bit code */
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.quad	gdt

	.data
	.balign	8
	.globl	idt_ptr
idt_ptr:
	.word	256 * 16 - 1
	.quad	guest_idt
boot_start_info: .long 0
boot_mode: .long 0
boot_ram_end: .long 0
boot_arg: .long 0

	.bss
	.balign	4096
pml4:	.skip	4096
pdpt:	.skip	4096
pds:	.skip	4 * 4096
	.globl	guest_idt
guest_idt:
	.skip	256 * 16
	.balign	4096
ap_stacks:
	.skip	4 * AP_STACK

	.section .note.GNU-stack, "", %progbits
