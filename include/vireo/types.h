/* SPDX-License-Identifier: MIT */
/* Fixed-width types and the few macros every file needs. */
#ifndef VIREO_TYPES_H
#define VIREO_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;

#define __noreturn __attribute__((noreturn))
#ifndef __always_inline	/* glibc has one (host tests) */
#define __always_inline inline __attribute__((always_inline))
#endif
#define __section(s) __attribute__((section(s)))
#define __used __attribute__((used))
#define __aligned(n) __attribute__((aligned(n)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __unused __attribute__((unused))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* a: a power of two */
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
/* The structure of type that holds *ptr as its member. */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define BIT(n) (1UL << (n))

/* IS_ENABLED(CONFIG_FOO): 1 if the bool symbol is y, else 0 (usable in if). */
#define __IS_ENABLED_ARG_1 0,
#define __is_enabled_take_second(ignored, val, ...) val
#define __is_enabled_expand(arg) __is_enabled_take_second(arg 1, 0, 0)
#define __is_enabled_paste(val) __is_enabled_expand(__IS_ENABLED_ARG_##val)
#define IS_ENABLED(option) __is_enabled_paste(option)

#endif
