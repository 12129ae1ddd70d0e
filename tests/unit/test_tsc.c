// SPDX-License-Identifier: MIT
/*
 * The TSC's frequency (drivers/timer/x86_apic_timer.c) on modelled
 * machines: a TSC (at TSC_HZ unless a test says); an Intel 8254 PIT (its
 * channel 0 read back by latch command, 1.193182 MHz); an ACPI PM timer
 * (24 bits, 3.579545 MHz);
 * either of them absent (a missing port reads all ones, as on QEMU
 * microvm, which has no port 0x61); CPUID leaves 0x15 and 0x40000010.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define REF_STUCK_READS 100	/* the fake log holds 4096 accesses */
#include "fake_io.h"
#include "host_log.h"
#include "../../drivers/timer/x86_apic_timer.c"

#define TSC_HZ 2000000000ULL
#define READS_PER_SEC 25000	/* each rdtsc is 40 us later */
#define PIT_INPUT_HZ 1193182	/* 8254 data sheet; the PC's clock */
#define PM_TIMER_HZ 3579545	/* ACPI spec 4.8.3.3 */
#define PIT_CMD 0x43
#define PIT_CH0_DATA 0x40
#define PM_TIMER_PORT 0x608

static uint64_t tsc;
static bool have_pit, have_pm;
static uint64_t tsc_rate;	/* the modelled TSC's Hz */
static int pit_latched, pit_byte;	/* latched count, lo/hi toggle */
static struct cpuid_regs leaf0, leaf1, leaf15, leaf_hv0, leaf_hv10;

uint64_t rdtsc(void)
{
	return tsc += tsc_rate / READS_PER_SEC;
}

struct cpuid_regs cpuid(uint32_t leaf)
{
	switch (leaf) {
	case 0: return leaf0;
	case 1: return leaf1;
	case 0x15: return leaf15;
	case 0x40000000: return leaf_hv0;
	case 0x40000010: return leaf_hv10;
	}
	return (struct cpuid_regs){ 0 };
}

static uint64_t elapsed(uint64_t hz)
{
	return (uint64_t)((unsigned __int128)tsc * hz / tsc_rate);
}

/* Port reads; writes are taken from the log. */
static size_t seen;
static int64_t model(uintptr_t port)
{
	for (; seen < fake_io_count(); seen++) {
		const struct fake_access *a = fake_io_log(seen);

		if (a->op == FAKE_WRITE && a->addr == PIT_CMD && a->val == 0x00) {
			/* counter latch, channel 0: a down-counter from 65536 */
			pit_latched = (int)(0x10000 - elapsed(PIT_INPUT_HZ) % 0x10000)
				      & 0xffff;
			pit_byte = 0;
		}
	}
	if (port == PIT_CH0_DATA)
		return !have_pit ? 0xff : pit_byte++ ? (pit_latched >> 8) & 0xff :
						       pit_latched & 0xff;
	if (port == PM_TIMER_PORT)
		return have_pm ? (int64_t)(elapsed(PM_TIMER_HZ) & 0xffffff) : 0xffffffff;
	return 0xff;	/* nothing there (port 0x61 included) */
}

/* ---- the rest of the machine the driver calls ---- */
bool lapic_ready(void) { return true; }
void lapic_timer_setup(enum lapic_timer_mode mode) {}
void lapic_timer_start(uint32_t count) {}
uint32_t lapic_timer_remaining(void) { return 0; }
uint64_t rdmsr(uint32_t msr) { return 0; }
void wrmsr(uint32_t msr, uint64_t val) {}
int irq_register(unsigned int irq, irq_handler_t fn, void *arg) { return 0; }
int irq_enable(unsigned int irq) { return 0; }
void time_event(void) {}
static struct clock_timer *registered;
void clock_timer_register(struct clock_timer *t) { registered = t; }
uint64_t time_counter_to_ns(uint64_t count, uint64_t hz) { return count * NSEC_PER_SEC / hz; }

static void *fdt;

static int setup(void **state)
{
	static char buf[4096];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tsc.dtb", getenv("DTB_DIR"));
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_true(fread(buf, 1, sizeof(buf), f) > 0);
	fclose(f);
	fdt = buf;
	tsc = 0;
	seen = 0;
	have_pit = have_pm = false;
	tsc_rate = TSC_HZ;
	leaf0 = (struct cpuid_regs){ .eax = 0xd };	/* qemu64: no leaf 0x15 */
	leaf1 = (struct cpuid_regs){ .edx = 1u << 4 };	/* TSC */
	leaf15 = leaf_hv0 = leaf_hv10 = (struct cpuid_regs){ 0 };
	registered = NULL;
	tsc_apic.hz = 0;
	fake_io_reset(model);
	log_capture_reset();
	return 0;
}

static int probe(void)
{
	struct device dev = { .fdt = fdt, .node = fdt_path_offset(fdt, "/interrupt-controller@fee00000") };

	return __driver_tsc_apic.probe(&dev);
}

static void assert_near(uint64_t hz, uint64_t want)
{
	assert_true(hz > want - want / 100 && hz < want + want / 100);
}

/* QEMU microvm: a PIT, no port 0x61, no PM timer, no CPUID leaf. */
static void test_microvm_pit_channel0(void **state)
{
	have_pit = true;
	assert_int_equal(probe(), 0);
	assert_near(registered->hz, TSC_HZ);
	assert_non_null(strstr(log_text(), "(pit)"));
}

static void test_pm_timer(void **state)
{
	have_pm = true;
	assert_int_equal(probe(), 0);
	assert_near(registered->hz, TSC_HZ);
	assert_non_null(strstr(log_text(), "(acpi-pm)"));
}

/* Leaf 0x15: 25 MHz crystal x 80 = 2 GHz, agreeing with the PIT. */
static void test_cpuid_leaf_15_agrees(void **state)
{
	have_pit = true;
	leaf0.eax = 0x16;
	leaf15 = (struct cpuid_regs){ .eax = 1, .ebx = 80, .ecx = 25000000 };
	assert_int_equal(probe(), 0);
	assert_int_equal(registered->hz, 2000000000);
	assert_non_null(strstr(log_text(), "(cpuid)"));
}

/* The hypervisor's TSC kHz is the virtual TSC's: taken as it is, even
 * where a (descheduled) measurement says otherwise. */
static void test_hypervisor_leaf(void **state)
{
	have_pit = true;
	leaf1.ecx = 1u << 31;
	leaf_hv0.eax = 0x40000010;
	leaf_hv10.eax = 2100000;	/* kHz */
	assert_int_equal(probe(), 0);
	assert_int_equal(registered->hz, 2100000000);
	assert_non_null(strstr(log_text(), "(hypervisor)"));
	assert_null(strstr(log_text(), "warning"));
}

/* Emulated CPUs may claim what their TSC does not do: the PIT wins. */
static void test_cpuid_disagrees_pit_wins(void **state)
{
	have_pit = true;
	leaf0.eax = 0x16;
	leaf15 = (struct cpuid_regs){ .eax = 2, .ebx = 280, .ecx = 25000000 };
	assert_int_equal(probe(), 0);
	assert_near(registered->hz, TSC_HZ);
	assert_non_null(strstr(log_text(), "taking the pit's"));
}

/* Nothing that counts and no CPUID leaf: one error line, no timer. */
static void test_nothing_to_measure(void **state)
{
	assert_int_equal(probe(), -EIO);
	assert_null(registered);
	assert_non_null(strstr(log_text(), "tsc-apic: no TSC frequency: the pit does not count; the acpi-pm does not count, and CPUID gives none"));
	assert_null(strchr(strchr(log_text(), '\n') + 1, '\n'));
}

/* A TSC the PIT measures at 500 kHz (as a missing counter gave on
 * microvm, 12200 Hz): refused, in one line. */
static void test_implausible_rate_refused(void **state)
{
	have_pit = true;
	tsc_rate = 500000;
	assert_int_equal(probe(), -EIO);
	assert_null(registered);
	assert_non_null(strstr(log_text(), "Hz, implausible"));
	assert_null(strchr(strchr(log_text(), '\n') + 1, '\n'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_microvm_pit_channel0, setup),
		cmocka_unit_test_setup(test_pm_timer, setup),
		cmocka_unit_test_setup(test_cpuid_leaf_15_agrees, setup),
		cmocka_unit_test_setup(test_hypervisor_leaf, setup),
		cmocka_unit_test_setup(test_cpuid_disagrees_pit_wins, setup),
		cmocka_unit_test_setup(test_nothing_to_measure, setup),
		cmocka_unit_test_setup(test_implausible_rate_refused, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
