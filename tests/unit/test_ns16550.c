// SPDX-License-Identifier: MIT
/*
 * drivers/serial/ns16550.c against a model of the UART, memory mapped
 * (byte registers, and the DT's reg-shift = <2>, reg-io-width = <4>) and
 * on x86 I/O ports. The register map and bits are the 16550 data sheet's
 * (TI PC16550D), not the driver's macros. The model's transmitter has a
 * holding register and a shift register: THR empty (LSR bit 5) comes back
 * when a character moves on to the shift register, transmitter empty
 * (LSR bit 6) only once that has sent it, CHAR_READS LSR reads later.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_io.h"
#include "../../drivers/serial/ns16550.c"
#include <libfdt.h>

/* Register numbers; the byte offset is number << reg-shift. */
#define REG_RBR_THR_DLL 0
#define REG_IER_DLM 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define SHEET_LSR_DR 0x01
#define SHEET_LSR_THRE 0x20
#define SHEET_LSR_TEMT 0x40
#define SHEET_LCR_DLAB 0x80
#define SHEET_LCR_8N1 0x03	/* 8 data bits, no parity, 1 stop bit */
#define SHEET_IER_ERBFI 0x01
#define SHEET_MCR_DTR_RTS_OUT2 0x0b
#define SHEET_FCR_ENABLE_RESET 0x07

#define CHAR_READS 4	/* LSR reads while a character shifts out */

static struct {
	uintptr_t base;
	unsigned int shift, width;
	bool port;
	bool dlab;
	int holding, shifting, shift_left;	/* -1: empty */
	char wire[64];		/* what has left the UART */
	size_t nwire;
	int overruns;		/* THR written while full: a character lost */
	uint8_t divisor_lo, divisor_hi;
	bool divisor_set;
	uint8_t rx_lsr;
	size_t seen;		/* log entries taken into the model */
} m;

static void take_writes(void)
{
	for (; m.seen < fake_io_count(); m.seen++) {
		const struct fake_access *a = fake_io_log(m.seen);
		unsigned int reg = (unsigned int)((a->addr - m.base) >> m.shift);

		if (a->op != FAKE_WRITE)
			continue;
		if (reg == REG_LCR)
			m.dlab = a->val & SHEET_LCR_DLAB;
		else if (reg == REG_RBR_THR_DLL && m.dlab)
			m.divisor_lo = (uint8_t)a->val, m.divisor_set = true;
		else if (reg == REG_IER_DLM && m.dlab)
			m.divisor_hi = (uint8_t)a->val;
		else if (reg == REG_RBR_THR_DLL && m.holding >= 0)
			m.overruns++;
		else if (reg == REG_RBR_THR_DLL)
			m.holding = (uint8_t)a->val;
	}
}

/* One LSR read's worth of time on the line. */
static void tick(void)
{
	if (m.shifting >= 0 && --m.shift_left == 0) {
		m.wire[m.nwire++] = (char)m.shifting;
		m.shifting = -1;
	}
	if (m.shifting < 0 && m.holding >= 0) {
		m.shifting = m.holding;
		m.holding = -1;
		m.shift_left = CHAR_READS;
	}
}

static int64_t model(uintptr_t addr)
{
	take_writes();
	if (addr != m.base + (REG_LSR << m.shift))
		return -1;
	tick();
	return m.rx_lsr | (m.holding < 0 ? SHEET_LSR_THRE : 0) |
	       (m.holding < 0 && m.shifting < 0 ? SHEET_LSR_TEMT : 0);
}

static uintptr_t reg_addr(unsigned int reg)
{
	return m.base + (reg << m.shift);
}

/* Every access so far: at a register, of the bus width, in the right space. */
static void assert_accesses_fit(void)
{
	for (size_t i = 0; i < fake_io_count(); i++) {
		const struct fake_access *a = fake_io_log(i);
		uintptr_t off = a->addr - m.base;

		assert_true(a->addr >= m.base && off <= (7u << m.shift));
		assert_int_equal(off & ((1u << m.shift) - 1), 0);
		assert_int_equal(a->width, m.width);
		assert_int_equal(a->port, m.port);
	}
}

static void *load_dtb(const char *name)
{
	char path[512];
	static char buf[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.dtb", getenv("DTB_DIR"), name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_true(fread(buf, 1, sizeof(buf), f) > 0);
	fclose(f);
	return buf;
}

static int probe_as(enum device_space space, uintptr_t base, const void *fdt)
{
	struct device dev = { .fdt = fdt, .node = -1, .space = space, .base = base };

	memset(&m, 0, sizeof(m));
	m.base = base;
	m.holding = m.shifting = -1;
	m.port = space == DEVICE_IOPORT;
	m.width = 1;
	if (fdt) {
		dev.node = fdt_path_offset(fdt, "/serial@10000000");
		m.shift = 2;
		m.width = 4;
	}
	fake_io_reset(model);
	return __driver_ns16550.probe(&dev);
}

static int setup_mmio(void **state)
{
	return probe_as(DEVICE_MMIO, 0x10000000, NULL);
}

static int setup_port(void **state)
{
	return probe_as(DEVICE_IOPORT, 0x3f8, NULL);
}

static int setup_dt_shift(void **state)
{
	return probe_as(DEVICE_MMIO, 0x10000000, load_dtb("uart"));
}

static struct console *const con_ptr = &uart_console;
#define con (*con_ptr)

static void test_setup(void **state)
{
	assert_string_equal(__driver_ns16550.name, "ns16550");
	take_writes();
	/* interrupts off first (IER shares its offset with DLM) */
	assert_int_equal(fake_io_log(0)->op, FAKE_WRITE);
	assert_int_equal(fake_io_log(0)->addr, reg_addr(REG_IER_DLM));
	assert_int_equal(fake_io_log(0)->val, 0);
	assert_false(m.dlab);
	assert_int_equal(fake_io_writes(reg_addr(REG_LCR), SHEET_LCR_8N1), 1);
	assert_int_equal(fake_io_writes(reg_addr(REG_FCR), SHEET_FCR_ENABLE_RESET), 1);
	assert_int_equal(fake_io_writes(reg_addr(REG_MCR), SHEET_MCR_DTR_RTS_OUT2), 1);
	if (m.port) {
		/* the PC port at 115200 from 1.8432 MHz: divisor 1 */
		assert_true(m.divisor_set);
		assert_int_equal(m.divisor_lo | m.divisor_hi << 8, 1843200 / (16 * 115200));
	} else {
		assert_false(m.divisor_set);	/* the firmware's baud rate kept */
	}
	assert_accesses_fit();
}

static void test_putc_loses_nothing(void **state)
{
	const char *s = "hello, world";

	for (const char *p = s; *p; p++)
		con.putc(&con, *p);
	con.flush(&con);
	assert_int_equal(m.overruns, 0);
	assert_int_equal(m.nwire, strlen(s));
	assert_memory_equal(m.wire, s, strlen(s));
	assert_accesses_fit();
}

/* THR empty is not the end: the last character is still shifting out. */
static void test_flush_waits_for_the_shift_register(void **state)
{
	con.putc(&con, 'o');
	con.putc(&con, 'k');
	con.flush(&con);
	assert_int_equal(m.holding, -1);
	assert_int_equal(m.shifting, -1);
	assert_int_equal(m.nwire, 2);
	assert_memory_equal(m.wire, "ok", 2);
	assert_accesses_fit();
}

static void test_getc(void **state)
{
	assert_int_equal(con.getc(&con), -1);
	m.rx_lsr = SHEET_LSR_DR;
	fake_io_set(reg_addr(REG_RBR_THR_DLL), 'q');
	assert_int_equal(con.getc(&con), 'q');
	assert_accesses_fit();
}

static void test_rx_irq_enable(void **state)
{
	size_t start = fake_io_count();

	con.rx_irq_enable(&con);
	/* one write: IER = received-data interrupt only (not THRE, not
	 * line or modem status), with DLAB off so IER is not DLM */
	assert_int_equal(fake_io_count() - start, 1);
	assert_int_equal(fake_io_log(start)->op, FAKE_WRITE);
	assert_int_equal(fake_io_log(start)->addr, reg_addr(REG_IER_DLM));
	assert_int_equal(fake_io_log(start)->val, SHEET_IER_ERBFI);
	take_writes();
	assert_false(m.dlab);
	/* the interrupt ends when getc has drained the data */
	m.rx_lsr = SHEET_LSR_DR;
	fake_io_set(reg_addr(REG_RBR_THR_DLL), 'z');
	assert_int_equal(con.getc(&con), 'z');
	m.rx_lsr = 0;
	assert_int_equal(con.getc(&con), -1);
	assert_accesses_fit();
}

/* The DT's reg-shift and reg-io-width, read by probe: LSR at 5 << 2. */
static void test_dt_reg_shift(void **state)
{
	assert_int_equal(m.shift, 2);
	con.putc(&con, 'x');
	assert_true(fake_io_log(fake_io_count() - 2)->addr == 0x10000014);
	assert_int_equal(fake_io_log(fake_io_count() - 1)->addr, 0x10000000);
	assert_int_equal(fake_io_log(fake_io_count() - 1)->width, 4);
	assert_accesses_fit();
}

static void test_refuses_bad_resources(void **state)
{
	/* ports are bytes one apart: no reg-shift on an I/O port */
	assert_int_equal(probe_as(DEVICE_IOPORT, 0x3f8, load_dtb("uart")), -EINVAL);
}

#define EACH_SETUP(t)                                     \
	cmocka_unit_test_setup(t, setup_mmio),            \
	cmocka_unit_test_setup(t, setup_port),            \
	cmocka_unit_test_setup(t, setup_dt_shift)

int main(void)
{
	const struct CMUnitTest tests[] = {
		EACH_SETUP(test_setup),
		EACH_SETUP(test_putc_loses_nothing),
		EACH_SETUP(test_flush_waits_for_the_shift_register),
		EACH_SETUP(test_getc),
		EACH_SETUP(test_rx_irq_enable),
		cmocka_unit_test_setup(test_dt_reg_shift, setup_dt_shift),
		cmocka_unit_test(test_refuses_bad_resources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
