/* SPDX-License-Identifier: MIT */
/*
 * Memory barriers and TLB maintenance, one implementation per
 * architecture (arch/<arch>/include/asm/barrier.h). Which one for what:
 *
 *   mb()   every earlier load and store is visible before any later one
 *          (another CPU or a device may look): DSB SY / FENCE rw,rw / MFENCE.
 *   rmb()  earlier loads before later loads: DSB LD / FENCE r,r / LFENCE.
 *   wmb()  earlier stores before later stores, e.g. filling a page-table
 *          entry's target before the entry: DSB ST / FENCE w,w / SFENCE.
 *   isb()  later instructions see the effect of a system register write
 *          (after changing TTBR/SCTLR, before relying on it): ISB /
 *          FENCE.I / nothing needed on x86 (MOV to CR serializes).
 *
 *   tlb_flush_all()       drop every hypervisor translation on this CPU,
 *                         after changing or removing a mapping:
 *                         TLBI ALLE2 / SFENCE.VMA / CR3 reload.
 *   tlb_flush_va(va)      the same for one address: TLBI VAE2 /
 *                         SFENCE.VMA va / INVLPG.
 *   tlb_flush_guest_all() drop every guest-physical translation (stage 2,
 *                         G-stage): TLBI ALLE1 / HFENCE.GVMA. On x86 the
 *                         virtualization backend flushes EPT (INVEPT) or
 *                         NPT (VMCB TLB control) itself.
 *
 * Page-table updates: write the entries, wmb(), then flush the TLB
 * (each tlb_flush_* orders the preceding table writes itself).
 */
#ifndef HAL_BARRIER_H
#define HAL_BARRIER_H

#include <asm/barrier.h>

#endif
