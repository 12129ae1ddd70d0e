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
/* Is the console in the middle of a line (its last character out was
 * not a newline)? printk() starts a whole line on a fresh one. */
bool console_mid_line(void);
int console_getc(void);
/*
 * Take input by interrupt from now on: the console's DT node's first
 * interrupt fills a buffer console_getc() reads. 0, or -errno (then
 * console_getc() keeps polling the device).
 */
int console_rx_irq_init(const void *fdt);
/* Does input come by interrupt (may a reader sleep until one comes)? */
bool console_input_by_irq(void);
/*
 * Where input goes (the core routes it: core/vm_console.c). Once a hook
 * is set, the receive interrupt hands it each character it takes, in
 * order, then CONSOLE_INPUT_IDLE when the device has no more for now; it
 * runs in interrupt context. The hook gives what is the hypervisor's to
 * console_input_keep(), for console_getc(). NULL: everything is kept
 * (the default). Input that is polled (no receive interrupt) does not
 * pass through it.
 */
#define CONSOLE_INPUT_IDLE (-1)
typedef void (*console_input_hook)(int c);
void console_set_input_hook(console_input_hook hook);
/* For the hook: c is the hypervisor's, read by console_getc(). */
void console_input_keep(char c);
/* The console driver's name, "none" before there is one. */
const char *console_name(void);

#endif
