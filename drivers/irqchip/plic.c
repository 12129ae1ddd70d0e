// SPDX-License-Identifier: MIT
/*
 * RISC-V Platform-Level Interrupt Controller ("sifive,plic-1.0.0",
 * "riscv,plic0"), the root interrupt controller on riscv64.
 *
 * Interrupt numbers (arch/riscv64/include/asm/irq.h): PLIC source s is
 * 16 + s, 1 <= s <= riscv,ndev. The hart-local numbers below 16 (IPIs,
 * timer) are not the PLIC's: they are forwarded to arch/riscv64's
 * hart-local part, which also sends the IPIs.
 *
 * Each hart has one PLIC context per privilege mode it takes external
 * interrupts in; "interrupts-extended" lists the contexts in order as
 * <&intc cause>, the intc being a child of the hart's cpu node. Ours are
 * those with cause 9 (supervisor external). A source is enabled in
 * exactly one context, that of the CPU it is routed to (cpu0 until
 * irq_route()), so exactly one hart claims it. Every enabled source has
 * priority 1 and every threshold is 0: no source masks another.
 */
#include <asm/irq.h>
#include <hal/cpu.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/io.h>
#include <vireo/log.h>
#include <vireo/spinlock.h>
#include <vireo/string.h>

#define PLIC_PRIORITY(src)	(4 * (src))
#define PLIC_ENABLE(ctx, src)	(0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))	/* and complete */
#define PLIC_MAX_SOURCES	1023
#define PLIC_MAX_CONTEXTS	15872

/* Sources the number space has room for. */
#define MAX_SOURCES (CONFIG_NR_IRQS - 1 - RISCV_IRQ_LOCAL_NR)

#define CTX_UNKNOWN (-2)	/* not looked up yet */
#define CTX_NONE (-1)		/* the hart has no S-mode context */

static struct {
	uintptr_t base;
	uint64_t size;
	unsigned int ndev;			/* sources 1..ndev */
	const void *fdt;
	int node;
	int ctx[CONFIG_NR_CPUS];		/* logical CPU -> S context */
	uint8_t target[MAX_SOURCES + 1];	/* source -> logical CPU */
	uint32_t enabled[MAX_SOURCES / 32 + 1];	/* sources enabled */
	spinlock_t lock;			/* enable words, the above */
} plic;

_Static_assert(CONFIG_NR_CPUS <= 256, "plic.target holds a CPU in a byte");

static const char *const plic_compatible[] = {
	"sifive,plic-1.0.0", "riscv,plic0", NULL
};

/* Walks "interrupts-extended" one context at a time. */
struct ctx_iter {
	const fdt32_t *p, *end;
	unsigned int ctx;		/* the next entry's context number */
};

static void ctx_iter_start(struct ctx_iter *it)
{
	int len = 0;

	it->p = dt_getprop(plic.fdt, plic.node, "interrupts-extended", &len);
	it->end = it->p ? it->p + len / 4 : NULL;
	it->ctx = 0;
}

static int cells_of(const void *fdt, int node, const char *name)
{
	uint32_t v;

	/* a sanity bound: specifiers are a few cells */
	return dt_read_u32(fdt, node, name, &v) || v > 16 ? -1 : (int)v;
}

/*
 * The next supervisor-external context and its hart: 1, 0 at the end,
 * or -EINVAL (printed) if the property is malformed.
 */
static int next_s_context(struct ctx_iter *it, unsigned int *ctx,
			  unsigned long *hart)
{
	const void *fdt = plic.fdt;

	while (it->p && it->p < it->end) {
		uint32_t phandle = fdt32_to_cpu(it->p[0]);
		int intc = dt_node_by_phandle(fdt, phandle);
		int ncells = intc < 0 ? -1 : cells_of(fdt, intc, "#interrupt-cells");
		const fdt32_t *spec = it->p + 1;
		uint64_t hwid;
		int cpu;

		if (intc < 0) {
			pr_err("plic: interrupts-extended entry %u: phandle %#x names no node\n",
			       it->ctx, phandle);
			return -EINVAL;
		}
		if (ncells < 1) {
			pr_err("plic: interrupts-extended entry %u: %s has no usable #interrupt-cells\n",
			       it->ctx, fdt_get_name(fdt, intc, NULL));
			return -EINVAL;
		}
		if (spec + ncells > it->end) {
			pr_err("plic: interrupts-extended ends inside entry %u\n",
			       it->ctx);
			return -EINVAL;
		}
		it->p = spec + ncells;
		*ctx = it->ctx++;
		if (fdt32_to_cpu(spec[0]) != IRQ_S_EXT)
			continue;
		cpu = dt_parent(fdt, intc);
		if (cpu < 0 || !dt_is_cpu_node(fdt, cpu) ||
		    dt_cpu_hwid(fdt, dt_parent(fdt, cpu), cpu, &hwid)) {
			pr_err("plic: context %u: %s is not in a cpu node with a hart id\n",
			       *ctx, fdt_get_name(fdt, intc, NULL));
			return -EINVAL;
		}
		*hart = (unsigned long)hwid;
		return 1;
	}
	return 0;
}

/* The S-mode context of logical CPU cpu, or CTX_NONE. */
static int cpu_context(unsigned int cpu)
{
	struct ctx_iter it;
	struct cpu *c;
	unsigned long hart;
	unsigned int ctx;
	int found;

	if (cpu >= CONFIG_NR_CPUS)
		return CTX_NONE;
	if (plic.ctx[cpu] != CTX_UNKNOWN)
		return plic.ctx[cpu];
	c = cpu_get(cpu);
	if (!c)
		return CTX_NONE;
	ctx_iter_start(&it);
	while ((found = next_s_context(&it, &ctx, &hart)) > 0 && hart != c->hwid)
		;
	/* one store: other CPUs may read it meanwhile */
	plic.ctx[cpu] = found > 0 ? (int)ctx : CTX_NONE;
	return plic.ctx[cpu];
}

static bool valid_source(unsigned int src)
{
	return src >= 1 && src <= plic.ndev;
}

static bool source_enabled(unsigned int src)
{
	return plic.enabled[src / 32] & (1u << (src % 32));
}

/* Set or clear src's enable bit in a context (lock held). */
static void set_enable(int ctx, unsigned int src, bool on)
{
	uintptr_t reg = plic.base + PLIC_ENABLE(ctx, src);
	uint32_t word = readl(reg), bit = 1u << (src % 32);

	writel(on ? word | bit : word & ~bit, reg);
}

static void plic_cpu_init(unsigned int cpu)
{
	int ctx = cpu_context(cpu);

	hart_irq_cpu_init(ctx >= 0);
	if (ctx < 0) {
		pr_err("plic: cpu%u (hart %lu) has no S-mode context in interrupts-extended: no device interrupts there\n",
		       cpu, cpu_get(cpu) ? cpu_get(cpu)->hwid : 0UL);
		return;
	}
	writel(0, plic.base + PLIC_THRESHOLD(ctx));
}

static unsigned long plic_lock(void)
{
	unsigned long flags = irq_local_save();

	spin_lock(&plic.lock);
	return flags;
}

static void plic_unlock(unsigned long flags)
{
	spin_unlock(&plic.lock);
	irq_local_restore(flags);
}

/* A local number on this CPU; a source in its CPU's context. */
static void switch_irq(unsigned int irq, bool on)
{
	unsigned int src = irq - RISCV_IRQ_LOCAL_NR;
	unsigned long flags;
	int ctx;

	if (irq < RISCV_IRQ_LOCAL_NR) {
		if (on)
			hart_irq_enable(irq);
		else
			hart_irq_disable(irq);
		return;
	}
	if (!valid_source(src))
		return;
	flags = plic_lock();
	ctx = cpu_context(plic.target[src]);
	if (ctx < 0 && on)
		pr_warn("plic: source %u: cpu%u has no context to take it\n",
			src, plic.target[src]);
	if (ctx >= 0) {
		writel(on, plic.base + PLIC_PRIORITY(src));
		set_enable(ctx, src, on);
	}
	if (on && ctx >= 0)
		plic.enabled[src / 32] |= 1u << (src % 32);
	else
		plic.enabled[src / 32] &= ~(1u << (src % 32));
	plic_unlock(flags);
}

static void plic_enable(unsigned int irq)
{
	switch_irq(irq, true);
}

static void plic_disable(unsigned int irq)
{
	switch_irq(irq, false);
}

static int plic_route(unsigned int irq, unsigned int cpu)
{
	unsigned int src = irq - RISCV_IRQ_LOCAL_NR;
	unsigned long flags;
	int from, to, err = 0;

	if (irq < RISCV_IRQ_LOCAL_NR || !valid_source(src))
		return -EINVAL;	/* local interrupts are every CPU's own */
	flags = plic_lock();
	from = cpu_context(plic.target[src]);
	to = cpu_context(cpu);
	if (to < 0) {
		pr_err("plic: source %u cannot go to cpu%u: it has no S-mode context\n",
		       src, cpu);
		err = -ENODEV;
	} else {
		if (source_enabled(src) && from != to) {
			if (from >= 0)
				set_enable(from, src, false);
			set_enable(to, src, true);
		}
		plic.target[src] = (uint8_t)cpu;
	}
	plic_unlock(flags);
	return err;
}

static unsigned int plic_ack(void)
{
	int ctx = cpu_context(this_cpu()->id);
	uint32_t src;

	if (ctx < 0)
		return IRQ_NONE;
	while ((src = readl(plic.base + PLIC_CLAIM(ctx))) != 0) {
		if (valid_source(src))
			return RISCV_IRQ_PLIC(src);
		/* beyond what we serve (ndev capped): complete, drop */
		pr_warn("plic: claimed source %u outside 1..%u\n", src, plic.ndev);
		writel(src, plic.base + PLIC_CLAIM(ctx));
	}
	return IRQ_NONE;
}

/*
 * Complete on the context that claimed it, this CPU's. The PLIC ignores
 * a completion for a source not enabled there, which it no longer is if
 * a handler disabled or rerouted it: enable it around the write then.
 * Local numbers need nothing: the trap entry cleared sip.SSIP before the
 * handler ran (so a new IPI stays pending) and the timer's pending bit
 * follows its compare value.
 */
static void plic_eoi(unsigned int irq)
{
	unsigned int src = irq - RISCV_IRQ_LOCAL_NR;
	unsigned int cpu = this_cpu()->id;
	int ctx = cpu_context(cpu);
	unsigned long flags;
	bool here;

	if (irq < RISCV_IRQ_LOCAL_NR || !valid_source(src) || ctx < 0)
		return;
	flags = plic_lock();
	here = source_enabled(src) && cpu_context(plic.target[src]) == ctx;
	if (!here)
		set_enable(ctx, src, true);
	writel(src, plic.base + PLIC_CLAIM(ctx));
	if (!here)
		set_enable(ctx, src, false);
	plic_unlock(flags);
}

static int plic_xlate(const uint32_t *cells, int ncells, unsigned int *irq)
{
	if (ncells != 1) {
		pr_err("plic: an interrupt is 1 cell (the source), not %d\n",
		       ncells);
		return -EINVAL;
	}
	if (!valid_source(cells[0])) {
		pr_err("plic: interrupt source %u outside 1..%u\n", cells[0],
		       plic.ndev);
		return -EINVAL;
	}
	*irq = RISCV_IRQ_PLIC(cells[0]);
	return 0;
}

static struct irqchip plic_chip = {
	.name = "plic",
	.ipi_irq = RISCV_IRQ_SOFT,
	.cpu_init = plic_cpu_init,
	.enable = plic_enable,
	.disable = plic_disable,
	.ack = plic_ack,
	.eoi = plic_eoi,
	.route = plic_route,
	.send_ipi = hart_send_ipi,	/* IPIs are hart-local */
	.xlate = plic_xlate,
};

/* Check every S context and start it with all sources off; 0 or -errno. */
static int reset_contexts(void)
{
	struct ctx_iter it;
	unsigned long hart;
	unsigned int ctx, found = 0;
	int more;

	ctx_iter_start(&it);
	if (!it.p) {
		pr_err("plic: no interrupts-extended: which context is which hart's is unknown\n");
		return -EINVAL;
	}
	while ((more = next_s_context(&it, &ctx, &hart)) > 0) {
		if (ctx >= PLIC_MAX_CONTEXTS ||
		    (plic.size && PLIC_CLAIM(ctx) + 4 > plic.size)) {
			pr_err("plic: context %u (hart %lu) lies beyond its registers\n",
			       ctx, hart);
			return -EINVAL;
		}
		for (unsigned int src = 0; src <= plic.ndev; src += 32)
			writel(0, plic.base + PLIC_ENABLE(ctx, src));
		found++;
	}
	if (more < 0)
		return more;
	if (!found) {
		pr_err("plic: no supervisor (cause 9) context in interrupts-extended\n");
		return -EINVAL;
	}
	return 0;
}

static int plic_probe(const struct device *dev)
{
	int err;

	if (!dev->fdt) {
		pr_err("plic: needs its device-tree node\n");
		return -EINVAL;
	}
	plic.base = dev->base;
	plic.size = dev->size;
	plic.fdt = dev->fdt;
	plic.node = dev->node;
	if (dt_read_u32(dev->fdt, dev->node, "riscv,ndev", &plic.ndev)) {
		pr_err("plic: no riscv,ndev (how many sources)\n");
		return -EINVAL;
	}
	if (!plic.ndev || plic.ndev > PLIC_MAX_SOURCES) {
		pr_err("plic: riscv,ndev %u outside 1..%u\n", plic.ndev,
		       PLIC_MAX_SOURCES);
		return -EINVAL;
	}
	if (plic.ndev > MAX_SOURCES) {
		pr_warn("plic: %u sources, CONFIG_NR_IRQS=%d serves 1..%u\n",
			plic.ndev, CONFIG_NR_IRQS, MAX_SOURCES);
		plic.ndev = MAX_SOURCES;
	}
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++)
		plic.ctx[i] = CTX_UNKNOWN;
	for (unsigned int i = 0; i < ARRAY_SIZE(plic.enabled); i++)
		plic.enabled[i] = 0;
	for (unsigned int src = 0; src <= MAX_SOURCES; src++)
		plic.target[src] = 0;
	err = reset_contexts();
	if (err)
		return err;
	for (unsigned int src = 1; src <= plic.ndev; src++)
		writel(0, plic.base + PLIC_PRIORITY(src));
	plic_chip.node = dev->node;
	plic_chip.nr_irqs = RISCV_IRQ_PLIC(plic.ndev) + 1;
	irqchip_register(&plic_chip);
	return 0;
}

DRIVER(plic, .name = "plic", .kind = DRIVER_IRQCHIP,
       .compatible = plic_compatible, .probe = plic_probe);
