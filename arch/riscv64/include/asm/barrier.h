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

/*
 * HFENCE.GVMA rs1, rs2 (R-type: opcode 0x73, funct3 0, funct7 0x31):
 * rs1 a guest physical address >> 2 or zero for all, rs2 a VMID or zero
 * for all. GCC 12's -march has no H, so spell it out. It orders this
 * hart's earlier G-stage table stores itself, and acts on this hart only.
 */
static inline void tlb_flush_guest_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
}

static inline void tlb_flush_guest_vmid(uint16_t vmid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, %0"
			 : : "r"((unsigned long)vmid) : "memory");
}

static inline void tlb_flush_guest_ipa(uint16_t vmid, uint64_t ipa)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, %0, %1"
			 : : "r"(ipa >> 2), "r"((unsigned long)vmid) : "memory");
}

#endif
