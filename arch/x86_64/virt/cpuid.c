// SPDX-License-Identifier: MIT
/*
 * CPUID as a guest sees it (virt/x86.h): the host's answers, less what
 * the VM does not get - the virtualization extensions themselves (VMX,
 * SVM and its leaf 0x8000000a), SMX, MONITOR/MWAIT, x2APIC (its local
 * APIC is an xAPIC), XSAVE and the AVX state it needs (XCR0 is not
 * switched) - plus what it does: the hypervisor bit, its own
 * APIC id, the TSC-deadline timer (vlapic.c), and the hypervisor leaves
 * (0x40000000 "Vireo", 0x40000010 the TSC and APIC timer rates in kHz,
 * the layout VMware, KVM and Xen share). Bit positions: Intel SDM vol. 2
 * (CPUID), AMD APM vol. 3 appendix E.
 */
#include <asm/cpuid.h>
#include <hal/time.h>
#include "x86.h"

#define LEAF1_ECX_MONITOR (1u << 3)
/* XSAVE and what needs its state: XCR0 is not switched between VMs, so
 * no guest gets XSAVE (nor AVX, FMA, F16C, AVX2, AVX-512: leaf 7) */
#define LEAF1_ECX_XSTATE (1u << 12 | 1u << 26 | 1u << 27 | 1u << 28 | \
			  1u << 29)
#define LEAF7_EBX_XSTATE (1u << 5 | 1u << 16 | 1u << 17 | 1u << 21 | \
			  1u << 26 | 1u << 27 | 1u << 28 | 1u << 30 | 1u << 31)
#define LEAF7_ECX_XSTATE (1u << 1 | 1u << 6 | 1u << 11 | 1u << 12 | 1u << 14)
#define LEAF7_EDX_XSTATE (1u << 2 | 1u << 3)
#define LEAF1_ECX_SMX (1u << 6)
#define LEAF80000001_ECX_SKINIT (1u << 12)
#define HV_MAX_LEAF CPUID_LEAF_HV_TIMING
/* "Vireo" in ebx, ecx, edx, NUL-padded */
#define HV_SIG_EBX 0x65726956u		/* "Vire" */
#define HV_SIG_ECX 0x0000006fu		/* "o" */

static void hypervisor_leaf(uint32_t leaf, uint32_t out[4])
{
	uint64_t khz = time_counter_hz() / 1000;

	out[0] = out[1] = out[2] = out[3] = 0;
	if (leaf == CPUID_LEAF_HYPERVISOR) {
		out[0] = HV_MAX_LEAF;
		out[1] = HV_SIG_EBX;
		out[2] = HV_SIG_ECX;
	} else if (leaf == CPUID_LEAF_HV_TIMING) {
		out[0] = (uint32_t)khz;		/* TSC */
		out[1] = (uint32_t)khz;		/* the APIC timer's clock */
	}
}

void x86_cpuid(unsigned int vcpu_id, uint32_t leaf, uint32_t subleaf,
	       uint32_t out[4])
{
	struct cpuid_regs r;

	if ((leaf & 0xf0000000u) == 0x40000000u) {
		hypervisor_leaf(leaf, out);
		return;
	}
	r = cpuid_count(leaf, subleaf);
	switch (leaf) {
	case 1:
		r.ecx &= ~(CPUID_1_ECX_VMX | LEAF1_ECX_SMX | LEAF1_ECX_MONITOR |
			   CPUID_1_ECX_X2APIC | LEAF1_ECX_XSTATE);
		r.ecx |= CPUID_1_ECX_HYPERVISOR | CPUID_1_ECX_TSC_DEADLINE;
		r.edx |= CPUID_1_EDX_APIC;
		/* ebx 31:24 the initial APIC id, 23:16 one per package */
		r.ebx = (r.ebx & 0x0000ffffu) | vcpu_id << 24 | 1u << 16;
		break;
	case 7:
		if (subleaf == 0) {
			r.ebx &= ~LEAF7_EBX_XSTATE;
			r.ecx &= ~LEAF7_ECX_XSTATE;
			r.edx &= ~LEAF7_EDX_XSTATE;
		}
		break;
	case 0xd:	/* XSAVE state components */
	case 5:		/* MONITOR/MWAIT */
	case 0xb:	/* x2APIC topology */
	case 0x1f:
	case 0x8000000a:	/* SVM */
		r.eax = r.ebx = r.ecx = r.edx = 0;
		break;
	case 0x80000001:
		r.ecx &= ~(CPUID_80000001_ECX_SVM | LEAF80000001_ECX_SKINIT);
		break;
	}
	out[0] = r.eax;
	out[1] = r.ebx;
	out[2] = r.ecx;
	out[3] = r.edx;
}
