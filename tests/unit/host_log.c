// SPDX-License-Identifier: MIT
/*
 * The log services host tests link against (host_log.h): printk to
 * stdout and into a buffer the test can read back, panic() fails the
 * running test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vireo/log.h>

#include "host_log.h"

static char text[32768];	/* a whole configuration's refusals */

void log_capture_reset(void)
{
	text[0] = 0;
}

const char *log_text(void)
{
	return text;
}

int vprintk(const char *fmt, va_list ap)
{
	size_t used = strlen(text);
	va_list copy;

	va_copy(copy, ap);
	vprintf(fmt, copy);
	va_end(copy);
	if (used > sizeof(text) / 2) {	/* keep the latest, never overflow */
		log_capture_reset();
		used = 0;
	}
	return vsnprintf(text + used, sizeof(text) - used, fmt, ap);
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
	fail_msg("panic at %s:%d", file, line);
	abort();
}
