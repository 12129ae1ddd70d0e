// SPDX-License-Identifier: MIT
/* printk() and panic() on top of the console. */
#include <hal/console.h>
#include <hal/irq.h>
#include <hal/power.h>
#include <vireo/log.h>
#include <vireo/printf.h>
#include <vireo/spinlock.h>

/* One CPU prints at a time once several run; a panic prints regardless
 * (it may hold the lock). */
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

int vprintk(const char *fmt, va_list ap)
{
	unsigned long flags;
	int n;

	if (!locking || panicking)
		return vcbprintf(console_sink, NULL, fmt, ap);
	flags = irq_local_save();
	spin_lock(&log_lock);
	n = vcbprintf(console_sink, NULL, fmt, ap);
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
