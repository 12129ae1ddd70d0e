/* SPDX-License-Identifier: MIT */
/* System register access for aarch64. */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <stdint.h>

#define read_sysreg(reg)                                                    \
	({                                                                  \
		uint64_t __v;                                               \
		__asm__ volatile("mrs %0, " #reg : "=r"(__v));              \
		__v;                                                        \
	})

/* The exception level the CPU runs at now (0..3). */
static inline unsigned current_el(void)
{
	return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3;
}

#endif
