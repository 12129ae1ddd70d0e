/* SPDX-License-Identifier: MIT */
/*
 * The GICv2 virtualization interface (ARM IHI 0048B ch. 5), as the GIC
 * driver (drivers/irqchip/gicv2.c) found it, for the aarch64 virtual GIC:
 *
 *   GICH  the hypervisor's control registers (DT reg[2]): list registers
 *         the hypervisor fills with the interrupts a vCPU sees.
 *   GICV  the virtual CPU interface (DT reg[3]): what a guest reaches at
 *         its GICC address through stage 2.
 *
 * Both are mapped as device memory in the hypervisor's tables at probe.
 * A GIC node with only two reg entries has no virtualization interface:
 * gicv2_virt() returns NULL and the host GIC works as before.
 *
 * Priority drop and deactivation are split (GICC_CTLR.EOImode) when the
 * CPU interface's region covers GICC_DIR: the driver's end of interrupt
 * writes EOIR (drop) then DIR (deactivate), so that a hardware interrupt
 * can later be left active and linked to a list register (GICH_LR.HW),
 * which the guest's own end of interrupt deactivates.
 */
#ifndef ASM_GICV2_H
#define ASM_GICV2_H

#include <vireo/types.h>

/* GICH registers (IHI 0048B table 5-1), offsets from GICH. */
#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_MISR 0x010
#define GICH_EISR0 0x020
#define GICH_ELRSR0 0x030
#define GICH_APR 0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))
#define GICH_VTR_LISTREGS(vtr) (((vtr) & 0x3f) + 1)	/* ListRegs + 1 */

struct gicv2_virt {
	paddr_t gich, gicv;		/* physical (identity mapped) bases */
	uint64_t gich_size, gicv_size;
	unsigned int nr_lrs;		/* list registers, from GICH_VTR */
	bool eoi_split;			/* EOIR drops, DIR deactivates */
};

/* The virtualization interface, or NULL if the GIC has none. */
const struct gicv2_virt *gicv2_virt(void);

#endif
