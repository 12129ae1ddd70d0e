/* SPDX-License-Identifier: MIT */
/* x86_64 fences and TLB maintenance (see hal/barrier.h). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#include <stdint.h>

#define mb() __asm__ volatile("mfence" : : : "memory")
#define rmb() __asm__ volatile("lfence" : : : "memory")
#define wmb() __asm__ volatile("sfence" : : : "memory")
/* Moves to control registers serialize already. */
#define isb() __asm__ volatile("" : : : "memory")

static inline void tlb_flush_all(void)
{
	uint64_t cr3;

	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

static inline void tlb_flush_va(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* EPT/NPT flushes belong to the virtualization backend (INVEPT needs
 * VMX on, NPT uses the VMCB); nothing to do from here. */
static inline void tlb_flush_guest_all(void)
{
}

/* Every translation of the VM tagged vmid (its ASID / VPID): the vCPU
 * backend (arch/x86_64/virt/vcpu.c) flushes them before any vCPU of it
 * runs again (SVM: TLB_CONTROL in the VMCB; VMX: INVEPT/INVVPID). */
void tlb_flush_guest_vmid(uint16_t vmid);

#endif
