// SPDX-License-Identifier: MIT
/*
 * arch/riscv64/virt/vplic.c against the RISC-V PLIC specification
 * v1.0.0: register offsets (priority 0x0 + 4n, pending 0x1000, enables
 * 0x2000 + 0x80c, threshold 0x200000 + 0x1000c, claim/complete + 4),
 * priority 0 never interrupting, a target notified only above its
 * threshold, a claim taking the highest priority (ties: the lowest id)
 * and clearing its pending bit, the gateway holding a level source until
 * completion, a completion for a source the target has not enabled
 * ignored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hal/vcpu.h>

#define PRIO(n) (4 * (n))
#define PENDING 0x1000
#define ENABLE(c) (0x2000 + 0x80 * (c))
#define THRESHOLD(c) (0x200000 + 0x1000 * (c))
#define CLAIM(c) (THRESHOLD(c) + 4)

static struct vplic p;

static int setup(void **state)
{
	vplic_init(&p, 2);
	return 0;
}

static uint64_t rd(uint64_t off)
{
	uint64_t v = 0xdead;

	assert_null(vplic_read(&p, off, 4, &v));
	return v;
}

static void wr(uint64_t off, uint64_t v)
{
	assert_null(vplic_write(&p, off, 4, v));
}

static void test_registers(void **state)
{
	wr(PRIO(3), 5);
	assert_int_equal(rd(PRIO(3)), 5);
	wr(PRIO(0), 5);		/* source 0 does not exist */
	assert_int_equal(rd(PRIO(0)), 0);
	wr(ENABLE(1), 0xffffffff);	/* bit 0: no source 0 */
	assert_int_equal(rd(ENABLE(1)), 0xfffffffe);
	assert_int_equal(rd(ENABLE(0)), 0);
	wr(THRESHOLD(1), 3);
	assert_int_equal(rd(THRESHOLD(1)), 3);
	/* a context past the VM's vCPUs, reserved words: zero, ignored */
	wr(THRESHOLD(2), 3);
	assert_int_equal(rd(THRESHOLD(2)), 0);
	assert_int_equal(rd(ENABLE(0) + 4), 0);
	assert_int_equal(rd(CLAIM(1)), 0);	/* nothing pending */
}

static void test_access_width(void **state)
{
	uint64_t v;

	assert_non_null(vplic_read(&p, PRIO(1), 8, &v));
	assert_non_null(vplic_write(&p, PRIO(1), 1, 1));
	assert_non_null(vplic_write(&p, PRIO(1) + 2, 4, 1));
}

static void test_threshold_and_priority_zero(void **state)
{
	wr(ENABLE(0), 1u << 5);
	vplic_set_level(&p, 5, true);
	assert_int_equal(rd(PENDING), 1u << 5);
	assert_false(vplic_eip(&p, 0));		/* priority 0 */
	wr(PRIO(5), 2);
	assert_true(vplic_eip(&p, 0));
	assert_false(vplic_eip(&p, 1));		/* not enabled there */
	wr(THRESHOLD(0), 2);			/* not above: masked */
	assert_false(vplic_eip(&p, 0));
	wr(THRESHOLD(0), 1);
	assert_true(vplic_eip(&p, 0));
}

static void test_claim_order_and_gateway(void **state)
{
	wr(ENABLE(0), 1u << 3 | 1u << 4 | 1u << 7);
	wr(PRIO(3), 1);
	wr(PRIO(4), 6);
	wr(PRIO(7), 6);
	vplic_set_level(&p, 3, true);
	vplic_set_level(&p, 4, true);
	vplic_set_level(&p, 7, true);
	assert_int_equal(rd(CLAIM(0)), 4);	/* 6 beats 1; 4 before 7 */
	assert_int_equal(rd(PENDING), 1u << 3 | 1u << 7);
	assert_int_equal(rd(CLAIM(0)), 7);
	assert_int_equal(rd(CLAIM(0)), 3);
	assert_int_equal(rd(CLAIM(0)), 0);
	assert_false(vplic_eip(&p, 0));
	/* claimed and still up: not pending until its completion */
	vplic_set_level(&p, 4, true);
	assert_int_equal(rd(PENDING), 0);
	wr(CLAIM(0), 4);
	assert_int_equal(rd(PENDING), 1u << 4);
	/* completed after its line fell: not pending again */
	vplic_set_level(&p, 7, false);
	wr(CLAIM(0), 7);
	assert_int_equal(rd(PENDING), 1u << 4);
	/* a line that falls before its claim is no longer pending */
	vplic_set_level(&p, 4, false);
	assert_int_equal(rd(PENDING), 0);
}

static void test_completion_not_enabled_ignored(void **state)
{
	wr(ENABLE(0), 1u << 9);
	wr(PRIO(9), 1);
	vplic_set_level(&p, 9, true);
	assert_int_equal(rd(CLAIM(0)), 9);
	wr(CLAIM(1), 9);		/* context 1 has not enabled it */
	assert_int_equal(rd(PENDING), 0);
	wr(CLAIM(0), 9);
	assert_int_equal(rd(PENDING), 1u << 9);
	wr(CLAIM(0), 40);		/* no such source: ignored */
	assert_int_equal(rd(PENDING), 1u << 9);
}

/*
 * A passthrough source (virt/vplic.c's forwarding): the host line is
 * masked until the guest completes its claim, so the owner must learn
 * of each completion that took effect - and only of those.
 */
static void test_completions_recorded_for_the_owner(void **state)
{
	wr(ENABLE(0), 1u << 5);
	wr(PRIO(5), 1);
	vplic_set_level(&p, 5, true);
	assert_int_equal(rd(CLAIM(0)), 5);
	assert_int_equal(p.completed, 0);
	wr(CLAIM(1), 5);		/* not enabled there: no completion */
	assert_int_equal(p.completed, 0);
	vplic_set_level(&p, 5, false);	/* the owner lowers the line */
	wr(CLAIM(0), 5);
	assert_int_equal(p.completed, 1u << 5);
	assert_int_equal(rd(PENDING), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_registers, setup),
		cmocka_unit_test_setup(test_access_width, setup),
		cmocka_unit_test_setup(test_threshold_and_priority_zero, setup),
		cmocka_unit_test_setup(test_claim_order_and_gateway, setup),
		cmocka_unit_test_setup(test_completion_not_enabled_ignored, setup),
		cmocka_unit_test_setup(test_completions_recorded_for_the_owner, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
