/* SPDX-License-Identifier: MIT */
/*
 * Intel VT-x: the VMX capability MSRs, VMCS field encodings, control
 * bits and exit reasons the VMX backend (virt/vmx.c) uses. Numbers from
 * the Intel SDM vol. 3: appendix A (capability MSRs), appendix B (field
 * encodings), appendix C (exit reasons), ch. 25 (controls), ch. 28
 * (exit qualifications), ch. 29.3 (EPTP).
 */
#ifndef ASM_VMX_H
#define ASM_VMX_H

#include <vireo/types.h>

/* Capability MSRs (appendix A) */
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define FEATURE_CONTROL_LOCK (1u << 0)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1u << 2)
#define MSR_IA32_VMX_BASIC 0x480
#define MSR_IA32_VMX_PINBASED_CTLS 0x481
/* MSR_IA32_VMX_PROCBASED_CTLS 0x482, _CTLS2 0x48b: asm/msr.h */
#define MSR_IA32_VMX_EXIT_CTLS 0x483
#define MSR_IA32_VMX_ENTRY_CTLS 0x484
#define MSR_IA32_VMX_MISC 0x485
#define MSR_IA32_VMX_CR0_FIXED0 0x486
#define MSR_IA32_VMX_CR0_FIXED1 0x487
#define MSR_IA32_VMX_CR4_FIXED0 0x488
#define MSR_IA32_VMX_CR4_FIXED1 0x489
#define MSR_IA32_VMX_EPT_VPID_CAP 0x48c
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x48d
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48e
#define MSR_IA32_VMX_TRUE_EXIT_CTLS 0x48f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS 0x490
#define MSR_IA32_PAT 0x277

/* IA32_VMX_BASIC (A.1) */
#define VMX_BASIC_REVISION(b) ((uint32_t)(b) & 0x7fffffff)
#define VMX_BASIC_REGION_SIZE(b) (((b) >> 32) & 0x1fff)
#define VMX_BASIC_TRUE_CTLS (1ULL << 55)
/* IA32_VMX_MISC (A.6): preemption timer ticks every 2^rate TSC ticks */
#define VMX_MISC_PREEMPT_RATE(m) ((m) & 0x1f)
/* IA32_VMX_EPT_VPID_CAP (A.10) */
#define EPT_CAP_WALK4 (1ULL << 6)
#define EPT_CAP_WB (1ULL << 14)
#define EPT_CAP_INVEPT (1ULL << 20)
#define EPT_CAP_INVEPT_SINGLE (1ULL << 25)
#define EPT_CAP_INVEPT_ALL (1ULL << 26)
#define VPID_CAP_INVVPID (1ULL << 32)
#define VPID_CAP_INVVPID_SINGLE (1ULL << 41)
#define VPID_CAP_INVVPID_ALL (1ULL << 42)

/* EPTP (29.3.2 / 25.6.11): WB, 4-level walk */
#define EPTP_WB_4LEVEL (6ULL | 3ULL << 3)
#define INVEPT_SINGLE 1
#define INVEPT_ALL 2
#define INVVPID_SINGLE 1
#define INVVPID_ALL 2

/* Pin-based controls (25.6.1) */
#define PIN_EXT_INTR (1u << 0)
#define PIN_NMI (1u << 3)
#define PIN_PREEMPT_TIMER (1u << 6)

/* Primary processor-based controls (25.6.2) */
#define CPU_INTR_WINDOW (1u << 2)
#define CPU_TSC_OFFSET (1u << 3)
#define CPU_HLT (1u << 7)
#define CPU_INVLPG (1u << 9)
#define CPU_MWAIT (1u << 10)
#define CPU_RDPMC (1u << 11)
#define CPU_RDTSC (1u << 12)
#define CPU_CR3_LOAD (1u << 15)
#define CPU_CR3_STORE (1u << 16)
#define CPU_CR8_LOAD (1u << 19)
#define CPU_CR8_STORE (1u << 20)
#define CPU_MOV_DR (1u << 23)
#define CPU_IO_ALL (1u << 24)
#define CPU_IO_BITMAPS (1u << 25)
#define CPU_MSR_BITMAPS (1u << 28)
#define CPU_MONITOR (1u << 29)
#define CPU_SECONDARY (1u << 31)

/* Secondary processor-based controls (25.6.2) */
#define CPU2_EPT (1u << 1)
#define CPU2_RDTSCP (1u << 3)
#define CPU2_VPID (1u << 5)
#define CPU2_UNRESTRICTED (1u << 7)
#define CPU2_INVPCID (1u << 12)

/* VM-exit controls (25.7.1) */
#define EXIT_HOST_64 (1u << 9)
#define EXIT_SAVE_PAT (1u << 18)
#define EXIT_LOAD_PAT (1u << 19)
#define EXIT_SAVE_EFER (1u << 20)
#define EXIT_LOAD_EFER (1u << 21)
#define EXIT_SAVE_PREEMPT (1u << 22)

/* VM-entry controls (25.8.1) */
#define ENTRY_IA32E (1u << 9)
#define ENTRY_LOAD_PAT (1u << 14)
#define ENTRY_LOAD_EFER (1u << 15)

/* VMCS fields (appendix B) */
enum vmcs_field {
	VMCS_VPID = 0x0000,
	VMCS_GUEST_ES_SEL = 0x0800,	/* ES, CS, SS, DS, FS, GS, LDTR, TR:
					 * selector, limit, AR, base fields
					 * are consecutive (+2 each) */
	VMCS_HOST_ES_SEL = 0x0c00,
	VMCS_HOST_CS_SEL = 0x0c02,
	VMCS_HOST_SS_SEL = 0x0c04,
	VMCS_HOST_DS_SEL = 0x0c06,
	VMCS_HOST_FS_SEL = 0x0c08,
	VMCS_HOST_GS_SEL = 0x0c0a,
	VMCS_HOST_TR_SEL = 0x0c0c,
	VMCS_IO_BITMAP_A = 0x2000,
	VMCS_MSR_BITMAP = 0x2004,
	VMCS_TSC_OFFSET = 0x2010,
	VMCS_EPTP = 0x201a,
	VMCS_GUEST_PHYS_ADDR = 0x2400,
	VMCS_LINK_POINTER = 0x2800,
	VMCS_GUEST_DEBUGCTL = 0x2802,
	VMCS_GUEST_PAT = 0x2804,
	VMCS_GUEST_EFER = 0x2806,
	VMCS_HOST_PAT = 0x2c00,
	VMCS_HOST_EFER = 0x2c02,
	VMCS_PIN_CTLS = 0x4000,
	VMCS_CPU_CTLS = 0x4002,
	VMCS_EXCEPTION_BITMAP = 0x4004,
	VMCS_CR3_TARGET_COUNT = 0x400a,
	VMCS_EXIT_CTLS = 0x400c,
	VMCS_EXIT_MSR_STORE_COUNT = 0x400e,
	VMCS_EXIT_MSR_LOAD_COUNT = 0x4010,
	VMCS_ENTRY_CTLS = 0x4012,
	VMCS_ENTRY_MSR_LOAD_COUNT = 0x4014,
	VMCS_ENTRY_INTR_INFO = 0x4016,
	VMCS_ENTRY_EXC_ERROR = 0x4018,
	VMCS_ENTRY_INSN_LEN = 0x401a,
	VMCS_CPU_CTLS2 = 0x401e,
	VMCS_INSN_ERROR = 0x4400,
	VMCS_EXIT_REASON = 0x4402,
	VMCS_EXIT_INTR_INFO = 0x4404,
	VMCS_EXIT_INTR_ERROR = 0x4406,
	VMCS_IDT_VECTORING_INFO = 0x4408,
	VMCS_IDT_VECTORING_ERROR = 0x440a,
	VMCS_EXIT_INSN_LEN = 0x440c,
	VMCS_GUEST_ES_LIMIT = 0x4800,
	VMCS_GUEST_GDTR_LIMIT = 0x4810,
	VMCS_GUEST_IDTR_LIMIT = 0x4812,
	VMCS_GUEST_ES_AR = 0x4814,
	VMCS_GUEST_INTERRUPTIBILITY = 0x4824,
	VMCS_GUEST_ACTIVITY = 0x4826,
	VMCS_GUEST_SYSENTER_CS = 0x482a,
	VMCS_PREEMPT_TIMER = 0x482e,
	VMCS_HOST_SYSENTER_CS = 0x4c00,
	VMCS_CR0_MASK = 0x6000,
	VMCS_CR4_MASK = 0x6002,
	VMCS_CR0_SHADOW = 0x6004,
	VMCS_CR4_SHADOW = 0x6006,
	VMCS_EXIT_QUAL = 0x6400,
	VMCS_GUEST_LINEAR_ADDR = 0x640a,
	VMCS_GUEST_CR0 = 0x6800,
	VMCS_GUEST_CR3 = 0x6802,
	VMCS_GUEST_CR4 = 0x6804,
	VMCS_GUEST_ES_BASE = 0x6806,
	VMCS_GUEST_GDTR_BASE = 0x6816,
	VMCS_GUEST_IDTR_BASE = 0x6818,
	VMCS_GUEST_DR7 = 0x681a,
	VMCS_GUEST_RSP = 0x681c,
	VMCS_GUEST_RIP = 0x681e,
	VMCS_GUEST_RFLAGS = 0x6820,
	VMCS_GUEST_PENDING_DBG = 0x6822,
	VMCS_GUEST_SYSENTER_ESP = 0x6824,
	VMCS_GUEST_SYSENTER_EIP = 0x6826,
	VMCS_HOST_CR0 = 0x6c00,
	VMCS_HOST_CR3 = 0x6c02,
	VMCS_HOST_CR4 = 0x6c04,
	VMCS_HOST_FS_BASE = 0x6c06,
	VMCS_HOST_GS_BASE = 0x6c08,
	VMCS_HOST_TR_BASE = 0x6c0a,
	VMCS_HOST_GDTR_BASE = 0x6c0c,
	VMCS_HOST_IDTR_BASE = 0x6c0e,
	VMCS_HOST_SYSENTER_ESP = 0x6c10,
	VMCS_HOST_SYSENTER_EIP = 0x6c12,
	VMCS_HOST_RSP = 0x6c14,
	VMCS_HOST_RIP = 0x6c16,
};

/* Guest segment n (0 ES .. 7 TR, the order above): its four fields. */
#define VMCS_SEG_SEL(n) (VMCS_GUEST_ES_SEL + 2 * (n))
#define VMCS_SEG_LIMIT(n) (VMCS_GUEST_ES_LIMIT + 2 * (n))
#define VMCS_SEG_AR(n) (VMCS_GUEST_ES_AR + 2 * (n))
#define VMCS_SEG_BASE(n) (VMCS_GUEST_ES_BASE + 2 * (n))
enum vmx_seg { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR,
	       SEG_TR, VMX_NR_SEGS };
/* Access rights (25.4.1): bit 16 marks a segment unusable */
#define VMX_AR_UNUSABLE (1u << 16)

/* Exit reasons (appendix C); bit 31 marks a VM-entry failure */
enum vmx_exit_reason {
	EXIT_EXCEPTION_NMI = 0,
	EXIT_EXT_INTR = 1,
	EXIT_TRIPLE_FAULT = 2,
	EXIT_INIT = 3,
	EXIT_SIPI = 4,
	EXIT_INTR_WINDOW = 7,
	EXIT_CPUID = 10,
	EXIT_HLT = 12,
	EXIT_VMCALL = 18,
	EXIT_CR_ACCESS = 28,
	EXIT_IO = 30,
	EXIT_RDMSR = 31,
	EXIT_WRMSR = 32,
	EXIT_BAD_GUEST_STATE = 33,
	EXIT_BAD_MSR_LOAD = 34,
	EXIT_MACHINE_CHECK_ENTRY = 41,
	EXIT_EPT_VIOLATION = 48,
	EXIT_EPT_MISCONFIG = 49,
	EXIT_PREEMPT_TIMER = 52,
};
#define EXIT_REASON_ENTRY_FAIL (1u << 31)
#define EXIT_REASON_BASIC(r) ((r) & 0xffff)

/* I/O exit qualification (table 28-5) */
#define IO_QUAL_SIZE(q) (((q) & 7) + 1)
#define IO_QUAL_IN (1u << 3)
#define IO_QUAL_STRING (1u << 4)
#define IO_QUAL_REP (1u << 5)
#define IO_QUAL_PORT(q) (((q) >> 16) & 0xffff)
/* EPT violation qualification (table 28-7) */
#define EPT_QUAL_READ (1u << 0)
#define EPT_QUAL_WRITE (1u << 1)
#define EPT_QUAL_FETCH (1u << 2)
#define EPT_QUAL_PERMS (7u << 3)	/* what the EPT entry allowed: 0 none */
/* CR access qualification (table 28-3) */
#define CR_QUAL_CR(q) ((q) & 0xf)
#define CR_QUAL_TYPE(q) (((q) >> 4) & 3)	/* 0 mov to CR, 1 mov from */
#define CR_QUAL_REG(q) (((q) >> 8) & 0xf)

/* VM-entry interruption information (25.8.3) */
#define INTR_INFO_VALID (1u << 31)
#define INTR_TYPE_EXT (0u << 8)
#define INTR_TYPE_HW_EXC (3u << 8)
#define INTR_INFO_ERROR (1u << 11)
/* Guest interruptibility: blocking by STI, by MOV SS */
#define INTERRUPTIBILITY_STI (1u << 0)
#define INTERRUPTIBILITY_MOV_SS (1u << 1)

struct x86_exit;

/* --- virt/vmx_rules.c: what needs no VMX instruction --- */

/* A control word from its capability MSR cap (SDM A.3-A.5): the wanted
 * bits, plus those the CPU requires (allowed-0 settings, cap's low half
 * set), minus those it cannot (allowed-1, high half clear). False if a
 * bit of need is not allowed. */
bool vmx_adjust_ctl(uint64_t cap, uint32_t want, uint32_t need,
		    uint32_t *ctl);
bool vmx_canonical(uint64_t addr);	/* 48-bit: bits 63:47 all equal */
/* A guest's WRMSR of an MSR that is guest-state field f: what the VM
 * entry accepts (SDM 27.3.1.1: EFER's reserved bits clear, PAT's types
 * valid, bases canonical). False: the guest gets #GP. */
bool vmx_msr_value_ok(enum vmcs_field f, uint64_t val);
/* The same for STAR, LSTAR, CSTAR, SFMASK, KERNEL_GS_BASE (which the
 * backend writes to the CPU: a refused value would #GP in the host). */
bool vmx_lazy_msr_value_ok(uint32_t msr, uint64_t val);
/* MOV to CR0 / CR4 the CPU takes (SDM 2.4.3, 4.1.1; no nested VMX):
 * false is the guest's #GP. efer and cr4 as the guest has them. */
bool vmx_cr0_ok(uint64_t val, uint64_t efer, uint64_t cr4);
bool vmx_cr4_ok(uint64_t val, uint64_t fixed1);
/* An I/O exit's qualification (table 28-5), an EPT violation's (table
 * 28-7) with its guest-physical address, as struct x86_exit has them. */
void vmx_decode_io(uint64_t qual, struct x86_exit *e);
void vmx_decode_ept(uint64_t qual, uint64_t gpa, struct x86_exit *e);
/* An exit (basic reason) of an instruction the guest's CPUID does not
 * give it (VMX, SMX, MONITOR/MWAIT, XSAVE): the guest gets #UD, as a
 * CPU without it would. */
bool vmx_exit_is_ud(uint32_t basic_reason);

#endif
