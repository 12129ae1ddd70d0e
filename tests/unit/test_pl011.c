// SPDX-License-Identifier: MIT
/* drivers/serial/pl011.c against a fake register file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_io.h"
#include "../../drivers/serial/pl011.c"

#define BASE 0x9000000UL

static int busy_reads;	/* FR reads that still report a full TX FIFO */
static uint32_t rx_fr;	/* FR value seen on the receive side */

static int64_t model(uintptr_t addr)
{
	if (addr == BASE + UARTFR) {
		if (busy_reads > 0) {
			busy_reads--;
			return FR_TXFF | FR_BUSY | rx_fr;
		}
		return rx_fr;
	}
	return -1;
}

static struct console *const con_ptr = &pl011_console;
#define con (*con_ptr)

static int setup(void **state)
{
	struct device dev = { .node = -1, .base = BASE };

	busy_reads = 0;
	rx_fr = FR_RXFE;
	fake_io_reset(model);
	return __driver_pl011.probe(&dev);
}

static void test_setup_enables_uart(void **state)
{
	assert_int_equal(fake_io_writes(BASE + UARTIMSC, 0), 1);
	assert_int_equal(fake_io_writes(BASE + UARTCR,
					CR_UARTEN | CR_TXE | CR_RXE), 1);
	assert_int_equal(con.base, BASE);
	assert_string_equal(__driver_pl011.name, "pl011");
	assert_string_equal(__driver_pl011.compatible[0], "arm,pl011");
}

static void test_putc_waits_for_fifo(void **state)
{
	size_t start = fake_io_count();
	const struct fake_access *a;

	busy_reads = 3;
	con.putc(&con, 'V');
	/* three busy polls, one free poll, then the data write */
	assert_int_equal(fake_io_count() - start, 5);
	for (size_t i = 0; i < 4; i++) {
		a = fake_io_log(start + i);
		assert_int_equal(a->op, FAKE_READ);
		assert_int_equal(a->addr, BASE + UARTFR);
	}
	a = fake_io_log(start + 4);
	assert_int_equal(a->op, FAKE_WRITE);
	assert_int_equal(a->addr, BASE + UARTDR);
	assert_int_equal(a->val, 'V');
}

static void test_getc(void **state)
{
	assert_int_equal(con.getc(&con), -1);
	assert_int_equal(fake_io_writes(BASE + UARTDR, 0), 0);
	rx_fr = 0;
	fake_io_set(BASE + UARTDR, 0x100 | 'k');	/* error bits above */
	assert_int_equal(con.getc(&con), 'k');
}

/*
 * Receiving by interrupt, against a model of the PL011's receive side
 * (ARM DDI 0183): RXRIS is raised when the FIFO reaches the UARTIFLS
 * level and cleared by reading it below the level or by UARTICR; RTRIS
 * is raised once characters have waited (the test says when) and cleared
 * by reading the FIFO empty or by UARTICR. The line is RIS & IMSC.
 */
#define UARTICR 0x44	/* the driver never writes it */

static char fifo[16];
static int fifo_len;
static bool rx_ris, rt_ris;
static size_t icr_clears;	/* UARTICR writes, seen by the model */

/* The last value the driver wrote to a register (dflt if none). */
static uint32_t last_write_or(uintptr_t addr, uint32_t dflt)
{
	uint32_t val = dflt;

	for (size_t i = 0; i < fake_io_count(); i++)
		if (fake_io_log(i)->op == FAKE_WRITE && fake_io_log(i)->addr == addr)
			val = fake_io_log(i)->val;
	return val;
}

static int rx_level(void)
{
	static const int levels[] = { 2, 4, 8, 12, 14 };	/* of 16 */
	unsigned int sel = last_write_or(BASE + UARTIFLS, 0x12) >> 3 & 7;

	return sel < 5 ? levels[sel] : 16;
}

static uint32_t ris(void)
{
	return (rx_ris ? INT_RX : 0) | (rt_ris ? INT_RT : 0);
}

static bool irq_line(void)
{
	return ris() & last_write_or(BASE + UARTIMSC, 0);
}

static int64_t rx_model(uintptr_t addr)
{
	if (addr == BASE + UARTFR)
		return fifo_len ? 0 : FR_RXFE;
	if (addr == BASE + UARTDR) {
		char c;

		if (!fifo_len)
			return 0;
		c = fifo[0];
		memmove(fifo, fifo + 1, (size_t)--fifo_len);
		if (fifo_len < rx_level())
			rx_ris = false;
		if (!fifo_len)
			rt_ris = false;
		return (uint8_t)c;
	}
	return -1;
}

static void receive(const char *s)
{
	while (*s && fifo_len < 16) {
		fifo[fifo_len++] = *s++;
		if (fifo_len == rx_level())
			rx_ris = true;
	}
}

/* The ICR clears RT as the device does; only the driver writes it. */
static void apply_icr(size_t from)
{
	for (size_t i = from; i < fake_io_count(); i++)
		if (fake_io_log(i)->op == FAKE_WRITE &&
		    fake_io_log(i)->addr == BASE + UARTICR) {
			if (fake_io_log(i)->val & INT_RX)
				rx_ris = false;
			if (fake_io_log(i)->val & INT_RT)
				rt_ris = false;
			icr_clears++;
		}
}

static int setup_rx(void **state)
{
	struct device dev = { .node = -1, .base = BASE };

	fifo_len = 0;
	rx_ris = rt_ris = false;
	icr_clears = 0;
	fake_io_reset(rx_model);
	return __driver_pl011.probe(&dev);
}

/* What the HAL's handler does: read until nothing is left. */
static int drain(char *buf, int max)
{
	int n = 0, c;

	while ((c = con.getc(&con)) >= 0 && n < max)
		buf[n++] = (char)c;
	return n;
}

static void test_rx_irq_enable(void **state)
{
	assert_non_null(con.rx_irq_enable);
	assert_int_equal(last_write_or(BASE + UARTIMSC, 0), 0);	/* off after probe */
	con.rx_irq_enable(&con);
	/* receive and receive-timeout only: no TX, error or modem ones */
	assert_int_equal(last_write_or(BASE + UARTIMSC, 0), INT_RX | INT_RT);
	/* the lowest RX level, 1/8 */
	assert_int_equal(last_write_or(BASE + UARTIFLS, 0x12) >> 3 & 7, 0);
	assert_int_equal(rx_level(), 2);
	assert_false(irq_line());
	/* the UART itself stays as probe left it */
	assert_int_equal(fake_io_writes(BASE + UARTCR, CR_UARTEN | CR_TXE | CR_RXE), 1);
}

/* Characters typed before input went to interrupts are not lost: the
 * raised RX is not cleared by UARTICR (it would not come again until
 * more arrive, and with the FIFO full none can). */
static void test_rx_irq_enable_keeps_waiting_input(void **state)
{
	size_t from = fake_io_count();
	char buf[16];

	receive("0123456789abcdef");	/* full: nothing more can come */
	assert_true(rx_ris);
	assert_false(irq_line());	/* masked so far */
	con.rx_irq_enable(&con);
	apply_icr(from);
	assert_int_equal(icr_clears, 0);
	assert_true(irq_line());
	assert_int_equal(drain(buf, sizeof(buf)), 16);
	assert_memory_equal(buf, "0123456789abcdef", 16);
	assert_false(irq_line());
}

static void test_rx_irq_burst(void **state)
{
	char buf[16];

	con.rx_irq_enable(&con);
	receive("a");
	assert_false(irq_line());	/* below the level, not waited yet */
	receive("bc");
	assert_true(irq_line());	/* RX: at the level */
	assert_int_equal(drain(buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "abc", 3);
	/* reading to empty ended it, with no UARTICR write needed */
	assert_false(irq_line());
	assert_int_equal(fifo_len, 0);
}

static void test_rx_irq_single_char_timeout(void **state)
{
	size_t from;
	char buf[16];

	con.rx_irq_enable(&con);
	from = fake_io_count();
	receive("x");
	assert_false(irq_line());
	rt_ris = true;	/* 32 bit periods with nothing more */
	assert_true(irq_line());
	assert_int_equal(drain(buf, sizeof(buf)), 1);
	assert_int_equal(buf[0], 'x');
	assert_false(irq_line());
	/* getc never writes UARTICR (that could drop a new character's
	 * interrupt): the FIFO read ended it */
	apply_icr(from);
	assert_int_equal(icr_clears, 0);
}

static void test_rx_irq_full_fifo(void **state)
{
	char buf[32];

	con.rx_irq_enable(&con);
	receive("0123456789abcdefXYZ");	/* three lost: the FIFO holds 16 */
	assert_true(irq_line());
	assert_int_equal(drain(buf, sizeof(buf)), 16);
	assert_memory_equal(buf, "0123456789abcdef", 16);
	assert_false(irq_line());
	assert_int_equal(con.getc(&con), -1);
}

static void test_flush_waits_until_sent(void **state)
{
	busy_reads = 4;
	con.flush(&con);
	assert_int_equal(busy_reads, 0);	/* polled until BUSY cleared */
	assert_int_equal(fake_io_writes(BASE + UARTDR, 'V'), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_setup_enables_uart, setup),
		cmocka_unit_test_setup(test_putc_waits_for_fifo, setup),
		cmocka_unit_test_setup(test_flush_waits_until_sent, setup),
		cmocka_unit_test_setup(test_getc, setup),
		cmocka_unit_test_setup(test_rx_irq_enable, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_enable_keeps_waiting_input, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_burst, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_single_char_timeout, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_full_fifo, setup_rx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
