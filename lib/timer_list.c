// SPDX-License-Identifier: MIT
/* Software timers on a sorted doubly linked list (vireo/timer_list.h). */
#include <vireo/timer_list.h>

static struct timer *to_timer(struct timer_link *l)
{
	return container_of(l, struct timer, link);
}

static void tl_unlink(struct timer *t)
{
	t->link.prev->next = t->link.next;
	t->link.next->prev = t->link.prev;
	t->link.next = NULL;
	t->link.prev = NULL;
}

/* Insert after the last timer with a deadline <= t's: FIFO among ties.
 * Scans from the tail, since new deadlines tend to be the latest. */
static void insert(struct timer_list *list, struct timer *t)
{
	struct timer_link *pos = list->head.prev;

	while (pos != &list->head && to_timer(pos)->deadline > t->deadline)
		pos = pos->prev;
	t->link.prev = pos;
	t->link.next = pos->next;
	pos->next->prev = &t->link;
	pos->next = &t->link;
}

void timer_list_init(struct timer_list *list)
{
	list->head.next = &list->head;
	list->head.prev = &list->head;
}

void timer_init(struct timer *t, timer_fn fn, void *arg)
{
	t->deadline = 0;
	t->period = 0;
	t->fn = fn;
	t->arg = arg;
	t->link.next = NULL;
	t->link.prev = NULL;
}

void timer_add(struct timer_list *list, struct timer *t, uint64_t deadline,
	       uint64_t period)
{
	if (timer_armed(t))
		tl_unlink(t);
	t->deadline = deadline;
	t->period = period;
	insert(list, t);
}

bool timer_cancel(struct timer_list *list, struct timer *t)
{
	(void)list;
	if (!timer_armed(t))
		return false;
	tl_unlink(t);
	return true;
}

uint64_t timer_next_deadline(const struct timer_list *list)
{
	if (list->head.next == &list->head)
		return TIMER_NONE;
	return to_timer(list->head.next)->deadline;
}

/* Re-arm an expired periodic timer at its first deadline after now;
 * false if that is past UINT64_MAX. */
static bool next_period(struct timer *t, uint64_t now)
{
	uint64_t d = t->deadline, p = t->period, k = 1;

	if (now >= d)
		k = (now - d) / p + 1;	/* periods to reach past now */
	if (k > (UINT64_MAX - d) / p)
		return false;
	t->deadline = d + k * p;
	return true;
}

unsigned timer_list_run(struct timer_list *list, uint64_t now)
{
	unsigned n = 0;

	while (list->head.next != &list->head) {
		struct timer *t = to_timer(list->head.next);

		if (t->deadline > now)
			break;
		tl_unlink(t);
		if (t->period && next_period(t, now))
			insert(list, t);
		n++;
		t->fn(t, t->arg);
	}
	return n;
}
