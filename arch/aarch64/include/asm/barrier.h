/* SPDX-License-Identifier: MIT */
/* aarch64 barriers and EL2 TLB maintenance (see hal/barrier.h). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#include <stdint.h>

#define mb() __asm__ volatile("dsb sy" : : : "memory")
#define rmb() __asm__ volatile("dsb ld" : : : "memory")
#define wmb() __asm__ volatile("dsb st" : : : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")

static inline void tlb_flush_all(void)
{
	__asm__ volatile("dsb ishst; tlbi alle2; dsb ish; isb" : : : "memory");
}

static inline void tlb_flush_va(uintptr_t va)
{
	__asm__ volatile("dsb ishst; tlbi vae2, %0; dsb ish; isb"
			 : : "r"(va >> 12) : "memory");
}

static inline void tlb_flush_guest_all(void)
{
	__asm__ volatile("dsb ishst; tlbi alle1; dsb ish; isb" : : : "memory");
}

#endif
