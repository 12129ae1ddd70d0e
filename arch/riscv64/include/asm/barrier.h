/* SPDX-License-Identifier: MIT */
/* riscv64 fences and address-translation fences (see hal/barrier.h). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#include <stdint.h>

#define mb() __asm__ volatile("fence rw, rw" : : : "memory")
#define rmb() __asm__ volatile("fence r, r" : : : "memory")
#define wmb() __asm__ volatile("fence w, w" : : : "memory")
#define isb() __asm__ volatile("fence.i" : : : "memory")

static inline void tlb_flush_all(void)
{
	__asm__ volatile("sfence.vma" : : : "memory");
}

static inline void tlb_flush_va(uintptr_t va)
{
	__asm__ volatile("sfence.vma %0" : : "r"(va) : "memory");
}

/* hfence.gvma zero, zero: GCC 12's -march has no H, so spell it out. */
static inline void tlb_flush_guest_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
}

#endif
