// SPDX-License-Identifier: MIT
/* printk() and panic() on top of the console. */
#include <hal/console.h>
#include <hal/power.h>
#include <vireo/log.h>
#include <vireo/printf.h>

static void console_sink(char c, void *ctx)
{
	console_putc(c);
}

int vprintk(const char *fmt, va_list ap)
{
	return vcbprintf(console_sink, NULL, fmt, ap);
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

	printk("vireo: panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk(" (%s:%d)\n", file, line);
	hal_power_off(1);
}
