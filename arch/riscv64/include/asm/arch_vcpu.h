/* SPDX-License-Identifier: MIT */
/*
 * riscv64's half of struct vcpu (hal/vcpu.h): a VS-mode guest behind the
 * H extension's G stage. Only arch/riscv64/virt/ reads it; virt/switch.S
 * reaches x[], pc, the saved CSRs and host_sp through the generated
 * offsets (asm-offsets.c).
 */
#ifndef ASM_ARCH_VCPU_H
#define ASM_ARCH_VCPU_H

#include <vireo/spinlock.h>
#include <vireo/timer_list.h>
#include <vireo/types.h>

/*
 * The VS-level CSRs, the guest's timer compare and its FP registers. The
 * hypervisor never uses them, so they stay in the hart across exits and
 * are switched only when another vCPU is loaded on it (virt/vcpu.c).
 */
struct arch_vcpu_vs {
	uint64_t vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval;
	uint64_t vsatp, hvip, vstimecmp;
};

struct arch_vcpu_fp {
	uint64_t f[32];
	uint64_t fcsr;
};

/* What the last exit needs from vcpu_set_result()/vcpu_set_power(). */
enum arch_vcpu_pending {
	ARCH_VCPU_NONE,
	ARCH_VCPU_A0,		/* hypercall: the result goes to a0 */
	ARCH_VCPU_LOAD,		/* emulated load: into load_reg */
	ARCH_VCPU_SBI_HSM,	/* power request: SBI error (and state) */
};

/* A decoded load or store (virt/insn.c): what MMIO emulation needs. */
struct riscv_mmio_insn {
	uint8_t width;		/* bytes: 1, 2, 4, 8 */
	uint8_t reg;		/* x register: a load's rd, a store's rs2 */
	uint8_t len;		/* the instruction's bytes: 2 or 4 */
	bool write;
	bool sign_extend;
};

/*
 * The guest's PLIC (virt/vplic.c, "sifive,plic-1.0.0"): sources 1 to
 * VPLIC_NR_SOURCES - 1, one S-mode context per vCPU (context n is hart
 * n's). Level-sensitive sources, as QEMU virt's devices are.
 */
#define VPLIC_NR_SOURCES 32
#define VPLIC_MAX_CONTEXTS 4
#define VPLIC_SIZE 0x400000	/* up to the last context's claim word */

struct vplic {
	uint32_t priority[VPLIC_NR_SOURCES];
	uint32_t level;		/* the lines as the devices drive them */
	uint32_t pending;	/* the gateways' pending bits */
	uint32_t claimed;	/* claimed, not yet completed */
	uint32_t completed;	/* completed since the owner last looked
				 * (virt/vplic.c: forwarded sources) */
	uint32_t enable[VPLIC_MAX_CONTEXTS];
	uint32_t threshold[VPLIC_MAX_CONTEXTS];
	unsigned int nr_contexts;
};

/* Passthrough interrupts: host PLIC sources forwarded (level). */
#define ARCH_VM_MAX_FORWARDS 8
/* The virtual interrupts vcpu_pend_irq() takes: PLIC sources below this. */
#define ARCH_VM_NR_VIRQS VPLIC_NR_SOURCES
/* A device's interrupt as its configuration names it (the PLIC binding's
 * source n) and as vcpu_pend_irq() takes it: the same number. */
#define ARCH_VM_NR_SPIS VPLIC_NR_SOURCES
#define ARCH_VM_SPI_VIRQ(n) (n)
/* The test device's line (include/vireo/hypercall.h): PLIC source 2, as
 * on aarch64 (QEMU virt's UART is source 10). */
#define ARCH_VM_TESTDEV_SPI 2
#define ARCH_VM_TESTDEV_VIRQ ARCH_VM_SPI_VIRQ(ARCH_VM_TESTDEV_SPI)

/* Guests are RISC-V's (core/vm_fdt.c, vm_config.c): harts started by SBI
 * HSM, a PLIC ("sifive,plic-1.0.0", reg = <base VPLIC_SIZE>) for their
 * interrupt controller. */
#define ARCH_VM_RISCV_GUEST 1
#define ARCH_VM_PLIC_SIZE VPLIC_SIZE
/* The ISA string of the guest's harts (its device tree's riscv,isa). */
const char *arch_vm_guest_isa(void);

struct vcpu;

struct arch_vm;

/* A host PLIC source forwarded to the VM's (arch_vm_forward_irq()). */
struct vplic_forward {
	struct arch_vm *vm;
	unsigned int host_irq, virq;
	bool masked;		/* at the host PLIC until the guest's
				 * completion of virq */
};

/* What the backend keeps for a whole VM: its PLIC. */
struct arch_vm {
	spinlock_t lock;		/* plic, from the VM's every CPU */
	struct vplic plic;
	bool has_plic;
	uint64_t plic_base;		/* the guest's (struct vm_intc) */
	unsigned int nr_vcpus;
	struct vcpu *vcpus[VPLIC_MAX_CONTEXTS];	/* vcpu_attach() */
	struct vplic_forward forwards[ARCH_VM_MAX_FORWARDS];
	unsigned int nr_forwards;
	uint32_t forwarded;		/* the virqs of forwards[] */
};

struct arch_vcpu {
	uint64_t x[32];			/* x0 (always 0) - x31 */
	uint64_t pc;			/* sepc */
	uint64_t sstatus;		/* HS sstatus around the run (SPP:
					 * the guest's privilege) */
	uint64_t hstatus;
	uint64_t host_sp;		/* switch.S: the host's frame */
	uint64_t hgatp, htimedelta, henvcfg;
	struct arch_vcpu_vs vs;
	struct arch_vcpu_fp fp;
	struct arch_vm *vm;		/* vcpu_attach() */
	uint64_t plic_base;		/* its VM's, for the hot exit's check */
	uint32_t irq_in;		/* hvip bits other CPUs raised
					 * (atomic): merged at the next run */
	bool eip;			/* its PLIC context's line (atomic) */
	bool eip_shown;			/* hvip.VSEIP as the hart has it */
	/* the last exit */
	enum arch_vcpu_pending pending;
	uint8_t skip_len;		/* vcpu_skip(): the instruction's */
	uint8_t load_reg, load_width;
	bool load_signed;
	bool hsm_status;		/* HSM get_status: a1 the state */
	bool fences;			/* a remote fence asked for (atomic) */
	bool insn_retried;		/* the last exit: an unreadable
					 * instruction at insn_retry_pc, the
					 * guest re-entered to fetch it */
	uint64_t insn_retry_pc;
	struct timer sbi_timer;		/* SBI set_timer's, on its CPU:
					 * without Sstc raises VSTIP, with
					 * it sets timer_recheck */
	bool timer_recheck;		/* vstimecmp to be written again */
};

/* What a trap from the guest left in HS mode's registers (virt/exit.c);
 * insn: the trapping instruction where the trap needs it (a guest page
 * fault: from htinst or read by HLVX), else 0; insn_len: its length if
 * insn does not say (htinst's 32-bit form of a compressed one), else 0;
 * insn_fault: the scause of the HLVX read of it that faulted (insn 0),
 * insn_fault_addr the guest address it read, else both 0. */
struct riscv_trap {
	uint64_t scause, stval, htval, htinst;
	uint32_t insn;
	uint8_t insn_len;
	uint64_t insn_fault, insn_fault_addr;
};

struct vm_exit;

/*
 * Decode trap t of a (registers saved) into *exit. Returns true when the
 * core must see the exit, false when the guest goes on as it is (the
 * backend answered it: SBI base, time, IPI, fences). Pure C but for the
 * SBI calls that reach other vCPUs: the host tests feed it causes and
 * encodings from the privileged and unprivileged specs.
 */
bool riscv_exit_decode(struct vcpu *v, const struct riscv_trap *t,
		       struct vm_exit *exit);

/* A load or store of insn (32-bit, or compressed in its low half): true
 * and *out filled if it is one MMIO emulation handles (integer loads and
 * stores, their compressed forms), else false. Pure. */
bool riscv_decode_mmio(uint32_t insn, struct riscv_mmio_insn *out);

/* A load's value of width bytes, sign- or zero-extended to 64 bits. */
static inline uint64_t riscv_load_value(uint64_t value, unsigned int width,
					bool sign_extend)
{
	unsigned int bits = 8 * width;

	if (bits == 64)
		return value;
	value &= (1ULL << bits) - 1;
	if (sign_extend && value >> (bits - 1))
		value |= ~0ULL << bits;
	return value;
}

/* The length of the instruction whose first half is low. */
static inline unsigned int riscv_insn_len(uint32_t low)
{
	return (low & 3) == 3 ? 4 : 2;
}

/* An SBI call (a7 the extension, a6 the function): true when the core
 * must act (virt/sbi.c). */
bool riscv_sbi_call(struct vcpu *v, struct vm_exit *e);

/* hvip bits: the VS-level software, timer and external interrupts. */
#define HVIP_VSSIP (1UL << 2)
#define HVIP_VSTIP (1UL << 6)
#define HVIP_VSEIP (1UL << 10)

/* Raise bits of v's hvip from any CPU: merged before its next run. */
void riscv_vcpu_raise(struct vcpu *v, uint32_t hvip_bits);
/* A remote fence for v (SBI RFENCE): done before its next run. */
void riscv_vcpu_fence(struct vcpu *v);
/* The guest's timer compare now (SBI set_timer), v running here. */
void riscv_vcpu_set_timer(struct vcpu *v, uint64_t when);

/* The PLIC (virt/vplic.c), pure, under arch_vm's lock: set up for
 * nr_contexts; source src's line (returns the pending bits); an access
 * at off within it (NULL, or why it is refused: nothing done); whether
 * context ctx's line (its vCPU's VSEIP) is up. */
void vplic_init(struct vplic *p, unsigned int nr_contexts);
uint32_t vplic_set_level(struct vplic *p, unsigned int src, bool level);
const char *vplic_read(struct vplic *p, uint64_t off, unsigned int width,
		       uint64_t *value);
const char *vplic_write(struct vplic *p, uint64_t off, unsigned int width,
			uint64_t value);
bool vplic_eip(const struct vplic *p, unsigned int ctx);
/* A vCPU attached to its VM: its context's line as it is now. */
void riscv_vplic_attached(struct vcpu *v);

/* Exit e, if an access to its VM's PLIC, handled by the backend: true
 * when the guest goes on; false for any other exit, or a refused access
 * (e is then an UNHANDLED exit naming why). */
bool riscv_vplic_mmio(struct vcpu *v, struct vm_exit *e);

/* The world switch (virt/switch.S): run the guest until it traps;
 * returns scause. */
unsigned long __guest_run(struct arch_vcpu *a);

/* virt/fp.S: save the hart's FP registers to fp, load them from it */
void __fp_save(struct arch_vcpu_fp *fp);
void __fp_restore(const struct arch_vcpu_fp *fp);

/* The host's frame __guest_run keeps on the stack while the guest runs. */
struct guest_host_frame {
	uint64_t ra, gp, tp;
	uint64_t s[12];			/* s0-s11 */
	uint64_t pad;			/* keeps sp 16-byte aligned */
};

#endif
