/* SPDX-License-Identifier: MIT */
/* x86 port I/O for drivers of legacy PC devices (16550, isa-debug-exit). */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint8_t val, uint16_t port)
{
	__asm__ volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

#endif
