/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 virtual GICv2 (ARM IHI 0048B).
 *
 * The distributor a guest sees at its GICD address is emulated
 * (virt/vgic_dist.c, pure C: host unit tests drive it): enables,
 * pending and active state, priorities, targets, configuration and SGIs
 * between the VM's vCPUs. Its CPU interface is the real GICV frame
 * mapped at the guest's GICC address: the list registers (GICH_LR) carry
 * each vCPU's pending interrupts to it (virt/vgic.c). Interrupts beyond
 * the list registers wait in the distributor's state and are loaded as
 * list registers free up (the maintenance interrupt says when).
 */
#ifndef ASM_VGIC_H
#define ASM_VGIC_H

#include <vireo/types.h>

/* The guest's GIC sits where its VM configuration says (struct
 * vm_intc): a distributor of one page (the register map of IHI 0048B
 * table 4-1 ends at 0xfff) and a CPU interface of two (GICC_DIR at
 * 0x1000), the GICV frame's first two pages mapped there. */
#define VGIC_GICD_SIZE 0x1000ULL
#define VGIC_GICC_SIZE 0x2000ULL

#define VGIC_MAX_VCPUS 8	/* GICv2: CPUNumber is 3 bits */
#define VGIC_NR_PRIVATE 32	/* SGIs 0-15, PPIs 16-31: banked */
#define VGIC_NR_SPIS 32		/* SPIs 32-63: ITLinesNumber 1 */
#define VGIC_NR_IRQS (VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_NR_SGIS 16
#define VGIC_SPURIOUS 1023

struct vgic_irq {
	uint8_t priority;
	uint8_t targets;	/* SPI: ITARGETSR's CPU bits */
	uint8_t sgi_sources;	/* SGI: the CPUs it is pending from */
	bool enabled, pending, active;
	bool edge;		/* ICFGR int_config[1] */
	bool level;		/* a level-sensitive line's input */
	bool in_lr;		/* loaded in a list register */
	/* a forwarded host interrupt's (virt/vgic.c): 1 + its index in
	 * arch_vm's forwards, 0 for none; a level one's EOI must be seen */
	uint8_t forward;
	bool resample;
};

struct vgic_dist {
	bool enabled;			/* GICD_CTLR.Enable */
	unsigned int nr_vcpus;
	struct vgic_irq priv[VGIC_MAX_VCPUS][VGIC_NR_PRIVATE];
	struct vgic_irq spi[VGIC_NR_SPIS];
};

/* Reset state for nr_vcpus (1..VGIC_MAX_VCPUS) vCPUs. */
void vgic_dist_init(struct vgic_dist *d, unsigned int nr_vcpus);

/* A guest access at off from GICD by vCPU vcpu: NULL, or why it is
 * refused (the VM stops with it). */
const char *vgic_dist_read(struct vgic_dist *d, unsigned int vcpu,
			   uint64_t off, unsigned int width, uint64_t *value);
const char *vgic_dist_write(struct vgic_dist *d, unsigned int vcpu,
			    uint64_t off, unsigned int width, uint64_t value);

/* Interrupt intid as vCPU vcpu sees it, NULL if there is none. */
struct vgic_irq *vgic_irq(struct vgic_dist *d, unsigned int vcpu,
			  unsigned int intid);

/* The input line of intid for vCPU vcpu raised or lowered (a device, the
 * timer): a level-sensitive interrupt is pending while it is high, an
 * edge-triggered one becomes pending when it rises. -EINVAL for no such
 * interrupt, or an SGI. */
int vgic_set_line(struct vgic_dist *d, unsigned int vcpu, unsigned int intid,
		  bool high);

/* May intid be signalled to vCPU vcpu now: the distributor on, the
 * interrupt enabled, pending, targeting vcpu (SPIs) and not in a list
 * register yet? */
bool vgic_deliverable(struct vgic_dist *d, unsigned int vcpu,
		      unsigned int intid);

/* The deliverable interrupt of highest priority (lowest value, then the
 * lowest INTID) for vcpu, or VGIC_SPURIOUS. */
unsigned int vgic_next(struct vgic_dist *d, unsigned int vcpu);
/* The same, and whether another one is deliverable too (*more). */
unsigned int vgic_next_more(struct vgic_dist *d, unsigned int vcpu,
			    bool *more);

#endif
