/* SPDX-License-Identifier: MIT */
/*
 * Device register access. Every driver reads and writes registers only
 * through these accessors, so host unit tests can build a driver with
 * VIREO_FAKE_IO and route each access to a fake register file instead.
 */
#ifndef VIREO_IO_H
#define VIREO_IO_H

#include <vireo/types.h>

#ifdef VIREO_FAKE_IO
#define ARCH_HAS_PORT_IO 1	/* the fake models x86 ports too */
uint8_t readb(uintptr_t addr);
uint32_t readl(uintptr_t addr);
void writeb(uint8_t val, uintptr_t addr);
void writel(uint32_t val, uintptr_t addr);
uint8_t inb(uint16_t port);
void outb(uint8_t val, uint16_t port);
void outw(uint16_t val, uint16_t port);
uint32_t inl(uint16_t port);
#else
#include <asm/io.h>

static inline uint8_t readb(uintptr_t addr)
{
	return *(volatile uint8_t *)addr;
}

static inline uint32_t readl(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void writeb(uint8_t val, uintptr_t addr)
{
	*(volatile uint8_t *)addr = val;
}

static inline void writel(uint32_t val, uintptr_t addr)
{
	*(volatile uint32_t *)addr = val;
}
#endif

#endif
