/* SPDX-License-Identifier: MIT */
/*
 * aarch64's half of struct vcpu (hal/vcpu.h): the guest's registers and
 * what the last exit left to finish. Only arch/aarch64/virt/ reads it;
 * virt/switch.S reaches x[], pc and pstate through the generated
 * offsets (asm-offsets.c).
 */
#ifndef ASM_ARCH_VCPU_H
#define ASM_ARCH_VCPU_H

#include <asm/vgic.h>
#include <vireo/spinlock.h>
#include <vireo/types.h>

/*
 * The EL1 (and EL0) system registers of the guest. The hypervisor never
 * uses them, so they are switched only when another vCPU is loaded on
 * this CPU, not on every exit (virt/vcpu.c).
 */
struct arch_vcpu_el1 {
	uint64_t sctlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar;
	uint64_t contextidr, tpidr_el1, tpidr_el0, tpidrro_el0, sp_el0, sp_el1;
	uint64_t elr, spsr, esr, far, afsr0, afsr1, par, cntkctl, csselr;
	uint64_t cntv_ctl, cntv_cval;
};

/* FP/SIMD: q0-q31 (qN at N * 16), FPSR, FPCR; switched with the EL1
 * registers (virt/fp.S), the hypervisor uses none. */
struct arch_vcpu_fp {
	uint64_t q[64];
	uint64_t fpsr, fpcr;
} __aligned(16);

/* What the last exit needs from vcpu_set_result()/vcpu_set_power(). */
enum arch_vcpu_pending {
	ARCH_VCPU_NONE,
	ARCH_VCPU_X0,		/* hypercall: the result goes to x0 */
	ARCH_VCPU_LOAD,		/* emulated load: register, width, sign
				 * extension from esr (its ISS) */
	ARCH_VCPU_SYSREG_READ,	/* MRS: into the register esr names */
	ARCH_VCPU_PSCI,		/* power request: PSCI return code in x0 */
};

/* The list registers this backend uses at most (QEMU's GIC has 4). */
#define VGIC_MAX_LRS 16

/* A vCPU's view of the virtual CPU interface (virt/vgic.c): the list
 * registers' contents between two runs, and what the guest set in GICV
 * (GICH_VMCR, GICH_APR), switched with the vCPU. */
struct arch_vcpu_vgic {
	uint32_t lr[VGIC_MAX_LRS];
	uint32_t vmcr, apr;
	uint16_t used;			/* LRs holding an interrupt */
	bool kick;			/* the distributor may have something
					 * new for it */
	bool vtimer_masked;		/* host PPI 27 off: the guest's timer
					 * fired, its virtual 27 not yet done */
};

/* A host interrupt forwarded to the VM (arch_vm_forward_irq()): the
 * argument of its host handler. */
struct vgic_forward {
	struct arch_vm *vm;
	unsigned int host_irq, virq;
	bool level;
	bool masked;			/* level: off at the host until the
					 * guest's EOI */
};

#define ARCH_VM_MAX_FORWARDS 8
/* The virtual interrupts vcpu_pend_irq() takes: INTIDs below this. */
#define ARCH_VM_NR_VIRQS VGIC_NR_IRQS

/* What the backend keeps for a whole VM: its virtual distributor. */
struct arch_vm {
	spinlock_t lock;		/* dist, from the VM's every CPU */
	struct vgic_dist dist;
	bool has_gicv;			/* GICV mapped: interrupts by LR */
	uint64_t gicd_base, gicc_base;	/* the guest's (struct vm_intc) */
	struct vgic_forward forwards[ARCH_VM_MAX_FORWARDS];
	unsigned int nr_forwards;
	struct arch_vcpu *vcpus[VGIC_MAX_VCPUS];	/* vcpu_attach() */
};

/* A device's interrupt as its VM configuration names it (the GIC
 * binding's SPI n) and as vcpu_pend_irq() takes it (INTID 32 + n). */
#define ARCH_VM_NR_SPIS VGIC_NR_SPIS
#define ARCH_VM_SPI_VIRQ(n) (VGIC_NR_PRIVATE + (n))

/* The test device's line (include/vireo/hypercall.h): SPI 2, since SPI 1
 * is the UART's on QEMU's virt machine, which VMs copy. */
#define ARCH_VM_TESTDEV_SPI 2
#define ARCH_VM_TESTDEV_VIRQ ARCH_VM_SPI_VIRQ(ARCH_VM_TESTDEV_SPI)

struct arch_vcpu {
	uint64_t x[31];			/* x0-x30 */
	uint64_t pc, pstate;		/* ELR_EL2, SPSR_EL2: adjacent */
	uint64_t hcr, vttbr, vmpidr, cntvoff;
	uint64_t gicd_base;		/* its VM's, for the hot exit's check */
	struct arch_vcpu_el1 el1;
	struct arch_vcpu_fp fp;
	struct arch_vm *vm;		/* vcpu_attach() */
	struct arch_vcpu_vgic vgic;
	/* the last exit */
	uint64_t esr;			/* its syndrome */
	enum arch_vcpu_pending pending;
	bool oslk;			/* its OS Lock (virt/sysreg.c) */
};

/* What a trap from the guest left in EL2's registers (virt/exit.c). */
struct arm64_trap {
	unsigned long kind;	/* vector slot: 8 sync, 9 IRQ, 10 FIQ, 11
				 * SError; 12-15 the same from AArch32 */
	uint64_t esr, far, hpfar;
};

struct vm_exit;

/*
 * Decode trap t of a (registers saved) into *exit. Returns true when the
 * core must see the exit, false when the guest can go on as it is (the
 * backend answered it: PSCI_VERSION, FEATURES, ...). Pure C: host tests
 * feed it syndromes from the Arm ARM.
 */
bool arm64_exit_decode(struct arch_vcpu *a, const struct arm64_trap *t,
		       struct vm_exit *exit);

/*
 * A trapped system register access (ISS of EC 0x18) the backend answers
 * itself (virt/sysreg.c: debug and PMU registers read as zero, writes
 * ignored; set/way cache maintenance done as clean and invalidate): true
 * when done, the guest PC past it. Pure C, as arm64_exit_decode().
 */
bool arm64_sysreg_emulate(struct arch_vcpu *a, uint32_t iss);

/* DC CISW with a guest's set/way operand (virt/vcpu.c). */
void arm64_dc_cisw(uint64_t set_way);

/* virt/vgic.c, around each run of the guest: the list registers loaded
 * and read back, only while there is something in them or for them (the
 * tests inline: they are on every exit) */
void __vgic_flush(struct arch_vcpu *a, unsigned int id);
void __vgic_sync(struct arch_vcpu *a, unsigned int id);

static inline void vgic_flush(struct arch_vcpu *a, unsigned int id)
{
	if (a->vgic.used | a->vgic.kick)
		__vgic_flush(a, id);
}

static inline void vgic_sync(struct arch_vcpu *a, unsigned int id)
{
	if (a->vgic.used)
		__vgic_sync(a, id);
}

void vgic_load(struct arch_vcpu *a);
void vgic_save(struct arch_vcpu *a);
/* Exit e, if a GICD access, handled by the backend: true when the guest
 * goes on; false for any other exit, or a refused access (e is then an
 * UNHANDLED exit naming why). */
struct vcpu;
bool __vgic_mmio(struct vcpu *v, struct vm_exit *e);
#define vgic_mmio(v, e)                                                 \
	((e)->reason == VM_EXIT_MMIO &&                                 \
	 (e)->mmio.addr - (v)->arch.gicd_base < VGIC_GICD_SIZE &&        \
	 __vgic_mmio(v, e))
/* A WFI exit e: true when the vCPU has an interrupt to take (the WFI
 * ends at once); else gives in e when its timer ends a wait. */
bool vgic_wfi(struct vcpu *v, struct vm_exit *e);
/* After an IRQ exit: the guest's timer condition met raises virtual 27. */
void vgic_vtimer_check(struct arch_vcpu *a, unsigned int id);

/* The world switch (virt/switch.S): run the guest until it traps;
 * returns the vector slot (struct arm64_trap's kind). */
unsigned long __guest_run(struct arch_vcpu *a);

/* virt/fp.S: save the CPU's FP/SIMD registers to fp, load them from it */
void __fp_save(struct arch_vcpu_fp *fp);
void __fp_restore(const struct arch_vcpu_fp *fp);

/* The host's frame __guest_run keeps on the stack while the guest runs:
 * the trap vectors find the vCPU in it. */
struct guest_host_frame {
	uint64_t x19[10];		/* x19-x28 */
	uint64_t fp, lr;
	struct arch_vcpu *vcpu;
	uint64_t pad;			/* keeps sp 16-byte aligned */
};

#endif
