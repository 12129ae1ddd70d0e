/* SPDX-License-Identifier: MIT */
/*
 * The transcript both differential harnesses write (fdt_diff.c,
 * fdt_sw_diff.c): lines appended to a growing buffer, capped at
 * OUT_MAX so a runaway run ends with "transcript full", not the OOM
 * killer.
 */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define OUT_MAX		(64u << 20)

struct out {
	char *buf;
	size_t len, cap;
	bool full;
};

static inline void out_init(struct out *o)
{
	o->cap = 1 << 16;
	o->len = 0;
	o->full = false;
	o->buf = malloc(o->cap);
	if (!o->buf)
		abort();
	o->buf[0] = '\0';
}

/* One line: f and its arguments, then a newline */
static inline void out_vsay(struct out *o, const char *f, va_list ap)
{
	va_list again;
	int n;

	if (o->full)
		return;
	for (;;) {
		va_copy(again, ap);
		n = vsnprintf(o->buf + o->len, o->cap - o->len, f, again);
		va_end(again);
		if (n < 0)
			abort();
		if (o->len + (size_t)n + 2 <= o->cap)
			break;
		if (o->cap >= OUT_MAX) {
			o->full = true;
			o->len += (size_t)snprintf(o->buf + o->len,
						   o->cap - o->len,
						   "transcript full\n");
			return;
		}
		o->cap *= 2;
		o->buf = realloc(o->buf, o->cap);
		if (!o->buf)
			abort();
	}
	o->len += (size_t)n;
	o->buf[o->len++] = '\n';
	o->buf[o->len] = '\0';
}

#endif
