/* SPDX-License-Identifier: MIT */
/* Host stand-ins for the arch's CPU services (host_cpu.c). */
#ifndef HOST_CPU_H
#define HOST_CPU_H

#include <hal/cpu.h>

#define HOST_CPUS 2

extern struct cpu host_cpus[HOST_CPUS];
extern unsigned int host_cpu_self;	/* what this_cpu() returns */
extern bool host_irqs_masked;

#endif
