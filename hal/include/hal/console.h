/* SPDX-License-Identifier: MIT */
/*
 * The console: one output (and input) device for the hypervisor's log.
 * Console drivers (drivers/serial/) register it when probed, first from
 * CONFIG_EARLYCON, then from the device tree's /chosen/stdout-path.
 */
#ifndef HAL_CONSOLE_H
#define HAL_CONSOLE_H

#include <vireo/types.h>

struct console {
	const char *name;	/* driver name, e.g. "pl011" */
	uintptr_t base;		/* MMIO address or I/O port */
	unsigned reg_shift;	/* register stride is 1 << reg_shift bytes */
	void (*putc)(struct console *con, char c);
	int (*getc)(struct console *con);	/* -1: nothing waiting */
};

/* Make con the console (drivers call this from probe). */
void console_set(struct console *con);

/* Write one character; "\n" goes out as "\r\n". No-op before a console. */
void console_putc(char c);
/* Read one character, -1 if none is waiting. */
int console_getc(void);
/* The console driver's name, "none" before there is one. */
const char *console_name(void);

#endif
