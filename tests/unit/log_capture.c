// SPDX-License-Identifier: MIT
/* printk into a buffer the test reads back (log_capture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vireo/log.h>

#include "log_capture.h"

static char text[8192];

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
