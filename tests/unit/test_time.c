// SPDX-License-Identifier: MIT
/*
 * hal/time.c on a fake clock: counter <-> ns conversion, the checks on a
 * new clock, and per-CPU software timers driving the one-shot event.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "host_cpu.h"
#include <hal/time.h>
#include <vireo/errno.h>

static uint64_t counter, event_at;
static bool event_armed, counter_moves = true;
static unsigned int cpu_inits;

static uint64_t fake_read(void)
{
	if (counter_moves)
		counter++;
	return counter;
}

static double host_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fake_cpu_init(unsigned int cpu)
{
	cpu_inits++;
	return 0;
}

static void fake_set_event(uint64_t deadline)
{
	event_at = deadline;
	event_armed = true;
}

static void fake_stop_event(void)
{
	event_armed = false;
}

/* 62.5 MHz, QEMU's aarch64 counter: 16 ns a tick. */
static struct clock_timer fake = { .name = "fake", .hz = 62500000,
	.read = fake_read, .cpu_init = fake_cpu_init,
	.set_event = fake_set_event, .stop_event = fake_stop_event };

static void test_conversions(void **state)
{
	assert_int_equal(time_counter_to_ns(62500000, 62500000), NSEC_PER_SEC);
	assert_int_equal(time_counter_to_ns(1, 62500000), 16);
	assert_int_equal(time_counter_to_ns(1, 3000000000ULL), 0);	/* rounds down */
	assert_int_equal(time_counter_to_ns(3000000001ULL, 3000000000ULL), NSEC_PER_SEC);
	assert_int_equal(time_ns_to_counter(NSEC_PER_SEC, 10000000), 10000000);
	assert_int_equal(time_ns_to_counter(150, 10000000), 1);
	/* a year of a 3 GHz TSC does not overflow */
	assert_int_equal(time_counter_to_ns(3000000000ULL * 31536000ULL, 3000000000ULL),
			 31536000ULL * NSEC_PER_SEC);
	assert_int_equal(time_ns_to_counter(31536000ULL * NSEC_PER_SEC, 3000000000ULL),
			 3000000000ULL * 31536000ULL);
}

static void test_no_clock(void **state)
{
	double start;

	assert_string_equal(time_source_name(), "none");
	assert_int_equal(time_now_ns(), 0);
	assert_int_equal(time_cpu_init(0), -ENODEV);
	/* nothing to wait on: returns at once, reading no counter (a fallback
	 * spin of ten seconds would show as a second here) */
	start = host_seconds();
	time_delay_ns(10 * NSEC_PER_SEC);
	assert_true(host_seconds() - start < 1.0);
	assert_int_equal(counter, 0);
}

static void test_bad_clocks_refused(void **state)
{
	fake.hz = 0;
	clock_timer_register(&fake);
	assert_int_equal(time_cpu_init(0), -EINVAL);
	fake.hz = 62500000;
	counter_moves = false;
	assert_int_equal(time_cpu_init(0), -EIO);
	counter_moves = true;
	assert_int_equal(time_cpu_init(0), 0);
	assert_int_equal(cpu_inits, 1);
	assert_string_equal(time_source_name(), "fake");
	assert_int_equal(time_counter_hz(), 62500000);
}

static unsigned int fired;

static void count(struct timer *t, void *arg)
{
	fired++;
}

static void test_timers_drive_the_event(void **state)
{
	struct timer a, b;

	counter_moves = false;
	counter = 1000;
	timer_init(&a, count, NULL);
	timer_init(&b, count, NULL);
	/* 1 ms = 62500 ticks from now */
	time_timer_start(&a, NSEC_PER_MSEC, 0);
	assert_true(event_armed);
	assert_int_equal(event_at, 1000 + 62500);
	/* an earlier one moves the event forward */
	time_timer_start(&b, 16000, 16000);
	assert_int_equal(event_at, 1000 + 1000);
	assert_true(host_irqs_masked);	/* the caller's state is restored */

	counter = 2000;
	time_event();
	assert_int_equal(fired, 1);
	assert_int_equal(event_at, 3000);	/* b again, every 16 us */
	counter = 63500;
	time_event();			/* a, and b once (missed periods skipped) */
	assert_int_equal(fired, 3);
	assert_true(time_timer_cancel(&b));
	assert_false(time_timer_cancel(&a));	/* one-shot: already gone */
	assert_false(event_armed);
}

static void test_event_rounds_up_to_the_deadline(void **state)
{
	struct timer t;

	counter_moves = false;
	counter = 1000;			/* 16000 ns */
	timer_init(&t, count, NULL);
	time_timer_start(&t, 10, 0);	/* due at 16010 ns: tick 1000.6 */
	assert_int_equal(event_at, 1001);
	counter = 1001;
	fired = 0;
	time_event();			/* due when the event fires: no rerun */
	assert_int_equal(fired, 1);
	assert_false(event_armed);
}

static void test_delay_waits_for_the_counter(void **state)
{
	counter_moves = true;
	counter = 0;
	time_delay_ns(1000);	/* 62.5 ticks: the counter goes past 62 */
	assert_true(counter >= 62);
	assert_true(counter < 70);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_no_clock),
		cmocka_unit_test(test_bad_clocks_refused),
		cmocka_unit_test(test_timers_drive_the_event),
		cmocka_unit_test(test_event_rounds_up_to_the_deadline),
		cmocka_unit_test(test_delay_waits_for_the_counter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
