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
	/* Interrupt when a character arrives, until getc() has read them
	 * all (NULL: the device can only be polled). */
	void (*rx_irq_enable)(struct console *con);
	/* Wait until everything written has left the device (NULL: putc
	 * already waits for that). */
	void (*flush)(struct console *con);
};

/* Make con the console (drivers call this from probe). */
void console_set(struct console *con);

/* Write one character; "\n" goes out as "\r\n". No-op before a console. */
void console_putc(char c);
/* Wait until the output has left the device (before power off). */
void console_flush(void);
/* Read one character, -1 if none is waiting. */
int console_getc(void);
/*
 * Take input by interrupt from now on: the console's DT node's first
 * interrupt fills a buffer console_getc() reads. 0, or -errno (then
 * console_getc() keeps polling the device).
 */
int console_rx_irq_init(const void *fdt);
/* fn runs in the receive interrupt once it buffered input: a reader
 * that does not sleep in console_getc()'s caller is told (core/vms.c). */
void console_set_rx_notify(void (*fn)(void));
/* Does input come by interrupt (may a reader sleep until one comes)? */
bool console_input_by_irq(void);
/* The console driver's name, "none" before there is one. */
const char *console_name(void);

#endif
