// SPDX-License-Identifier: MIT
#include "fake_io.h"

#include <stdlib.h>
#include <string.h>

#include <vireo/io.h>

#define SLOTS 64

static struct {
	uintptr_t addr;
	uint32_t val;
	int used;
} regs[SLOTS];
static struct fake_access log_buf[FAKE_LOG_MAX];
static size_t log_len;
static fake_read_hook read_hook;

void fake_io_reset(fake_read_hook hook)
{
	memset(regs, 0, sizeof(regs));
	log_len = 0;
	read_hook = hook;
}

static uint32_t *slot(uintptr_t addr)
{
	for (int i = 0; i < SLOTS; i++)
		if (regs[i].used && regs[i].addr == addr)
			return &regs[i].val;
	for (int i = 0; i < SLOTS; i++)
		if (!regs[i].used) {
			regs[i].used = 1;
			regs[i].addr = addr;
			return &regs[i].val;
		}
	abort();
}

void fake_io_set(uintptr_t addr, uint32_t val)
{
	*slot(addr) = val;
}

static void record(enum fake_op op, uintptr_t addr, uint32_t val, unsigned w,
		   bool port)
{
	if (log_len == FAKE_LOG_MAX)
		abort();	/* a driver spinning forever */
	log_buf[log_len++] = (struct fake_access){ op, addr, val, w, port };
}

static uint32_t do_read(uintptr_t addr, unsigned width, bool port)
{
	int64_t v = read_hook ? read_hook(addr) : -1;
	uint32_t val = v >= 0 ? (uint32_t)v : *slot(addr);

	record(FAKE_READ, addr, val, width, port);
	return val;
}

static void do_write(uintptr_t addr, uint32_t val, unsigned width, bool port)
{
	*slot(addr) = val;
	record(FAKE_WRITE, addr, val, width, port);
}

size_t fake_io_count(void)
{
	return log_len;
}

const struct fake_access *fake_io_log(size_t i)
{
	return i < log_len ? &log_buf[i] : NULL;
}

size_t fake_io_writes(uintptr_t addr, uint32_t val)
{
	size_t n = 0;

	for (size_t i = 0; i < log_len; i++)
		n += log_buf[i].op == FAKE_WRITE && log_buf[i].addr == addr &&
		     log_buf[i].val == val;
	return n;
}

uint8_t readb(uintptr_t addr) { return (uint8_t)do_read(addr, 1, false); }
uint32_t readl(uintptr_t addr) { return do_read(addr, 4, false); }
void writeb(uint8_t val, uintptr_t addr) { do_write(addr, val, 1, false); }
void writel(uint32_t val, uintptr_t addr) { do_write(addr, val, 4, false); }
uint8_t inb(uint16_t port) { return (uint8_t)do_read(port, 1, true); }
uint32_t inl(uint16_t port) { return do_read(port, 4, true); }
void outb(uint8_t val, uint16_t port) { do_write(port, val, 1, true); }
void outw(uint16_t val, uint16_t port) { do_write(port, val, 2, true); }
