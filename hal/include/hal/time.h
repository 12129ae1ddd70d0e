/* SPDX-License-Identifier: MIT */
/*
 * Time: a monotonic clock in nanoseconds and, per CPU, software timers
 * (include/vireo/timer_list.h) multiplexed on one hardware one-shot timer.
 *
 * A timer driver (drivers/timer/) registers a struct clock_timer when
 * probed: a free-running counter that reads the same on every CPU, and a
 * per-CPU one-shot event at a counter value. When the event fires, its
 * interrupt handler calls time_event(), which runs this CPU's expired
 * software timers and programs the next event.
 */
#ifndef HAL_TIME_H
#define HAL_TIME_H

#include <vireo/timer_list.h>
#include <vireo/types.h>

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL

struct clock_timer {
	const char *name;		/* driver name, on the ready line */
	uint64_t hz;			/* counter frequency, set before registering */
	uint64_t (*read)(void);		/* the counter */
	/*
	 * Set up the calling CPU's event timer and hook its interrupt
	 * (every CPU, boot CPU first, after irq_cpu_init()); 0 or -errno.
	 */
	int (*cpu_init)(unsigned int cpu);
	/* Fire this CPU's event once when the counter reaches deadline. */
	void (*set_event)(uint64_t deadline);
	/* Cancel this CPU's pending event. */
	void (*stop_event)(void);
};

/* Register the timer (from its driver's probe). */
void clock_timer_register(struct clock_timer *timer);

/*
 * Start time on the calling CPU: its event timer, its timer list. The
 * boot CPU checks the clock first (a frequency, a counter that moves).
 * 0 or -errno.
 */
int time_cpu_init(unsigned int cpu);

/* The timer driver's name and counter frequency, "none"/0 before one. */
const char *time_source_name(void);
uint64_t time_counter_hz(void);

/* Nanoseconds since the counter started; 0 before there is a timer. */
uint64_t time_now_ns(void);
/* Busy-wait (interrupts may come meanwhile). */
void time_delay_ns(uint64_t ns);

/*
 * Software timers on the calling CPU: t (set up with timer_init()) runs
 * in delay_ns, then every period_ns (0: once), in interrupt context on
 * this CPU. Callers mask interrupts or call from a timer callback.
 */
void time_timer_start(struct timer *t, uint64_t delay_ns, uint64_t period_ns);
bool time_timer_cancel(struct timer *t);

/* The timer driver's interrupt handler calls this on its CPU. */
void time_event(void);

/* Counter value <-> nanoseconds, rounded down; hz up to 18 GHz. */
uint64_t time_counter_to_ns(uint64_t count, uint64_t hz);
uint64_t time_ns_to_counter(uint64_t ns, uint64_t hz);

#endif
