/* SPDX-License-Identifier: MIT */
/*
 * The console: one output (and input) device for the hypervisor's log.
 *
 * Console drivers (drivers/serial/) declare themselves with
 * EARLYCON_DRIVER(); the HAL picks the one CONFIG_EARLYCON names
 * ("<driver>,<address>", like Linux's earlycon=) before anything else
 * runs, so even the earliest errors can be printed.
 */
#ifndef HAL_CONSOLE_H
#define HAL_CONSOLE_H

#include <vireo/types.h>

struct console {
	const char *name;	/* driver name, e.g. "pl011" */
	uintptr_t base;		/* MMIO address or I/O port */
	void (*putc)(struct console *con, char c);
	int (*getc)(struct console *con);	/* -1: nothing waiting */
};

struct earlycon_driver {
	const char *name;
	/* Fill con->putc/getc for the device at con->base; 0 on success. */
	int (*setup)(struct console *con);
};

#define EARLYCON_DRIVER(ident, drv_name, setup_fn)                          \
	static const struct earlycon_driver __earlycon_##ident               \
		__section("vireo_earlycon") __used                         \
		__aligned(sizeof(void *)) = { .name = drv_name,             \
					      .setup = setup_fn }

/*
 * Set up the console described by spec ("pl011,0x9000000").
 * Returns 0, or -1 if no compiled-in driver has that name or the
 * address is missing.
 */
int console_init_early(const char *spec);

/* Write one character; "\n" goes out as "\r\n". No-op before init. */
void console_putc(char c);
/* Read one character, -1 if none is waiting. */
int console_getc(void);
/* The active console driver's name, "none" before init. */
const char *console_name(void);

#endif
