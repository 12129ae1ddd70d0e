/* SPDX-License-Identifier: MIT */
/* The freestanding C string functions Vireo uses (lib/string.c). */
#ifndef VIREO_STRING_H
#define VIREO_STRING_H

#include <vireo/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* strtoul with base 0 (0x.., 0.., decimal) or 2..16; *end past the digits.
 * No sign; an out-of-range value gives ULONG_MAX as in C. */
unsigned long strtoul(const char *s, char **end, int base);

#endif
