/* SPDX-License-Identifier: MIT */
/*
 * x86_64's half of struct vcpu (hal/vcpu.h), shared by both hardware
 * backends (asm/x86_virt.h): the guest's general registers, its virtual
 * local APIC, and what the last exit left to finish. Only
 * arch/x86_64/virt/ reads it; the world switches reach struct x86_regs
 * through the generated offsets (asm-offsets.c).
 */
#ifndef ASM_ARCH_VCPU_H
#define ASM_ARCH_VCPU_H

#include <vireo/spinlock.h>
#include <vireo/timer_list.h>
#include <vireo/types.h>

struct pgtable;
struct vcpu;

/* The general registers in the instruction set's numbering (rax 0 ..
 * r15 15: ModRM's reg and rm fields index regs.gpr), then rip, rflags. */
enum x86_gpr {
	X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI,
	X86_RDI, X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13,
	X86_R14, X86_R15, X86_NR_GPRS
};

struct x86_regs {
	uint64_t gpr[X86_NR_GPRS];
	uint64_t rip, rflags;
};

/* The virtual local APIC's registers (virt/vlapic.c; xAPIC layout, Intel
 * SDM vol. 3 table 11-1), 256-bit vectors as 8 words of 32 bits. */
#define VLAPIC_BASE 0xfee00000ULL
#define VLAPIC_SIZE 0x1000
#define VLAPIC_NR_LVT 6		/* timer, thermal, perf, LINT0, LINT1, error */

struct vlapic {
	uint32_t id;			/* APIC id = vCPU number */
	uint32_t tpr, ldr, dfr, svr, esr, icr_lo, icr_hi;
	uint32_t lvt[VLAPIC_NR_LVT];	/* at 0x320 ... 0x370 */
	uint32_t tmict, tdcr;		/* timer initial count, divide */
	uint32_t isr[8], irr[8], tmr[8];
	uint32_t line[8];		/* vcpu_pend_irq() levels, by vector */
	/* the timer: its start and next expiry, in guest TSC ticks (0: not
	 * armed); TSC-deadline mode's IA32_TSC_DEADLINE */
	uint64_t timer_start, timer_expiry, tsc_deadline;
};

/* What the last exit needs from vcpu_set_result()/vcpu_set_power(). */
enum arch_vcpu_pending {
	ARCH_VCPU_NONE,
	ARCH_VCPU_RAX,		/* hypercall result */
	ARCH_VCPU_LOAD,		/* emulated load: load_reg, width, extension */
	ARCH_VCPU_IN,		/* port input: al/ax/eax, width */
};

#define ARCH_VM_MAX_VCPUS 4

/* The guest's x87/SSE state, as FXSAVE lays it out (SDM vol. 1 table
 * 10-2): switched only when another vCPU is loaded on the CPU, since
 * the hypervisor itself uses none (virt/vcpu.c). */
struct x86_fxsave {
	uint8_t bytes[512];
} __attribute__((aligned(16)));

struct arch_vcpu {
	struct x86_regs regs;
	struct x86_fxsave fp;
	uint64_t dr[4];			/* DR0-DR3 (DR6/DR7: the VMCB's/VMCS's),
					 * switched as fp is */
	paddr_t hw;			/* the backend's pages (X86_VCPU_HW_PAGES) */
	bool hw_ready;			/* vcpu_setup() done for this start */
	bool entered;			/* has run since vcpu_init() */
	bool window;			/* irq_window() asked for */
	bool fp_saved;			/* fp holds its state (else: reset) */
	int cpu;			/* where it last ran, -1: nowhere */
	uint16_t tag;			/* ASID / VPID */
	uint32_t hw_gen;		/* the backend's (SVM: TLB flushes seen) */
	paddr_t s2_root;
	uint64_t tsc_offset;		/* guest TSC = host TSC - offset */
	uint64_t next_rip;		/* past the trapping instruction */
	/* the last RAM leaves of its NPT/EPT an instruction fetch went
	 * through (virt/vcpu.c), valid while s2_gen is x86_s2_gen */
	struct {
		uint64_t gpa, size;
		paddr_t pa;
	} s2_leaf[4];
	unsigned int s2_next;		/* the one to replace */
	uint32_t s2_gen;
	/* the last exit */
	enum arch_vcpu_pending pending;
	uint8_t load_reg, load_width, load_bits;
	bool load_sign;
	uint8_t load_high8;		/* ah, ch, dh, bh: bits 15:8 */
	/* start-up IPIs sent and not yet asked of the core (CPU_ON) */
	uint8_t sipi_targets;		/* bit n: vCPU n */
	uint8_t sipi_vector;
	struct vlapic lapic;
	struct timer lapic_timer;	/* its host timer, on its CPU */
	struct arch_vm *vm;		/* vcpu_attach() */
	struct vcpu *self;
};

/* A host interrupt forwarded to the VM (arch_vm_forward_irq()). */
#define ARCH_VM_MAX_FORWARDS 8

/* What the backend keeps for a whole VM. */
struct arch_vm {
	spinlock_t lock;		/* the vLAPICs' IRR/ISR from other vCPUs */
	unsigned int nr_vcpus;
	struct pgtable *s2;		/* its NPT/EPT (instruction fetches) */
	paddr_t hw_pages;		/* ARCH_VM_MAX_VCPUS * X86_VCPU_HW_PAGES */
	struct arch_vcpu *vcpus[ARCH_VM_MAX_VCPUS];	/* vcpu_attach() */
};

/*
 * Virtual interrupts are vectors (vcpu_pend_irq()): a device's line n,
 * as a VM configuration names it (the GIC binding's SPI n, which x86
 * configurations keep for now), is vector 0x30 + n on the boot vCPU's
 * local APIC, level-triggered: raised while the line is up.
 */
#define ARCH_VM_NR_VIRQS 256
#define ARCH_VM_NR_SPIS 64
#define ARCH_VM_SPI_VIRQ(n) (0x30 + (n))
#define ARCH_VM_TESTDEV_SPI 2
#define ARCH_VM_TESTDEV_VIRQ ARCH_VM_SPI_VIRQ(ARCH_VM_TESTDEV_SPI)

/* x86 guests boot by PVH (virt/pvh.c), not with a device tree; every
 * VM has its local APICs (no configuration node) and I/O ports. */
#define ARCH_VM_BOOT_PVH 1
#define ARCH_VM_BUILTIN_INTC 1
#define ARCH_VM_HAS_PORT_IO 1

#endif
