/* SPDX-License-Identifier: MIT */
/*
 * Powering the machine off with a status (0 = success), so emulators
 * exit with it and "make run" and the tests end by themselves.
 *
 * hal_power_off() tries each registered power-off device in the order
 * they registered (drivers/power/, probed early or from the device
 * tree), then the architecture's firmware call, then halts the CPU.
 */
#ifndef HAL_POWER_H
#define HAL_POWER_H

#include <vireo/types.h>

/* The statuses Vireo powers off with itself (docs/boot-log.md); the
 * shell's "off n" may ask for any other. */
enum power_off_status {
	POWER_OFF_OK = 0,		/* a clean run */
	POWER_OFF_ERROR = 1,		/* an error or panic, reported */
	POWER_OFF_NO_CONSOLE = 2,	/* no CONFIG_EARLYCON: nothing printed */
};

struct poweroff {
	const char *name;
	uintptr_t base;
	/* Power off reporting status; returns only if it could not. */
	void (*power_off)(struct poweroff *p, int status);
};

/* Add p to the power-off devices (again: no change). */
void poweroff_register(struct poweroff *p);

__noreturn void hal_power_off(int status);

/* Implemented by arch/<arch>: firmware power off (PSCI, SBI, ...).
 * Returns only if the firmware refused. */
void arch_power_off(int status);
/* Implemented by arch/<arch>: stop this CPU for good. */
__noreturn void arch_halt(void);

#endif
