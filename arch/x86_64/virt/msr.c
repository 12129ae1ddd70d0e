// SPDX-License-Identifier: MIT
/*
 * The MSRs a guest may use (virt/x86.h), from Intel SDM vol. 4 and AMD
 * APM vol. 2: its TSC, its local APIC's base (xAPIC at VLAPIC_BASE,
 * enabled; no x2APIC, no move), the TSC-deadline timer, and the few an
 * OS reads at boot answered as a CPU that has none of the feature
 * would. Those the VMCB/VMCS switch (FS/GS bases, SYSCALL, SYSENTER,
 * PAT, EFER) never come here. Any other access is refused: the guest
 * gets #GP, as on a CPU without that MSR.
 */
#include <asm/apic.h>
#include <asm/msr.h>
#include "x86.h"

#define MSR_TSC 0x10
#define MSR_FEATURE_CONTROL 0x3a
#define FEATURE_CONTROL_LOCKED 1
#define MSR_BIOS_SIGN 0x8b
#define MSR_MTRRCAP 0xfe
#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_MISC_ENABLE 0x1a0
#define MISC_ENABLE_FAST_STRINGS 1
#define MSR_MTRR_FIRST 0x200	/* variable and fixed ranges */
#define MSR_MTRR_LAST 0x26f
#define MSR_MTRR_DEF_TYPE 0x2ff

static uint64_t apic_base(const struct arch_vcpu *a)
{
	return VLAPIC_BASE | APIC_BASE_ENABLE |
	       (a->lapic.id == 0 ? APIC_BASE_BSP : 0);
}

bool x86_msr_read(struct arch_vcpu *a, uint32_t msr, uint64_t now,
		  uint64_t *value)
{
	*value = 0;
	switch (msr) {
	case MSR_TSC:
		*value = now;
		return true;
	case MSR_IA32_APIC_BASE:
		*value = apic_base(a);
		return true;
	case MSR_IA32_TSC_DEADLINE:
		*value = a->lapic.tsc_deadline;
		return true;
	case MSR_FEATURE_CONTROL:	/* locked, VMX off */
		*value = FEATURE_CONTROL_LOCKED;
		return true;
	case MSR_MISC_ENABLE:
		*value = MISC_ENABLE_FAST_STRINGS;
		return true;
	case MSR_BIOS_SIGN:
	case MSR_MTRRCAP:		/* no MTRRs: NPT/EPT set the types */
	case MSR_MTRR_DEF_TYPE:
	case MSR_MCG_CAP:		/* no machine-check banks */
	case MSR_MCG_STATUS:
		return true;
	}
	return msr >= MSR_MTRR_FIRST && msr <= MSR_MTRR_LAST;
}

bool x86_msr_write(struct arch_vcpu *a, uint32_t msr, uint64_t value,
		   uint64_t now)
{
	switch (msr) {
	case MSR_IA32_APIC_BASE:	/* only as it is: no x2APIC, no move */
		return value == apic_base(a);
	case MSR_IA32_TSC_DEADLINE:
		vlapic_set_tsc_deadline(&a->lapic, value, now);
		return true;
	case MSR_BIOS_SIGN:		/* a microcode revision query */
	case MSR_MCG_STATUS:
		return true;
	case MSR_MISC_ENABLE:
		return value == MISC_ENABLE_FAST_STRINGS;
	case MSR_MTRR_DEF_TYPE:
		return true;		/* ignored: NPT/EPT set the types */
	}
	return msr >= MSR_MTRR_FIRST && msr <= MSR_MTRR_LAST;
}
