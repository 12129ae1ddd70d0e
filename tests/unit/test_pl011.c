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

/*
 * The register map and bits from the PL011 TRM (ARM DDI 0183G, 3.2 and
 * 3.3.3), not from the driver: a wrong offset there fails here.
 */
#define REG_DR 0x000
#define REG_RSR 0x004
#define REG_FR 0x018
#define REG_IBRD 0x024
#define REG_FBRD 0x028
#define REG_LCR_H 0x02c
#define REG_CR 0x030
#define REG_IFLS 0x034
#define REG_IMSC 0x038
#define REG_RIS 0x03c
#define REG_MIS 0x040
#define REG_ICR 0x044
#define FR_BUSY_BIT (1u << 3)
#define FR_RXFE_BIT (1u << 4)
#define FR_TXFF_BIT (1u << 5)
#define FR_RXFF_BIT (1u << 6)
#define FR_TXFE_BIT (1u << 7)
#define LCRH_FEN_BIT (1u << 4)
#define LCRH_WLEN_8 (3u << 5)
#define CR_UARTEN_BIT (1u << 0)
#define CR_TXE_BIT (1u << 8)
#define CR_RXE_BIT (1u << 9)
#define IMSC_RXIM (1u << 4)
#define IMSC_RTIM (1u << 6)

/*
 * The transmit side in time: every FR read is one tick. A character
 * written to DR waits in the FIFO (16 deep with LCR_H.FEN, else 1), then
 * takes SHIFT_TICKS in the shift register. TXFF: FIFO full; TXFE: FIFO
 * empty - already true while the last character is still shifted out;
 * BUSY: FIFO not empty or the shift register still sending. A write to
 * a full FIFO is lost, as on the device.
 */
#define SHIFT_TICKS 5

static int tx_queued;		/* characters in the TX FIFO */
static int tx_shift_left;	/* ticks until the shifted character is out */
static char tx_line[64];	/* characters fully sent, in order */
static int tx_sent, tx_lost;
static char tx_fifo[16];
static size_t tx_seen;		/* log entries the model has applied */
static uint32_t rx_fr;		/* FR bits seen on the receive side */

/* The last value the driver wrote to a register (dflt if none). */
static uint32_t last_write_or(uintptr_t addr, uint32_t dflt)
{
	uint32_t val = dflt;

	for (size_t i = 0; i < fake_io_count(); i++)
		if (fake_io_log(i)->op == FAKE_WRITE && fake_io_log(i)->addr == addr)
			val = fake_io_log(i)->val;
	return val;
}

static int tx_depth(void)
{
	return last_write_or(BASE + REG_LCR_H, 0) & LCRH_FEN_BIT ? 16 : 1;
}

/* DR writes since the last look go into the FIFO (or are lost). */
static void tx_apply_writes(void)
{
	for (; tx_seen < fake_io_count(); tx_seen++) {
		const struct fake_access *a = fake_io_log(tx_seen);

		if (a->op != FAKE_WRITE || a->addr != BASE + REG_DR)
			continue;
		if (tx_queued == tx_depth())
			tx_lost++;
		else
			tx_fifo[tx_queued++] = (char)a->val;
	}
}

static void tx_tick(void)
{
	if (tx_shift_left && !--tx_shift_left)
		tx_sent++;
	if (!tx_shift_left && tx_queued) {
		assert_in_range(tx_sent, 0, sizeof(tx_line) - 1);
		tx_line[tx_sent] = tx_fifo[0];
		memmove(tx_fifo, tx_fifo + 1, (size_t)--tx_queued);
		tx_shift_left = SHIFT_TICKS;
	}
}

static uint32_t tx_fr(void)
{
	return (tx_queued == tx_depth() ? FR_TXFF_BIT : 0) |
	       (tx_queued == 0 ? FR_TXFE_BIT : 0) |
	       (tx_queued || tx_shift_left ? FR_BUSY_BIT : 0);
}

static int64_t model(uintptr_t addr)
{
	if (addr == BASE + REG_FR) {
		tx_apply_writes();
		tx_tick();
		return tx_fr() | rx_fr;
	}
	return -1;
}

static struct console *const con_ptr = &pl011_console;
#define con (*con_ptr)

static int setup(void **state)
{
	struct device dev = { .node = -1, .base = BASE };

	tx_queued = tx_shift_left = tx_sent = tx_lost = 0;
	tx_seen = 0;
	memset(tx_line, 0, sizeof(tx_line));
	rx_fr = FR_RXFE_BIT;
	fake_io_reset(model);
	return __driver_pl011.probe(&dev);
}

static void test_setup_enables_uart(void **state)
{
	assert_int_equal(fake_io_writes(BASE + REG_IMSC, 0), 1);
	/* FIFOs on, 8 data bits (LCR_H written before CR enables the UART) */
	assert_int_equal(last_write_or(BASE + REG_LCR_H, 0) & (LCRH_FEN_BIT | LCRH_WLEN_8),
			 LCRH_FEN_BIT | LCRH_WLEN_8);
	assert_int_equal(fake_io_writes(BASE + REG_CR,
					CR_UARTEN_BIT | CR_TXE_BIT | CR_RXE_BIT), 1);
	/* the baud rate is the firmware's: the divisors are not touched */
	assert_int_equal(last_write_or(BASE + REG_IBRD, 0xdead), 0xdead);
	assert_int_equal(last_write_or(BASE + REG_FBRD, 0xdead), 0xdead);
	assert_int_equal(con.base, BASE);
	assert_string_equal(__driver_pl011.name, "pl011");
	assert_string_equal(__driver_pl011.compatible[0], "arm,pl011");
}

static void put_string(const char *s)
{
	while (*s)
		con.putc(&con, *s++);
}

/* More than a FIFO's worth in a row: putc waits for room, none is lost. */
static void test_putc_waits_for_fifo(void **state)
{
	static const char text[] = "Vireo: forty characters, more than 16!!";

	put_string(text);
	con.flush(&con);
	assert_int_equal(tx_lost, 0);
	assert_int_equal(tx_sent, sizeof(text) - 1);
	assert_memory_equal(tx_line, text, sizeof(text) - 1);
}

/* putc polls FR (not another register) and writes only DR. */
static void test_putc_polls_fr_writes_dr(void **state)
{
	size_t start = fake_io_count();

	put_string("0123456789abcdefXY");	/* the FIFO fills: putc must poll */
	for (size_t i = start; i < fake_io_count(); i++) {
		const struct fake_access *a = fake_io_log(i);

		assert_int_equal(a->addr, BASE + (a->op == FAKE_READ ? REG_FR : REG_DR));
	}
	assert_int_equal(tx_lost, 0);
}

/*
 * flush returns only when the last character has left the shift
 * register (BUSY clear): TXFE or !TXFF come earlier, while it is still
 * going out, and the end of the line would be lost at power-off.
 */
static void test_flush_waits_until_sent(void **state)
{
	put_string("bye\n");
	con.flush(&con);
	assert_int_equal(tx_sent, 4);
	assert_int_equal(tx_shift_left, 0);
	assert_int_equal(tx_fr() & FR_BUSY_BIT, 0);
	assert_memory_equal(tx_line, "bye\n", 4);
}

/* flush with nothing written returns without writing anything. */
static void test_flush_idle(void **state)
{
	size_t start = fake_io_count();

	con.flush(&con);
	for (size_t i = start; i < fake_io_count(); i++)
		assert_int_equal(fake_io_log(i)->op, FAKE_READ);
	assert_int_equal(tx_sent, 0);
}

static void test_getc(void **state)
{
	assert_int_equal(con.getc(&con), -1);
	assert_int_equal(fake_io_writes(BASE + REG_DR, 0), 0);
	rx_fr = 0;
	fake_io_set(BASE + REG_DR, 0x100 | 'k');	/* error bits above */
	assert_int_equal(con.getc(&con), 'k');
}

/*
 * Receiving by interrupt, against a model of the PL011's receive side
 * (ARM DDI 0183): RXRIS is raised when the FIFO reaches the UARTIFLS
 * level and cleared by reading it below the level or by UARTICR; RTRIS
 * is raised once characters have waited (the test says when) and cleared
 * by reading the FIFO empty or by UARTICR. The line is RIS & IMSC.
 */

static char fifo[16];
static int fifo_len;
static bool rx_ris, rt_ris;
static size_t icr_clears;	/* UARTICR writes, seen by the model */

static int rx_level(void)
{
	static const int levels[] = { 2, 4, 8, 12, 14 };	/* of 16 */
	unsigned int sel = last_write_or(BASE + REG_IFLS, 0x12) >> 3 & 7;

	return sel < 5 ? levels[sel] : 16;
}

static uint32_t ris(void)
{
	return (rx_ris ? IMSC_RXIM : 0) | (rt_ris ? IMSC_RTIM : 0);
}

static bool irq_line(void)
{
	return ris() & last_write_or(BASE + REG_IMSC, 0);
}

static int64_t rx_model(uintptr_t addr)
{
	if (addr == BASE + REG_FR)
		return (fifo_len ? 0 : FR_RXFE_BIT) | (fifo_len == 16 ? FR_RXFF_BIT : 0);
	if (addr == BASE + REG_DR) {
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
		    fake_io_log(i)->addr == BASE + REG_ICR) {
			if (fake_io_log(i)->val & IMSC_RXIM)
				rx_ris = false;
			if (fake_io_log(i)->val & IMSC_RTIM)
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
	assert_int_equal(last_write_or(BASE + REG_IMSC, 0), 0);	/* off after probe */
	con.rx_irq_enable(&con);
	/* receive and receive-timeout only: no TX, error or modem ones */
	assert_int_equal(last_write_or(BASE + REG_IMSC, 0), IMSC_RXIM | IMSC_RTIM);
	/* the lowest RX level, 1/8 */
	assert_int_equal(last_write_or(BASE + REG_IFLS, 0x12) >> 3 & 7, 0);
	assert_int_equal(rx_level(), 2);
	assert_false(irq_line());
	/* the UART itself stays as probe left it */
	assert_int_equal(fake_io_writes(BASE + REG_CR, CR_UARTEN_BIT | CR_TXE_BIT | CR_RXE_BIT), 1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_setup_enables_uart, setup),
		cmocka_unit_test_setup(test_putc_waits_for_fifo, setup),
		cmocka_unit_test_setup(test_putc_polls_fr_writes_dr, setup),
		cmocka_unit_test_setup(test_flush_waits_until_sent, setup),
		cmocka_unit_test_setup(test_flush_idle, setup),
		cmocka_unit_test_setup(test_getc, setup),
		cmocka_unit_test_setup(test_rx_irq_enable, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_enable_keeps_waiting_input, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_burst, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_single_char_timeout, setup_rx),
		cmocka_unit_test_setup(test_rx_irq_full_fifo, setup_rx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
