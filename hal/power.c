// SPDX-License-Identifier: MIT
/* Power off: drivers first (they can carry a status), then firmware. */
#include <hal/power.h>
#include <vireo/log.h>

extern const struct poweroff_driver __start_vireo_poweroff[], __stop_vireo_poweroff[];

void hal_power_off(int status)
{
	static int entered;
	const struct poweroff_driver *drv;

	/* A fault while powering off lands here again: skip to the end. */
	if (entered++ > 1)
		arch_halt();
	if (entered == 1)
		pr_info("power off: status %d\n", status);
	/* The linker puts the table between the two symbols. */
	// cppcheck-suppress comparePointers
	for (drv = __start_vireo_poweroff; drv < __stop_vireo_poweroff; drv++)
		drv->power_off(status);
	arch_power_off(status);
	pr_err("power off failed; halting\n");
	arch_halt();
}
