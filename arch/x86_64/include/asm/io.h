/* SPDX-License-Identifier: MIT */
/* x86 port I/O for drivers of legacy PC devices (16550, isa-debug-exit). */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <stdint.h>

/* x86 has an I/O port space (drivers test this before using in/out). */
#define ARCH_HAS_PORT_IO 1

/* in<sfx>(port) and out<sfx>(val, port) for one access width. */
#define DEFINE_PIO(sfx, type)                                               \
	static inline type in##sfx(uint16_t port)                           \
	{                                                                   \
		type v;                                                     \
		__asm__ volatile("in" #sfx " %1, %0" : "=a"(v) : "Nd"(port)); \
		return v;                                                   \
	}                                                                   \
	static inline void out##sfx(type val, uint16_t port)                \
	{                                                                   \
		__asm__ volatile("out" #sfx " %0, %1" : : "a"(val), "Nd"(port)); \
	}

DEFINE_PIO(b, uint8_t)
DEFINE_PIO(w, uint16_t)
DEFINE_PIO(l, uint32_t)

#endif
