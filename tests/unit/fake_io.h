/* SPDX-License-Identifier: MIT */
/*
 * A fake register file for driver tests. Drivers built with VIREO_FAKE_IO
 * call readb/readl/writeb/writel/inb/outb/outw/inl; these land here
 * (ports and MMIO share one address space here: port marks which). Every access
 * is logged in order; reads return the last value written to the address
 * unless a test installs a read hook that models the device.
 */
#ifndef FAKE_IO_H
#define FAKE_IO_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

enum fake_op { FAKE_READ, FAKE_WRITE };

struct fake_access {
	enum fake_op op;
	uintptr_t addr;
	uint32_t val;
	unsigned width;	/* 1, 2 or 4 bytes */
	bool port;	/* x86 port I/O (in/out), not MMIO */
};

#define FAKE_LOG_MAX 4096

/* Return a value for a read of addr, or -1 to use the stored value. */
typedef int64_t (*fake_read_hook)(uintptr_t addr);

void fake_io_reset(fake_read_hook hook);
void fake_io_set(uintptr_t addr, uint32_t val);
size_t fake_io_count(void);
const struct fake_access *fake_io_log(size_t i);
/* Number of writes of val to addr in the log. */
size_t fake_io_writes(uintptr_t addr, uint32_t val);

#endif
