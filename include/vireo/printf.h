/* SPDX-License-Identifier: MIT */
/*
 * Vireo's printf (lib/printf.c). Supports the C99 conversions a
 * hypervisor needs: %d %i %u %x %X %o %c %s %p %% with flags "-0 +#",
 * width and precision (also "*") and the length modifiers hh h l ll z t j.
 * No floating point. Output always ends in a NUL for snprintf, and the
 * return value is the length the full output would have had (C99).
 */
#ifndef VIREO_PRINTF_H
#define VIREO_PRINTF_H

#include <vireo/types.h>

/* Receives the formatted output one character at a time. */
typedef void (*printf_sink)(char c, void *ctx);

int vcbprintf(printf_sink sink, void *ctx, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
