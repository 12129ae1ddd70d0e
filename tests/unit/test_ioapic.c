// SPDX-License-Identifier: MIT
/*
 * drivers/irqchip/ioapic.c against the fake register file. The I/O APIC
 * is reached through a select and a window register; the driver's writes
 * are replayed into a model of its registers (version, 24 redirection
 * entries), which reads of the window return and the tests check, so
 * they see what the chip would hold. The local APIC is a stand-in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_io.h"
#include "host_log.h"
#include "../../drivers/irqchip/ioapic.c"

#define BASE 0xfec00000UL
#define NODE 9
#define NCPUS 4
#define PINS 24

/* ---- the HAL and the local APIC, as the driver sees them ---- */

static struct cpu cpus[NCPUS];
static struct irqchip *registered;
static int masked_depth;
static bool lapic_up;
static uint32_t my_apic_id;
static int eois;

struct cpu *cpu_get(unsigned int id)
{
	return id < NCPUS ? &cpus[id] : NULL;
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
	masked_depth--;
	assert_int_equal(masked_depth, (int)flags);
}

bool lapic_ready(void)
{
	return lapic_up;
}

uint32_t lapic_id(void)
{
	return my_apic_id;
}

void lapic_eoi(void)
{
	eois++;
}

/* ---- the chip ---- */

static uint32_t regs[0x10 + 2 * PINS];
static uint32_t sel;
static size_t replayed;

/* Apply the writes logged since last time to the model. */
static void sync_model(void)
{
	for (; replayed < fake_io_count(); replayed++) {
		const struct fake_access *a = fake_io_log(replayed);

		if (a->op != FAKE_WRITE)
			continue;
		assert_int_equal(a->width, 4);
		if (a->addr == BASE + IOREGSEL) {
			sel = a->val;
		} else if (a->addr == BASE + IOWIN) {
			assert_true(sel >= 0x10 && sel < ARRAY_SIZE(regs));	/* writable */
			regs[sel] = a->val;
		} else {
			fail_msg("write to %#lx", (unsigned long)a->addr);
		}
	}
}

static int64_t model(uintptr_t addr)
{
	if (addr != BASE + IOWIN)
		return -1;
	sync_model();
	assert_true(sel < ARRAY_SIZE(regs));
	return regs[sel];
}

static uint32_t rte_low(unsigned int pin)
{
	sync_model();
	return regs[0x10 + 2 * pin];
}

static uint32_t rte_high(unsigned int pin)
{
	sync_model();
	return regs[0x11 + 2 * pin];
}

static int setup(void **state)
{
	struct device dev = { .node = NODE, .base = BASE, .size = 0x1000 };

	fake_io_reset(model);
	log_capture_reset();
	memset(regs, 0xa5, sizeof(regs));	/* whatever the BIOS left */
	regs[IOAPIC_VER] = (PINS - 1) << 16 | 0x20;
	sel = 0;
	replayed = 0;
	registered = NULL;
	masked_depth = eois = 0;
	lapic_up = true;
	my_apic_id = 0;
	for (unsigned int i = 0; i < NCPUS; i++)
		cpus[i] = (struct cpu){ .id = i, .hwid = i + 4, .online = true };
	return __driver_ioapic.probe(&dev);
}

static unsigned int xlate(uint32_t pin, uint32_t type)
{
	uint32_t cells[2] = { pin, type };
	unsigned int irq = 0;

	assert_int_equal(registered->xlate(cells, 2, &irq), 0);
	return irq;
}

static void test_probe_masks_every_pin(void **state)
{
	assert_non_null(registered);
	assert_string_equal(registered->name, "ioapic");
	assert_int_equal(registered->node, NODE);
	assert_int_equal(registered->nr_irqs, 256);
	assert_null(registered->cpu_init);
	assert_null(registered->send_ipi);
	assert_true(__driver_ioapic.chained);
	for (unsigned int pin = 0; pin < PINS; pin++) {
		assert_int_equal(rte_low(pin), RTE_MASKED);
		assert_int_equal(rte_high(pin), 0);
	}
	assert_int_equal(npins, PINS);
	assert_int_equal(masked_depth, 0);
}

static void test_probe_needs_local_apic(void **state)
{
	struct device dev = { .node = NODE, .base = BASE };

	registered = NULL;
	lapic_up = false;
	assert_int_equal(__driver_ioapic.probe(&dev), -ENODEV);
	assert_null(registered);
	assert_non_null(strstr(log_text(), "ioapic: no local APIC"));
}

/* The register the first window write from log position from went to. */
static uint32_t first_written(size_t from)
{
	uint32_t s = 0;

	for (size_t i = from; i < fake_io_count(); i++) {
		const struct fake_access *a = fake_io_log(i);

		if (a->op == FAKE_WRITE && a->addr == BASE + IOREGSEL)
			s = a->val;
		else if (a->op == FAKE_WRITE && a->addr == BASE + IOWIN)
			return s;
	}
	fail_msg("no window write");
	return 0;
}

static void test_xlate_programs_masked_entry(void **state)
{
	size_t n = fake_io_count();

	my_apic_id = 2;
	/* ISA serial: pin 4, rising edge */
	assert_int_equal(xlate(4, 3), VECTOR_BASE + 4);
	/* the destination first, while the entry is still masked */
	assert_int_equal(first_written(n), IOAPIC_RTE(4) + 1);
	assert_int_equal(rte_low(4), RTE_MASKED | (VECTOR_BASE + 4));
	assert_int_equal(rte_high(4), 2u << 24);
	/* the other types: polarity and trigger bits */
	xlate(5, 0);
	assert_int_equal(rte_low(5), RTE_MASKED | RTE_POLARITY_LOW | (VECTOR_BASE + 5));
	xlate(6, 1);
	assert_int_equal(rte_low(6), RTE_MASKED | RTE_LEVEL | (VECTOR_BASE + 6));
	xlate(23, 2);
	assert_int_equal(rte_low(23),
			 RTE_MASKED | RTE_LEVEL | RTE_POLARITY_LOW | (VECTOR_BASE + 23));
	assert_int_equal(rte_low(0), RTE_MASKED);
	assert_int_equal(masked_depth, 0);
}

static void test_xlate_refuses(void **state)
{
	uint32_t cells[2] = { PINS, 3 };
	unsigned int irq = 0;
	size_t n = fake_io_count();

	assert_int_equal(registered->xlate(cells, 2, &irq), -EINVAL);
	cells[0] = 4;
	cells[1] = 4;
	assert_int_equal(registered->xlate(cells, 2, &irq), -EINVAL);
	cells[1] = 3;
	assert_int_equal(registered->xlate(cells, 1, &irq), -EINVAL);
	assert_int_equal(registered->xlate(cells, 3, &irq), -EINVAL);
	/* an 8-bit destination only (x2APIC ids need interrupt remapping) */
	my_apic_id = 0x100;
	assert_int_equal(registered->xlate(cells, 2, &irq), -ERANGE);
	assert_int_equal(fake_io_count(), n);
	assert_int_equal(irq, 0);
}

static void test_enable_disable(void **state)
{
	unsigned int irq = xlate(4, 3);
	size_t n;

	registered->enable(irq);
	assert_int_equal(rte_low(4), VECTOR_BASE + 4);
	registered->disable(irq);
	assert_int_equal(rte_low(4), RTE_MASKED | (VECTOR_BASE + 4));
	/* level bits survive the mask changes */
	irq = xlate(9, 2);
	registered->enable(irq);
	assert_int_equal(rte_low(9), RTE_LEVEL | RTE_POLARITY_LOW | (VECTOR_BASE + 9));
	/* other pins untouched */
	assert_int_equal(rte_low(8), RTE_MASKED);
	/* numbers that are no pin of this chip: no access */
	n = fake_io_count();
	registered->enable(VECTOR_BASE - 1);
	registered->enable(VECTOR_BASE + PINS);
	registered->disable(0xf0);
	assert_int_equal(fake_io_count(), n);
	assert_int_equal(masked_depth, 0);
}

static void test_xlate_again_keeps_enabled(void **state)
{
	unsigned int irq = xlate(4, 3);

	registered->enable(irq);
	assert_int_equal(xlate(4, 3), irq);
	assert_int_equal(rte_low(4), VECTOR_BASE + 4);
}

static void test_route(void **state)
{
	unsigned int irq = xlate(4, 3);

	registered->enable(irq);
	assert_int_equal(registered->route(irq, 3), 0);
	assert_int_equal(rte_high(4), 7u << 24);	/* cpu3: hwid 7 */
	assert_int_equal(rte_low(4), VECTOR_BASE + 4);	/* still enabled */
	cpus[2].hwid = 0x1ff;
	assert_int_equal(registered->route(irq, 2), -ERANGE);
	assert_int_equal(registered->route(irq, NCPUS), -EINVAL);
	assert_int_equal(registered->route(0x20, 1), -EINVAL);
	assert_int_equal(rte_high(4), 7u << 24);
}

static void test_eoi_is_the_local_apics(void **state)
{
	size_t n = fake_io_count();

	registered->eoi(xlate(4, 3));
	assert_int_equal(eois, 1);
	assert_int_equal(fake_io_count(), n + 6);	/* only xlate's accesses */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_masks_every_pin, setup),
		cmocka_unit_test_setup(test_probe_needs_local_apic, setup),
		cmocka_unit_test_setup(test_xlate_programs_masked_entry, setup),
		cmocka_unit_test_setup(test_xlate_refuses, setup),
		cmocka_unit_test_setup(test_enable_disable, setup),
		cmocka_unit_test_setup(test_xlate_again_keeps_enabled, setup),
		cmocka_unit_test_setup(test_route, setup),
		cmocka_unit_test_setup(test_eoi_is_the_local_apics, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
