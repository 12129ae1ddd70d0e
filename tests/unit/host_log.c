// SPDX-License-Identifier: MIT
/* printk and panic for host tests: to stdout, panic fails the test. */
#include <stdio.h>
#include <stdlib.h>

#include <vireo/log.h>

int vprintk(const char *fmt, va_list ap)
{
	return vprintf(fmt, ap);
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
	fprintf(stderr, "panic at %s:%d\n", file, line);
	abort();
}
