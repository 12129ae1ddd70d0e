// SPDX-License-Identifier: MIT
/* The CPU services host tests link against: one CPU, interrupt masking
 * as a flag the tests can read. */
#include <hal/cpu.h>
#include <hal/irq.h>

#include "host_cpu.h"

struct cpu host_cpus[HOST_CPUS] = {
	{ .id = 0, .online = true }, { .id = 1, .online = true },
};
unsigned int host_cpu_self;
bool host_irqs_masked = true;

struct cpu *this_cpu(void)
{
	return &host_cpus[host_cpu_self];
}

struct cpu *cpu_get(unsigned int id)
{
	return id < HOST_CPUS ? &host_cpus[id] : NULL;
}

unsigned int cpu_count(void)
{
	return HOST_CPUS;
}

void irq_local_enable(void)
{
	host_irqs_masked = false;
}

void irq_local_disable(void)
{
	host_irqs_masked = true;
}

unsigned long irq_local_save(void)
{
	unsigned long was = host_irqs_masked;

	host_irqs_masked = true;
	return was;
}

void irq_local_restore(unsigned long flags)
{
	host_irqs_masked = flags;
}

void cpu_wait_for_interrupt(void)
{
}
