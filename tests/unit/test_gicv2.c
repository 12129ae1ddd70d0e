// SPDX-License-Identifier: MIT
/*
 * drivers/irqchip/gicv2.c against the fake register file. The driver's
 * register writes are replayed into a small model of the GIC (enable
 * bits set/cleared by ISENABLER/ICENABLER, priority and target bytes,
 * pending and active bits, trigger configuration) and the model is
 * checked, so the tests see what the hardware would hold, not just that
 * something was written. The register map is the architecture's (ARM IHI
 * 0048B), written out here: the driver's own offsets are never used, so
 * a wrong offset in the driver cannot pass.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define CONFIG_NR_CPUS 4
#include "fake_io.h"
#include "host_log.h"
#include "../../drivers/irqchip/gicv2.c"

#define D 0x8000000UL	/* distributor */
#define C 0x8010000UL	/* CPU interface */
#define H 0x8030000UL	/* virtual interface control */
#define V 0x8040000UL	/* virtual CPU interface */
#define NODE 42

/* IHI 0048B table 4-1: distributor register map */
#define SPEC_GICD_CTLR 0x000
#define SPEC_GICD_TYPER 0x004
#define SPEC_GICD_ISENABLER 0x100
#define SPEC_GICD_ICENABLER 0x180
#define SPEC_GICD_ISPENDR 0x200
#define SPEC_GICD_ICPENDR 0x280
#define SPEC_GICD_ISACTIVER 0x300
#define SPEC_GICD_ICACTIVER 0x380
#define SPEC_GICD_IPRIORITYR 0x400
#define SPEC_GICD_ITARGETSR 0x800
#define SPEC_GICD_ICFGR 0xc00
#define SPEC_GICD_SGIR 0xf00
/* table 4-2: CPU interface */
#define SPEC_GICC_CTLR 0x0000
#define SPEC_GICC_PMR 0x0004
#define SPEC_GICC_IAR 0x000c
#define SPEC_GICC_EOIR 0x0010
#define SPEC_GICC_DIR 0x1000
/* 4.4.1: GICC_CTLR Enable(Grp0) bit 0; EOImode (NS view) bit 9 */
#define SPEC_GICC_CTLR_EOIMODE (1u << 9)
/* table 5-1: virtual interface control */
#define SPEC_GICH_HCR 0x000
#define SPEC_GICH_VTR 0x004
#define SPEC_GICH_LR0 0x100

/* ---- the HAL services the driver calls ---- */

static struct cpu cpus[CONFIG_NR_CPUS];
static unsigned int self;	/* the CPU the driver runs on */
static struct irqchip *registered;
static bool have_gicc, have_virt;
static uint64_t gicc_size;
static struct mem_region mapped[4];
static unsigned int nmapped;

struct cpu *this_cpu(void)
{
	return &cpus[self];
}

void irqchip_register(struct irqchip *chip)
{
	registered = chip;
}

/* The node's reg: GICD, GICC, then GICH and GICV if have_virt. */
int dt_reg(const void *fdt, int node, int index, struct mem_region *out)
{
	static const paddr_t virt_base[] = { H, V };

	if (node != NODE)
		return -1;
	if (index == 1 && have_gicc) {
		*out = (struct mem_region){ .base = C, .size = gicc_size };
		return 0;
	}
	if ((index == 2 || index == 3) && have_virt) {
		*out = (struct mem_region){ .base = virt_base[index - 2],
					    .size = 0x10000 };
		return 0;
	}
	return -1;
}

int paging_map_device(paddr_t base, uint64_t size)
{
	assert_true(nmapped < ARRAY_SIZE(mapped));
	mapped[nmapped++] = (struct mem_region){ .base = base, .size = size };
	return 0;
}

static bool is_mapped(paddr_t base, uint64_t size)
{
	for (unsigned int i = 0; i < nmapped; i++)
		if (mapped[i].base == base && mapped[i].size == size)
			return true;
	return false;
}

/* ---- the device: what reads return ---- */

static uint32_t typer;
static uint8_t iface_mask[CONFIG_NR_CPUS];	/* ITARGETSR0..7 per CPU */
static uint32_t iar_queue[8];
static int iar_len, iar_pos;

static uint32_t vtr;		/* GICH_VTR */

static int64_t model(uintptr_t addr)
{
	if (addr == D + SPEC_GICD_TYPER)
		return typer;
	if (addr >= D + SPEC_GICD_ITARGETSR && addr < D + SPEC_GICD_ITARGETSR + 32)
		return iface_mask[self] * 0x01010101u;
	if (addr == C + SPEC_GICC_IAR)
		return iar_pos < iar_len ? iar_queue[iar_pos++] : 1023;
	if (addr == H + SPEC_GICH_VTR)
		return vtr;
	return -1;
}

/* ---- the GIC state the writes leave ---- */

struct gic_state {
	uint32_t enabled[32], pending[32], active[32];	/* bit per interrupt */
	uint8_t prio[1024], target[1024];
	uint32_t cfg[64];
	uint32_t dctlr, cctlr, pmr;
	int dctlr_writes;
};

/* A set/clear register pair over one bit per interrupt. */
static bool set_clear(uint32_t *bits, uintptr_t off, uintptr_t set,
		      uintptr_t clear, uint32_t val)
{
	if (off >= set && off < set + 0x80)
		bits[(off - set) / 4] |= val;
	else if (off >= clear && off < clear + 0x80)
		bits[(off - clear) / 4] &= ~val;
	else
		return false;
	return true;
}

static void set_bytes(uint8_t *bytes, uintptr_t off, const struct fake_access *a)
{
	for (unsigned int b = 0; b < a->width; b++)
		bytes[off + b] = (uint8_t)(a->val >> (8 * b));
}

/* The SGIs' bits of ISPENDR0/ICPENDR0 are read-only (4.3.7, 4.3.8). */
static uint32_t pend_val(uintptr_t off, uint32_t val)
{
	bool word0 = off == SPEC_GICD_ISPENDR || off == SPEC_GICD_ICPENDR;

	return word0 ? val & 0xffff0000u : val;
}

static void replay_dist(struct gic_state *g, uintptr_t off,
			const struct fake_access *a)
{
	if (off == SPEC_GICD_CTLR) {
		g->dctlr = a->val;
		g->dctlr_writes++;
	} else if (set_clear(g->enabled, off, SPEC_GICD_ISENABLER,
			     SPEC_GICD_ICENABLER, a->val) ||
		   set_clear(g->pending, off, SPEC_GICD_ISPENDR,
			     SPEC_GICD_ICPENDR, pend_val(off, a->val)) ||
		   set_clear(g->active, off, SPEC_GICD_ISACTIVER,
			     SPEC_GICD_ICACTIVER, a->val)) {
		return;
	} else if (off >= SPEC_GICD_IPRIORITYR && off < SPEC_GICD_IPRIORITYR + 0x400) {
		set_bytes(g->prio, off - SPEC_GICD_IPRIORITYR, a);
	} else if (off >= SPEC_GICD_ITARGETSR && off < SPEC_GICD_ITARGETSR + 0x400) {
		set_bytes(g->target, off - SPEC_GICD_ITARGETSR, a);
	} else if (off >= SPEC_GICD_ICFGR && off < SPEC_GICD_ICFGR + 0x100) {
		g->cfg[(off - SPEC_GICD_ICFGR) / 4] = a->val;
	}
}

/* Apply the logged writes since from to g. */
static void replay(struct gic_state *g, size_t from)
{
	for (size_t i = from; i < fake_io_count(); i++) {
		const struct fake_access *a = fake_io_log(i);

		if (a->op != FAKE_WRITE)
			continue;
		if (a->addr == C + SPEC_GICC_CTLR)
			g->cctlr = a->val;
		else if (a->addr == C + SPEC_GICC_PMR)
			g->pmr = a->val;
		else if (a->addr >= D && a->addr < D + 0x1000)
			replay_dist(g, a->addr - D, a);
	}
}

static bool bit_of(const uint32_t *bits, unsigned int irq)
{
	return bits[irq / 32] >> (irq % 32) & 1;
}

static bool is_enabled(const struct gic_state *g, unsigned int irq)
{
	return bit_of(g->enabled, irq);
}

static struct gic_state state;

/* Registers the GIC keeps per CPU: those of interrupts 0-31. */
static bool is_banked(uintptr_t off)
{
	return off == SPEC_GICD_ISENABLER || off == SPEC_GICD_ICENABLER ||
	       off == SPEC_GICD_ISPENDR || off == SPEC_GICD_ICPENDR ||
	       off == SPEC_GICD_ISACTIVER || off == SPEC_GICD_ICACTIVER ||
	       (off >= SPEC_GICD_IPRIORITYR && off < SPEC_GICD_IPRIORITYR + 32);
}

/* Firmware left everything enabled, pending, active and targeted nowhere. */
static void firmware_state(struct gic_state *g)
{
	memset(g, 0, sizeof(*g));
	memset(g->enabled, 0xff, sizeof(g->enabled));
	memset(g->pending, 0xff, sizeof(g->pending));
	memset(g->active, 0xff, sizeof(g->active));
}

static int probe(void)
{
	static const char fdt[4];
	struct device dev = { .fdt = fdt, .node = NODE, .base = D, .size = 0x10000 };

	nmapped = 0;
	return __driver_gicv2.probe(&dev);
}

/* Probe a GIC with 64 interrupts (ITLinesNumber 1). */
static int setup(void **unused)
{
	fake_io_reset(model);
	memset(cpus, 0, sizeof(cpus));
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++) {
		cpus[i].id = i;
		iface_mask[i] = (uint8_t)(1u << i);
	}
	memset(cpu_mask, 0, sizeof(cpu_mask));
	memset(last_iar, 0, sizeof(last_iar));
	dist_ready = false;
	self = 0;
	registered = NULL;
	have_gicc = have_virt = true;
	gicc_size = 0x10000;	/* QEMU virt's: DIR (0x1000) inside */
	nmapped = 0;
	vtr = 0x90000003;	/* 5 priority bits, 5 preemption, ListRegs 3 */
	typer = 1;
	iar_len = iar_pos = 0;
	log_capture_reset();
	firmware_state(&state);
	return probe();
}

static void bring_up(unsigned int cpu)
{
	self = cpu;
	registered->cpu_init(cpu);
	self = 0;
}

static void test_probe(void **unused)
{
	assert_ptr_equal(registered, &gic);
	assert_string_equal(gic.name, "gicv2");
	assert_int_equal(gic.nr_irqs, 64);
	assert_int_equal(gic.node, NODE);
	assert_int_equal(gic.ipi_irq, 0);
	assert_int_equal(gicd, D);
	assert_int_equal(gicc, C);
	assert_true(is_mapped(C, 0x10000));	/* reg[1] mapped for the driver */
	/* probing only reads the type and GICH_VTR: nothing is set up
	 * before cpu_init */
	assert_int_equal(fake_io_count(), 2);
	for (size_t i = 0; i < fake_io_count(); i++)
		assert_int_equal(fake_io_log(i)->op, FAKE_READ);
	for (const char *const *c = __driver_gicv2.compatible; *c; c++)
		assert_true(!strcmp(*c, "arm,cortex-a15-gic") ||
			    !strcmp(*c, "arm,gic-400") ||
			    !strcmp(*c, "arm,cortex-a9-gic"));
	assert_int_equal(__driver_gicv2.kind, DRIVER_IRQCHIP);
}

static void test_probe_lines(void **unused)
{
	typer = 0x1f | 0xe0;	/* 32 * 32 lines (capped at 1020), 8 CPUs */
	assert_int_equal(probe(), 0);
	assert_int_equal(gic.nr_irqs, 1020);
	typer = 0x4;
	assert_int_equal(probe(), 0);
	assert_int_equal(gic.nr_irqs, 160);
}

static void test_probe_without_cpu_interface(void **unused)
{
	have_gicc = false;
	registered = NULL;
	assert_int_equal(probe(), -EINVAL);
	assert_null(registered);
	assert_non_null(strstr(log_text(), "gicv2: no CPU interface"));
}

static void test_boot_cpu_init(void **unused)
{
	size_t i, first_ctlr = SIZE_MAX, last_ctlr = 0;

	bring_up(0);
	replay(&state, 0);
	/* the distributor is off while it is set up, then on */
	for (i = 0; i < fake_io_count(); i++) {
		const struct fake_access *a = fake_io_log(i);

		if (a->op == FAKE_WRITE && a->addr == D + SPEC_GICD_CTLR) {
			if (first_ctlr == SIZE_MAX)
				first_ctlr = i;
			last_ctlr = i;
		}
	}
	assert_int_equal(fake_io_log(first_ctlr)->val, 0);
	assert_int_equal(fake_io_log(last_ctlr)->val, 1);
	assert_int_equal(state.dctlr, 1);
	/* every SPI and PPI off, the SGIs on */
	for (unsigned int irq = 0; irq < 64; irq++)
		assert_int_equal(is_enabled(&state, irq), irq < 16);
	/* one priority that the mask lets through even where a GIC keeps
	 * only the 4 top bits (16 levels, the fewest 3.3 allows); SPIs to
	 * the boot CPU's interface */
	for (unsigned int irq = 0; irq < 64; irq++)
		assert_int_equal(state.prio[irq], state.prio[0]);
	assert_true((state.prio[0] & 0xf0) < (state.pmr & 0xf0));
	for (unsigned int irq = 32; irq < 64; irq++)
		assert_int_equal(state.target[irq], 0x01);
	assert_int_equal(state.target[64], 0);	/* nothing past the lines */
	assert_int_equal(state.cctlr, 1 | SPEC_GICC_CTLR_EOIMODE);
	/* pending (but an SGI's, 4.3.8) and active state dropped */
	for (unsigned int irq = 0; irq < 64; irq++) {
		assert_int_equal(bit_of(state.pending, irq), irq < 16);
		assert_false(bit_of(state.active, irq));
	}
	assert_int_equal(cpu_mask[0], 0x01);
}

static void test_secondary_cpu_init(void **unused)
{
	size_t from;

	bring_up(0);
	replay(&state, 0);
	from = fake_io_count();
	iface_mask[2] = 0x04;
	bring_up(2);
	replay(&state, from);
	/* the distributor is set up once only */
	assert_int_equal(state.dctlr_writes, 2);
	/* only the CPU's own banked registers (interrupts 0-31) */
	for (size_t i = from; i < fake_io_count(); i++) {
		const struct fake_access *a = fake_io_log(i);

		if (a->op == FAKE_WRITE && a->addr >= D && a->addr < C)
			assert_true(is_banked(a->addr - D));
	}
	/* its interface found by reading ITARGETSR0 on that CPU */
	assert_int_equal(cpu_mask[2], 0x04);
	assert_int_equal(cpu_mask[1], 0);
	for (unsigned int irq = 32; irq < 64; irq++)
		assert_int_equal(state.target[irq], 0x01);
	assert_int_equal(state.cctlr, 1 | SPEC_GICC_CTLR_EOIMODE);
	assert_true((state.prio[0] & 0xf0) < (state.pmr & 0xf0));
}

static void test_uniprocessor_gic(void **unused)
{
	iface_mask[0] = 0;	/* ITARGETSR RAZ: one CPU */
	bring_up(0);
	replay(&state, 0);
	assert_int_equal(cpu_mask[0], 0x01);
	for (unsigned int irq = 32; irq < 64; irq++)
		assert_int_equal(state.target[irq], 0x01);
}

static void test_enable_disable(void **unused)
{
	size_t from;

	bring_up(0);
	replay(&state, 0);
	from = fake_io_count();
	gic.enable(40);
	gic.enable(26);
	gic.enable(63);
	gic.disable(3);
	/* single-bit writes to the right word: no read-modify-write */
	assert_int_equal(fake_io_count() - from, 4);
	assert_int_equal(fake_io_writes(D + SPEC_GICD_ISENABLER + 4, 1u << 8), 1);
	assert_int_equal(fake_io_writes(D + SPEC_GICD_ISENABLER, 1u << 26), 1);
	assert_int_equal(fake_io_writes(D + SPEC_GICD_ISENABLER + 4, 1u << 31), 1);
	assert_int_equal(fake_io_writes(D + SPEC_GICD_ICENABLER, 1u << 3), 1);
	replay(&state, from);
	for (unsigned int irq = 0; irq < 64; irq++)
		assert_int_equal(is_enabled(&state, irq),
				 (irq < 16 && irq != 3) || irq == 26 ||
				 irq == 40 || irq == 63);
	gic.disable(40);
	replay(&state, from + 4);
	assert_false(is_enabled(&state, 40));
	assert_true(is_enabled(&state, 63));
}

static void test_xlate(void **unused)
{
	unsigned int irq = 0;
	uint32_t spi_level[] = { 0, 5, 4 }, spi_edge[] = { 0, 6, 1 };
	uint32_t ppi[] = { 1, 10, 0xf04 }, spi_plain[] = { 0, 31, 0 };
	size_t from = fake_io_count();

	assert_int_equal(gic.xlate(ppi, 3, &irq), 0);
	assert_int_equal(irq, 26);
	assert_int_equal(fake_io_count(), from);	/* PPIs: nothing written */

	fake_io_set(D + SPEC_GICD_ICFGR + 8, 0xffffffffu);	/* all edge before */
	assert_int_equal(gic.xlate(spi_level, 3, &irq), 0);
	assert_int_equal(irq, 37);
	assert_int_equal(gic.xlate(spi_edge, 3, &irq), 0);
	assert_int_equal(irq, 38);
	replay(&state, 0);
	/* interrupt 37: bits 11:10 of ICFGR2, bit 11 = edge */
	assert_int_equal(state.cfg[2] >> 10 & 3, 1);	/* level */
	assert_int_equal(state.cfg[2] >> 12 & 3, 3);	/* edge, others kept */
	assert_int_equal(state.cfg[2] & ~(3u << 10), 0xffffffffu & ~(3u << 10));

	assert_int_equal(gic.xlate(spi_plain, 3, &irq), 0);	/* last SPI */
	assert_int_equal(irq, 63);
}

static void test_xlate_bad(void **unused)
{
	unsigned int irq = 1234;
	uint32_t spi_past[] = { 0, 32, 4 }, ppi_past[] = { 1, 16, 4 };
	uint32_t bad_type[] = { 2, 0, 4 }, level_low[] = { 0, 1, 8 };
	uint32_t falling[] = { 0, 1, 2 };

	assert_int_equal(gic.xlate(spi_past, 3, &irq), -EINVAL);
	assert_non_null(strstr(log_text(), "SPI 32 beyond the 32"));
	assert_int_equal(gic.xlate(ppi_past, 3, &irq), -EINVAL);
	assert_non_null(strstr(log_text(), "PPI 16 out of range"));
	assert_int_equal(gic.xlate(bad_type, 3, &irq), -EINVAL);
	assert_non_null(strstr(log_text(), "type 2 is neither"));
	assert_int_equal(gic.xlate(level_low, 3, &irq), -EINVAL);
	assert_int_equal(gic.xlate(falling, 3, &irq), -EINVAL);
	assert_non_null(strstr(log_text(), "trigger 0x2 unsupported"));
	assert_int_equal(gic.xlate(spi_past, 2, &irq), -EINVAL);
	assert_non_null(strstr(log_text(), "specifier of 2 cells"));
	assert_int_equal(irq, 1234);	/* untouched on every failure */
	/* and no trigger written for a refused specifier */
	for (size_t i = 0; i < fake_io_count(); i++)
		assert_int_equal(fake_io_log(i)->op == FAKE_WRITE, 0);
}

static void test_route(void **unused)
{
	size_t from;

	bring_up(0);
	bring_up(1);
	replay(&state, 0);
	from = fake_io_count();
	assert_int_equal(gic.route(40, 1), 0);
	/* one byte write: other interrupts' targets untouched */
	assert_int_equal(fake_io_count() - from, 1);
	assert_int_equal(fake_io_log(from)->width, 1);
	assert_int_equal(fake_io_log(from)->addr, D + SPEC_GICD_ITARGETSR + 40);
	replay(&state, from);
	assert_int_equal(state.target[40], 0x02);
	assert_int_equal(state.target[39], 0x01);
	assert_int_equal(state.target[41], 0x01);
	assert_int_equal(gic.route(40, 0), 0);
	replay(&state, from + 1);
	assert_int_equal(state.target[40], 0x01);

	from = fake_io_count();
	assert_int_equal(gic.route(26, 1), -EINVAL);	/* PPI */
	assert_int_equal(gic.route(5, 1), -EINVAL);	/* SGI */
	assert_int_equal(gic.route(64, 1), -EINVAL);	/* no such line */
	assert_int_equal(gic.route(40, 3), -ENODEV);	/* CPU 3 not up */
	assert_int_equal(gic.route(40, 99), -ENODEV);
	assert_int_equal(fake_io_count(), from);
}

static void test_send_ipi(void **unused)
{
	size_t from;

	bring_up(0);
	iface_mask[1] = 0x10;	/* interfaces need not follow logical ids */
	bring_up(1);
	from = fake_io_count();
	gic.send_ipi(1);
	assert_int_equal(fake_io_count() - from, 1);
	assert_int_equal(fake_io_log(from)->addr, D + SPEC_GICD_SGIR);
	/* filter 0 (the list), list = interface 4, SGI 0 */
	assert_int_equal(fake_io_log(from)->val, 0x00100000 | gic.ipi_irq);

	self = 1;
	gic.send_ipi(0);
	assert_int_equal(fake_io_log(from + 1)->val, 0x00010000 | gic.ipi_irq);
	gic.send_ipi(1);	/* to itself: filter 2 */
	assert_int_equal(fake_io_log(from + 2)->val, 0x02000000 | gic.ipi_irq);
	self = 0;

	gic.send_ipi(2);	/* not up: nothing sent, said so */
	assert_int_equal(fake_io_count(), from + 3);
	assert_non_null(strstr(log_text(), "IPI to cpu2"));
}

static void test_ack_eoi(void **unused)
{
	bring_up(0);
	bring_up(1);
	/* CPU 0: SGI 0 from CPU interface 5; CPU 1: SPI 40 */
	iar_queue[0] = 5u << 10 | 0;
	iar_queue[1] = 40;
	iar_len = 2;
	self = 0;
	assert_int_equal(gic.ack(), 0);
	self = 1;
	assert_int_equal(gic.ack(), 40);
	self = 0;
	gic.eoi(0);	/* the whole IAR back, source CPU included */
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 5u << 10), 1);
	self = 1;
	gic.eoi(40);
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 40), 1);
	self = 0;
	/* an end for a number not taken last: the number itself */
	gic.eoi(33);
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 33), 1);
}

static void test_spurious(void **unused)
{
	size_t from;

	bring_up(0);
	from = fake_io_count();
	iar_queue[0] = 1023;
	iar_queue[1] = 1022;
	iar_queue[2] = 5u << 10 | 1023;
	iar_len = 3;
	assert_int_equal(gic.ack(), IRQ_NONE);
	assert_int_equal(gic.ack(), IRQ_NONE);
	assert_int_equal(gic.ack(), IRQ_NONE);
	/* nothing taken, nothing to end: only the IAR reads */
	assert_int_equal(fake_io_count() - from, 3);
	for (size_t i = from; i < fake_io_count(); i++)
		assert_int_equal(fake_io_log(i)->op, FAKE_READ);
}

/* The way irq_dispatch() uses it: ack, handle, eoi, until nothing. */
static void test_dispatch_loop(void **unused)
{
	unsigned int irq, seen[4], n = 0;

	bring_up(0);
	iar_queue[0] = 1u << 10 | 0;
	iar_queue[1] = 33;
	iar_queue[2] = 26;
	iar_len = 3;
	while ((irq = gic.ack()) != IRQ_NONE) {
		assert_true(n < 4);
		seen[n++] = irq;
		gic.eoi(irq);
	}
	assert_int_equal(n, 3);
	assert_int_equal(seen[0], 0);
	assert_int_equal(seen[1], 33);
	assert_int_equal(seen[2], 26);
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 1u << 10), 1);
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 33), 1);
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 26), 1);
}

/* The accesses to addr in the log since from. */
static size_t accesses(uintptr_t addr, size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < fake_io_count(); i++)
		n += fake_io_log(i)->addr == addr;
	return n;
}

/* EOImode 1 (4.4.1, 4.4.15): EOIR drops the priority, then DIR
 * deactivates, each given the whole IAR value. */
static void test_eoi_split(void **unused)
{
	size_t from;

	bring_up(0);
	iar_queue[0] = 3u << 10 | 2;	/* SGI 2 from interface 3 */
	iar_queue[1] = 45;
	iar_len = 2;
	for (int i = 0; i < 2; i++) {
		unsigned int irq = gic.ack();

		from = fake_io_count();
		gic.eoi(irq);
		assert_int_equal(fake_io_count() - from, 2);
		assert_int_equal(fake_io_log(from)->op, FAKE_WRITE);
		assert_int_equal(fake_io_log(from)->addr, C + SPEC_GICC_EOIR);
		assert_int_equal(fake_io_log(from)->val, iar_queue[i]);
		assert_int_equal(fake_io_log(from + 1)->op, FAKE_WRITE);
		assert_int_equal(fake_io_log(from + 1)->addr, C + SPEC_GICC_DIR);
		assert_int_equal(fake_io_log(from + 1)->val, iar_queue[i]);
	}
	assert_true(gicv2_virt()->eoi_split);
}

/* A GICC region that stops short of DIR: EOImode 0, EOIR alone. */
static void test_eoi_combined_without_dir(void **unused)
{
	gicc_size = 0x1000;
	assert_int_equal(probe(), 0);
	bring_up(0);
	replay(&state, 0);
	assert_int_equal(state.cctlr, 1);
	iar_queue[0] = 40;
	iar_len = 1;
	gic.eoi(gic.ack());
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 40), 1);
	assert_int_equal(accesses(C + SPEC_GICC_DIR, 0), 0);
	assert_false(gicv2_virt()->eoi_split);
}

/* GICH and GICV (reg[2], reg[3]) mapped, the list registers counted
 * from GICH_VTR.ListRegs (5.3.2: the number minus one). */
static void test_virt_interface(void **unused)
{
	const struct gicv2_virt *v = gicv2_virt();

	assert_non_null(v);
	assert_int_equal(v->gich, H);
	assert_int_equal(v->gich_size, 0x10000);
	assert_int_equal(v->gicv, V);
	assert_int_equal(v->gicv_size, 0x10000);
	assert_int_equal(v->nr_lrs, 4);
	assert_true(is_mapped(H, 0x10000));
	assert_true(is_mapped(V, 0x10000));
	assert_int_equal(accesses(H + SPEC_GICH_VTR, 0), 1);
	vtr = 0x3f;
	assert_int_equal(probe(), 0);
	assert_int_equal(gicv2_virt()->nr_lrs, 64);
	/* the header the virtual GIC will use has the same map */
	assert_int_equal(GICH_HCR, SPEC_GICH_HCR);
	assert_int_equal(GICH_VTR, SPEC_GICH_VTR);
	assert_int_equal(GICH_LR(0), SPEC_GICH_LR0);
	assert_int_equal(GICH_LR(3), SPEC_GICH_LR0 + 12);
}

/* A node with GICD and GICC only: no virtualization interface, said
 * once; the host GIC comes up as ever. */
static void test_two_reg_gic(void **unused)
{
	have_virt = false;
	log_capture_reset();
	assert_int_equal(probe(), 0);
	assert_null(gicv2_virt());
	assert_non_null(strstr(log_text(), "gicv2: no virtualization interface"));
	assert_int_equal(nmapped, 1);
	assert_true(is_mapped(C, 0x10000));
	assert_ptr_equal(registered, &gic);
	bring_up(0);
	replay(&state, 0);
	assert_int_equal(state.dctlr, 1);
	assert_int_equal(state.cctlr, 1 | SPEC_GICC_CTLR_EOIMODE);
	for (unsigned int irq = 0; irq < 64; irq++)
		assert_int_equal(is_enabled(&state, irq), irq < 16);
	iar_queue[0] = 33;
	iar_len = 1;
	gic.eoi(gic.ack());
	assert_int_equal(fake_io_writes(C + SPEC_GICC_EOIR, 33), 1);
	assert_int_equal(fake_io_writes(C + SPEC_GICC_DIR, 33), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe, setup),
		cmocka_unit_test_setup(test_probe_lines, setup),
		cmocka_unit_test_setup(test_probe_without_cpu_interface, setup),
		cmocka_unit_test_setup(test_boot_cpu_init, setup),
		cmocka_unit_test_setup(test_secondary_cpu_init, setup),
		cmocka_unit_test_setup(test_uniprocessor_gic, setup),
		cmocka_unit_test_setup(test_enable_disable, setup),
		cmocka_unit_test_setup(test_xlate, setup),
		cmocka_unit_test_setup(test_xlate_bad, setup),
		cmocka_unit_test_setup(test_route, setup),
		cmocka_unit_test_setup(test_send_ipi, setup),
		cmocka_unit_test_setup(test_ack_eoi, setup),
		cmocka_unit_test_setup(test_spurious, setup),
		cmocka_unit_test_setup(test_dispatch_loop, setup),
		cmocka_unit_test_setup(test_eoi_split, setup),
		cmocka_unit_test_setup(test_eoi_combined_without_dir, setup),
		cmocka_unit_test_setup(test_virt_interface, setup),
		cmocka_unit_test_setup(test_two_reg_gic, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
