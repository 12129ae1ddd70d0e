// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: run the differential harness (fdt_diff.c) on the
 * input once with Vireo's libfdt and once with libfdt 1.6.1, in one
 * process, and abort on any difference in the transcripts. Sanitizers
 * catch the rest (out-of-bounds reads, undefined behaviour).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t vireo_diff_run(const uint8_t *data, size_t size, char **out);
size_t libfdt_diff_run(const uint8_t *data, size_t size, char **out);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first line that differs, with its line number */
static void report(const char *a, size_t la, const char *b, size_t lb)
{
	size_t i = 0, line = 1, start = 0;

	while (i < la && i < lb && a[i] == b[i]) {
		if (a[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	fprintf(stderr, "libfdt differential: transcripts differ at line %zu\n"
		"  libfdt: %.*s\n  vireo:  %.*s\n", line,
		(int)strcspn(a + start, "\n"), a + start,
		(int)strcspn(b + start, "\n"), b + start);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a, *b;
	size_t la = libfdt_diff_run(data, size, &a);
	size_t lb = vireo_diff_run(data, size, &b);

	if (la != lb || memcmp(a, b, la)) {
		report(a, la, b, lb);
		abort();
	}
	free(a);
	free(b);
	return 0;
}
