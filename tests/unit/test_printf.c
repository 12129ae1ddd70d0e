// SPDX-License-Identifier: MIT
/* lib/printf.c against the host C library, format by format. */
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <stdint.h>
#include <cmocka.h>

#define snprintf vireo_snprintf
#define vsnprintf vireo_vsnprintf
#include "../../lib/printf.c"
#undef snprintf
#undef vsnprintf

/* Compare both implementations on the same format and arguments. */
#define SAME(fmt, ...)                                                        \
	do {                                                                  \
		char want[256], got[256];                                     \
		int wn = snprintf(want, sizeof(want), fmt, __VA_ARGS__);      \
		int gn = vireo_snprintf(got, sizeof(got), fmt, __VA_ARGS__);  \
		assert_string_equal(got, want);                               \
		assert_int_equal(gn, wn);                                     \
	} while (0)

static void test_integers(void **state)
{
	static const long long values[] = { 0, 1, -1, 42, -42, 255, 65535,
		2147483647LL, -2147483647LL - 1, 9223372036854775807LL,
		-9223372036854775807LL - 1 };
	static const char *const fmts[] = { "%lld", "%5lld", "%-5lld|",
		"%05lld", "%+lld", "% lld", "%.3lld", "%8.3lld", "%-8.3lld|",
		"%.0lld", "%+08lld", "%llx", "%#llx", "%#llX", "%llo", "%#llo",
		"%#.0llo", "%#.0llx", "%018llx", "%#018llx", "%llu" };

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
			SAME(fmts[f], values[v]);
}

static void test_lengths(void **state)
{
	/* int arguments truncated by hh and h, as C specifies */
	// cppcheck-suppress invalidPrintfArgType_sint
	// cppcheck-suppress invalidPrintfArgType_uint
	SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	SAME("%ld %lu %lx", -5L, 5UL, 0xdeadbeefUL);
	SAME("%zu %zx %td", (size_t)123, (size_t)0xabc, (ptrdiff_t)-7);
	SAME("%jd %ju", (intmax_t)-1, (uintmax_t)18446744073709551615ULL);
	SAME("%d %i %u %x %X %o", -3, 4, 5u, 0xabu, 0xabu, 8u);
}

static void test_strings_chars(void **state)
{
	SAME("%s|%10s|%-10s|%.2s|%10.2s", "abc", "abc", "abc", "abc", "abc");
	SAME("%c%c%5c%-5c|", 'a', 'b', 'c', 'd');
	SAME("%*d|%-*d|%.*d", 6, 42, 6, 42, 4, 7);
	SAME("%*s|", -6, "ab");
	SAME("100%% %s", "done");
	SAME("%p %p", (void *)0x1234, (void *)0xffffffff00000000ULL);
}

static void test_truncation(void **state)
{
	char buf[8];
	int n = vireo_snprintf(buf, sizeof(buf), "%s", "0123456789");

	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	n = vireo_snprintf(buf, 0, "%d", 12345);
	assert_int_equal(n, 5);
	n = vireo_snprintf(NULL, 0, "%x", 0xabcu);
	assert_int_equal(n, 3);
	n = vireo_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "");
}

static void test_null_string_and_trailing_percent(void **state)
{
	char buf[32];
	const char *volatile null_str = NULL;
	const char *volatile trailing = "ab%";

	vireo_snprintf(buf, sizeof(buf), "%s", null_str);
	assert_string_equal(buf, "(null)");
	assert_int_equal(vireo_snprintf(buf, sizeof(buf), trailing), 2);
	assert_string_equal(buf, "ab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_strings_chars),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_null_string_and_trailing_percent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
