/* SPDX-License-Identifier: MIT */
/* aarch64 barriers and EL2 TLB maintenance (see hal/barrier.h). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#include <asm/sysreg.h>
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

/*
 * EL1&0 TLBIs act on the VMID in VTTBR_EL2: set it for the operation,
 * with IRQs masked so nothing on this CPU sees the borrowed value.
 */
#define VTTBR_VMID_SHIFT 48

#define with_vttbr_vmid(vmid, ops)                                          \
	do {                                                                \
		uint64_t __daif = read_sysreg(daif);                        \
		uint64_t __vttbr;                                           \
									    \
		__asm__ volatile("msr daifset, #2" : : : "memory");         \
		__vttbr = read_sysreg(vttbr_el2);                           \
		write_sysreg(vttbr_el2, (uint64_t)(vmid) << VTTBR_VMID_SHIFT); \
		isb();                                                      \
		ops;                                                        \
		write_sysreg(vttbr_el2, __vttbr);                           \
		isb();                                                      \
		write_sysreg(daif, __daif);                                 \
	} while (0)

static inline void tlb_flush_guest_vmid(uint16_t vmid)
{
	with_vttbr_vmid(vmid, __asm__ volatile(
		"dsb ishst; tlbi vmalls12e1is; dsb ish" : : : "memory"));
}

/* IPAS2E1IS takes IPA[47:12] in bits 35:0; the stage-1 entries built
 * on the old stage-2 one go with VMALLE1IS after it (Arm ARM D8.14). */
static inline void tlb_flush_guest_ipa(uint16_t vmid, uint64_t ipa)
{
	with_vttbr_vmid(vmid, __asm__ volatile(
		"dsb ishst; tlbi ipas2e1is, %0; dsb ish; tlbi vmalle1is; dsb ish"
		: : "r"(ipa >> 12) : "memory"));
}

#endif
