// SPDX-License-Identifier: MIT
/* lib/string.c against the host C library. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define memset vireo_memset
#define memcpy vireo_memcpy
#define memmove vireo_memmove
#define memcmp vireo_memcmp
#define memchr vireo_memchr
#define strlen vireo_strlen
#define strnlen vireo_strnlen
#define strcmp vireo_strcmp
#define strncmp vireo_strncmp
#define strchr vireo_strchr
#define strtoul vireo_strtoul
#include "../../lib/string.c"
#undef memset
#undef memcpy
#undef memmove
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strtoul

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_compare(void **state)
{
	static const char *const s[] = { "", "a", "ab", "abc", "abd", "b",
					 "\xff", "A" };

	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(vireo_strlen(s[i]), strlen(s[i]));
		for (size_t j = 0; j < 8; j++) {
			assert_int_equal(sign(vireo_strcmp(s[i], s[j])),
					 sign(strcmp(s[i], s[j])));
			for (size_t n = 0; n < 5; n++)
				assert_int_equal(sign(vireo_strncmp(s[i], s[j], n)),
						 sign(strncmp(s[i], s[j], n)));
		}
	}
	assert_int_equal(sign(vireo_memcmp("ab\0c", "ab\0d", 4)), -1);
	assert_int_equal(vireo_strnlen("abcdef", 3), 3);
}

static void test_strchr(void **state)
{
	const char *s = "pl011,0x9000000";

	assert_ptr_equal(vireo_strchr(s, ','), s + 5);
	assert_ptr_equal(vireo_strchr(s, 'z'), NULL);
	assert_ptr_equal(vireo_strchr(s, '\0'), s + strlen(s));
}

static void test_memchr(void **state)
{
	const char s[] = "ab\0c\xff";

	assert_ptr_equal(vireo_memchr(s, 'a', 5), s);
	assert_ptr_equal(vireo_memchr(s, '\0', 5), s + 2);
	assert_ptr_equal(vireo_memchr(s, 'c', 3), NULL);
	assert_ptr_equal(vireo_memchr(s, 0xff, 5), s + 4);	/* c as unsigned char */
	assert_ptr_equal(vireo_memchr(s, -1, 5), s + 4);
	assert_ptr_equal(vireo_memchr(s, 'a', 0), NULL);
}

static void test_memmove_overlap(void **state)
{
	char a[16] = "0123456789", b[16] = "0123456789";

	vireo_memmove(a + 2, a, 8);
	memmove(b + 2, b, 8);
	assert_memory_equal(a, b, 16);
	vireo_memmove(a, a + 3, 7);
	memmove(b, b + 3, 7);
	assert_memory_equal(a, b, 16);
	vireo_memset(a, 'x', 4);
	assert_memory_equal(a, "xxxx", 4);
}

static void test_strtoul(void **state)
{
	static const char *const in[] = { "0", "42", "0x9000000", "0X3F8",
		"0777", "  12z", "0x", "ffff", "18446744073709551615", "-" };
	static const int bases[] = { 0, 10, 16, 8 };

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		for (size_t b = 0; b < 4; b++) {
			char *e1, *e2;
			unsigned long want = strtoul(in[i], &e1, bases[b]);
			unsigned long got = vireo_strtoul(in[i], &e2, bases[b]);

			if (e1 == in[i])	/* libc: no digits, end = start */
				continue;
			assert_int_equal(got, want);
			assert_ptr_equal(e2, e1);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_strchr),
		cmocka_unit_test(test_memchr),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_strtoul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
