/* SPDX-License-Identifier: MIT */
/* What x86_64 keeps per CPU, in struct cpu (hal/cpu.h): cpu.c fills it. */
#ifndef ASM_ARCH_CPU_H
#define ASM_ARCH_CPU_H

#include <asm/segment.h>
#include <vireo/types.h>

/* The 64-bit TSS: only the IST pointers are used. */
struct x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

/* The GS base points here: this_cpu() is one %gs-relative load. */
struct arch_cpu {
	struct cpu *self;	/* first: this_cpu() reads %gs:0 */
	uint64_t gdt[GDT_ENTRIES];
	struct x86_tss tss;
	uintptr_t df_stack_top;	/* its double-fault stack */
};

#endif
