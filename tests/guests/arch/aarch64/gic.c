// SPDX-License-Identifier: MIT
/*
 * The test guests' GICv2 driver, as an OS's is: the distributor and
 * the CPU interface where its device tree's interrupt-controller node
 * says. Offsets from ARM IHI 0048B tables 4-1 and 4-2.
 */
#include "guest.h"

static uint64_t gicd, gicc;
#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define SPURIOUS 1023

static unsigned int this_cpu(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned int)(mpidr & 0xff);
}

void arch_guest_init(const struct guest_fdt *dt)
{
	gicd = dt->intc[0];
	gicc = dt->intc[1];
}

/* The distributor on, this CPU's interface on, every priority let in. */
void gic_cpu_init(void)
{
	mmio_write32(gicd + GICD_CTLR, 1);
	mmio_write32(gicc + GICC_PMR, 0xff);
	mmio_write32(gicc + GICC_CTLR, 1);
}

void gic_enable(unsigned int intid)
{
	if (intid >= 32)	/* an SPI: to this CPU */
		mmio_write8(gicd + GICD_ITARGETSR + intid,
			    (uint8_t)(1u << this_cpu()));
	mmio_write32(gicd + GICD_ISENABLER + intid / 32 * 4, 1u << (intid % 32));
}

void gic_disable(unsigned int intid)
{
	mmio_write32(gicd + GICD_ICENABLER + intid / 32 * 4, 1u << (intid % 32));
}

void gic_set_pending(unsigned int intid)
{
	mmio_write32(gicd + GICD_ISPENDR + intid / 32 * 4, 1u << (intid % 32));
}

/* SGI sgi to the CPUs of target_list (TargetListFilter 0). */
void gic_send_sgi(unsigned int sgi, unsigned int target_list)
{
	mmio_write32(gicd + GICD_SGIR, (target_list & 0xff) << 16 | (sgi & 0xf));
}

/* From the IRQ vector: acknowledge, handle, end. */
void arch_irq(void)
{
	uint32_t iar = (uint32_t)mmio_read32(gicc + GICC_IAR);
	unsigned int intid = iar & 0x3ff;

	if (intid == SPURIOUS)
		return;
	guest_irq(intid, (iar >> 10) & 7, this_cpu());
	mmio_write32(gicc + GICC_EOIR, iar);
}
