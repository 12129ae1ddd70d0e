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
 *                         G-stage) of every VM: TLBI ALLE1 / HFENCE.GVMA.
 *                         On x86 the virtualization backend flushes EPT
 *                         (INVEPT) or NPT (VMCB TLB control) itself.
 *
 * Scoped by VM, for a vCPU backend (on x86 tlb_flush_guest_vmid() is the
 * vCPU backend's, arch/x86_64/virt/vcpu.c, since INVEPT/INVVPID need VMX
 * on and an SVM guest's ASID is flushed through its VMCB's TLB control:
 * it makes the VM's vCPUs flush at their next entry; there is no
 * tlb_flush_guest_ipa there, so a common caller of it fails to build
 * rather than flush nothing):
 *
 *   tlb_flush_guest_vmid(vmid)     every translation of the VM tagged
 *                         vmid, its stage 1 included: after changing its
 *                         stage-2 table beyond a page, before reusing
 *                         vmid for another VM. TLBI VMALLS12E1IS with
 *                         VTTBR_EL2.VMID = vmid (set for it, restored) /
 *                         HFENCE.GVMA zero, vmid.
 *   tlb_flush_guest_ipa(vmid, ipa) the stage-2 entry of one guest page
 *                         (and its stage-1 uses): after unmapping or
 *                         restricting that page. TLBI IPAS2E1IS then
 *                         VMALLE1IS, VMID as above / HFENCE.GVMA ipa>>2,
 *                         vmid.
 *
 * Reach: the aarch64 flushes broadcast to every CPU (inner shareable);
 * HFENCE.GVMA acts on the calling hart only, so a riscv64 caller also
 * runs it on every hart that ran the VM (cpu_call(), or SBI RFENCE).
 * Call either with no vCPU of that VM running on this CPU (the world
 * switch, not an interrupt handler, owns VTTBR_EL2 / hgatp).
 *
 * Page-table updates: write the entries, wmb(), then flush the TLB
 * (each tlb_flush_* orders the preceding table writes itself).
 */
#ifndef HAL_BARRIER_H
#define HAL_BARRIER_H

#include <asm/barrier.h>

#endif
