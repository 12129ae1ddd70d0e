/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks for the few structures CPUs share (the console, the per-CPU
 * call slots). A ticket lock: CPUs get the lock in the order they asked,
 * so none starves. Built on the compiler's __atomic builtins; the arch
 * flags make them inline instructions (aarch64 -mno-outline-atomics;
 * 32-bit fields since RISC-V has no smaller atomics).
 *
 * A lock also taken from an interrupt handler must be held with the
 * local interrupts masked (irq_local_save() in hal/irq.h).
 */
#ifndef VIREO_SPINLOCK_H
#define VIREO_SPINLOCK_H

#include <vireo/types.h>

typedef struct {
	uint32_t next;		/* the ticket the next taker draws */
	uint32_t owner;		/* the ticket being served */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

static inline void spin_lock(spinlock_t *lock)
{
	uint32_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		;
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->owner, lock->owner + 1,
			 __ATOMIC_RELEASE);
}

#endif
