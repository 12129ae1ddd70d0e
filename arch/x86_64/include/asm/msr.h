/* SPDX-License-Identifier: MIT */
/* Model-specific registers; the constants are usable from assembly. */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)	/* long mode enable */
#define EFER_NXE (1 << 11)	/* PTE bit 63 is execute-disable */
#define EFER_SVME (1 << 12)	/* AMD-V enable */

/* The GS segment base: each CPU's per-CPU area (cpu.c). */
#define MSR_GS_BASE 0xc0000101

/* The local APIC timer's deadline in TSC-deadline mode (0 disarms it). */
#define MSR_IA32_TSC_DEADLINE 0x6e0

/* VT-x capabilities: the high 32 bits are the allowed-1 settings. */
#define MSR_IA32_VMX_PROCBASED_CTLS 0x482
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x48b
#define VMX_PROCBASED_SECONDARY 0x80000000	/* CTLS2 is in use */
#define VMX_PROCBASED2_EPT (1 << 1)
#define VMX_PROCBASED2_VPID (1 << 5)

#ifndef __ASSEMBLY__
#include <stdint.h>

#ifdef VIREO_FAKE_IO
/* Host tests supply the CPU's MSRs. */
uint64_t rdmsr(uint32_t msr);
void wrmsr(uint32_t msr, uint64_t val);
#else
/* rdmsr of an MSR the CPU lacks raises #GP: check CPUID first. */
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)val),
			   "d"((uint32_t)(val >> 32))
			 : "memory");
}
#endif
#endif

#endif
