// SPDX-License-Identifier: MIT
/*
 * arch/x86_64/virt/vlapic.c against the xAPIC layout of the Intel SDM
 * vol. 3 chapter 11: register offsets (table 11-1), reset values (11.4.7
 * and 11.12.5.1: LVTs masked, SVR 0xff, DFR all ones), the version
 * register (figure 11-7), priorities by class over TPR and ISR (11.8.3),
 * the timer's divide values (figure 11-10), modes (11.5.4) and TSC
 * deadline (11.5.4.1), the ICR (figure 11-12) and its shorthands.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../arch/x86_64/virt/x86.h"

#define ID 0x020
#define VERSION 0x030
#define TPR 0x080
#define EOI 0x0b0
#define LDR 0x0d0
#define DFR 0x0e0
#define SVR 0x0f0
#define ISR0 0x100
#define IRR0 0x200
#define ICR_LO 0x300
#define ICR_HI 0x310
#define LVT_TIMER 0x320
#define LVT_LINT0 0x350
#define LVT_ERROR 0x370
#define TMICT 0x380
#define TMCCT 0x390
#define TDCR 0x3e0

static struct vlapic l0, l1, l2;
static struct vlapic *peers[3] = { &l0, &l1, &l2 };
static struct vlapic_action act;

static uint32_t rd(struct vlapic *l, unsigned int off, uint64_t now)
{
	uint64_t v = 0xdeadbeef;

	assert_null(vlapic_read(l, off, 4, now, &v));
	return (uint32_t)v;
}

static void wr(struct vlapic *l, unsigned int off, uint32_t v, uint64_t now)
{
	assert_null(vlapic_write(l, off, 4, v, now, peers, 3, &act));
}

static int setup(void **state)
{
	(void)state;
	vlapic_reset(&l0, 0);
	vlapic_reset(&l1, 1);
	vlapic_reset(&l2, 2);
	memset(&act, 0, sizeof(act));
	return 0;
}

static void enable(struct vlapic *l)
{
	wr(l, SVR, 0x1ff, 0);
}

static void test_reset_state(void **state)
{
	unsigned int off;

	(void)state;
	assert_int_equal(rd(&l1, ID, 0) >> 24, 1);
	/* integrated APIC (version 1xH), max LVT entry: 6 LVTs - 1 */
	assert_int_equal(rd(&l0, VERSION, 0) & 0xf0, 0x10);
	assert_int_equal(rd(&l0, VERSION, 0) >> 16 & 0xff, 5);
	assert_int_equal(rd(&l0, SVR, 0), 0xff);
	assert_int_equal(rd(&l0, DFR, 0), 0xffffffff);
	for (off = LVT_TIMER; off <= LVT_ERROR; off += 0x10)
		assert_int_equal(rd(&l0, off, 0), 1u << 16);
	/* software-disabled: nothing is delivered */
	vlapic_set_line(&l0, 0x32, true);
	assert_int_equal(vlapic_pending(&l0), -1);
	enable(&l0);
	assert_int_equal(vlapic_pending(&l0), 0x32);
	assert_int_equal(rd(&l0, IRR0 + 0x10, 0), 1u << (0x32 - 32));
}

static void test_access_width(void **state)
{
	uint64_t v;

	(void)state;
	assert_non_null(vlapic_read(&l0, TPR, 2, 0, &v));
	assert_non_null(vlapic_read(&l0, TPR + 4, 4, 0, &v));
	assert_non_null(vlapic_read(&l0, 0x3f0, 4, 0, &v));	/* reserved */
	assert_non_null(vlapic_write(&l0, TPR, 8, 0, 0, peers, 3, &act));
}

static void test_priority_classes(void **state)
{
	(void)state;
	enable(&l0);
	vlapic_set_line(&l0, 0x32, true);
	vlapic_set_line(&l0, 0x45, true);
	assert_int_equal(vlapic_pending(&l0), 0x45);
	vlapic_accept(&l0, 0x45);
	assert_int_equal(rd(&l0, ISR0 + 0x20, 0), 1u << (0x45 - 64));
	/* class 3 below the one in service (4): held */
	assert_int_equal(vlapic_pending(&l0), -1);
	vlapic_set_line(&l0, 0x45, false);
	wr(&l0, EOI, 0, 0);
	assert_int_equal(rd(&l0, ISR0 + 0x20, 0), 0);
	assert_int_equal(vlapic_pending(&l0), 0x32);
	/* TPR: a class must be above it */
	wr(&l0, TPR, 0x30, 0);
	assert_int_equal(vlapic_pending(&l0), -1);
	wr(&l0, TPR, 0x2f, 0);
	assert_int_equal(vlapic_pending(&l0), 0x32);
}

static void test_level_line(void **state)
{
	(void)state;
	enable(&l0);
	vlapic_set_line(&l0, 0x32, true);
	vlapic_accept(&l0, 0x32);
	wr(&l0, EOI, 0, 0);		/* still up: pending again */
	assert_int_equal(vlapic_pending(&l0), 0x32);
	vlapic_set_line(&l0, 0x32, false);	/* fell before it was taken */
	assert_int_equal(vlapic_pending(&l0), -1);
	assert_int_equal(rd(&l0, IRR0 + 0x10, 0), 0);
}

static void test_timer_oneshot_and_divide(void **state)
{
	(void)state;
	enable(&l0);
	wr(&l0, LVT_TIMER, 0xe0, 0);
	wr(&l0, TDCR, 0xb, 0);		/* divide by 1 */
	wr(&l0, TMICT, 1000, 100);
	assert_int_equal(rd(&l0, TMCCT, 500), 600);
	assert_int_equal(vlapic_timer_next(&l0), 1100);
	vlapic_timer_update(&l0, 1099);
	assert_int_equal(vlapic_pending(&l0), -1);
	vlapic_timer_update(&l0, 1100);
	assert_int_equal(vlapic_pending(&l0), 0xe0);
	assert_int_equal(vlapic_timer_next(&l0), 0);	/* one-shot */
	assert_int_equal(rd(&l0, TMCCT, 1200), 0);
	wr(&l0, TDCR, 0x0, 2000);	/* divide by 2 */
	wr(&l0, TMICT, 1000, 2000);
	assert_int_equal(vlapic_timer_next(&l0), 4000);
	wr(&l0, TDCR, 0xa, 2000);	/* divide by 128 */
	wr(&l0, TMICT, 10, 2000);
	assert_int_equal(vlapic_timer_next(&l0), 3280);
	wr(&l0, TMICT, 0, 2000);	/* 0 stops it */
	assert_int_equal(vlapic_timer_next(&l0), 0);
}

static void test_timer_periodic(void **state)
{
	(void)state;
	enable(&l0);
	wr(&l0, TDCR, 0xb, 0);
	wr(&l0, LVT_TIMER, 0xe0 | 1u << 17, 0);
	wr(&l0, TMICT, 1000, 0);
	vlapic_timer_update(&l0, 1000);
	assert_int_equal(vlapic_pending(&l0), 0xe0);
	assert_int_equal(vlapic_timer_next(&l0), 2000);
	vlapic_accept(&l0, 0xe0);
	wr(&l0, EOI, 0, 1500);
	/* periods missed while it did not run: one interrupt, the next on
	 * the period's grid */
	vlapic_timer_update(&l0, 3500);
	assert_int_equal(vlapic_pending(&l0), 0xe0);
	assert_int_equal(vlapic_timer_next(&l0), 4000);
	/* masked: fires no interrupt, and needs no wake-up */
	wr(&l0, LVT_TIMER, 0xe0 | 1u << 17 | 1u << 16, 3600);
	assert_int_equal(vlapic_timer_next(&l0), 0);
}

static void test_timer_tsc_deadline(void **state)
{
	(void)state;
	enable(&l0);
	/* outside TSC-deadline mode a deadline is ignored */
	vlapic_set_tsc_deadline(&l0, 500, 0);
	assert_int_equal(vlapic_timer_next(&l0), 0);
	wr(&l0, LVT_TIMER, 0xe0 | 2u << 17, 0);
	wr(&l0, TMICT, 1000, 0);	/* ignored in this mode */
	assert_int_equal(vlapic_timer_next(&l0), 0);
	vlapic_set_tsc_deadline(&l0, 500, 0);
	assert_int_equal(vlapic_timer_next(&l0), 500);
	vlapic_timer_update(&l0, 499);
	assert_int_equal(vlapic_pending(&l0), -1);
	vlapic_timer_update(&l0, 500);
	assert_int_equal(vlapic_pending(&l0), 0xe0);
	assert_int_equal(l0.tsc_deadline, 0);
}

static void test_ipis(void **state)
{
	(void)state;
	enable(&l0);
	enable(&l1);
	enable(&l2);
	/* fixed, physical destination 1 */
	wr(&l0, ICR_HI, 1u << 24, 0);
	wr(&l0, ICR_LO, 0x40, 0);
	assert_int_equal(vlapic_pending(&l1), 0x40);
	assert_int_equal(vlapic_pending(&l2), -1);
	assert_int_equal(act.kick, 1u << 1);
	assert_int_equal(rd(&l0, ICR_LO, 0) & (1u << 12), 0);	/* idle */
	/* all excluding self (shorthand 11) */
	act.kick = 0;
	wr(&l0, ICR_LO, 0x41 | 3u << 18, 0);
	assert_int_equal(act.kick, 1u << 1 | 1u << 2);
	assert_int_equal(vlapic_pending(&l0), -1);
	/* self (01) */
	wr(&l0, ICR_LO, 0x42 | 1u << 18, 0);
	assert_int_equal(vlapic_pending(&l0), 0x42);
	/* logical, flat model: LDR bit 2 is vCPU 2 */
	wr(&l2, LDR, 0x04000000, 0);
	act.kick = 0;
	wr(&l0, ICR_HI, 0x04u << 24, 0);
	wr(&l0, ICR_LO, 0x50 | 1u << 11, 0);
	assert_int_equal(act.kick, 1u << 2);
	assert_int_equal(vlapic_pending(&l2), 0x50);
	/* vectors 0-15 are not delivered */
	act.kick = 0;
	wr(&l0, ICR_HI, 1u << 24, 0);
	wr(&l0, ICR_LO, 0x0f, 0);
	assert_int_equal(act.kick, 0);
}

static void test_init_startup(void **state)
{
	(void)state;
	enable(&l0);
	peers[2] = NULL;	/* vCPU 2 not started: still addressable */
	wr(&l0, ICR_HI, 2u << 24, 0);
	wr(&l0, ICR_LO, 0x4500, 0);	/* INIT, assert */
	assert_int_equal(act.start, 0);
	wr(&l0, ICR_LO, 0x4608, 0);	/* start-up, vector 0x08 */
	assert_int_equal(act.start, 1u << 2);
	assert_int_equal(act.vector, 0x08);
	peers[2] = &l2;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset_state, setup),
		cmocka_unit_test_setup(test_access_width, setup),
		cmocka_unit_test_setup(test_priority_classes, setup),
		cmocka_unit_test_setup(test_level_line, setup),
		cmocka_unit_test_setup(test_timer_oneshot_and_divide, setup),
		cmocka_unit_test_setup(test_timer_periodic, setup),
		cmocka_unit_test_setup(test_timer_tsc_deadline, setup),
		cmocka_unit_test_setup(test_ipis, setup),
		cmocka_unit_test_setup(test_init_startup, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
