// SPDX-License-Identifier: MIT
/* The hypervisor core's entries, once the HAL has the machine up. */
#include <hal/cpu.h>
#include <vireo/core.h>
#include "shell.h"

int core_main(void)
{
	if (IS_ENABLED(CONFIG_SHELL))
		return shell_run();
	return 0;
}

/* Nothing to run on the other CPUs yet: they idle, answering cpu_call(). */
void core_cpu_main(struct cpu *c)
{
	cpu_idle();
}
