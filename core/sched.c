// SPDX-License-Identifier: MIT
/*
 * Per-CPU run queues of pinned vCPUs (core/sched.h). A CPU runs the
 * vCPU it picked until that one waits, yields or is preempted: by its
 * slice's end while another is ready, or by a vCPU of its queue woken
 * (so a virtual interrupt is taken at once, not a slice later). Other
 * CPUs are told by IPI, which ends a guest's run or a CPU's idle wait.
 */
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <vireo/errno.h>
#include <vireo/spinlock.h>
#include "sched.h"
#include "vm.h"
#include "vm_config.h"

#define SLICE_NS ((uint64_t)CONFIG_VM_TIME_SLICE_MS * NSEC_PER_MSEC)
#define QUEUE_MAX (VM_MAX_VMS * VM_MAX_VCPUS)

struct run_queue {
	spinlock_t lock;
	struct sched_vcpu *vcpus[QUEUE_MAX];
	unsigned int nr, next;		/* round robin from next */
	struct sched_vcpu *running;	/* picked, until the next pick */
	bool resched;			/* pick again after this exit */
	struct timer slice;
};

static struct run_queue queues[CONFIG_NR_CPUS];
static bool poll_wanted;

static struct run_queue *this_queue(void)
{
	return &queues[this_cpu()->id];
}

/* Another CPU is told by IPI; this one only when it must leave the
 * guest it is running (the IPI, pending, ends the run at its entry). */
static void tell_cpu(unsigned int cpu, bool leave_guest)
{
	if (cpu != this_cpu()->id || leave_guest)
		irq_send_ipi(cpu);
}

static void wake_on_deadline(struct timer *t, void *arg)
{
	struct sched_vcpu *s = arg;

	s->timer_wait = false;
	vcpu_kick(s->vcpu);
}

int sched_add(struct sched_vcpu *s)
{
	struct run_queue *q = &queues[s->cpu];
	int err = 0;

	timer_init(&s->wake, wake_on_deadline, s);
	s->state = SCHED_OFF;
	spin_lock(&q->lock);
	if (q->nr < QUEUE_MAX)
		q->vcpus[q->nr++] = s;
	else
		err = -ENOSPC;
	spin_unlock(&q->lock);
	return err;
}

void sched_remove(struct sched_vcpu *s)
{
	struct run_queue *q = &queues[s->cpu];
	unsigned int i;

	spin_lock(&q->lock);
	for (i = 0; i < q->nr && q->vcpus[i] != s; i++)
		;
	if (i < q->nr) {
		q->vcpus[i] = q->vcpus[--q->nr];
		if (q->next >= q->nr)
			q->next = 0;
	}
	if (q->running == s)
		q->running = NULL;
	spin_unlock(&q->lock);
}

/* s becomes ready: started (from OFF) or woken (not from OFF). */
static void make_ready(struct sched_vcpu *s, bool start)
{
	struct run_queue *q = &queues[s->cpu];
	bool tell, preempt = false;

	spin_lock(&q->lock);
	if (s->state == SCHED_OFF && !start) {
		spin_unlock(&q->lock);
		return;
	}
	/* release: what the waker changed is seen by the entry that
	 * takes this flag (vm_run_vcpu) */
	__atomic_store_n(&s->kicked, true, __ATOMIC_RELEASE);
	tell = q->running == s || s->state != SCHED_READY;
	if (s->state != SCHED_READY && q->running && q->running != s) {
		q->resched = true;	/* the woken one runs next */
		preempt = true;
	}
	s->state = SCHED_READY;
	spin_unlock(&q->lock);
	if (tell || preempt)
		tell_cpu(s->cpu, preempt);
}

void sched_make_ready(struct sched_vcpu *s)
{
	make_ready(s, true);
}

/* The contract's (hal/vcpu.h): a virtual interrupt may wait for v. */
void vcpu_kick(struct vcpu *v)
{
	make_ready(&v->vm->sched[v->id], false);
}

bool sched_wait(struct sched_vcpu *s, uint64_t deadline)
{
	struct run_queue *q = &queues[s->cpu];
	uint64_t now = time_now_ns();
	bool waits;

	if (deadline <= now)
		return false;
	spin_lock(&q->lock);
	waits = !__atomic_load_n(&s->kicked, __ATOMIC_ACQUIRE);
	if (waits)
		s->state = SCHED_WAITING;
	spin_unlock(&q->lock);
	if (waits && deadline != TIMER_NONE) {
		s->timer_wait = true;
		time_timer_start(&s->wake, deadline - now, 0);
	}
	return waits;
}

void sched_yield(void)
{
	this_queue()->resched = true;
}

void sched_notify(struct sched_vcpu *s)
{
	queues[s->cpu].resched = true;
	tell_cpu(s->cpu, false);
}

void sched_poll_request(void)
{
	__atomic_store_n(&poll_wanted, true, __ATOMIC_RELEASE);
	tell_cpu(0, false);
}

static void slice_end(struct timer *t, void *arg)
{
	struct run_queue *q = arg;

	q->resched = true;
}

/* Release s of a VM that stopped: its CPU forgets it (vm.c). */
static bool release_if_stopped(struct sched_vcpu *s)
{
	if (vm_is_running(s->vcpu->vm))
		return false;
	if (s->started)
		vm_release_vcpu(s);
	return true;
}

/* The next ready vCPU after the last one picked, in turn; NULL if none.
 * The slice runs while another one is ready too. */
static struct sched_vcpu *pick(struct run_queue *q)
{
	struct sched_vcpu *s, *found = NULL;
	unsigned int i, others = 0;

	spin_lock(&q->lock);
	for (i = 0; i < q->nr; i++) {
		s = q->vcpus[(q->next + i) % q->nr];
		if (release_if_stopped(s) || s->state != SCHED_READY)
			continue;
		if (!found) {
			found = s;
			q->next = (q->next + i + 1) % q->nr;
		} else {
			others++;
		}
	}
	q->running = found;
	q->resched = false;
	spin_unlock(&q->lock);
	if (others)
		time_timer_start(&q->slice, SLICE_NS, 0);
	else
		time_timer_cancel(&q->slice);
	if (found && found->timer_wait) {
		found->timer_wait = false;
		time_timer_cancel(&found->wake);
	}
	return found;
}

static bool keeps_running(const struct run_queue *q, const struct sched_vcpu *s)
{
	return s && !q->resched && s->state == SCHED_READY &&
	       vm_is_running(s->vcpu->vm);
}

/* Interrupts taken here: this CPU's timers, IPIs, the console. */
static void take_interrupts(void)
{
	irq_local_enable();
	irq_local_disable();
}

void sched_loop(bool (*until)(void *arg), void (*poll)(void *arg), void *arg)
{
	struct run_queue *q = this_queue();
	struct sched_vcpu *s = NULL;

	timer_init(&q->slice, slice_end, q);
	irq_local_disable();
	for (;;) {
		if (!keeps_running(q, s)) {
			if (until && until(arg))
				break;
			s = pick(q);	/* it may ask for a poll: a VM ended */
		}
		if (poll && __atomic_exchange_n(&poll_wanted, false,
						__ATOMIC_ACQ_REL)) {
			irq_local_enable();
			poll(arg);
			irq_local_disable();
			s = NULL;
			continue;
		}
		if (!s) {
			cpu_wait_for_interrupt();
			take_interrupts();
			continue;
		}
		if (vm_run_vcpu(s))
			take_interrupts();
	}
	irq_local_enable();
}
