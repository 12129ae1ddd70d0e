// SPDX-License-Identifier: MIT
/* Power off: drivers first (they can carry a status), then firmware. */
#include <hal/power.h>
#include <vireo/log.h>

extern const struct poweroff_driver __poweroff_start[], __poweroff_end[];

void hal_power_off(int status)
{
	static int entered;
	const struct poweroff_driver *drv;

	/* A fault while powering off lands here again: skip to the end. */
	if (entered++ > 1)
		arch_halt();
	if (entered == 1)
		pr_info("power off: status %d\n", status);
	for (drv = __poweroff_start; drv < __poweroff_end; drv++)
		drv->power_off(status);
	arch_power_off(status);
	pr_err("power off failed; halting\n");
	arch_halt();
}
