/* SPDX-License-Identifier: MIT */
/* CPUID and the feature bits Vireo looks at (usable from assembly). */
#ifndef ASM_CPUID_H
#define ASM_CPUID_H

#define CPUID_1_EDX_TSC (1 << 4)
#define CPUID_1_EDX_APIC (1 << 9)
#define CPUID_1_ECX_VMX (1 << 5)
#define CPUID_1_ECX_X2APIC (1 << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1 << 24)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)	/* running under a hypervisor */
/* Leaf 0x15: TSC/crystal ratio ebx/eax, crystal Hz in ecx (0: not given). */
#define CPUID_LEAF_TSC 0x15
/* The hypervisor range; 0x40000010 is VMware's timing leaf (eax: TSC kHz),
 * which KVM/QEMU (vmware-cpuid-freq) and others give too. */
#define CPUID_LEAF_HYPERVISOR 0x40000000
#define CPUID_LEAF_HV_TIMING 0x40000010
#define CPUID_80000001_ECX_SVM (1 << 2)
#define CPUID_80000001_EDX_NX (1 << 20)
#define CPUID_80000001_EDX_PAGE1GB (1 << 26)
#define CPUID_80000001_EDX_LM (1 << 29)
#define CPUID_8000000A_EDX_NPT (1 << 0)

#ifndef __ASSEMBLY__
#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

#ifdef VIREO_FAKE_IO
/* Host tests supply the CPU's answers. */
struct cpuid_regs cpuid(uint32_t leaf);
#else

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	return cpuid_count(leaf, 0);
}

static inline uint32_t cpuid_eax(uint32_t leaf)
{
	return cpuid(leaf).eax;
}

static inline uint32_t cpuid_ebx(uint32_t leaf)
{
	return cpuid(leaf).ebx;
}

static inline uint32_t cpuid_ecx(uint32_t leaf)
{
	return cpuid(leaf).ecx;
}

static inline uint32_t cpuid_edx(uint32_t leaf)
{
	return cpuid(leaf).edx;
}
#endif
#endif

#endif
