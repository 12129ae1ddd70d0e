// SPDX-License-Identifier: MIT
/* The clock and per-CPU software timers (see hal/include/hal/time.h). */
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <vireo/errno.h>
#include <vireo/log.h>

static struct clock_timer *clock;

void clock_timer_register(struct clock_timer *timer)
{
	if (!clock)
		clock = timer;
}

const char *time_source_name(void)
{
	return clock ? clock->name : "none";
}

uint64_t time_counter_hz(void)
{
	return clock ? clock->hz : 0;
}

uint64_t time_counter_to_ns(uint64_t count, uint64_t hz)
{
	return count / hz * NSEC_PER_SEC + count % hz * NSEC_PER_SEC / hz;
}

uint64_t time_ns_to_counter(uint64_t ns, uint64_t hz)
{
	return ns / NSEC_PER_SEC * hz + ns % NSEC_PER_SEC * hz / NSEC_PER_SEC;
}

uint64_t time_now_ns(void)
{
	return clock ? time_counter_to_ns(clock->read(), clock->hz) : 0;
}

void time_delay_ns(uint64_t ns)
{
	uint64_t end;

	if (!clock)
		return;
	end = clock->read() + time_ns_to_counter(ns, clock->hz);
	while (clock->read() < end)
		;
}

/* Program this CPU's hardware event for its earliest software timer. */
static void program_event(struct cpu *c)
{
	uint64_t next = timer_next_deadline(&c->timers);

	uint64_t count;

	if (next == TIMER_NONE) {
		clock->stop_event();
		return;
	}
	/* Round up: at a counter value below the deadline the timer would
	 * not be due yet, and the event would fire again for nothing. */
	count = time_ns_to_counter(next, clock->hz);
	if (time_counter_to_ns(count, clock->hz) < next)
		count++;
	clock->set_event(count);
}

void time_event(void)
{
	struct cpu *c = this_cpu();

	timer_list_run(&c->timers, time_now_ns());
	program_event(c);
}

void time_timer_start(struct timer *t, uint64_t delay_ns, uint64_t period_ns)
{
	struct cpu *c = this_cpu();
	unsigned long flags = irq_local_save();

	timer_add(&c->timers, t, time_now_ns() + delay_ns, period_ns);
	program_event(c);
	irq_local_restore(flags);
}

bool time_timer_cancel(struct timer *t)
{
	struct cpu *c = this_cpu();
	unsigned long flags = irq_local_save();
	bool armed = timer_cancel(&c->timers, t);

	program_event(c);
	irq_local_restore(flags);
	return armed;
}

/* A clock that does not count would hang every wait: refuse it. */
static int check_clock(void)
{
	uint64_t first;

	if (!clock->hz) {
		pr_err("time: %s reports a frequency of 0 Hz\n", clock->name);
		return -EINVAL;
	}
	first = clock->read();
	for (int spin = 0; spin < 10000000; spin++)
		if (clock->read() != first)
			return 0;
	pr_err("time: %s counter does not move (stuck at %#llx)\n", clock->name,
	       (unsigned long long)first);
	return -EIO;
}

int time_cpu_init(unsigned int cpu)
{
	int err;

	if (!clock)
		return -ENODEV;
	if (cpu == 0 && (err = check_clock()))
		return err;
	timer_list_init(&this_cpu()->timers);
	err = clock->cpu_init(cpu);
	if (err)
		pr_err("time: cpu%u: %s event timer failed (%s)\n", cpu,
		       clock->name, errno_name(err));
	return err;
}
