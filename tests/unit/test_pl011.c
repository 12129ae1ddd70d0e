// SPDX-License-Identifier: MIT
/* drivers/serial/pl011.c against a fake register file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
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
			return FR_TXFF | rx_fr;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_setup_enables_uart, setup),
		cmocka_unit_test_setup(test_putc_waits_for_fifo, setup),
		cmocka_unit_test_setup(test_getc, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
