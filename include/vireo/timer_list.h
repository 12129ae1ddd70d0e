/* SPDX-License-Identifier: MIT */
/*
 * Software timers: many timers multiplexed on one hardware one-shot timer
 * per CPU. Arch independent; time is whatever the caller's clock counts,
 * normally monotonic nanoseconds (hal/time.h).
 *
 * A struct timer_list holds the armed timers of one CPU, sorted by
 * deadline (FIFO among equal deadlines) in a doubly linked list:
 * timer_add() is O(n) in the armed timers (it scans from the latest
 * deadline, so adding at or after the latest one is O(1)); timer_cancel(),
 * timer_next_deadline() and running each expired timer are O(1), plus the
 * re-insertion of a periodic timer.
 *
 * No locking: a list is used only by its own CPU with interrupts off
 * (callbacks run in that context too, from timer_list_run()).
 *
 * Typical use in the timer interrupt:
 *	timer_list_run(list, now);
 *	program the hardware with timer_next_deadline(list)
 */
#ifndef VIREO_TIMER_LIST_H
#define VIREO_TIMER_LIST_H

#include <vireo/types.h>

/* timer_next_deadline() when no timer is armed. */
#define TIMER_NONE UINT64_MAX

struct timer_link {
	struct timer_link *next, *prev;
};

struct timer;
typedef void (*timer_fn)(struct timer *t, void *arg);

/*
 * One software timer, embedded by its user. Fields are read-only outside
 * this library; set them with timer_init() and timer_add().
 */
struct timer {
	uint64_t deadline;	/* next expiry while armed */
	uint64_t period;	/* 0: one-shot */
	timer_fn fn;
	void *arg;
	struct timer_link link;	/* next == NULL: not armed */
};

struct timer_list {
	struct timer_link head;	/* circular, sorted by deadline */
};

void timer_list_init(struct timer_list *list);

/* Set up a timer, not armed, to call fn(t, arg) when it expires. */
void timer_init(struct timer *t, timer_fn fn, void *arg);

/* Is t armed (on some list)? */
static inline bool timer_armed(const struct timer *t)
{
	return t->link.next != NULL;
}

/*
 * Arm t to expire at deadline, then every period after it (period 0:
 * once). If t is already armed it is moved (it must be on this list).
 * It goes after the timers with the same deadline.
 */
void timer_add(struct timer_list *list, struct timer *t, uint64_t deadline,
	       uint64_t period);

/*
 * Disarm t. Returns whether it was armed. Safe on a timer that is not
 * armed, and from any callback, including t's own (a periodic timer is
 * already re-armed when its callback runs, so this stops it).
 */
bool timer_cancel(struct timer_list *list, struct timer *t);

/* The earliest deadline, or TIMER_NONE (UINT64_MAX) if none is armed:
 * what the caller programs into the hardware timer. */
uint64_t timer_next_deadline(const struct timer_list *list);

/*
 * Run every timer whose deadline is <= now, in deadline order (FIFO among
 * equal deadlines). Each is taken off the list before its callback runs;
 * a periodic one is first re-armed at deadline + period, skipping the
 * periods already missed (its next deadline is the first one after now),
 * so it runs at most once per call; t->deadline is then its next
 * deadline. A periodic timer whose next deadline would pass UINT64_MAX
 * is left disarmed.
 *
 * Callbacks may add and cancel any timers, including their own. A timer
 * added by a callback with a deadline <= now runs in this same call (so a
 * callback that always re-adds its timer in the past never returns).
 * Returns the number of callbacks run.
 */
unsigned timer_list_run(struct timer_list *list, uint64_t now);

#endif
