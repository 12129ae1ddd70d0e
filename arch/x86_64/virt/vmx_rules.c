// SPDX-License-Identifier: MIT
/*
 * The VT-x backend's rules that need no VMX instruction (asm/vmx.h):
 * control words from the capability MSRs, the values a VM entry or the
 * CPU refuses, exit qualifications decoded. Plain C, so the host unit
 * test (tests/unit/test_vmx_rules.c) checks them against the SDM.
 */
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/vmx.h>
#include <asm/x86_virt.h>

#define EFER_SCE (1u << 0)
#define EFER_LMA (1u << 10)
/* what a guest may set: SYSCALL, long mode, NX (SDM vol. 4 table 2-2) */
#define EFER_GUEST_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)
#define CR4_PAE_BIT (1u << 5)
#define CR4_VMXE_BIT (1u << 13)
#define MSR_SFMASK 0xc0000084
#define MSR_STAR 0xc0000081

bool vmx_adjust_ctl(uint64_t cap, uint32_t want, uint32_t need,
		    uint32_t *ctl)
{
	uint32_t v = (want | (uint32_t)cap) & (uint32_t)(cap >> 32);

	*ctl = v;
	return (v & need) == need;
}

bool vmx_canonical(uint64_t addr)
{
	return (uint64_t)((int64_t)(addr << 16) >> 16) == addr;
}

bool vmx_msr_value_ok(enum vmcs_field f, uint64_t val)
{
	unsigned int i;

	switch (f) {
	case VMCS_GUEST_EFER:
		return !(val & ~(uint64_t)EFER_GUEST_BITS);
	case VMCS_GUEST_PAT:
		/* UC, WC, WT, WP, WB, UC-: 0, 1, 4, 5, 6, 7 */
		for (i = 0; i < 8; i++) {
			uint8_t t = (uint8_t)(val >> (8 * i));

			if (t > 7 || t == 2 || t == 3)
				return false;
		}
		return true;
	case VMCS_GUEST_SYSENTER_CS:
		return !(val >> 32);
	default:	/* FS/GS bases, SYSENTER_ESP/EIP */
		return vmx_canonical(val);
	}
}

bool vmx_lazy_msr_value_ok(uint32_t msr, uint64_t val)
{
	if (msr == MSR_STAR)
		return true;
	if (msr == MSR_SFMASK)
		return !(val >> 32);
	return vmx_canonical(val);	/* LSTAR, CSTAR, KERNEL_GS_BASE */
}

bool vmx_cr0_ok(uint64_t val, uint64_t efer, uint64_t cr4)
{
	if (val >> 32 || ((val & CR0_PG) && !(val & CR0_PE)))
		return false;
	/* long mode needs PAE first */
	return !((val & CR0_PG) && (efer & EFER_LME) && !(cr4 & CR4_PAE_BIT));
}

bool vmx_cr4_ok(uint64_t val, uint64_t fixed1)
{
	return !(val & CR4_VMXE_BIT) && !(val & ~fixed1);
}

void vmx_decode_io(uint64_t qual, struct x86_exit *e)
{
	e->kind = X86_EXIT_IO;
	e->io.port = (uint16_t)IO_QUAL_PORT(qual);
	e->io.size = (uint8_t)IO_QUAL_SIZE(qual);
	e->io.in = qual & IO_QUAL_IN;
	e->io.string = qual & IO_QUAL_STRING;
	e->io.rep = qual & IO_QUAL_REP;
}

void vmx_decode_ept(uint64_t qual, uint64_t gpa, struct x86_exit *e)
{
	e->kind = X86_EXIT_NPF;
	e->insn_len = 0;	/* not given for EPT exits: decode it */
	e->npf.gpa = gpa;
	e->npf.write = qual & EPT_QUAL_WRITE;
	e->npf.fetch = qual & EPT_QUAL_FETCH;
	e->npf.present = qual & EPT_QUAL_PERMS;
}

bool vmx_exit_is_ud(uint32_t basic_reason)
{
	switch (basic_reason) {
	case 11:		/* GETSEC: no SMX */
	case 19 ... 27:		/* VMCLEAR .. VMXON: no VMX */
	case 36:		/* MWAIT, 39 MONITOR: no MONITOR/MWAIT */
	case 39:
	case 50:		/* INVEPT, 53 INVVPID */
	case 53:
	case 55:		/* XSETBV: no XSAVE (XCR0 is not switched) */
	case 59:		/* VMFUNC */
		return true;
	}
	return false;
}
