// SPDX-License-Identifier: MIT
/* printk() and panic() on top of the console. */
#include <hal/console.h>
#include <hal/irq.h>
#include <hal/power.h>
#include <vireo/log.h>
#include <vireo/printf.h>
#include <vireo/spinlock.h>

/* One CPU prints at a time once several run, and a message is never cut
 * by one an interrupt handler prints; a panic prints regardless (it may
 * hold the lock). */
static spinlock_t log_lock = SPINLOCK_INIT;
static bool locking, panicking;

void printk_lock_start(void)
{
	locking = true;
}

static void console_sink(char c, void *ctx)
{
	console_putc(c);
}

/* A whole line (its format ends with \n, and does not begin by ending
 * the open one) starts on a line of its own,
 * after a prompt or a partial line another context left: as Linux's
 * printk does without KERN_CONT. */
static void start_line(const char *fmt)
{
	const char *end = fmt;

	while (*end)
		end++;
	if (console_mid_line() && end > fmt && end[-1] == '\n' && fmt[0] != '\n')
		console_putc('\n');
}

int vprintk(const char *fmt, va_list ap)
{
	unsigned long flags;
	int n;

	if (panicking)
		return vcbprintf(console_sink, NULL, fmt, ap);
	flags = irq_local_save();
	if (locking)
		spin_lock(&log_lock);
	start_line(fmt);
	n = vcbprintf(console_sink, NULL, fmt, ap);
	if (locking)
		spin_unlock(&log_lock);
	irq_local_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void __panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	irq_local_disable();
	panicking = true;
	printk("vireo: panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk(" (%s:%d)\n", file, line);
	hal_power_off(POWER_OFF_ERROR);
}
