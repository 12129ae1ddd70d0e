// SPDX-License-Identifier: MIT
/*
 * ARM Generic Interrupt Controller v2 (ARM IHI 0048B): the distributor
 * (GICD, reg[0]) and the CPU interface (GICC, reg[1]); the virtualization
 * interface (GICH reg[2], GICV reg[3]) when the node lists it, for the
 * virtual GIC (asm/gicv2.h). Interrupt numbers are GIC INTIDs: SGIs 0-15
 * (IPIs), PPIs 16-31 (per CPU, e.g. timers), SPIs from 32 (devices).
 * Every interrupt is group 0 at one priority, signalled as IRQ. End of
 * interrupt is EOIR (priority drop) then DIR (deactivation) when the GICC
 * region reaches DIR (EOImode 1), else EOIR alone does both.
 */
#include <asm/gicv2.h>
#include <hal/cpu.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/paging.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/io.h>
#include <vireo/log.h>

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ICPENDR 0x280
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_DIR 0x1000

#define CTLR_ENABLE BIT(0)
/* GICC_CTLR bit 9: EOImodeNS in the Non-secure view, EOImodeS in a GIC
 * without the Security Extensions (QEMU virt's): either is ours. */
#define GICC_CTLR_EOIMODE BIT(9)
#define TYPER_ITLINES(t) ((t) & 0x1f)	/* (lines / 32) - 1 */
#define IAR_ID(iar) ((iar) & 0x3ff)	/* [12:10]: an SGI's source CPU */
#define ID_SPECIAL 1020			/* 1020-1023: nothing to take */
#define SGIR_TARGETS(mask) ((uint32_t)(mask) << 16)
#define SGIR_SELF (2u << 24)		/* TargetListFilter: only this CPU */
#define ICFGR_EDGE 2u			/* per interrupt, 2 bits: [1] edge */

#define NR_SGIS 16
#define FIRST_SPI 32
#define MAX_IRQS 1020
#define IPI_SGI 0
#define PRIORITY 0xa0	/* mid-range: the top bits survive any priority width */
#define PMR_ALL 0xf0	/* lower values (higher priority) than this pass */

/* DT specifier: <type number flags> */
#define DT_SPI 0
#define DT_PPI 1
#define DT_EDGE_RISING 1
#define DT_LEVEL_HIGH 4
#define DT_TYPE_MASK 0xf

static uintptr_t gicd, gicc;
static struct gicv2_virt virt;	/* nr_lrs 0: no virtualization interface */
static unsigned int lines;	/* the GIC's, even past CONFIG_NR_IRQS */
static bool dist_ready;
/* Per logical CPU: its CPU interface bit, and the IAR it last took
 * (EOIR wants it back whole: an SGI's carries its source CPU). */
static uint8_t cpu_mask[CONFIG_NR_CPUS];
static uint32_t last_iar[CONFIG_NR_CPUS];

static struct irqchip gic;

static void write_all(uintptr_t reg, unsigned int from, unsigned int to,
		      unsigned int per_word, uint32_t val)
{
	for (unsigned int irq = from; irq < to; irq += per_word)
		writel(val, reg + irq / per_word * 4);
}

/* Once, on the boot CPU: SPIs off, idle, one priority, to the boot CPU. */
static void dist_init(uint8_t boot_mask)
{
	unsigned int n = lines;

	writel(0, gicd + GICD_CTLR);
	write_all(gicd + GICD_ICENABLER, FIRST_SPI, n, 32, ~0u);
	write_all(gicd + GICD_ICPENDR, FIRST_SPI, n, 32, ~0u);
	write_all(gicd + GICD_ICACTIVER, FIRST_SPI, n, 32, ~0u);
	write_all(gicd + GICD_IPRIORITYR, FIRST_SPI, n, 4, PRIORITY * 0x01010101u);
	write_all(gicd + GICD_ITARGETSR, FIRST_SPI, n, 4, boot_mask * 0x01010101u);
	writel(CTLR_ENABLE, gicd + GICD_CTLR);
}

/* The calling CPU's banked SGIs/PPIs and its CPU interface. */
static void gic_cpu_init(unsigned int cpu)
{
	/* ITARGETSR0..7 read as the reading CPU's own interface bit. */
	uint8_t mask = (uint8_t)readl(gicd + GICD_ITARGETSR);

	/* A uniprocessor GIC has them RAZ: its one CPU is interface 0. */
	if (!mask)
		mask = 1;
	if (cpu < CONFIG_NR_CPUS)
		cpu_mask[cpu] = mask;
	if (!dist_ready) {
		dist_init(mask);
		dist_ready = true;
	}
	writel(0xffff0000u, gicd + GICD_ICENABLER);	/* PPIs off */
	writel(0xffffffffu, gicd + GICD_ICPENDR);
	writel(0xffffffffu, gicd + GICD_ICACTIVER);
	write_all(gicd + GICD_IPRIORITYR, 0, FIRST_SPI, 4, PRIORITY * 0x01010101u);
	writel(0x0000ffffu, gicd + GICD_ISENABLER);	/* SGIs on */
	writel(PMR_ALL, gicc + GICC_PMR);
	writel(0, gicc + GICC_BPR);
	writel(CTLR_ENABLE | (virt.eoi_split ? GICC_CTLR_EOIMODE : 0),
	       gicc + GICC_CTLR);
}

static void gic_enable(unsigned int irq)
{
	writel((uint32_t)BIT(irq % 32), gicd + GICD_ISENABLER + irq / 32 * 4);
}

static void gic_disable(unsigned int irq)
{
	writel((uint32_t)BIT(irq % 32), gicd + GICD_ICENABLER + irq / 32 * 4);
}

static unsigned int this_cpu_id(void)
{
	unsigned int id = this_cpu()->id;

	return id < CONFIG_NR_CPUS ? id : 0;
}

static unsigned int gic_ack(void)
{
	uint32_t iar = readl(gicc + GICC_IAR);
	unsigned int id = IAR_ID(iar);

	if (id >= ID_SPECIAL)
		return IRQ_NONE;
	last_iar[this_cpu_id()] = iar;
	/* The sender's stores before its SGIR write are read after this
	 * IAR read (pairs with the fence in gic_send_ipi()). */
	if (id < NR_SGIS)
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return id;
}

static void gic_eoi(unsigned int irq)
{
	uint32_t iar = last_iar[this_cpu_id()];
	uint32_t val = IAR_ID(iar) == irq ? iar : irq;

	writel(val, gicc + GICC_EOIR);
	if (virt.eoi_split)
		writel(val, gicc + GICC_DIR);
}

static int gic_route(unsigned int irq, unsigned int cpu)
{
	if (irq < FIRST_SPI || irq >= gic.nr_irqs)
		return -EINVAL;	/* SGIs and PPIs belong to each CPU */
	if (cpu >= CONFIG_NR_CPUS || !cpu_mask[cpu])
		return -ENODEV;	/* that CPU's interface is not up */
	writeb(cpu_mask[cpu], gicd + GICD_ITARGETSR + irq);
	return 0;
}

static void gic_send_ipi(unsigned int cpu)
{
	uint32_t target;

	if (cpu == this_cpu()->id)
		target = SGIR_SELF;
	else if (cpu < CONFIG_NR_CPUS && cpu_mask[cpu])
		target = SGIR_TARGETS(cpu_mask[cpu]);
	else {
		pr_warn("gicv2: IPI to cpu%u, whose interface is not up\n", cpu);
		return;
	}
	/* The work posted for the target is visible before the SGI is
	 * (DMB ISH; the GIC orders the SGIR write after it). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	writel(target | IPI_SGI, gicd + GICD_SGIR);
}

static int gic_xlate(const uint32_t *cells, int ncells, unsigned int *irq)
{
	unsigned int type, spi;
	uintptr_t cfg;
	uint32_t bit;

	if (ncells != 3) {
		pr_err("gicv2: interrupt specifier of %d cells, expected 3\n", ncells);
		return -EINVAL;
	}
	spi = cells[1];
	type = cells[2] & DT_TYPE_MASK;
	if (cells[0] == DT_PPI) {
		if (cells[1] >= 16) {
			pr_err("gicv2: PPI %u out of range (0-15)\n", cells[1]);
			return -EINVAL;
		}
		*irq = 16 + cells[1];
		return 0;
	}
	if (cells[0] != DT_SPI) {
		pr_err("gicv2: interrupt type %u is neither SPI (0) nor PPI (1)\n",
		       cells[0]);
		return -EINVAL;
	}
	if (spi >= gic.nr_irqs - FIRST_SPI) {
		pr_err("gicv2: SPI %u beyond the %u this GIC has\n", spi,
		       gic.nr_irqs - FIRST_SPI);
		return -EINVAL;
	}
	if (type && type != DT_EDGE_RISING && type != DT_LEVEL_HIGH) {
		pr_err("gicv2: SPI %u: trigger %#x unsupported (rising edge or high level only)\n",
		       spi, type);
		return -EINVAL;
	}
	*irq = FIRST_SPI + spi;
	if (type) {
		/* Set while the SPI is still disabled, as the GIC requires. */
		cfg = gicd + GICD_ICFGR + *irq / 16 * 4;
		bit = ICFGR_EDGE << (*irq % 16 * 2);
		writel(type == DT_EDGE_RISING ? readl(cfg) | bit : readl(cfg) & ~bit,
		       cfg);
	}
	return 0;
}

static struct irqchip gic = {
	.name = "gicv2",
	.ipi_irq = IPI_SGI,
	.cpu_init = gic_cpu_init,
	.enable = gic_enable,
	.disable = gic_disable,
	.ack = gic_ack,
	.eoi = gic_eoi,
	.route = gic_route,
	.send_ipi = gic_send_ipi,
	.xlate = gic_xlate,
};

const struct gicv2_virt *gicv2_virt(void)
{
	return virt.nr_lrs ? &virt : NULL;
}

static int map_region(const char *what, const struct mem_region *r)
{
	int err = paging_map_device(r->base, r->size);

	if (err)
		pr_err("gicv2: cannot map the %s at %#llx (%s)\n", what,
		       (unsigned long long)r->base, errno_name(err));
	return err;
}

/* GICH and GICV (reg[2], reg[3]) if listed; 0, or -errno (printed). */
static int virt_probe(const struct device *dev)
{
	struct mem_region gich, gicv;
	int err;

	virt = (struct gicv2_virt){ 0 };
	if (dt_reg(dev->fdt, dev->node, 2, &gich) ||
	    dt_reg(dev->fdt, dev->node, 3, &gicv)) {
		pr_info("gicv2: no virtualization interface (GICH, GICV not in reg)\n");
		return 0;
	}
	err = map_region("virtual interface control (GICH)", &gich) ?:
	      map_region("virtual CPU interface (GICV)", &gicv);
	if (err)
		return err;
	virt.gich = gich.base;
	virt.gich_size = gich.size;
	virt.gicv = gicv.base;
	virt.gicv_size = gicv.size;
	virt.nr_lrs = GICH_VTR_LISTREGS(readl((uintptr_t)gich.base + GICH_VTR));
	return 0;
}

static int gicv2_probe(const struct device *dev)
{
	struct mem_region cpu_if;
	int err;

	if (!dev->fdt || dt_reg(dev->fdt, dev->node, 1, &cpu_if)) {
		pr_err("gicv2: no CPU interface (second reg entry)\n");
		return -EINVAL;
	}
	err = map_region("CPU interface", &cpu_if) ?: virt_probe(dev);
	if (err)
		return err;
	gicd = dev->base;
	gicc = (uintptr_t)cpu_if.base;
	/* Without GICC_DIR in reach, EOIR alone ends an interrupt. */
	virt.eoi_split = cpu_if.size >= GICC_DIR + 4;
	lines = 32 * (TYPER_ITLINES(readl(gicd + GICD_TYPER)) + 1);
	if (lines > MAX_IRQS)
		lines = MAX_IRQS;
	gic.nr_irqs = lines;	/* irqchip_register() may serve fewer */
	gic.node = dev->node;
	irqchip_register(&gic);
	return 0;
}

static const char *const gicv2_compatible[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", NULL
};

DRIVER(gicv2, .name = "gicv2", .kind = DRIVER_IRQCHIP,
       .compatible = gicv2_compatible, .probe = gicv2_probe);
