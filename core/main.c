// SPDX-License-Identifier: MIT
/* The hypervisor core's entries, once the HAL has the machine up. */
#include <hal/cpu.h>
#include <hal/power.h>
#include <vireo/core.h>
#include "shell.h"

int core_main(void)
{
	if (IS_ENABLED(CONFIG_SHELL))
		return shell_run();
	return POWER_OFF_OK;
}

/* Nothing to run on the other CPUs yet: they idle, answering cpu_call(). */
void core_cpu_main(struct cpu *c)
{
	cpu_idle();
}
