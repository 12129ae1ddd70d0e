// SPDX-License-Identifier: MIT
/*
 * lib/timer_list.c on the host: ordering, cancel, re-add, periodic
 * timers, callbacks changing the list, and a randomized run against a
 * simple reference model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vireo/timer_list.h>

#define NT 16

static struct timer_list list;
static struct timer tm[NT];
static int fired[256];	/* timer indices, in the order they ran */
static unsigned nfired;

static int idx(struct timer *t)
{
	return (int)(t - tm);
}

static void record(struct timer *t, void *arg)
{
	assert_true(nfired < ARRAY_SIZE(fired));
	fired[nfired++] = idx(t);
}

static int setup(void **state)
{
	timer_list_init(&list);
	for (int i = 0; i < NT; i++)
		timer_init(&tm[i], record, NULL);
	nfired = 0;
	return 0;
}

static void expect_fired(const int *want, unsigned n)
{
	assert_int_equal(nfired, n);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(fired[i], want[i]);
	nfired = 0;
}

static void test_empty(void **state)
{
	assert_true(timer_next_deadline(&list) == UINT64_MAX);
	assert_int_equal(timer_list_run(&list, UINT64_MAX), 0);
	assert_false(timer_cancel(&list, &tm[0]));
	assert_false(timer_armed(&tm[0]));
}

static void test_order_by_deadline(void **state)
{
	static const uint64_t d[] = { 50, 10, 40, 20, 30 };
	static const int want[] = { 1, 3, 4, 2, 0 };

	for (int i = 0; i < 5; i++) {
		timer_add(&list, &tm[i], d[i], 0);
		assert_true(timer_armed(&tm[i]));
	}
	assert_int_equal(timer_next_deadline(&list), 10);
	assert_int_equal(timer_list_run(&list, 9), 0);
	assert_int_equal(timer_list_run(&list, 20), 2);
	expect_fired(want, 2);
	assert_false(timer_armed(&tm[1]));
	assert_int_equal(timer_next_deadline(&list), 30);
	assert_int_equal(timer_list_run(&list, 1000), 3);
	expect_fired(want + 2, 3);
	assert_true(timer_next_deadline(&list) == UINT64_MAX);
}

static void test_fifo_ties(void **state)
{
	static const int want[] = { 3, 0, 5, 1, 2, 4 };

	timer_add(&list, &tm[3], 5, 0);
	timer_add(&list, &tm[0], 7, 0);
	timer_add(&list, &tm[5], 7, 0);
	timer_add(&list, &tm[1], 7, 0);
	timer_add(&list, &tm[2], 9, 0);
	timer_add(&list, &tm[4], 9, 0);
	assert_int_equal(timer_list_run(&list, 9), 6);
	expect_fired(want, 6);
}

static void test_cancel(void **state)
{
	static const int want[] = { 0, 2 };

	timer_add(&list, &tm[0], 10, 0);
	timer_add(&list, &tm[1], 5, 0);
	timer_add(&list, &tm[2], 20, 0);
	assert_int_equal(timer_next_deadline(&list), 5);
	assert_true(timer_cancel(&list, &tm[1]));
	assert_false(timer_armed(&tm[1]));
	assert_int_equal(timer_next_deadline(&list), 10);
	assert_false(timer_cancel(&list, &tm[1]));	/* no longer armed */
	assert_false(timer_cancel(&list, &tm[3]));	/* never armed */
	assert_int_equal(timer_list_run(&list, 100), 2);
	expect_fired(want, 2);
	assert_false(timer_cancel(&list, &tm[0]));	/* expired */
	assert_true(timer_next_deadline(&list) == UINT64_MAX);
}

static void test_readd_moves(void **state)
{
	static const int want[] = { 1, 2, 0 };

	timer_add(&list, &tm[0], 10, 0);
	timer_add(&list, &tm[1], 20, 0);
	timer_add(&list, &tm[2], 30, 0);
	timer_add(&list, &tm[0], 40, 0);	/* later */
	assert_int_equal(timer_next_deadline(&list), 20);
	timer_add(&list, &tm[2], 20, 0);	/* earlier, after tm[1] */
	assert_int_equal(timer_next_deadline(&list), 20);
	timer_add(&list, &tm[0], 25, 7);	/* becomes periodic */
	assert_int_equal(timer_list_run(&list, 25), 3);
	expect_fired(want, 3);
	assert_int_equal(timer_next_deadline(&list), 32);
	assert_true(timer_cancel(&list, &tm[0]));
	assert_true(timer_next_deadline(&list) == UINT64_MAX);
}

static void test_periodic(void **state)
{
	static const int want[] = { 0, 1, 0 };

	timer_add(&list, &tm[0], 100, 10);
	timer_add(&list, &tm[1], 105, 0);
	assert_int_equal(timer_list_run(&list, 100), 1);
	assert_true(timer_armed(&tm[0]));
	assert_int_equal(tm[0].deadline, 110);
	assert_int_equal(timer_next_deadline(&list), 105);
	assert_int_equal(timer_list_run(&list, 110), 2);
	expect_fired(want, 3);
	assert_int_equal(timer_next_deadline(&list), 120);
	/* re-armed at 130, after tm[2] already there: FIFO among ties */
	timer_add(&list, &tm[2], 130, 0);
	assert_int_equal(timer_list_run(&list, 120), 1);
	assert_int_equal(timer_next_deadline(&list), 130);
	assert_int_equal(timer_list_run(&list, 130), 2);
	assert_int_equal(fired[0], 0);
	assert_int_equal(fired[1], 2);
	assert_int_equal(fired[2], 0);
	assert_int_equal(timer_next_deadline(&list), 140);
}

static void test_periodic_skips_missed(void **state)
{
	timer_add(&list, &tm[0], 100, 10);
	/* 1000 periods late: runs once, next deadline is the first after now */
	assert_int_equal(timer_list_run(&list, 10105), 1);
	assert_int_equal(tm[0].deadline, 10110);
	assert_int_equal(timer_next_deadline(&list), 10110);
	/* exactly on a period boundary: that one counts as run */
	assert_int_equal(timer_list_run(&list, 10200), 1);
	assert_int_equal(tm[0].deadline, 10210);
	/* far ahead with a period of 1: must not loop */
	timer_add(&list, &tm[1], 0, 1);
	assert_int_equal(timer_list_run(&list, UINT64_MAX - 1), 2);
	assert_true(tm[1].deadline == UINT64_MAX);
	assert_true(timer_armed(&tm[1]));
	/* no period fits before UINT64_MAX: left disarmed */
	assert_int_equal(timer_list_run(&list, UINT64_MAX), 1);
	assert_false(timer_armed(&tm[1]));
	assert_false(timer_armed(&tm[0]));
	assert_true(timer_next_deadline(&list) == UINT64_MAX);
}

/* --- callbacks that change the list --- */

static void cancel_self(struct timer *t, void *arg)
{
	record(t, arg);
	*(bool *)arg = timer_cancel(&list, t);
}

static void test_cancel_self(void **state)
{
	bool was_armed = true;

	/* one-shot: already off the list when its callback runs */
	timer_init(&tm[0], cancel_self, &was_armed);
	timer_add(&list, &tm[0], 10, 0);
	assert_int_equal(timer_list_run(&list, 10), 1);
	assert_false(was_armed);
	/* periodic: re-armed before the callback, which stops it */
	timer_add(&list, &tm[0], 20, 5);
	assert_int_equal(timer_list_run(&list, 100), 1);
	assert_true(was_armed);
	assert_false(timer_armed(&tm[0]));
	assert_true(timer_next_deadline(&list) == UINT64_MAX);
	assert_int_equal(timer_list_run(&list, 1000), 0);
}

static void cancel_other(struct timer *t, void *arg)
{
	record(t, arg);
	assert_true(timer_cancel(&list, arg));
}

static void test_cancel_other_from_callback(void **state)
{
	static const int want[] = { 0, 2 };

	/* tm[1] has expired too, but is cancelled before its turn */
	timer_init(&tm[0], cancel_other, &tm[1]);
	timer_add(&list, &tm[0], 10, 0);
	timer_add(&list, &tm[1], 10, 0);
	timer_add(&list, &tm[2], 11, 0);
	assert_int_equal(timer_list_run(&list, 50), 2);
	expect_fired(want, 2);
	assert_false(timer_armed(&tm[1]));
}

static void readd_self(struct timer *t, void *arg)
{
	record(t, arg);
	if (nfired < 3)
		timer_add(&list, t, t->deadline + 10, 0);
}

static void add_other(struct timer *t, void *arg)
{
	record(t, arg);
	timer_add(&list, arg, 15, 0);	/* in the past: runs in this call */
	timer_add(&list, &tm[3], 500, 0);	/* in the future: does not */
}

static void test_add_from_callback(void **state)
{
	static const int want[] = { 0, 0, 0 };
	static const int want2[] = { 1, 2 };

	timer_init(&tm[0], readd_self, NULL);
	timer_add(&list, &tm[0], 10, 0);
	assert_int_equal(timer_list_run(&list, 100), 3);
	expect_fired(want, 3);
	assert_false(timer_armed(&tm[0]));

	timer_init(&tm[1], add_other, &tm[2]);
	timer_add(&list, &tm[1], 10, 0);
	assert_int_equal(timer_list_run(&list, 20), 2);
	expect_fired(want2, 2);
	assert_int_equal(timer_next_deadline(&list), 500);
}

/* --- randomized, against a reference model --- */

#define RN 64

struct model {
	bool armed;
	uint64_t deadline, period, seq;	/* order: (deadline, seq) */
};

static struct model m[RN];
static uint64_t mseq;
static struct timer rt[RN];
static unsigned fires[RN];
static int rlog[4096], mlog[4096];
static unsigned nrlog, nmlog;

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	/* xorshift64 */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void m_add(int i, uint64_t d, uint64_t p)
{
	m[i] = (struct model){ true, d, p, ++mseq };
}

static bool m_cancel(int i)
{
	bool was = m[i].armed;

	m[i].armed = false;
	return was;
}

static uint64_t m_next(void)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < RN; i++)
		if (m[i].armed && m[i].deadline < best)
			best = m[i].deadline;
	return best;
}

/*
 * What a callback does, the same for the model and the real list: it
 * depends only on the timer and how often it has fired.
 */
enum action { NOTHING, CANCEL_OTHER, READD_SELF, ADD_OTHER };

static enum action action_of(int i, unsigned count, int *other)
{
	*other = (i * 7 + (int)count) % RN;
	switch (i % 6) {
	case 1:
		return CANCEL_OTHER;
	case 2:
		return count % 3 ? READD_SELF : NOTHING;
	case 3:
		return count % 2 ? ADD_OTHER : NOTHING;
	default:
		return NOTHING;
	}
}

static void r_fn(struct timer *t, void *arg)
{
	int i = (int)(t - rt), other;
	unsigned c = fires[i]++;

	assert_true(nrlog < ARRAY_SIZE(rlog));
	rlog[nrlog++] = i;
	switch (action_of(i, c, &other)) {
	case CANCEL_OTHER:
		timer_cancel(&list, &rt[other]);
		break;
	case READD_SELF:
		/* t->deadline: the one that expired, or the next period */
		timer_add(&list, t, t->deadline + 1 + (c % 5), 0);
		break;
	case ADD_OTHER:
		timer_add(&list, &rt[other], t->deadline + (c % 4), 0);
		break;
	case NOTHING:
		break;
	}
}

static unsigned m_run(uint64_t now)
{
	static unsigned mfires[RN];
	unsigned n = 0;

	for (;;) {
		int b = -1, other;

		for (int i = 0; i < RN; i++)
			if (m[i].armed && m[i].deadline <= now &&
			    (b < 0 || m[i].deadline < m[b].deadline ||
			     (m[i].deadline == m[b].deadline &&
			      m[i].seq < m[b].seq)))
				b = i;
		if (b < 0)
			return n;
		m[b].armed = false;
		if (m[b].period) {
			uint64_t d = m[b].deadline;

			/* the slow way: one period at a time */
			while (d <= now && d <= UINT64_MAX - m[b].period)
				d += m[b].period;
			if (d > now)
				m_add(b, d, m[b].period);
			else
				m[b].deadline = d;
		}
		n++;
		unsigned c = mfires[b]++;

		assert_true(nmlog < ARRAY_SIZE(mlog));
		mlog[nmlog++] = b;
		switch (action_of(b, c, &other)) {
		case CANCEL_OTHER:
			m_cancel(other);
			break;
		case READD_SELF:
			m_add(b, m[b].deadline + 1 + (c % 5), 0);
			break;
		case ADD_OTHER:
			m_add(other, m[b].deadline + (c % 4), 0);
			break;
		case NOTHING:
			break;
		}
	}
}

static void check_same(void)
{
	assert_true(timer_next_deadline(&list) == m_next());
	for (int i = 0; i < RN; i++) {
		assert_int_equal(timer_armed(&rt[i]), m[i].armed);
		if (m[i].armed) {
			assert_true(rt[i].deadline == m[i].deadline);
			assert_true(rt[i].period == m[i].period);
		}
	}
	assert_int_equal(nrlog, nmlog);
	assert_memory_equal(rlog, mlog, nrlog * sizeof(rlog[0]));
	nrlog = nmlog = 0;
}

static void test_random_vs_model(void **state)
{
	uint64_t now = 0;
	unsigned total = 0;

	for (int i = 0; i < RN; i++)
		timer_init(&rt[i], r_fn, NULL);
	for (int op = 0; op < 20000; op++) {
		int i = (int)(rnd() % RN);
		uint64_t r = rnd();

		switch (r % 8) {
		case 0: case 1: case 2: {	/* one-shot, often tied */
			uint64_t d = now + (rnd() % 64);

			timer_add(&list, &rt[i], d, 0);
			m_add(i, d, 0);
			break;
		}
		case 3: {			/* periodic */
			uint64_t d = now + (rnd() % 64), p = 1 + rnd() % 40;

			timer_add(&list, &rt[i], d, p);
			m_add(i, d, p);
			break;
		}
		case 4:
			assert_int_equal(timer_cancel(&list, &rt[i]),
					 m_cancel(i));
			break;
		default: {			/* time passes, often by a lot */
			unsigned n;

			now += rnd() % ((r % 8) == 7 ? 500 : 20);
			n = timer_list_run(&list, now);
			assert_int_equal(n, m_run(now));
			total += n;
			break;
		}
		}
		check_same();
	}
	assert_true(total > 1000);	/* the test did exercise running */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_order_by_deadline, setup),
		cmocka_unit_test_setup(test_fifo_ties, setup),
		cmocka_unit_test_setup(test_cancel, setup),
		cmocka_unit_test_setup(test_readd_moves, setup),
		cmocka_unit_test_setup(test_periodic, setup),
		cmocka_unit_test_setup(test_periodic_skips_missed, setup),
		cmocka_unit_test_setup(test_cancel_self, setup),
		cmocka_unit_test_setup(test_cancel_other_from_callback, setup),
		cmocka_unit_test_setup(test_add_from_callback, setup),
		cmocka_unit_test_setup(test_random_vs_model, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
