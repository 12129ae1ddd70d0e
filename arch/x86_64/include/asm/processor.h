/* SPDX-License-Identifier: MIT */
/* Control registers and their bits; the constants are usable from assembly. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#define CR0_PE (1 << 0)		/* protected mode */
#define CR0_WP (1 << 16)	/* read-only pages bind supervisor writes too */
#define CR0_PG 0x80000000	/* paging */

#define CR4_PAE (1 << 5)	/* physical address extension (64-bit PTEs) */

#define X86_EFLAGS_IF (1 << 9)	/* maskable interrupts enabled */

/* Page table entry bits */
#define PTE_P (1 << 0)		/* present */
#define PTE_RW (1 << 1)		/* writable */
#define PTE_PS (1 << 7)		/* large page (in a PD: 2 MiB) */

#ifndef __ASSEMBLY__
#include <stdint.h>

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

/* Also flushes every non-global TLB entry. */
static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

#ifdef VIREO_FAKE_IO
/* Host tests supply the TSC. */
uint64_t rdtsc(void);
#else
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#endif

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}
#endif

#endif
