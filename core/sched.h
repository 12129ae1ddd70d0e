/* SPDX-License-Identifier: MIT */
/*
 * Scheduling vCPUs on physical CPUs (core/sched.c). Every vCPU is pinned
 * to the CPU its VM configuration names; each CPU runs its own vCPUs in
 * turn: a vCPU keeps the CPU until it waits (WFI), yields (WFE) or its
 * time slice (CONFIG_VM_TIME_SLICE_MS) ends while another one is ready.
 * A waiting vCPU takes no CPU time: it is woken by vcpu_kick() (a virtual
 * interrupt for it, from any CPU) or by its own timer's deadline, and a
 * CPU with nothing ready waits for an interrupt.
 *
 * Locks: a CPU's run queue lock is taken inside a VM's lock, never the
 * other way round; both only with local interrupts masked.
 */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <vireo/timer_list.h>
#include <vireo/types.h>

struct vm;
struct vcpu;

enum sched_state {
	SCHED_OFF,		/* not started, or CPU_OFF */
	SCHED_READY,		/* runs when its CPU gets to it */
	SCHED_WAITING,		/* in WFI: until a kick or its deadline */
};

/* The core's side of a vCPU (one in struct vm per vCPU). */
struct sched_vcpu {
	struct vcpu *vcpu;
	unsigned int cpu;		/* pinned: runs only there */
	enum sched_state state;		/* under its CPU's run queue lock */
	bool kicked;			/* woken since it last entered */
	bool started;			/* its CPU has to release it */
	bool queued;			/* sched_add() took it */
	bool timer_wait;		/* waiting with its own timer armed */
	struct timer wake;		/* that timer's deadline, on its CPU */
};

/* Put s (state OFF) on its CPU's run queue / take it off for good.
 * 0, or -ENOSPC when that CPU has no room. */
int sched_add(struct sched_vcpu *s);
void sched_remove(struct sched_vcpu *s);

/* s may run now (started, or woken): its CPU is told. */
void sched_make_ready(struct sched_vcpu *s);

/*
 * The running vCPU s waits (WFI) until a kick, or until deadline (ns,
 * time_now_ns(); UINT64_MAX: none). Returns false when it has been
 * kicked since it entered the guest: it goes on at once.
 */
bool sched_wait(struct sched_vcpu *s, uint64_t deadline);

/* The running vCPU gives its CPU to the next ready one (WFE). */
void sched_yield(void);

/* The CPU of s (or several) should look at its run queue again: a VM
 * stopped, so s must be released there. */
void sched_notify(struct sched_vcpu *s);

/*
 * Run the vCPUs of this CPU until until(arg) is true (checked whenever
 * the CPU has looked at its queue, and after each poll); poll(), when
 * set, is called on this CPU when sched_poll_request() asked for it,
 * with local interrupts enabled. Secondary CPUs run it forever.
 */
void sched_loop(bool (*until)(void *arg), void (*poll)(void *arg), void *arg);

/* Ask the boot CPU's loop to call its poll() (from any CPU or handler). */
void sched_poll_request(void);

#endif
