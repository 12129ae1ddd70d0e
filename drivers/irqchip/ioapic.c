// SPDX-License-Identifier: MIT
/*
 * The x86 I/O APIC ("intel,ce4100-ioapic", Linux's name for it): routes
 * device interrupt pins to local APICs (lapic.c, whose node must come
 * first in the tree). Two cells per interrupt, as Linux reads them: the
 * pin, and its type - 0 falling edge, 1 high level, 2 low level, 3 rising
 * edge (ISA devices such as the PC serial port).
 *
 * Interrupt numbers are IDT vectors, like the local APIC's: pin p gets
 * vector VECTOR_BASE + p when the device's interrupt is translated
 * (xlate), which programs its redirection entry masked, in physical
 * destination mode, to the CPU that set it up (the boot CPU) until
 * irq_route() moves it. The end of interrupt is the local APIC's; for a
 * level-triggered pin the local APIC passes it on to the I/O APIC.
 */
#include <asm/apic.h>

#include <hal/cpu.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <vireo/errno.h>
#include <vireo/io.h>
#include <vireo/log.h>
#include <vireo/spinlock.h>

#define IOREGSEL 0x00		/* register select */
#define IOWIN 0x10		/* register window */

#define IOAPIC_VER 0x01
#define VER_MAX_ENTRY(v) (((v) >> 16) & 0xff)	/* pins - 1 */
#define IOAPIC_RTE(pin) (0x10 + 2 * (pin))	/* low word; high at +1 */

#define RTE_POLARITY_LOW BIT(13)
#define RTE_LEVEL BIT(15)
#define RTE_MASKED BIT(16)
#define RTE_VECTOR 0xff
#define RTE_DEST_SHIFT 24	/* in the high word: an 8-bit APIC id */
#define RTE_MAX_DEST 0xff

#define VECTOR_BASE 0x30

/* DT type cell -> redirection entry bits */
static const uint32_t types[] = {
	[0] = RTE_POLARITY_LOW,			/* falling edge */
	[1] = RTE_LEVEL,			/* high level */
	[2] = RTE_LEVEL | RTE_POLARITY_LOW,	/* low level */
	[3] = 0,				/* rising edge */
};

static uintptr_t base;
static unsigned int npins;
/* The select and window registers are one access: no CPU may cut in. */
static spinlock_t lock = SPINLOCK_INIT;

static uint32_t reg_read(unsigned int reg)
{
	writel(reg, base + IOREGSEL);
	return readl(base + IOWIN);
}

static void reg_write(unsigned int reg, uint32_t val)
{
	writel(reg, base + IOREGSEL);
	writel(val, base + IOWIN);
}

/* The pin of an interrupt number, or -1. */
static int pin_of(unsigned int irq)
{
	return irq >= VECTOR_BASE && irq - VECTOR_BASE < npins ?
		       (int)(irq - VECTOR_BASE) : -1;
}

static void set_masked(unsigned int irq, bool masked)
{
	int pin = pin_of(irq);
	unsigned long flags;
	uint32_t low;

	if (pin < 0)
		return;
	flags = irq_local_save();
	spin_lock(&lock);
	low = reg_read(IOAPIC_RTE(pin));
	reg_write(IOAPIC_RTE(pin), masked ? low | RTE_MASKED : low & ~RTE_MASKED);
	spin_unlock(&lock);
	irq_local_restore(flags);
}

static void ioapic_enable(unsigned int irq)
{
	set_masked(irq, false);
}

static void ioapic_disable(unsigned int irq)
{
	set_masked(irq, true);
}

static void ioapic_eoi(unsigned int irq)
{
	lapic_eoi();
}

static int set_dest(int pin, unsigned long apic_id)
{
	unsigned long flags;

	if (apic_id > RTE_MAX_DEST)
		return -ERANGE;	/* beyond 8 bits needs interrupt remapping */
	flags = irq_local_save();
	spin_lock(&lock);
	reg_write(IOAPIC_RTE(pin) + 1, (uint32_t)apic_id << RTE_DEST_SHIFT);
	spin_unlock(&lock);
	irq_local_restore(flags);
	return 0;
}

static int ioapic_route(unsigned int irq, unsigned int cpu)
{
	struct cpu *c = cpu_get(cpu);
	int pin = pin_of(irq);

	if (pin < 0 || !c)
		return -EINVAL;
	return set_dest(pin, c->hwid);
}

static int ioapic_xlate(const uint32_t *cells, int ncells, unsigned int *irq)
{
	unsigned int pin, vector;
	unsigned long flags;
	uint32_t low, old;
	int err;

	if (ncells != 2 || cells[0] >= npins || cells[1] >= ARRAY_SIZE(types))
		return -EINVAL;
	pin = cells[0];
	vector = VECTOR_BASE + pin;
	if (vector > LAPIC_VECTOR_DEVICE_MAX)
		return -ERANGE;
	err = set_dest((int)pin, lapic_id());
	if (err)
		return err;
	flags = irq_local_save();
	spin_lock(&lock);
	old = reg_read(IOAPIC_RTE(pin));
	/* Translated again: an enabled pin stays enabled. */
	low = vector | types[cells[1]] |
	      ((old & RTE_VECTOR) == vector ? old & RTE_MASKED : RTE_MASKED);
	reg_write(IOAPIC_RTE(pin), low);
	spin_unlock(&lock);
	irq_local_restore(flags);
	*irq = vector;
	return 0;
}

static struct irqchip ioapic_chip = {
	.name = "ioapic",
	.nr_irqs = 256,
	.enable = ioapic_enable,
	.disable = ioapic_disable,
	.eoi = ioapic_eoi,
	.route = ioapic_route,
	.xlate = ioapic_xlate,
};

static int ioapic_probe(const struct device *dev)
{
	if (!lapic_ready()) {
		pr_err("ioapic: no local APIC to deliver to\n");
		return -ENODEV;
	}
	base = dev->base;
	npins = VER_MAX_ENTRY(reg_read(IOAPIC_VER)) + 1;
	/* Nothing gets through before a driver asks for its pin. */
	for (unsigned int pin = 0; pin < npins; pin++) {
		reg_write(IOAPIC_RTE(pin), RTE_MASKED);
		reg_write(IOAPIC_RTE(pin) + 1, 0);
	}
	ioapic_chip.node = dev->node;
	irqchip_register(&ioapic_chip);
	pr_debug("ioapic: %u pins, vectors %#x..%#x\n", npins, VECTOR_BASE,
		 VECTOR_BASE + npins - 1);
	return 0;
}

static const char *const ioapic_compatible[] = { "intel,ce4100-ioapic", NULL };

DRIVER(ioapic, .name = "ioapic", .kind = DRIVER_IRQCHIP, .chained = true,
       .compatible = ioapic_compatible, .probe = ioapic_probe);
