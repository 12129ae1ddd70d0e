/* SPDX-License-Identifier: MIT */
/*
 * The vCPU contract: a virtual CPU of a VM, the same on every
 * architecture (aarch64 EL2 + stage 2, riscv64 H extension, x86 SVM/VMX).
 * The arch backend (arch/<arch>/virt/) keeps the guest's registers in
 * struct arch_vcpu (asm/arch_vcpu.h), which common code never reads:
 * it sets boot registers, runs the vCPU and gets back one struct vm_exit
 * per exit, which it dispatches (core/). Common code never touches an
 * architecture register.
 *
 * Life of a vCPU (one caller at a time; vcpu_run(), vcpu_skip(),
 * vcpu_set_result() and vcpu_destroy() on the CPU it is pinned to, the
 * set-up calls on any CPU while it is not loaded: before it first ran,
 * or after vcpu_destroy()):
 *   vcpu_init()           for a VM: its stage-2 root, its VMID
 *   vcpu_set_entry()      where the guest starts, its boot arguments
 *   vcpu_run()            run until the next exit the core must see
 *   vcpu_skip()           after an exit handled by emulation: go past the
 *                         trapping instruction (exits that need it say so)
 *   vcpu_set_result()     hypercall result / value of an emulated load
 *   vcpu_pend_irq() ...   virtual interrupts, virtual timer offset
 *   vcpu_destroy()        forget it on this CPU (lazy state is dropped)
 *
 * The backend handles some traps itself and keeps running the guest
 * (e.g. PSCI_VERSION on aarch64): vcpu_run() returns only what needs the
 * core. After an exit the guest PC is that of the trapping instruction,
 * except for hypercalls, whose instruction is always completed (the PC
 * is past it), as HVC/SMC, ECALL and VMCALL are never re-executed.
 */
#ifndef HAL_VCPU_H
#define HAL_VCPU_H

#include <asm/arch_vcpu.h>
#include <vireo/types.h>

struct vm;
struct pgtable_format;
struct pgtable;

/* Arguments a hypercall or a boot protocol carries in registers. */
#define VCPU_NR_ARGS 6

enum vm_exit_reason {
	VM_EXIT_HYPERCALL,	/* hvc/smc, ecall, vmcall/vmmcall */
	VM_EXIT_MMIO,		/* a load/store the CPU decoded, to no memory */
	VM_EXIT_PIO,		/* x86 in/out */
	VM_EXIT_SYSREG,		/* trapped system register / CSR / MSR */
	VM_EXIT_IDLE,		/* WFI/WFE, wfi, HLT */
	VM_EXIT_STAGE2_FAULT,	/* an access stage 2 refuses and the CPU
				 * cannot describe as MMIO */
	VM_EXIT_HOST_IRQ,	/* a physical interrupt arrived for the host */
	VM_EXIT_POWER,		/* PSCI / SBI HSM / SRST / ACPI-like request */
	VM_EXIT_UNHANDLED,	/* a trap the backend cannot decode */
};

enum vm_access { VM_ACCESS_READ, VM_ACCESS_WRITE, VM_ACCESS_EXEC };

enum vm_power_op {
	VM_POWER_OFF,		/* the whole VM */
	VM_POWER_RESET,		/* the whole VM */
	VM_POWER_CPU_ON,	/* start vCPU target at entry with context */
	VM_POWER_CPU_OFF,	/* the calling vCPU stops */
	VM_POWER_CPU_STATUS,	/* is vCPU target on? (answer: set_power) */
};

/* What the core answers a power request with (vcpu_set_power()). */
enum vm_power_status {
	VM_POWER_DONE,
	VM_POWER_ON,		/* CPU_STATUS: running */
	VM_POWER_STOPPED,	/* CPU_STATUS: off */
	VM_POWER_PENDING,	/* CPU_STATUS: starting */
	VM_POWER_ALREADY_ON,
	VM_POWER_INVALID,	/* no such target, or a bad entry */
	VM_POWER_DENIED,
	VM_POWER_UNSUPPORTED,
};

struct vm_exit {
	enum vm_exit_reason reason;
	uint64_t pc;			/* guest PC of the trapping instruction */
	union {
		struct {		/* HYPERCALL: result by vcpu_set_result() */
			uint64_t nr;
			uint64_t args[VCPU_NR_ARGS];
		} hypercall;
		struct {		/* MMIO and PIO */
			uint64_t addr;		/* GPA, or the I/O port */
			uint8_t width;		/* bytes: 1, 2, 4, 8 */
			bool write;
			bool sign_extend;	/* load: sign-extend to dest */
			uint8_t dest_bits;	/* load: 32 or 64-bit register */
			uint8_t reg;		/* the load's destination or the
						 * store's source, as the arch
						 * numbers them (diagnostics:
						 * vcpu_set_result() writes it) */
			uint64_t value;		/* store: the value written */
		} mmio;				/* load: vcpu_set_result() */
		struct {		/* SYSREG */
			uint32_t id;		/* arch encoding (ESR ISS, CSR
						 * number, MSR index) */
			bool write;
			uint64_t value;		/* write: the value */
		} sysreg;
		struct {		/* IDLE */
			bool event;		/* WFE (an event will do), not
						 * WFI (an interrupt) */
			uint64_t deadline;	/* WFI: when the vCPU's own
						 * timer ends the wait (host
						 * time_now_ns()), or
						 * TIMER_NONE: not armed */
		} idle;
		struct {		/* STAGE2_FAULT */
			uint64_t gpa;
			enum vm_access access;
			uint64_t syndrome;	/* arch: ESR_EL2, scause, ... */
		} fault;
		struct {		/* POWER */
			enum vm_power_op op;
			uint64_t target;	/* CPU_ON/STATUS: the guest's
						 * id (MPIDR, hart id) */
			uint64_t entry, context;	/* CPU_ON */
		} power;
		struct {		/* UNHANDLED */
			uint64_t syndrome;	/* arch: ESR_EL2, scause, ... */
			uint64_t info;		/* FAR, stval, exit info */
			const char *what;	/* a short description */
		} unhandled;
	};
};

struct vcpu {
	struct vm *vm;
	unsigned int id;		/* within its VM, 0 boots */
	struct arch_vcpu arch;		/* the backend's: never read it */
};

/* The page-table format (vireo/pgtable.h) of the stage-2 tables
 * vcpu_init() takes, with the input range guests get. */
const struct pgtable_format *vcpu_stage2_format(void);

/*
 * Set v up as vCPU id of vm, whose stage-2 (G-stage, NPT, EPT) root table
 * is s2_root and whose TLB tag is vmid: registers in their reset state,
 * every virtual interrupt clear. 0, or -EINVAL when the CPU cannot run
 * guests (aarch64: not at EL2, or an IPA below 40 bits), s2_root is not
 * page aligned or vmid is wider than the backend tags (aarch64: 8 bits).
 */
int vcpu_init(struct vcpu *v, struct vm *vm, unsigned int id,
	      paddr_t s2_root, uint16_t vmid);

/* Where a VM's interrupt controller sits in its guest-physical space,
 * as its configuration says (aarch64: a GICv2's distributor, GICD, and
 * CPU interface, GICC; riscv64: a PLIC at dist_base). Not present: the
 * VM has no virtual interrupts. */
struct vm_intc {
	bool present;
	uint64_t dist_base, cpu_base;
};

/*
 * The backend's state for a whole VM (struct arch_vm, asm/arch_vcpu.h:
 * its interrupt controller, at intc's addresses): set up for nr_vcpus
 * vCPUs, with what it maps into the VM's stage 2 (aarch64: the GICV
 * frame at the guest's GICC address). 0 or -errno. Each vCPU of the VM
 * is attached to it after vcpu_init().
 */
int arch_vm_init(struct arch_vm *avm, struct pgtable *s2,
		 unsigned int nr_vcpus, const struct vm_intc *intc);
void arch_vm_destroy(struct arch_vm *avm, struct pgtable *s2);

/*
 * Host interrupt host_irq (hal/irq.h's number, of a device assigned to
 * the VM) is the VM's until arch_vm_destroy(): each time it fires, the
 * VM's virtual interrupt virq is raised on the vCPUs the guest targets
 * it to - an edge, or (level) a line that stays up, the host interrupt
 * masked at the host's controller, until the guest ends it (EOI); the
 * host line is then unmasked and, if still up, fires again. 0; -EBUSY
 * if host_irq has a handler already (the hypervisor's, another VM's);
 * -EINVAL for a virq the backend has no such line for, a host interrupt
 * private to a CPU (aarch64: not an SPI), or a VM without an interrupt
 * controller; -ENOSPC past ARCH_VM_MAX_FORWARDS.
 */
int arch_vm_forward_irq(struct arch_vm *avm, unsigned int host_irq,
			unsigned int virq, bool level);
void vcpu_attach(struct vcpu *v, struct arch_vm *avm);

/* Start at guest address pc with args[0..n) in the boot registers
 * (aarch64 x0..; riscv a1.., a0 being the hart id - the vCPU's id - as
 * OpenSBI enters S mode and HSM hart_start does; x86 per its boot
 * protocol: rdi, rsi...). */
void vcpu_set_entry(struct vcpu *v, uint64_t pc, const uint64_t *args,
		    unsigned int n);

/* Run the guest on this CPU until the next exit for the core. Local
 * interrupts must be masked; a host interrupt ends the run with
 * VM_EXIT_HOST_IRQ, to be taken once they are unmasked. */
void vcpu_run(struct vcpu *v, struct vm_exit *exit);

/* Go past the instruction that trapped (MMIO, PIO, SYSREG, IDLE). */
void vcpu_skip(struct vcpu *v);

/* The result of the last exit: the hypercall's return value, or the
 * value of an emulated load/read (truncated to the access's width,
 * then sign- or zero-extended as the exit said). */
void vcpu_set_result(struct vcpu *v, uint64_t value);

/* Answer a power request that returns to the guest (CPU_ON, CPU_STATUS,
 * and a refused OFF/RESET) in the caller's convention (PSCI, SBI). */
void vcpu_set_power(struct vcpu *v, enum vm_power_status status);

/*
 * Virtual interrupt virq of the guest's interrupt controller (its own
 * numbering: a GIC INTID, a RISC-V VS interrupt, an x86 vector) raised
 * or lowered: a line's level as the guest's controller sees it, which
 * delivers it as the guest programmed it (aarch64: the virtual
 * distributor, through the list registers). -EINVAL for a number the
 * backend has no such line for (aarch64: SGIs, INTIDs past its SPIs, or
 * no virtual GIC on this machine).
 */
int vcpu_pend_irq(struct vcpu *v, unsigned int virq);
int vcpu_clear_irq(struct vcpu *v, unsigned int virq);

/* Offset between the host counter and the guest's virtual counter
 * (guest = host - offset): CNTVOFF_EL2, -htimedelta, -TSC offset. */
uint64_t vcpu_get_timer_offset(const struct vcpu *v);
void vcpu_set_timer_offset(struct vcpu *v, uint64_t offset);

/* The guest PC now (for diagnostics). */
uint64_t vcpu_pc(const struct vcpu *v);

/* The hypervisor wrote [pa, pa + size) of a guest's memory (an image):
 * make it visible to a guest running with its caches off and to its
 * instruction fetch. */
void vcpu_guest_memory_written(paddr_t pa, size_t size);

/* Clear [pa, pa + size) of a guest's memory (pa and size page aligned)
 * and make the zeros visible as vcpu_guest_memory_written() does: what
 * memset() and that call do, in one pass over the memory. */
void vcpu_guest_memory_zero(paddr_t pa, size_t size);

/*
 * Where the architecture's boot protocol is not a device tree (asm/
 * arch_vcpu.h defines ARCH_VM_BOOT_PVH: x86's PVH), the core has the
 * backend write the guest's boot data instead, into buf: the size bytes
 * the configuration reserves at guest address gpa (where a device tree
 * would go; its first boot register points there), from the VM's
 * memory regions mem[0..nr) and its command line (NULL: none). 0, or a
 * negative errno (-ENOSPC: it does not fit).
 */
struct vcpu_boot_mem {
	uint64_t gpa, size;
	bool read_only;		/* a vireo,rom region: not for the OS to use */
};
int vcpu_boot_data(void *buf, size_t size, uint64_t gpa,
		   const struct vcpu_boot_mem *mem, unsigned int nr,
		   const char *cmdline);

/* v will not run again on this CPU: drop what the backend kept loaded. */
void vcpu_destroy(struct vcpu *v);

/*
 * The core's (core/sched.c), for the backend: v may have a new virtual
 * interrupt (from another vCPU, a device, its timer). Wakes it if it
 * waits, and makes a run of it on another CPU exit so that the
 * interrupt is delivered. Any CPU, any context with interrupts masked.
 */
void vcpu_kick(struct vcpu *v);

/*
 * Implemented by the core, called by the backend from vcpu_run(): an
 * MMIO access of v the CPU decoded (at gpa, width bytes; a store's value
 * in *value) emulated at once, without a return from vcpu_run(): the
 * hot exit. NULL: done, a load's value in *value (the backend writes it
 * to the load's register and goes past the access); else why not, and
 * nothing was done: the backend returns the exit as VM_EXIT_MMIO, which
 * the core then handles (or refuses) as any other.
 */
const char *vm_mmio_fast(struct vcpu *v, uint64_t gpa, unsigned int width,
			 bool write, uint64_t *value);

#endif
