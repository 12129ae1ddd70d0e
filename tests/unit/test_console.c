// SPDX-License-Identifier: MIT
/*
 * hal/console.c and the early half of hal/driver.c: choosing a device
 * from "<driver>,<address>", linked with the real PL011 and 16550
 * drivers on the fake register file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "fake_io.h"
#include "host_dtb.h"
#include "host_log.h"
#include <hal/console.h>
#include <hal/driver.h>
#include <libfdt.h>
#include <string.h>
#include <vireo/errno.h>

static void test_no_console_before_init(void **state)
{
	fake_io_reset(NULL);
	console_putc('a');
	assert_int_equal(fake_io_count(), 0);
	assert_int_equal(console_getc(), -1);
	assert_string_equal(console_name(), "none");
}

static void test_bad_specs_are_refused(void **state)
{
	static const char *const malformed[] = { "", "pl011", "pl011,",
		"pl011,0x12zz", ",0x9000000", "ns16550,io,", "ns16550,mmio,",
		"ns16550,io,0x10000", "ns16550,port,0x3f8" };
	static const char *const unknown[] = { "bogus,0x1", "pl01,0x9000000",
		"pl0111,0x9000000" };

	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		assert_int_equal(driver_probe_early(DRIVER_CONSOLE, malformed[i]), -EINVAL);
		assert_non_null(strstr(driver_early_strerror(-EINVAL), "malformed"));
	}
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		assert_int_equal(driver_probe_early(DRIVER_CONSOLE, unknown[i]), -ENOENT);
	/* a console driver is not a power-off driver */
	assert_int_equal(driver_probe_early(DRIVER_POWEROFF, "pl011,0x9000000"), -ENOENT);
	/* the PL011 has no I/O-port form: its driver refuses */
	assert_int_equal(driver_probe_early(DRIVER_CONSOLE, "pl011,io,0x3f8"), -EINVAL);
	assert_string_equal(console_name(), "none");
}

static void test_pl011_selected_with_crlf(void **state)
{
	fake_io_reset(NULL);
	assert_int_equal(driver_probe_early(DRIVER_CONSOLE, "pl011,0x9000000"), 0);
	assert_string_equal(console_name(), "pl011");
	fake_io_reset(NULL);
	console_putc('\n');
	/* FR poll, '\r', FR poll, '\n' */
	assert_int_equal(fake_io_count(), 4);
	assert_int_equal(fake_io_log(1)->addr, 0x9000000);
	assert_int_equal(fake_io_log(1)->val, '\r');
	assert_int_equal(fake_io_log(3)->val, '\n');
}

static int64_t thr_empty(uintptr_t addr)
{
	return addr == 0x10000005 ? 0x20 : -1;
}

static void test_ns16550_selected_decimal_address(void **state)
{
	fake_io_reset(thr_empty);
	assert_int_equal(driver_probe_early(DRIVER_CONSOLE, "ns16550,268435456"), 0);
	assert_string_equal(console_name(), "ns16550");
	fake_io_reset(thr_empty);
	console_putc('z');
	assert_int_equal(fake_io_writes(0x10000000, 'z'), 1);
}

/* Without a console node, the warning says why: no stdout-path, or one
 * that names no node. */
static void test_missing_stdout_node_is_named(void **state)
{
	void *fdt = dtb_load("stdout-missing", NULL);

	log_capture_reset();
	driver_probe_dt(fdt);
	assert_non_null(strstr(log_text(), "dt: /chosen/stdout-path "
			       "\"/soc/serial@20000000:115200n8\" names no node; "
			       "keeping the early console\n"));
	assert_null(strstr(log_text(), "no /chosen/stdout-path"));
	free(fdt);
	fdt = dtb_load("no-memory", NULL);
	log_capture_reset();
	driver_probe_dt(fdt);
	assert_non_null(strstr(log_text(),
			       "dt: no /chosen/stdout-path; keeping the early console\n"));
	free(fdt);
}

/* The device a driver runs is the hypervisor's (driver_bound()): the
 * UART stdout-path names, not the other one, and in its own tree only. */
static void test_bound_devices_are_known(void **state)
{
	void *fdt = dtb_load("stdout-bound", NULL), *other;

	fake_io_reset(NULL);
	driver_probe_dt(fdt);
	assert_true(driver_bound(fdt, fdt_path_offset(fdt, "/soc/serial@10000000")));
	assert_false(driver_bound(fdt, fdt_path_offset(fdt, "/soc/serial@20000000")));
	assert_false(driver_bound(fdt, fdt_path_offset(fdt, "/soc")));
	other = dtb_load("stdout-bound", NULL);
	assert_false(driver_bound(other, fdt_path_offset(other, "/soc/serial@10000000")));
	free(other);
	free(fdt);
}

/* A compatible string matches whole: after near misses in its list, and
 * in a list longer than the probe splits; near misses alone do not. */
static void test_compatible_lists(void **state)
{
	void *fdt = dtb_load("compat-match", NULL);

	log_capture_reset();
	driver_probe_dt(fdt);
	assert_non_null(strstr(log_text(),
			       "dt: console pl011 at 0x9000000 (/uart@9000000)\n"));
	free(fdt);
	/* the nine-string list matched too, only near misses did not */
	assert_null(strstr(log_text(), "no driver for /uart@9000000"));
	assert_null(strstr(log_text(), "no driver for /uart@9001000"));
	assert_non_null(strstr(log_text(), "no driver for /uart@9002000"));
}

/* "io," selects the x86 I/O port space, as Linux's earlycon=uart8250,io,... */
static void test_ns16550_on_ports_and_mmio(void **state)
{
	fake_io_reset(NULL);
	assert_int_equal(driver_probe_early(DRIVER_CONSOLE, "ns16550,io,0x3f8"), 0);
	for (size_t i = 0; i < fake_io_count(); i++) {
		assert_true(fake_io_log(i)->port);
		assert_true(fake_io_log(i)->addr >= 0x3f8 && fake_io_log(i)->addr < 0x400);
	}
	fake_io_reset(NULL);
	assert_int_equal(driver_probe_early(DRIVER_CONSOLE, "ns16550,mmio,0x10000000"), 0);
	assert_true(fake_io_count() > 0);
	for (size_t i = 0; i < fake_io_count(); i++)
		assert_false(fake_io_log(i)->port);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_console_before_init),
		cmocka_unit_test(test_bad_specs_are_refused),
		cmocka_unit_test(test_pl011_selected_with_crlf),
		cmocka_unit_test(test_ns16550_selected_decimal_address),
		cmocka_unit_test(test_missing_stdout_node_is_named),
		cmocka_unit_test(test_bound_devices_are_known),
		cmocka_unit_test(test_compatible_lists),
		cmocka_unit_test(test_ns16550_on_ports_and_mmio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
