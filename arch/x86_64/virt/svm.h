/* SPDX-License-Identifier: MIT */
/* The VMCB (AMD64 APM vol. 2, appendix B) and what svm.c uses of it. */
#ifndef X86_SVM_H
#define X86_SVM_H

#include <vireo/types.h>

struct vmcb_seg {
	uint16_t sel, attrib;
	uint32_t limit;
	uint64_t base;
};

struct vmcb {
	/* control area */
	uint32_t intercept_cr, intercept_dr, intercept_exceptions;
	uint32_t intercept3, intercept4, intercept5;
	uint8_t reserved0[0x3c - 0x18];
	uint16_t pause_threshold, pause_count;
	uint64_t iopm_base_pa, msrpm_base_pa, tsc_offset;	/* 0x40 */
	uint32_t asid;						/* 0x58 */
	uint8_t tlb_control, reserved1[3];
	uint64_t int_ctl;					/* 0x60 */
	uint64_t int_state;					/* 0x68 */
	uint64_t exitcode, exitinfo1, exitinfo2, exitintinfo;	/* 0x70 */
	uint64_t np_enable;					/* 0x90 */
	uint64_t avic_bar, ghcb_pa;
	uint64_t eventinj;					/* 0xa8 */
	uint64_t n_cr3;						/* 0xb0 */
	uint64_t lbr_ctl, clean, nrip;				/* 0xb8 */
	uint8_t insn_len, insn_bytes[15];			/* 0xd0 */
	uint8_t reserved2[0x400 - 0xe0];
	/* state save area */
	struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	uint8_t reserved3[0x4cb - 0x4a0];
	uint8_t cpl;						/* 0x4cb */
	uint32_t reserved4;
	uint64_t efer;						/* 0x4d0 */
	uint8_t reserved5[0x548 - 0x4d8];
	uint64_t cr4, cr3, cr0, dr7, dr6, rflags, rip;		/* 0x548 */
	uint8_t reserved6[0x5d8 - 0x580];
	uint64_t rsp;						/* 0x5d8 */
	uint8_t reserved7[0x5f8 - 0x5e0];
	uint64_t rax;						/* 0x5f8 */
	uint64_t star, lstar, cstar, sfmask, kernel_gs_base;	/* 0x600 */
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip, cr2;	/* 0x628 */
	uint8_t reserved8[0x668 - 0x648];
	uint64_t g_pat;						/* 0x668 */
};

_Static_assert(__builtin_offsetof(struct vmcb, iopm_base_pa) == 0x40, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, exitcode) == 0x70, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, eventinj) == 0xa8, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, insn_len) == 0xd0, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, es) == 0x400, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, tr) == 0x490, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, efer) == 0x4d0, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, rip) == 0x578, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, rsp) == 0x5d8, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, rax) == 0x5f8, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, cr2) == 0x640, "VMCB");
_Static_assert(__builtin_offsetof(struct vmcb, g_pat) == 0x668, "VMCB");

/* intercept word 3 (0x00c) and 4 (0x010) */
#define SVM_I3_INTR (1U << 0)
#define SVM_I3_NMI (1U << 1)
#define SVM_I3_SMI (1U << 2)
#define SVM_I3_VINTR (1U << 4)
#define SVM_I3_CPUID (1U << 18)
#define SVM_I3_HLT (1U << 24)
#define SVM_I3_INVLPGA (1U << 26)
#define SVM_I3_IOIO (1U << 27)
#define SVM_I3_MSR (1U << 28)
#define SVM_I3_SHUTDOWN (1U << 31)
#define SVM_I4_VMRUN (1U << 0)
#define SVM_I4_VMMCALL (1U << 1)
#define SVM_I4_VMLOAD (1U << 2)
#define SVM_I4_VMSAVE (1U << 3)
#define SVM_I4_STGI (1U << 4)
#define SVM_I4_CLGI (1U << 5)
#define SVM_I4_SKINIT (1U << 6)
#define SVM_I4_XSETBV (1U << 13)

#define SVM_TLB_FLUSH_ALL 1

/* int_ctl (0x060) and int_state (0x068) */
#define SVM_INT_V_IRQ (1ULL << 8)
#define SVM_INT_V_PRIO_SHIFT 16
#define SVM_INT_V_IGN_TPR (1ULL << 20)
#define SVM_INT_V_INTR_MASKING (1ULL << 24)
#define SVM_INT_SHADOW (1ULL << 0)

/* EVENTINJ / EXITINTINFO */
#define SVM_EVTINJ_EV (1ULL << 11)
#define SVM_EVTINJ_VALID (1ULL << 31)

/* exit codes */
#define SVM_EXIT_EXCP_BASE 0x40
#define SVM_EXIT_INTR 0x60
#define SVM_EXIT_NMI 0x61
#define SVM_EXIT_SMI 0x62
#define SVM_EXIT_VINTR 0x64
#define SVM_EXIT_CPUID 0x72
#define SVM_EXIT_HLT 0x78
#define SVM_EXIT_INVLPGA 0x7a
#define SVM_EXIT_IOIO 0x7b
#define SVM_EXIT_MSR 0x7c
#define SVM_EXIT_SHUTDOWN 0x7f
#define SVM_EXIT_VMRUN 0x80
#define SVM_EXIT_VMMCALL 0x81
#define SVM_EXIT_VMLOAD 0x82
#define SVM_EXIT_SKINIT 0x86
#define SVM_EXIT_XSETBV 0x8d
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_INVALID ((uint64_t)-1)

/* IOIO EXITINFO1 */
#define SVM_IOIO_IN (1ULL << 0)
#define SVM_IOIO_STR (1ULL << 2)
#define SVM_IOIO_REP (1ULL << 3)
#define SVM_IOIO_SZ8 (1ULL << 4)
#define SVM_IOIO_SZ16 (1ULL << 5)

/* NPF EXITINFO1: the page-fault error code */
#define SVM_NPF_P (1ULL << 0)
#define SVM_NPF_RW (1ULL << 1)
#define SVM_NPF_ID (1ULL << 4)

#define SVM_IOPM_SIZE (3 * 4096)
#define SVM_MSRPM_SIZE (2 * 4096)

struct x86_regs;
/* svm_switch.S: VMRUN the VMCB at vmcb_pa with the GPRs of regs (but
 * rax and rsp, which are the VMCB's), the host's hidden state kept in
 * the VMCB at host_vmcb_pa (VMSAVE/VMLOAD). Interrupts masked. */
void __svm_run(paddr_t vmcb_pa, struct x86_regs *regs, paddr_t host_vmcb_pa);

#endif
