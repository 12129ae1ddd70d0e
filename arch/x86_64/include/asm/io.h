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

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t val, uint16_t port)
{
	__asm__ volatile("outw %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint32_t val, uint16_t port)
{
	__asm__ volatile("outl %0, %1" : : "a"(val), "Nd"(port));
}

#endif
