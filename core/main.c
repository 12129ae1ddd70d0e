// SPDX-License-Identifier: MIT
/* The hypervisor core's entries, once the HAL has the machine up. */
#include <hal/cpu.h>
#include <hal/power.h>
#include <vireo/core.h>
#include "sched.h"
#include "shell.h"
#include "vms.h"

int core_main(void)
{
	if (IS_ENABLED(CONFIG_VM))
		return vms_run();	/* and the shell, if there is one */
	if (IS_ENABLED(CONFIG_SHELL))
		return shell_run();
	return POWER_OFF_OK;
}

/* The other CPUs run the vCPUs pinned to them, or idle; either way they
 * answer cpu_call(). */
void core_cpu_main(struct cpu *c)
{
	if (IS_ENABLED(CONFIG_VM))
		sched_loop(NULL, NULL, NULL);
	cpu_idle();
}
