// SPDX-License-Identifier: MIT
/*
 * drivers/irqchip/plic.c against the fake register file, linked with the
 * hart-local part it forwards to (arch/riscv64/hart_irq.c), with the SBI
 * and the sie/sip CSRs modelled here (the asm/sbi.h and asm/csr.h seams
 * under VIREO_FAKE_IO). The PLIC model reads back what the driver wrote -
 * priorities, enable words, thresholds - and decides from them which
 * source a claim returns, as the hardware would; completions count only
 * if the source is enabled in that context at the time, as the spec says.
 * Device tree: dts/plic.dts (harts 0, 1, 5, 7; their contexts listed
 * there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_io.h"
#include "host_log.h"
#include "host_dtb.h"
#include "../../drivers/irqchip/plic.c"
#include <asm/sbi.h>

#define BASE 0x40000000UL
/* The register layout, from the PLIC specification (not the driver's). */
#define PRIORITY(src)		(4 * (src))
#define ENABLE(ctx, src)	(0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define THRESHOLD(ctx)		(0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))

/* ---- what the driver calls: CPUs, the HAL, the firmware, the CSRs ---- */

/* Logical CPU -> hart: the boot hart is hart 1; hart 7 has no S context. */
static struct cpu cpus[CONFIG_NR_CPUS] = {
	{ .id = 0, .hwid = 1 }, { .id = 1, .hwid = 0 },
	{ .id = 2, .hwid = 5 }, { .id = 3, .hwid = 7 },
};
static unsigned int ncpus = CONFIG_NR_CPUS;
static unsigned int self;
static struct irqchip *registered;
static unsigned long sie, sip;
static int masked_depth;

struct cpu *this_cpu(void)
{
	return &cpus[self];
}

struct cpu *cpu_get(unsigned int id)
{
	return id < ncpus ? &cpus[id] : NULL;
}

void irqchip_register(struct irqchip *chip)
{
	registered = chip;
}

unsigned long irq_local_save(void)
{
	return (unsigned long)masked_depth++;
}

void irq_local_restore(unsigned long flags)
{
	assert_int_equal(--masked_depth, (int)flags);
}

static unsigned long *csr(const char *name)
{
	if (!strcmp(name, "sie"))
		return &sie;
	if (!strcmp(name, "sip"))
		return &sip;
	fail_msg("the driver touched CSR %s", name);
	return NULL;
}

unsigned long fake_csr_read(const char *name)
{
	return *csr(name);
}

void fake_csr_write(const char *name, unsigned long val)
{
	*csr(name) = val;
}

void fake_csr_set(const char *name, unsigned long bits)
{
	*csr(name) |= bits;
}

void fake_csr_clear(const char *name, unsigned long bits)
{
	*csr(name) &= ~bits;
}

static struct {
	unsigned long ext, fid, arg0, arg1;
	unsigned int calls;
	long error;		/* what the next call returns */
} sbi;

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long arg0, unsigned long arg1,
			unsigned long arg2)
{
	sbi.ext = ext;
	sbi.fid = fid;
	sbi.arg0 = arg0;
	sbi.arg1 = arg1;
	sbi.calls++;
	return (struct sbiret){ .error = sbi.error };
}

/* ---- the PLIC model ---- */

static uint64_t pending;	/* sources raised and not yet claimed (< 64) */

/* Register values the test put there as the device would (preset()). */
static struct {
	uintptr_t addr;
	uint32_t val;
	size_t at;		/* after this many logged accesses */
} presets[16];
static unsigned int npresets;

static void preset(uintptr_t addr, uint32_t val)
{
	assert_true(npresets < ARRAY_SIZE(presets));
	presets[npresets].addr = addr;
	presets[npresets].val = val;
	presets[npresets++].at = fake_io_count();
	fake_io_set(addr, val);
}

/* What addr holds after the first n logged accesses: the last write or
 * preset value, whichever came later; 0 if neither. */
static uint32_t reg_at(uintptr_t addr, size_t n)
{
	size_t i = n;

	while (i-- && !(fake_io_log(i)->op == FAKE_WRITE &&
			fake_io_log(i)->addr == addr))
		;
	for (unsigned int p = npresets; p--;)
		if (presets[p].addr == addr && presets[p].at <= n &&
		    (i == SIZE_MAX || presets[p].at > i))
			return presets[p].val;
	return i == SIZE_MAX ? 0 : fake_io_log(i)->val;
}

static uint32_t reg(uintptr_t addr)
{
	return reg_at(addr, fake_io_count());
}

static bool enabled_in(unsigned int ctx, unsigned int src, size_t n)
{
	return reg_at(BASE + ENABLE(ctx, src), n) & (1u << (src % 32));
}

/* A claim: the highest-priority pending source enabled in ctx above its
 * threshold, the lowest id among equals; 0 if none. */
static int64_t model(uintptr_t addr)
{
	unsigned int ctx, best = 0;
	uint32_t best_prio = 0;

	if (addr < BASE + CLAIM(0) || (addr - BASE - CLAIM(0)) % 0x1000)
		return -1;
	ctx = (unsigned int)((addr - BASE - CLAIM(0)) / 0x1000);
	for (unsigned int src = 1; src < 64; src++) {
		uint32_t prio = reg(BASE + PRIORITY(src));

		if (!(pending & (1ull << src)) || !enabled_in(ctx, src, fake_io_count()) ||
		    prio <= reg(BASE + THRESHOLD(ctx)) || prio <= best_prio)
			continue;
		best = src;
		best_prio = prio;
	}
	pending &= ~(1ull << best);
	return best;
}

/* Completions of src by ctx the PLIC took (src enabled there then). */
static unsigned int completions(unsigned int ctx, unsigned int src)
{
	unsigned int n = 0;

	for (size_t i = 0; i < fake_io_count(); i++) {
		const struct fake_access *a = fake_io_log(i);

		n += a->op == FAKE_WRITE && a->addr == BASE + CLAIM(ctx) &&
		     a->val == src && enabled_in(ctx, src, i);
	}
	return n;
}

/* The contexts whose enable words have src set. */
static unsigned int contexts_with(unsigned int src)
{
	unsigned int mask = 0;

	for (unsigned int ctx = 0; ctx < 8; ctx++)
		mask |= enabled_in(ctx, src, fake_io_count()) << ctx;
	return mask;
}

/* ---- fixtures ---- */

static void *fdt;

static int node(const char *path)
{
	int n = fdt_path_offset(fdt, path);

	assert_true(n >= 0);
	return n;
}

static int probe(const char *path, uintptr_t base, uint64_t size)
{
	struct device dev = { .fdt = fdt, .node = node(path), .base = base,
			      .size = size };

	return __driver_plic.probe(&dev);
}

static int setup(void **state)
{
	fake_io_reset(model);
	npresets = 0;
	registered = NULL;
	log_capture_reset();
	sie = sip = 0;
	pending = 0;
	self = 0;
	ncpus = CONFIG_NR_CPUS;
	memset(&sbi, 0, sizeof(sbi));
	assert_int_equal(probe("/soc/plic@40000000", BASE, 0x400000), 0);
	assert_ptr_equal(registered, &plic_chip);
	return 0;
}

/* Every CPU up, as the HAL does it (cpu_init, then the IPI enabled). */
static int setup_cpus(void **state)
{
	setup(state);
	for (self = 0; self < CONFIG_NR_CPUS; self++)
		registered->cpu_init(self);
	self = 0;
	return 0;
}

/* ---- tests ---- */

static void test_probe(void **state)
{
	assert_string_equal(registered->name, "plic");
	assert_int_equal(registered->node, node("/soc/plic@40000000"));
	assert_int_equal(registered->nr_irqs, RISCV_IRQ_PLIC(40) + 1);
	assert_int_equal(registered->ipi_irq, 1);
	assert_int_equal(RISCV_IRQ_TIMER, 5);
	/* every source starts at priority 0 (never delivered) */
	for (unsigned int src = 1; src <= 40; src++)
		assert_int_equal(fake_io_writes(BASE + PRIORITY(src), 0), 1);
	assert_int_equal(fake_io_writes(BASE + PRIORITY(41), 0), 0);
	/* S contexts 1, 3, 5 start with both enable words clear; the M and
	 * unwired contexts are the firmware's and are not touched */
	for (unsigned int ctx = 0; ctx < 7; ctx++) {
		size_t want = ctx == 1 || ctx == 3 || ctx == 5;

		assert_int_equal(fake_io_writes(BASE + ENABLE(ctx, 0), 0), want);
		assert_int_equal(fake_io_writes(BASE + ENABLE(ctx, 32), 0), want);
		assert_int_equal(fake_io_writes(BASE + ENABLE(ctx, 64), 0), 0);
	}
	for (size_t i = 0; i < fake_io_count(); i++)
		assert_int_equal(fake_io_log(i)->width, 4);
	assert_int_equal(sie, 0);	/* nothing per CPU before cpu_init */
}

static void test_cpu_init(void **state)
{
	/* firmware leftovers that would mask everything */
	for (unsigned int ctx = 0; ctx < 7; ctx++)
		preset(BASE + THRESHOLD(ctx), 7);

	self = 0;
	registered->cpu_init(0);	/* hart 1: context 3 */
	assert_int_equal(reg(BASE + THRESHOLD(3)), 0);
	assert_int_equal(sie, SIE_SEIE | SIE_SSIE);
	assert_int_equal(fake_io_writes(BASE + THRESHOLD(1), 0), 0);

	sie = 0;
	self = 1;
	registered->cpu_init(1);	/* hart 0: context 1 */
	assert_int_equal(reg(BASE + THRESHOLD(1)), 0);
	assert_int_equal(sie, SIE_SEIE | SIE_SSIE);

	sie = 0;
	self = 2;
	registered->cpu_init(2);	/* hart 5: context 5, after the unwired 4 */
	assert_int_equal(reg(BASE + THRESHOLD(5)), 0);
	assert_int_equal(fake_io_writes(BASE + THRESHOLD(4), 0), 0);

	/* hart 7 has only an M context: said so, IPIs still on */
	sie = 0;
	self = 3;
	registered->cpu_init(3);
	assert_int_equal(sie, SIE_SSIE);
	assert_non_null(strstr(log_text(), "cpu3 (hart 7) has no S-mode context"));
	assert_int_equal(reg(BASE + THRESHOLD(6)), 7);
}

static void test_enable_disable(void **state)
{
	registered->enable(RISCV_IRQ_PLIC(10));
	assert_int_equal(reg(BASE + PRIORITY(10)), 1);
	/* cpu0 is hart 1, context 3; no other context gets it */
	assert_int_equal(contexts_with(10), 1u << 3);

	registered->enable(RISCV_IRQ_PLIC(12));
	registered->enable(RISCV_IRQ_PLIC(35));	/* second word, bit 3 */
	assert_int_equal(reg(BASE + ENABLE(3, 0)), (1u << 10) | (1u << 12));
	assert_int_equal(reg(BASE + ENABLE(3, 32)), 1u << 3);
	assert_int_equal(reg(BASE + PRIORITY(35)), 1);

	registered->disable(RISCV_IRQ_PLIC(10));
	assert_int_equal(reg(BASE + ENABLE(3, 0)), 1u << 12);
	assert_int_equal(reg(BASE + PRIORITY(10)), 0);
	assert_int_equal(contexts_with(10), 0);
	assert_int_equal(masked_depth, 0);

	/* out of range: nothing written */
	size_t before = fake_io_count();

	registered->enable(RISCV_IRQ_PLIC(0));
	registered->enable(RISCV_IRQ_PLIC(41));
	registered->disable(RISCV_IRQ_PLIC(41));
	assert_int_equal(fake_io_count(), before);
}

static void test_local_numbers(void **state)
{
	size_t before = fake_io_count();

	sie = 0;

	registered->enable(RISCV_IRQ_TIMER);
	assert_int_equal(sie, SIE_STIE);
	registered->enable(RISCV_IRQ_SOFT);
	assert_int_equal(sie, SIE_STIE | SIE_SSIE);
	registered->disable(RISCV_IRQ_TIMER);
	assert_int_equal(sie, SIE_SSIE);
	/* a cause the hart-local part does not serve leaves sie alone,
	 * with a word; so does the external line, which is the PLIC's own */
	registered->enable(3);
	registered->disable(IRQ_S_EXT);
	assert_int_equal(sie, SIE_SSIE);
	assert_non_null(strstr(log_text(), "no hart-local interrupt 3"));
	assert_non_null(strstr(log_text(), "no hart-local interrupt 9"));
	/* the end of a local interrupt touches no register and no CSR: the
	 * trap entry cleared SSIP before the handler */
	sip = SIP_SSIP;
	registered->eoi(RISCV_IRQ_SOFT);
	registered->eoi(RISCV_IRQ_TIMER);
	assert_int_equal(sip, SIP_SSIP);
	assert_int_equal(fake_io_count(), before);
	/* local interrupts belong to every CPU: they do not route */
	assert_int_equal(registered->route(RISCV_IRQ_TIMER, 1), -EINVAL);
}

static void test_route(void **state)
{
	registered->enable(RISCV_IRQ_PLIC(10));
	registered->enable(RISCV_IRQ_PLIC(11));
	assert_int_equal(contexts_with(10), 1u << 3);

	/* to cpu2 (hart 5, context 5): the bit moves, the neighbour stays */
	assert_int_equal(registered->route(RISCV_IRQ_PLIC(10), 2), 0);
	assert_int_equal(contexts_with(10), 1u << 5);
	assert_int_equal(contexts_with(11), 1u << 3);
	assert_int_equal(reg(BASE + PRIORITY(10)), 1);

	/* to cpu1 (hart 0, context 1) */
	assert_int_equal(registered->route(RISCV_IRQ_PLIC(10), 1), 0);
	assert_int_equal(contexts_with(10), 1u << 1);

	/* cpu3 has no S context: refused, left where it was */
	assert_int_equal(registered->route(RISCV_IRQ_PLIC(10), 3), -ENODEV);
	/* a CPU number equal to the CPU count is no CPU */
	assert_int_equal(registered->route(RISCV_IRQ_PLIC(10), CONFIG_NR_CPUS), -ENODEV);
	assert_non_null(strstr(log_text(), "cannot go to cpu3"));
	assert_int_equal(contexts_with(10), 1u << 1);

	/* a disabled source is only noted; enable then uses the new CPU */
	assert_int_equal(registered->route(RISCV_IRQ_PLIC(20), 2), 0);
	assert_int_equal(contexts_with(20), 0);
	registered->enable(RISCV_IRQ_PLIC(20));
	assert_int_equal(contexts_with(20), 1u << 5);
	registered->disable(RISCV_IRQ_PLIC(20));
	assert_int_equal(contexts_with(20), 0);

	assert_int_equal(registered->route(RISCV_IRQ_PLIC(0), 1), -EINVAL);
	assert_int_equal(registered->route(RISCV_IRQ_PLIC(41), 1), -EINVAL);
	assert_int_equal(masked_depth, 0);
}

static void test_claim_complete(void **state)
{
	registered->enable(RISCV_IRQ_PLIC(12));
	registered->enable(RISCV_IRQ_PLIC(10));
	registered->enable(RISCV_IRQ_PLIC(33));
	pending = (1ull << 10) | (1ull << 12) | (1ull << 33) | (1ull << 7);

	/* cpu0 claims on context 3, lowest id first among equal priorities;
	 * 7 is pending but not enabled */
	self = 0;
	assert_int_equal(registered->ack(), RISCV_IRQ_PLIC(10));
	registered->eoi(RISCV_IRQ_PLIC(10));
	assert_int_equal(completions(3, 10), 1);
	assert_int_equal(registered->ack(), RISCV_IRQ_PLIC(12));
	registered->eoi(RISCV_IRQ_PLIC(12));
	assert_int_equal(registered->ack(), RISCV_IRQ_PLIC(33));
	registered->eoi(RISCV_IRQ_PLIC(33));
	assert_int_equal(completions(3, 33), 1);
	assert_int_equal(registered->ack(), IRQ_NONE);
	assert_int_equal(pending, 1ull << 7);

	/* routed to cpu2: cpu0 sees nothing, cpu2 claims on context 5 */
	registered->route(RISCV_IRQ_PLIC(10), 2);
	pending |= 1ull << 10;
	assert_int_equal(registered->ack(), IRQ_NONE);
	self = 2;
	assert_int_equal(registered->ack(), RISCV_IRQ_PLIC(10));
	registered->eoi(RISCV_IRQ_PLIC(10));
	assert_int_equal(completions(5, 10), 1);

	/* a CPU without a context claims nothing and reads nothing */
	self = 3;
	size_t before = fake_io_count();

	assert_int_equal(registered->ack(), IRQ_NONE);
	assert_int_equal(fake_io_count(), before);
	assert_int_equal(masked_depth, 0);
}

/* The threshold cpu_init sets is what lets priority-1 sources through. */
static void test_threshold(void **state)
{
	registered->enable(RISCV_IRQ_PLIC(10));
	pending = 1ull << 10;
	preset(BASE + THRESHOLD(3), 1);
	assert_int_equal(registered->ack(), IRQ_NONE);
	registered->cpu_init(0);
	assert_int_equal(registered->ack(), RISCV_IRQ_PLIC(10));
}

/* A handler that disables or reroutes its own source must still end it:
 * the PLIC drops a completion for a source not enabled in the context. */
static void test_complete_after_disable(void **state)
{
	registered->enable(RISCV_IRQ_PLIC(10));
	registered->enable(RISCV_IRQ_PLIC(11));
	pending = (1ull << 10) | (1ull << 11);

	assert_int_equal(registered->ack(), RISCV_IRQ_PLIC(10));
	registered->disable(RISCV_IRQ_PLIC(10));
	registered->eoi(RISCV_IRQ_PLIC(10));
	assert_int_equal(completions(3, 10), 1);
	assert_int_equal(contexts_with(10), 0);	/* and disabled again */

	assert_int_equal(registered->ack(), RISCV_IRQ_PLIC(11));
	registered->route(RISCV_IRQ_PLIC(11), 1);
	registered->eoi(RISCV_IRQ_PLIC(11));
	assert_int_equal(completions(3, 11), 1);
	assert_int_equal(contexts_with(11), 1u << 1);
	assert_int_equal(masked_depth, 0);
}

static void test_ipi(void **state)
{
	/* the PLIC does not carry IPIs: the hart-local part sends them */
	assert_ptr_equal(registered->send_ipi, hart_send_ipi);
	registered->send_ipi(2);	/* hart 5 */
	assert_int_equal(sbi.calls, 1);
	assert_int_equal(sbi.ext, SBI_EXT_IPI);
	assert_int_equal(sbi.ext, 0x735049);
	assert_int_equal(sbi.fid, 0);
	/* mask bit 0 relative to base: exactly hart 5 */
	assert_int_equal(sbi.arg0, 1);
	assert_int_equal(sbi.arg1, 5);
	registered->send_ipi(1);
	assert_int_equal(sbi.arg1, 0);

	sbi.error = -2;
	registered->send_ipi(3);
	assert_non_null(strstr(log_text(), "IPI to cpu3 (hart 7) failed: SBI_ERR_NOT_SUPPORTED"));

	sbi.calls = 0;
	registered->send_ipi(CONFIG_NR_CPUS);	/* one past the last CPU */
	registered->send_ipi(9);
	assert_int_equal(sbi.calls, 0);
}

static void test_xlate(void **state)
{
	uint32_t cells[2] = { 10, 0 };
	unsigned int irq = 0;

	assert_int_equal(registered->xlate(cells, 1, &irq), 0);
	assert_int_equal(irq, 26);
	cells[0] = 1;
	assert_int_equal(registered->xlate(cells, 1, &irq), 0);
	assert_int_equal(irq, RISCV_IRQ_PLIC(1));
	cells[0] = 40;
	assert_int_equal(registered->xlate(cells, 1, &irq), 0);
	assert_int_equal(irq, RISCV_IRQ_PLIC(40));
	assert_true(irq < registered->nr_irqs);

	irq = 1234;
	cells[0] = 0;
	assert_int_equal(registered->xlate(cells, 1, &irq), -EINVAL);
	cells[0] = 41;
	assert_int_equal(registered->xlate(cells, 1, &irq), -EINVAL);
	assert_non_null(strstr(log_text(), "interrupt source 41 outside 1..40"));
	cells[0] = 10;
	assert_int_equal(registered->xlate(cells, 2, &irq), -EINVAL);
	assert_int_equal(registered->xlate(cells, 0, &irq), -EINVAL);
	assert_int_equal(irq, 1234);
}

/* More sources than the number space: served up to CONFIG_NR_IRQS. */
static void test_ndev_capped(void **state)
{
	const unsigned int max = CONFIG_NR_IRQS - 1 - RISCV_IRQ_LOCAL_NR;
	uint32_t cell = max;
	unsigned int irq;

	fake_io_reset(model);
	npresets = 0;
	log_capture_reset();
	assert_int_equal(probe("/soc/many@41000000", BASE, 0x400000), 0);
	assert_non_null(strstr(log_text(), "100 sources, CONFIG_NR_IRQS=64 serves 1..47"));
	assert_int_equal(registered->nr_irqs, CONFIG_NR_IRQS);
	assert_int_equal(registered->xlate(&cell, 1, &irq), 0);
	assert_int_equal(irq, CONFIG_NR_IRQS - 1);
	cell = max + 1;
	assert_int_equal(registered->xlate(&cell, 1, &irq), -EINVAL);
	assert_int_equal(fake_io_writes(BASE + PRIORITY(max + 1), 0), 0);

	/* a claim beyond what is served is completed and dropped */
	registered->cpu_init(0);	/* hart 1: this PLIC's context 0 */
	preset(BASE + ENABLE(0, 60), 1u << (60 % 32));
	preset(BASE + PRIORITY(60), 1);
	pending = 1ull << 60;
	assert_int_equal(registered->ack(), IRQ_NONE);
	assert_int_equal(fake_io_writes(BASE + CLAIM(0), 60), 1);
	assert_non_null(strstr(log_text(), "claimed source 60 outside 1..47"));
}

static void expect_refused(const char *path, uint64_t size, const char *why)
{
	fake_io_reset(model);
	log_capture_reset();
	registered = NULL;
	assert_int_equal(probe(path, BASE, size), -EINVAL);
	assert_null(registered);
	if (!strstr(log_text(), why))
		fail_msg("%s: expected \"%s\", got \"%s\"", path, why, log_text());
}

static void test_bad_trees(void **state)
{
	expect_refused("/soc/no-ndev@42000000", 0x400000, "no riscv,ndev");
	expect_refused("/soc/ndev-too-big@43000000", 0x400000,
		       "riscv,ndev 1024 outside 1..1023");
	expect_refused("/soc/no-contexts@44000000", 0x400000,
		       "no interrupts-extended");
	expect_refused("/soc/machine-only@45000000", 0x400000,
		       "no supervisor (cause 9) context");
	expect_refused("/soc/bad-phandle@46000000", 0x400000,
		       "entry 1: phandle 0x777 names no node");
	expect_refused("/soc/small-reg@47000000", 0x201000,
		       "context 1 (hart 0) lies beyond its registers");
	expect_refused("/soc/not-a-cpu@48000000", 0x400000,
		       "context 1: stray-intc is not in a cpu node");
	expect_refused("/soc/no-cells@49000000", 0x400000,
		       "entry 1: no-cells has no usable #interrupt-cells");
	expect_refused("/soc/truncated@4a000000", 0x400000,
		       "interrupts-extended ends inside entry 1");

	struct device early = { .fdt = NULL, .node = -1, .base = BASE };

	assert_int_equal(__driver_plic.probe(&early), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe, setup),
		cmocka_unit_test_setup(test_cpu_init, setup),
		cmocka_unit_test_setup(test_enable_disable, setup_cpus),
		cmocka_unit_test_setup(test_local_numbers, setup_cpus),
		cmocka_unit_test_setup(test_route, setup_cpus),
		cmocka_unit_test_setup(test_claim_complete, setup_cpus),
		cmocka_unit_test_setup(test_threshold, setup_cpus),
		cmocka_unit_test_setup(test_complete_after_disable, setup_cpus),
		cmocka_unit_test_setup(test_ipi, setup_cpus),
		cmocka_unit_test_setup(test_xlate, setup_cpus),
		cmocka_unit_test_setup(test_ndev_capped, setup),
		cmocka_unit_test_setup(test_bad_trees, setup),
	};
	int failed;

	fdt = dtb_load("plic", NULL);
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	free(fdt);
	return failed;
}
