/* SPDX-License-Identifier: MIT */
/*
 * The VM core (core/): a VM is its configuration, a stage-2 address
 * space over memory from the page allocator, emulated devices and one
 * vCPU (hal/vcpu.h). Exits are dispatched here, in common code.
 */
#ifndef CORE_VM_H
#define CORE_VM_H

#include <hal/vcpu.h>
#include <vireo/pgtable.h>
#include <vireo/spinlock.h>
#include <vireo/types.h>
#include "sched.h"
#include "vdev_ns16550.h"
#include "vdev_pl011.h"

#define VM_MAX_DEVICES 4
#define VM_MAX_PORT_DEVICES 1	/* x86 I/O ports: the 16550 */
#define VM_MAX_VCPUS 4
#define VM_LINE_MAX 120		/* guest console: longer lines are split */

#define VM_MAX_REGIONS 4
#define VM_MAX_BOOT_ARGS 3

/* Every VM of the arch (asm/arch_vcpu.h) has its interrupt controller
 * without a configuration node (x86's local APICs): a device's line
 * needs none. */
#ifndef ARCH_VM_BUILTIN_INTC
#define ARCH_VM_BUILTIN_INTC 0
#endif
/* Guests of the arch (asm/arch_vcpu.h) may use port I/O: VM_EXIT_PIO. */
#ifndef ARCH_VM_HAS_PORT_IO
#define ARCH_VM_HAS_PORT_IO 0
#endif

/* The UARTs a VM may have (vdev_pl011.h, vdev_ns16550.h). */
enum vm_uart_model { VM_UART_PL011, VM_UART_NS16550 };

/* A guest memory region: whole pages, its own backing pages. */
struct vm_region {
	uint64_t gpa, size;
	bool read_only;			/* read + execute, else RWX */
};

#define VM_MAX_PASSTHROUGH 2
#define VM_PT_MAX_IRQS 4

/* A host interrupt forwarded to the VM as one of its own. */
struct vm_pt_irq {
	unsigned int host;		/* hal/irq.h's number */
	unsigned int virq;		/* the guest's (vcpu_pend_irq()'s) */
	bool level;			/* level-sensitive, else edge */
};

/* A host device mapped straight into the VM (vireo,passthrough): its
 * registers at gpa as device memory, its interrupts forwarded. */
struct vm_passthrough {
	const char *name;		/* its configuration node's */
	const char *host_path;		/* its node in the board's tree */
	uint64_t gpa, size;
	paddr_t host_pa;
	struct vm_pt_irq irqs[VM_PT_MAX_IRQS];
	unsigned int nr_irqs;
};

/* What a VM is made of: parsed from its configuration (core/vm_config.c,
 * docs/vm-config.md), which checked everything vm_create() relies on. */
struct vm_config {
	const char *name;
	const void *image;		/* copied to image_gpa */
	bool image_from_loader;		/* at phys-address: host RAM that
					 * must be claimed before use */
	size_t image_size;
	uint64_t image_gpa;
	const void *initrd;		/* copied to initrd_gpa, or NULL: its
					 * /chosen linux,initrd-start/end */
	bool initrd_from_loader;	/* at phys-address, as the image */
	size_t initrd_size;
	uint64_t initrd_gpa;
	struct vm_region regions[VM_MAX_REGIONS];
	unsigned int nr_regions;
	uint64_t entry;			/* guest PC at start */
	uint64_t dtb_gpa;		/* its device tree (vm_fdt.h), x0 */
	uint64_t args[VM_MAX_BOOT_ARGS];	/* then x1, x2 ... */
	const char *bootargs;		/* /chosen/bootargs, or NULL */
	bool has_gic;			/* a GICv2 at gicd_base, gicc_base */
	uint64_t gicd_base, gicc_base;
	bool has_plic;			/* riscv64: a PLIC at plic_base */
	uint64_t plic_base;
	bool test_device;		/* the device of vireo/hypercall.h */
	uint64_t test_device_base;
	bool uart;			/* a UART of uart_model at uart_base */
	enum vm_uart_model uart_model;
	bool uart_pio;			/* uart_base is an x86 I/O port */
	uint64_t uart_base, uart_size;
	unsigned int uart_reg_shift;	/* 16550: registers 1 << it apart */
	bool uart_has_irq;		/* its interrupt: GIC SPI uart_spi */
	unsigned int uart_spi;
	struct vm_passthrough passthrough[VM_MAX_PASSTHROUGH];
	unsigned int nr_passthrough;
	unsigned int nr_vcpus;		/* 0 or 1: one; the boot vCPU is 0,
					 * the others start by CPU_ON */
	uint8_t cpus[VM_MAX_VCPUS];	/* the physical CPU of each vCPU */
};

/* The region of cfg holding gpa, or NULL. */
static inline const struct vm_region *vm_region_of(const struct vm_config *cfg,
						   uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_regions; i++)
		if (gpa - cfg->regions[i].gpa < cfg->regions[i].size)
			return &cfg->regions[i];
	return NULL;
}

struct vm;

/* An emulated device: each returns NULL, or why the access is refused
 * (the VM then stops with a fault naming it); a refused access changes
 * nothing. off is from its base. */
struct vdev_ops {
	const char *name;
	bool vcpu_only;			/* only the VM's accesses change its
					 * state (not input, not a timer) */
	const char *(*read)(void *state, uint64_t off, unsigned int width,
			    uint64_t *value);
	const char *(*write)(void *state, uint64_t off, unsigned int width,
			     uint64_t value);
};

struct vm_device {
	const struct vdev_ops *ops;
	uint64_t base, size;
	void *state;
};

/* The test device's state (core/vdev_test.c). */
struct vdev_test {
	uint64_t data;			/* DATA, little endian */
	uint64_t last;
	uint64_t irq;			/* IRQ: the line's level */
	struct vcpu *vcpu;		/* whose line it drives (vCPU 0) */
	unsigned int virq;		/* the virtual interrupt it raises */
};
extern const struct vdev_ops vdev_test_ops;

enum vm_state { VM_CREATED, VM_RUNNING, VM_STOPPED, VM_FAULTED };

struct vm {
	const struct vm_config *cfg;
	spinlock_t lock;		/* exits of its vCPUs are handled
					 * under it, one at a time */
	enum vm_state state;
	int status;			/* exit status once stopped */
	bool reset;			/* stopped to start again */
	bool one_on;			/* nr_on == 1: near the top, for the
					 * hot exit's short load */
	bool woken_from_outside;	/* a device outside the VM may raise
					 * its interrupts (input, passthrough) */
	uint16_t vmid;
	struct pgtable s2;
	paddr_t region_pa[VM_MAX_REGIONS];	/* each region's backing */
	struct vm_device devices[VM_MAX_DEVICES];
	unsigned int nr_devices;
	struct vm_device ports[VM_MAX_PORT_DEVICES];	/* VM_EXIT_PIO's */
	unsigned int nr_ports;
	struct vdev_test testdev;
	union {				/* cfg->uart, of cfg->uart_model */
		struct vdev_pl011 pl011;
		struct vdev_ns16550 ns16550;
	} uart;
	/* vCPUs, each on the CPU its configuration pins it to (sched.h);
	 * vcpu_on is the guest's view (PSCI), nr_started the vCPUs their
	 * CPUs have not yet released */
	struct vcpu vcpus[VM_MAX_VCPUS];
	struct sched_vcpu sched[VM_MAX_VCPUS];
	bool vcpu_on[VM_MAX_VCPUS];
	unsigned int nr_vcpus, nr_on, nr_started;
	struct vcpu *cur;		/* the one whose exit is handled */
	uint64_t timer_offset;		/* every vCPU's (virtual time) */
	char line[VM_LINE_MAX + 1];	/* console output not yet printed */
	unsigned int line_len;
	bool line_open;			/* "[name] " shown, its line not ended
					 * (the VM with console input) */
	/* last: large, and the fields above stay in reach of short loads */
	struct arch_vm arch;		/* the backend's: its vGIC, ... */
};

/* Does vm's UART (it has one) take input by interrupt? A vCPU of it
 * waiting for an interrupt may then be woken by the host's input. */
static inline bool vm_uart_rx_irq_enabled(const struct vm *vm)
{
	if (vm->cfg->uart_model == VM_UART_NS16550)
		return vns16550_rx_irq_enabled(&vm->uart.ns16550);
	return vpl011_rx_irq_enabled(&vm->uart.pl011);
}

/* Build vm from cfg: memory, stage 2, devices, its vCPU at the entry.
 * 0 or -errno, with one line naming the VM and the cause. */
int vm_create(struct vm *vm, const struct vm_config *cfg);

/* Start its boot vCPU: the VM runs on the CPUs of its vCPUs. */
void vm_start(struct vm *vm);

static inline bool vm_is_running(const struct vm *vm)
{
	return __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

/* Stopped (or faulted), and every CPU has let go of its vCPUs: it may
 * be destroyed or created again. */
static inline bool vm_is_finished(const struct vm *vm)
{
	return !vm_is_running(vm) &&
	       !__atomic_load_n(&vm->nr_started, __ATOMIC_ACQUIRE);
}

/* Give everything back (a finished VM). */
void vm_destroy(struct vm *vm);

/* On s's CPU (sched.c): run it once, to its next exit, and handle the
 * exit. True when the exit was for a host interrupt, to be taken. */
bool vm_run_vcpu(struct sched_vcpu *s);

/* On s's CPU: its VM stopped, s is forgotten there. */
void vm_release_vcpu(struct sched_vcpu *s);

/* Start vCPU id of vm at entry with arg in its first boot register (and
 * vCPU 0 with the configuration's): 0 or -errno (vcpu_init()'s). */
int vm_start_vcpu(struct vm *vm, unsigned int id, uint64_t entry,
		  const uint64_t *args, unsigned int nr_args);

/* The exit dispatcher (core/vcpu_run.c), for vm->cur's exit: false when
 * the VM stopped. */
bool vm_handle_exit(struct vm *vm, const struct vm_exit *exit);

/*
 * The boot's length to the first guest instruction (make bench): the
 * clock is read just before the first world switch and logged after it
 * comes back, so the line costs the boot nothing. Later calls do nothing.
 */
void vm_mark_first_entry(void);
void vm_log_first_entry(void);

/* Guest console output (core/vcpu_run.c): the VM's line buffer, shown
 * a whole line at a time as "[name] text"; flushed when the VM stops. */
void vm_console_putc(struct vm *vm, char c);
void vm_console_flush(struct vm *vm);

/* Stop vm with a fault line: "fault: <reason> at gpa <gpa> pc <pc>"
 * (gpa left out when has_gpa is false). Under its lock, as vm_stop(),
 * which prints "stopped: status <status>". Its vCPUs on other CPUs
 * leave their guests at once. */
void vm_fault(struct vm *vm, const char *reason, bool has_gpa, uint64_t gpa,
	      uint64_t pc);
void vm_stop(struct vm *vm, int status);

#endif
