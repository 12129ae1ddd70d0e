/* SPDX-License-Identifier: MIT */
/*
 * Interrupts: one number space, one handler per number, one root
 * controller (others may feed it).
 *
 * An interrupt number ("irq") is what the interrupt controller driver
 * says it is: the GIC's INTID, the PLIC's source (and the RISC-V hart's
 * local causes), the x86 IDT vector. Drivers never make numbers up: a
 * device's comes from its device-tree "interrupts" or
 * "interrupts-extended" (irq_of_node()); the
 * IPI's and a per-CPU timer's from the controller (struct irqchip).
 *
 * The controller driver (drivers/irqchip/) registers a struct irqchip
 * when probed; an arch's trap entry then calls irq_dispatch() (the
 * controller finds the pending interrupt) or irq_handle() (the CPU told
 * which one, as an x86 vector or a RISC-V local cause does).
 *
 * Handlers run with this CPU's interrupts masked, on the CPU that took
 * the interrupt; the end of interrupt is signalled after they return.
 */
#ifndef HAL_IRQ_H
#define HAL_IRQ_H

#include <vireo/types.h>

/* irqchip->ack() when nothing is pending. */
#define IRQ_NONE (~0u)

typedef void (*irq_handler_t)(unsigned int irq, void *arg);

struct irqchip {
	const char *name;		/* driver name, on the ready line */
	int node;			/* its DT node: "interrupt-parent" target */
	unsigned int nr_irqs;		/* numbers are 0..nr_irqs-1 */
	unsigned int ipi_irq;		/* the number IPIs arrive on */
	/* Bring up the calling CPU's interface (every CPU, boot CPU first). */
	void (*cpu_init)(unsigned int cpu);
	void (*enable)(unsigned int irq);
	void (*disable)(unsigned int irq);
	/* Take the highest-priority pending interrupt, or IRQ_NONE. */
	unsigned int (*ack)(void);
	void (*eoi)(unsigned int irq);
	/* Deliver a shared (device) interrupt to this logical CPU. */
	int (*route)(unsigned int irq, unsigned int cpu);
	/* Interrupt this logical CPU on ipi_irq. */
	void (*send_ipi)(unsigned int cpu);
	/*
	 * Translate one DT interrupt specifier of #interrupt-cells cells
	 * (host order) into a number; may set the device's interrupt up
	 * (an x86 I/O APIC pin is given a vector). 0 or -errno.
	 */
	int (*xlate)(const uint32_t *cells, int ncells, unsigned int *irq);
};

/*
 * Register a controller (from its driver's probe). More than one may
 * register when one feeds another (x86: I/O APIC into the local APIC);
 * the first one is the root: it takes IPIs and dispatches.
 */
void irqchip_register(struct irqchip *chip);
/* The root controller's name, "none" before there is one. */
const char *irqchip_name(void);
/* The root controller, NULL if none (for the per-CPU timer drivers). */
struct irqchip *irqchip_root(void);

/* Set up the root controller on the calling CPU; 0 or -errno. */
int irq_cpu_init(unsigned int cpu);

/*
 * The number of the index'th interrupt of a DT node, through its
 * (inherited) interrupt-parent or interrupts-extended. 0 or -errno
 * (-ENOENT: the node has no such interrupt; -ENODEV: its controller
 * has no driver).
 */
int irq_of_node(const void *fdt, int node, int index, unsigned int *irq);

/* The property irq_of_node() reads for the node, for messages:
 * "interrupts-extended" where the node has one, else "interrupts". */
const char *irq_property(const void *fdt, int node);

/* Install fn for irq (not yet enabled). -EBUSY if it has one. */
int irq_register(unsigned int irq, irq_handler_t fn, void *arg);
/* Remove irq's handler (disable it first): it may be registered again. */
void irq_unregister(unsigned int irq);
int irq_enable(unsigned int irq);
int irq_disable(unsigned int irq);
int irq_route(unsigned int irq, unsigned int cpu);
/* How many times irq was handled, on all CPUs. */
unsigned long irq_count(unsigned int irq);

/* Inter-processor interrupts (hal/cpu.h's cpu_call() runs work by them). */
void irq_send_ipi(unsigned int cpu);

/* From an arch's interrupt entry: handle everything pending. */
void irq_dispatch(void);
/* From an arch's interrupt entry: handle irq, then end it. */
void irq_handle(unsigned int irq);

/* This CPU's interrupt mask (arch/<arch>/irq.c). */
void irq_local_enable(void);
void irq_local_disable(void);
unsigned long irq_local_save(void);	/* mask; returns the old state */
void irq_local_restore(unsigned long flags);
/*
 * Sleep until an interrupt comes. Called with this CPU's interrupts
 * masked, it returns masked once one is pending (x86: after taking it) -
 * the pattern that loses no wake-up: mask, look for work, wait, unmask.
 */
void cpu_wait_for_interrupt(void);

#endif
