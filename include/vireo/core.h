/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor core's entry points (core/): where the HAL hands each
 * CPU over once the machine is up. Every CPU enters the core, so the
 * core can run vCPUs on any of them (in thread context, not from an IPI
 * handler).
 */
#ifndef VIREO_CORE_H
#define VIREO_CORE_H

#include <vireo/types.h>

struct cpu;

/*
 * The boot CPU, with interrupts on and the secondaries started (each in
 * core_cpu_main()). Returns the status to power off with
 * (hal/power.h).
 */
int core_main(void);

/*
 * A secondary CPU, once it is online (c == this_cpu(), its interrupt
 * controller and timer set up, local interrupts still masked). It never
 * leaves the core and must take interrupts there, or cpu_call() to it
 * times out.
 */
__noreturn void core_cpu_main(struct cpu *c);

#endif
