// SPDX-License-Identifier: MIT
/* Power off: devices first (they can carry a status), then firmware. */
#include <hal/console.h>
#include <hal/power.h>
#include <vireo/log.h>

#define MAX_POWEROFF 4

static struct poweroff *devices[MAX_POWEROFF];
static int ndevices;

void poweroff_register(struct poweroff *p)
{
	for (int i = 0; i < ndevices; i++)
		if (devices[i] == p)
			return;
	if (ndevices < MAX_POWEROFF)
		devices[ndevices++] = p;
}

void hal_power_off(int status)
{
	static int entered;

	/* A fault while powering off lands here again: skip to the end. */
	if (entered++ > 1)
		arch_halt();
	if (entered == 1) {
		pr_always("power off: status %d\n", status);
		console_flush();	/* an emulator may stop at once */
	}
	for (int i = 0; i < ndevices; i++)
		devices[i]->power_off(devices[i], status);
	arch_power_off(status);
	pr_err("power off failed; halting\n");
	arch_halt();
}
