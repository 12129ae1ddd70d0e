// SPDX-License-Identifier: MIT
/* The HAL services host tests link against: printk to stdout, panic
 * fails the test, paging does nothing. */
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

/* hal/driver.c maps device registers; the host has nothing to map. */
#include <hal/paging.h>

int paging_map_device(paddr_t base, uint64_t size)
{
	return 0;
}
