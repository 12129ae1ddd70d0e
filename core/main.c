// SPDX-License-Identifier: MIT
/* The hypervisor core's entry, once the HAL has the machine up. */
#include <hal/boot.h>
#include <vireo/types.h>
#include "shell.h"

int core_main(void)
{
	if (IS_ENABLED(CONFIG_SHELL))
		return shell_run();
	return 0;
}
