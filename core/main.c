// SPDX-License-Identifier: MIT
/* The hypervisor core's entries, once the HAL has the machine up. */
#include <hal/cpu.h>
#include <hal/power.h>
#include <vireo/core.h>
#include "shell.h"
#include "vms.h"

int core_main(void)
{
	int status = POWER_OFF_OK;

	if (IS_ENABLED(CONFIG_VM))
		status = vms_run();
	if (IS_ENABLED(CONFIG_SHELL))
		return shell_run();
	return status;
}

/* Nothing to run on the other CPUs yet: they idle, answering cpu_call(). */
void core_cpu_main(struct cpu *c)
{
	cpu_idle();
}
