/* SPDX-License-Identifier: MIT */
/*
 * The seam between x86's common vCPU code (arch/x86_64/virt/vcpu.c:
 * the hal/vcpu.h contract, instruction decoding, the virtual local
 * APIC, CPUID, MSRs, PVH) and its two hardware backends, AMD-V (svm.c)
 * and VT-x (vmx.c), one of which is chosen at boot by CPUID.
 *
 * The common code owns the guest's general registers (struct x86_regs in
 * struct arch_vcpu): a backend loads them before each entry and stores
 * them after each exit, rip, rsp, rflags and rax included (which SVM
 * keeps in its VMCB, VMX in its VMCS). Everything else of the guest's
 * state lives in the backend's control block and is reached through
 * these ops. A backend reports each exit as one struct x86_exit; the
 * common code turns it into the contract's struct vm_exit or handles it.
 */
#ifndef ASM_X86_VIRT_H
#define ASM_X86_VIRT_H

#include <vireo/types.h>

struct vcpu;

/* What the hardware reported, backend-neutral. */
enum x86_exit_kind {
	X86_EXIT_NONE,		/* nothing to do: enter again */
	X86_EXIT_HYPERCALL,	/* VMMCALL / VMCALL */
	X86_EXIT_HLT,
	X86_EXIT_IO,		/* in/out (io.*) */
	X86_EXIT_CPUID,
	X86_EXIT_RDMSR,		/* ecx the MSR */
	X86_EXIT_WRMSR,		/* ecx the MSR, edx:eax the value */
	X86_EXIT_NPF,		/* nested page fault / EPT violation (npf.*) */
	X86_EXIT_INTR,		/* a host interrupt */
	X86_EXIT_IRQ_WINDOW,	/* the guest can take an interrupt now */
	X86_EXIT_SHUTDOWN,	/* triple fault */
	X86_EXIT_EXCEPTION,	/* an intercepted exception (exception.*) */
	X86_EXIT_INVALID,	/* the entry failed: bad guest state */
	X86_EXIT_OTHER,		/* anything else: code names it */
};

struct x86_exit {
	enum x86_exit_kind kind;
	uint64_t code;			/* the hardware's exit code / reason */
	uint64_t info1, info2;		/* its qualification (diagnostics) */
	uint8_t insn_len;		/* of the trapping instruction when the
					 * hardware says, else 0: decode it */
	union {
		struct {
			uint16_t port;
			uint8_t size;		/* 1, 2, 4 */
			bool in, string, rep;
		} io;
		struct {
			uint64_t gpa;
			bool write, fetch;
			bool present;		/* a translation existed: a
						 * permission fault */
		} npf;
		struct {
			uint8_t vector;
			bool has_error;
			uint32_t error;
			uint64_t cr2;		/* #PF */
		} exception;
	};
};

/* An event for the next entry (SVM EVENTINJ, VMX entry interruption). */
enum x86_event_type {
	X86_EVENT_EXTINT = 0,		/* an external interrupt (the vLAPIC's) */
	X86_EVENT_NMI = 2,
	X86_EVENT_EXCEPTION = 3,
};

/* What the decoder and PVH/SIPI need of the guest's system state. */
struct x86_sys_state {
	uint64_t cr0, cr3, cr4, efer;
	uint64_t cs_base;
	bool cs_l, cs_db;		/* 64-bit code; 32-bit default size */
	unsigned int cpl;
};

/* How a vCPU starts (x86_virt_ops.set_mode). */
enum x86_start_mode {
	X86_START_PVH,		/* 32-bit protected mode, paging off, flat
				 * 4 GiB CS (0x8)/DS, ES, SS (0x10), a
				 * 32-bit TSS, at ip (the PVH ABI) */
	X86_START_SIPI,		/* real mode at CS = vector << 8, IP 0
				 * (after INIT and a start-up IPI) */
	X86_START_WAIT_SIPI,	/* INIT: waits for a start-up IPI */
};

struct x86_virt_ops {
	const char *name;		/* "svm", "vmx" */
	/* Turn virtualization on on this CPU (EFER.SVME and the host save
	 * area; VMXON): 0 or -errno. Called once per CPU, before its first
	 * vCPU runs. */
	int (*cpu_enable)(void);
	/* Set up v's control block (in the pages x86_vcpu_hw_page() gives)
	 * for a guest whose NPT/EPT root is s2_root, TLB tag tag (ASID,
	 * VPID), its registers as a vCPU at reset. 0 or -errno. */
	int (*vcpu_setup)(struct vcpu *v, paddr_t s2_root, uint16_t tag);
	/* Segments and control registers for a start (the GPRs are the
	 * common code's). ip is the entry (PVH) or the SIPI vector. */
	void (*set_mode)(struct vcpu *v, enum x86_start_mode mode, uint64_t ip);
	/* Enter the guest once, until its next exit. Interrupts masked. */
	void (*run)(struct vcpu *v, struct x86_exit *e);
	void (*sys_state)(struct vcpu *v, struct x86_sys_state *s);
	/* Can v take an external interrupt on the next entry (RFLAGS.IF,
	 * no interrupt shadow, no event in flight)? */
	bool (*irq_allowed)(struct vcpu *v);
	/* Inject an event on the next entry. */
	void (*inject)(struct vcpu *v, enum x86_event_type type,
		       uint8_t vector, bool has_error, uint32_t error);
	/* Exit with X86_EXIT_IRQ_WINDOW as soon as irq_allowed() would say
	 * yes (on: asked; off: forget it). */
	void (*irq_window)(struct vcpu *v, bool on);
	void (*set_tsc_offset)(struct vcpu *v, uint64_t offset);
	/* The guest's TLB entries tagged tag are stale (its NPT/EPT
	 * changed): flush them before any vCPU of it runs again. */
	void (*flush_tag)(uint16_t tag);
	/* v will not run on this CPU again (VMCLEAR). */
	void (*vcpu_put)(struct vcpu *v);
};

extern const struct x86_virt_ops svm_ops;	/* virt/svm.c */
extern const struct x86_virt_ops vmx_ops;	/* virt/vmx.c */

/* The backend this machine runs guests with (vcpu.c), NULL: none. */
extern const struct x86_virt_ops *x86_virt;

/* Pages each vCPU gets for its backend (VMCB; VMCS + bitmaps), from
 * x86_vcpu_hw_page(v, 0..X86_VCPU_HW_PAGES-1), zeroed at vcpu_init(). */
#define X86_VCPU_HW_PAGES 4
paddr_t x86_vcpu_hw_page(const struct vcpu *v, unsigned int n);

/*
 * The hypercall ABI (include/vireo/hypercall.h): rax the number, rdi,
 * rsi, rdx, r10, r8, r9 the arguments, the result in rax. rax =
 * VIREO_HC_EMPTY is the empty exit: the backend enters again at once.
 */

#endif
