// SPDX-License-Identifier: MIT
/*
 * drivers/serial/ns16550.c against a fake register file, built twice:
 * memory mapped (ns16550) and with CONFIG_UART_16550_IO (ns16550-io).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_io.h"
#include "../../drivers/serial/ns16550.c"

#ifdef CONFIG_UART_16550_IO
#define BASE 0x3f8UL
#define NAME "ns16550-io"
#else
#define BASE 0x10000000UL
#define NAME "ns16550"
#endif

static int busy_reads;
static uint32_t lsr_rx;

static int64_t model(uintptr_t addr)
{
	if (addr == BASE + UART_LSR) {
		if (busy_reads > 0) {
			busy_reads--;
			return lsr_rx;
		}
		return LSR_THR_EMPTY | LSR_TX_EMPTY | lsr_rx;
	}
	return -1;
}

static struct console *const con_ptr = &uart_console;
#define con (*con_ptr)

static int setup(void **state)
{
	struct device dev = { .node = -1, .base = BASE };

	busy_reads = 0;
	lsr_rx = 0;
	fake_io_reset(model);
	return __driver_ns16550.probe(&dev);
}

static void test_setup(void **state)
{
	assert_string_equal(__driver_ns16550.name, NAME);
	/* interrupts off first (IER shares its offset with DLM) */
	assert_int_equal(fake_io_log(0)->op, FAKE_WRITE);
	assert_int_equal(fake_io_log(0)->addr, BASE + UART_IER);
	assert_int_equal(fake_io_log(0)->val, 0);
	assert_int_equal(fake_io_writes(BASE + UART_LCR, LCR_8N1), 1);
#ifdef CONFIG_UART_16550_IO
	/* the PC port is programmed for 115200: DLAB, divisor 1 */
	assert_int_equal(fake_io_writes(BASE + UART_LCR, LCR_DLAB), 1);
	assert_int_equal(fake_io_writes(BASE + UART_DLL, 1), 1);
#else
	/* the firmware's baud rate is kept */
	assert_int_equal(fake_io_writes(BASE + UART_LCR, LCR_DLAB), 0);
#endif
	for (size_t i = 0; i < fake_io_count(); i++)
		assert_int_equal(fake_io_log(i)->width, 1);
}

static void test_putc_polls_lsr(void **state)
{
	size_t start = fake_io_count();

	busy_reads = 2;
	con.putc(&con, 'x');
	assert_int_equal(fake_io_count() - start, 4);
	assert_int_equal(fake_io_log(start + 2)->addr, BASE + UART_LSR);
	assert_int_equal(fake_io_log(start + 3)->op, FAKE_WRITE);
	assert_int_equal(fake_io_log(start + 3)->addr, BASE + UART_THR);
	assert_int_equal(fake_io_log(start + 3)->val, 'x');
}

static void test_getc(void **state)
{
	assert_int_equal(con.getc(&con), -1);
	lsr_rx = LSR_DATA_READY;
	fake_io_set(BASE + UART_RBR, 'q');
	assert_int_equal(con.getc(&con), 'q');
}

/* The last value written to addr (0 if none). */
static uint32_t last_write(uintptr_t addr)
{
	for (size_t i = fake_io_count(); i--;)
		if (fake_io_log(i)->op == FAKE_WRITE && fake_io_log(i)->addr == addr)
			return fake_io_log(i)->val;
	return 0;
}

static void test_rx_irq_enable(void **state)
{
	size_t start = fake_io_count();

	/* probe leaves interrupts off */
	assert_int_equal(last_write(BASE + UART_IER), 0);
	con.rx_irq_enable(&con);
	/* one write: IER = received-data interrupt only (not THRE, not
	 * line or modem status) */
	assert_int_equal(fake_io_count() - start, 1);
	assert_int_equal(fake_io_log(start)->op, FAKE_WRITE);
	assert_int_equal(fake_io_log(start)->addr, BASE + UART_IER);
	assert_int_equal(fake_io_log(start)->val, 0x01);
	assert_int_equal(fake_io_log(start)->width, 1);
	/* OUT2 (MCR bit 3) connects the PC port's interrupt line: still set */
	assert_int_equal(last_write(BASE + UART_MCR) & 0x08, 0x08);
	/* DLAB is off, so IER really is IER and not the divisor's high byte */
	assert_int_equal(last_write(BASE + UART_LCR) & LCR_DLAB, 0);

	/* the interrupt ends when getc has drained the data */
	lsr_rx = LSR_DATA_READY;
	fake_io_set(BASE + UART_RBR, 'z');
	assert_int_equal(con.getc(&con), 'z');
	lsr_rx = 0;
	assert_int_equal(con.getc(&con), -1);
}

#ifndef CONFIG_UART_16550_IO
/* With the DT's reg-shift, IER is register 1 at 1 << shift. */
static void test_rx_irq_enable_reg_shift(void **state)
{
	size_t start = fake_io_count();

	con.reg_shift = 2;
	con.rx_irq_enable(&con);
	con.reg_shift = 0;
	assert_int_equal(fake_io_count() - start, 1);
	assert_int_equal(fake_io_log(start)->addr, BASE + 4);
	assert_int_equal(fake_io_log(start)->val, 0x01);
}
#endif

static void test_flush_waits_until_sent(void **state)
{
	busy_reads = 5;
	con.flush(&con);
	assert_int_equal(busy_reads, 0);	/* polled until TEMT */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_setup, setup),
		cmocka_unit_test_setup(test_flush_waits_until_sent, setup),
		cmocka_unit_test_setup(test_putc_polls_lsr, setup),
		cmocka_unit_test_setup(test_getc, setup),
		cmocka_unit_test_setup(test_rx_irq_enable, setup),
#ifndef CONFIG_UART_16550_IO
		cmocka_unit_test_setup(test_rx_irq_enable_reg_shift, setup),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
