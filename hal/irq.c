// SPDX-License-Identifier: MIT
/* Interrupt numbers, handlers and controllers (see hal/include/hal/irq.h). */
#include <hal/cpu.h>
#include <hal/irq.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/log.h>

#define MAX_IRQCHIPS 4
#define MAX_INTERRUPT_CELLS 4

struct irq_desc {
	irq_handler_t fn;
	void *arg;
	struct irqchip *chip;	/* whose number this is */
	unsigned long count;
};

static struct irqchip *chips[MAX_IRQCHIPS];
static int nchips;
static struct irq_desc descs[CONFIG_NR_IRQS];

void irqchip_register(struct irqchip *chip)
{
	if (nchips == MAX_IRQCHIPS) {
		pr_warn("irq: %s: no room for a %dth interrupt controller\n",
			chip->name, nchips + 1);
		return;
	}
	/* Cutting off the top is fine for device lines, not for its IPIs. */
	if (chip->send_ipi && chip->ipi_irq >= CONFIG_NR_IRQS) {
		pr_err("irq: %s: its IPIs arrive on %u, beyond CONFIG_NR_IRQS=%d: not used\n",
		       chip->name, chip->ipi_irq, CONFIG_NR_IRQS);
		return;
	}
	if (chip->nr_irqs > CONFIG_NR_IRQS) {
		pr_warn("irq: %s: %u interrupts, CONFIG_NR_IRQS=%d serves the first\n",
			chip->name, chip->nr_irqs, CONFIG_NR_IRQS);
		chip->nr_irqs = CONFIG_NR_IRQS;
	}
	chips[nchips++] = chip;
}

struct irqchip *irqchip_root(void)
{
	return nchips ? chips[0] : NULL;
}

const char *irqchip_name(void)
{
	return nchips ? chips[0]->name : "none";
}

int irq_cpu_init(unsigned int cpu)
{
	struct irqchip *root = irqchip_root();

	if (!root)
		return -ENODEV;
	for (int i = 0; i < nchips; i++)
		if (chips[i]->cpu_init)
			chips[i]->cpu_init(cpu);
	if (root->send_ipi && root->enable)
		root->enable(root->ipi_irq);
	return 0;
}

/* The controller a number belongs to: set by xlate, else the root. */
static struct irqchip *chip_of(unsigned int irq)
{
	if (irq >= CONFIG_NR_IRQS)
		return NULL;
	return descs[irq].chip ? descs[irq].chip : irqchip_root();
}

static struct irqchip *chip_of_node(int node)
{
	for (int i = 0; i < nchips; i++)
		if (chips[i]->node == node)
			return chips[i];
	return NULL;
}

/* The node's interrupt-parent: its own, else its nearest ancestor's. */
static int interrupt_parent(const void *fdt, int node)
{
	for (; node >= 0; node = dt_parent(fdt, node)) {
		uint32_t ph;

		if (!dt_read_u32(fdt, node, "interrupt-parent", &ph))
			return dt_node_by_phandle(fdt, ph);
	}
	return -FDT_ERR_NOTFOUND;
}

static int interrupt_cells(const void *fdt, int ctrl)
{
	uint32_t cells;

	/* a sanity bound: specifiers are a few cells */
	if (dt_read_u32(fdt, ctrl, "#interrupt-cells", &cells) || cells > 16)
		return -EINVAL;
	return (int)cells;
}

/*
 * Find the index'th specifier: in "interrupts-extended" (each one led by
 * its controller's phandle) or in "interrupts" (controller inherited).
 */
static int find_specifier(const void *fdt, int node, int index, int *ctrl,
			  const fdt32_t **spec, int *ncells)
{
	int len, i = 0;
	const fdt32_t *p = dt_getprop(fdt, node, "interrupts-extended", &len);

	if (p) {
		const fdt32_t *end = p + len / 4;

		while (p < end) {
			*ctrl = dt_node_by_phandle(fdt, fdt32_to_cpu(*p));
			*ncells = *ctrl < 0 ? -EINVAL : interrupt_cells(fdt, *ctrl);
			if (*ncells < 0 || p + 1 + *ncells > end)
				return -EINVAL;
			if (i++ == index) {
				*spec = p + 1;
				return 0;
			}
			p += 1 + *ncells;
		}
		return -ENOENT;
	}
	p = dt_getprop(fdt, node, "interrupts", &len);
	if (!p)
		return -ENOENT;
	*ctrl = interrupt_parent(fdt, node);
	if (*ctrl < 0)
		return -EINVAL;
	*ncells = interrupt_cells(fdt, *ctrl);
	if (*ncells <= 0)
		return -EINVAL;
	if ((index + 1) * *ncells * 4 > len)
		return -ENOENT;
	*spec = p + index * *ncells;
	return 0;
}

const char *irq_property(const void *fdt, int node)
{
	return dt_getprop(fdt, node, "interrupts-extended", NULL) ?
		       "interrupts-extended" : "interrupts";
}

int irq_of_node(const void *fdt, int node, int index, unsigned int *irq)
{
	uint32_t cells[MAX_INTERRUPT_CELLS];
	const fdt32_t *spec;
	struct irqchip *chip;
	int ctrl, ncells, err;

	err = find_specifier(fdt, node, index, &ctrl, &spec, &ncells);
	if (err)
		return err;
	if (ncells > MAX_INTERRUPT_CELLS)
		return -EINVAL;
	chip = chip_of_node(ctrl);
	if (!chip || !chip->xlate)
		return -ENODEV;
	for (int i = 0; i < ncells; i++)
		cells[i] = fdt32_to_cpu(spec[i]);
	err = chip->xlate(cells, ncells, irq);
	if (err)
		return err;
	if (*irq >= chip->nr_irqs)
		return -ERANGE;
	descs[*irq].chip = chip;
	return 0;
}

int irq_register(unsigned int irq, irq_handler_t fn, void *arg)
{
	if (!chip_of(irq))
		return -EINVAL;
	if (descs[irq].fn)
		return -EBUSY;
	descs[irq].arg = arg;
	descs[irq].fn = fn;
	return 0;
}

void irq_unregister(unsigned int irq)
{
	if (irq < CONFIG_NR_IRQS) {
		descs[irq].fn = NULL;
		descs[irq].arg = NULL;
	}
}

/* Call the controller's enable or disable, for a number it has. */
static int set_enabled(unsigned int irq, bool on)
{
	struct irqchip *chip = chip_of(irq);

	if (!chip || irq >= chip->nr_irqs)
		return -EINVAL;
	(on ? chip->enable : chip->disable)(irq);
	return 0;
}

int irq_enable(unsigned int irq)
{
	return set_enabled(irq, true);
}

int irq_disable(unsigned int irq)
{
	return set_enabled(irq, false);
}

int irq_route(unsigned int irq, unsigned int cpu)
{
	struct irqchip *chip = chip_of(irq);

	if (!chip || !chip->route || !cpu_get(cpu))
		return -EINVAL;
	return chip->route(irq, cpu);
}

unsigned long irq_count(unsigned int irq)
{
	return irq < CONFIG_NR_IRQS ? descs[irq].count : 0;
}

void irq_send_ipi(unsigned int cpu)
{
	struct irqchip *root = irqchip_root();

	if (root && root->send_ipi)
		root->send_ipi(cpu);
}

/* The IPI: run the call posted to this CPU, if any (hal/cpu.c). */
static void ipi_interrupt(void)
{
	struct cpu *c = this_cpu();
	/* Taken before it runs: the caller can then no longer withdraw it. */
	cpu_call_fn fn = __atomic_exchange_n(&c->call_fn, NULL, __ATOMIC_ACQ_REL);

	if (!fn)
		return;
	fn(c->call_arg);
	__atomic_fetch_add(&c->calls_done, 1, __ATOMIC_RELEASE);
}

void irq_handle(unsigned int irq)
{
	struct irqchip *chip = chip_of(irq);
	struct irq_desc *d;

	if (!chip) {
		pr_warn("irq: cpu%u: interrupt %u is out of range\n",
			this_cpu()->id, irq);
		return;
	}
	d = &descs[irq];
	__atomic_fetch_add(&d->count, 1, __ATOMIC_RELAXED);
	if (irq == irqchip_root()->ipi_irq && irqchip_root()->send_ipi)
		ipi_interrupt();
	else if (d->fn)
		d->fn(irq, d->arg);
	else if (chip->disable) {
		/* Nobody wants it: keep it from storming. */
		pr_warn("irq: cpu%u: unexpected interrupt %u, disabled\n",
			this_cpu()->id, irq);
		chip->disable(irq);
	}
	if (chip->eoi)
		chip->eoi(irq);
}

void irq_dispatch(void)
{
	struct irqchip *root = irqchip_root();
	unsigned int irq;

	if (!root || !root->ack)
		return;
	while ((irq = root->ack()) != IRQ_NONE)
		irq_handle(irq);
}
