/* SPDX-License-Identifier: MIT */
/*
 * Powering the machine off with a status (0 = success), so emulators
 * exit with it and "make run" and the tests end by themselves.
 *
 * hal_power_off() tries each power-off driver (drivers/power/) in turn,
 * then the architecture's firmware call, then halts the CPU.
 */
#ifndef HAL_POWER_H
#define HAL_POWER_H

#include <vireo/types.h>

struct poweroff_driver {
	const char *name;
	/* Power off reporting status; returns only if it could not. */
	void (*power_off)(int status);
};

#define POWEROFF_DRIVER(ident, drv_name, fn)                                \
	static const struct poweroff_driver __poweroff_##ident               \
		__section("vireo_poweroff") __used                         \
		__aligned(sizeof(void *)) = { .name = drv_name,             \
					      .power_off = fn }

__noreturn void hal_power_off(int status);

/* Implemented by arch/<arch>: firmware power off (PSCI, SBI, ...).
 * Returns only if the firmware refused. */
void arch_power_off(int status);
/* Implemented by arch/<arch>: stop this CPU for good. */
__noreturn void arch_halt(void);

#endif
