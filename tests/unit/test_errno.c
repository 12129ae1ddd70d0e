// SPDX-License-Identifier: MIT
/* lib/errno.c: error numbers by name, as Linux's errno-base.h and errno.h
 * number them (ENODEV 19, EINVAL 22, ETIMEDOUT 110 on every Linux arch
 * Vireo runs on). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <vireo/errno.h>

static void test_numbers_are_linux_ones(void **state)
{
	assert_int_equal(EPERM, 1);
	assert_int_equal(ENOENT, 2);
	assert_int_equal(EIO, 5);
	assert_int_equal(ENOMEM, 12);
	assert_int_equal(EBUSY, 16);
	assert_int_equal(ENODEV, 19);
	assert_int_equal(EINVAL, 22);
	assert_int_equal(ERANGE, 34);
	assert_int_equal(ENOSYS, 38);
	assert_int_equal(ETIMEDOUT, 110);
}

static void test_names(void **state)
{
	assert_string_equal(errno_name(-ENODEV), "ENODEV");
	assert_string_equal(errno_name(ENODEV), "ENODEV");
	assert_string_equal(errno_name(-EINVAL), "EINVAL");
	assert_string_equal(errno_name(-ENOENT), "ENOENT");
	assert_string_equal(errno_name(-ETIMEDOUT), "ETIMEDOUT");
	assert_string_equal(errno_name(-ERANGE), "ERANGE");
	assert_string_equal(errno_name(-EEXIST), "EEXIST");
	assert_string_equal(errno_name(0), "success");
}

static void test_unnamed_numbers(void **state)
{
	assert_string_equal(errno_name(-3), "unknown error");	/* ESRCH: unused */
	assert_string_equal(errno_name(-4095), "unknown error");
	assert_string_equal(errno_name(-2147483647 - 1), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_are_linux_ones),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unnamed_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
