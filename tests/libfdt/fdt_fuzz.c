// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: run the differential harness (fdt_diff.c on the
 * input as a blob, or with VIREO_RUN/LIBFDT_RUN set, fdt_sw_diff.c on
 * the input as a sequence of writer calls) once with Vireo's libfdt and
 * once with libfdt 1.6.1, in one process, and abort on any difference in
 * the transcripts. Sanitizers catch the rest (out-of-bounds accesses,
 * undefined behaviour).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The harness' two builds (fdt_diff.c, or fdt_sw_diff.c for the writer) */
#ifndef VIREO_RUN
#define VIREO_RUN vireo_diff_run
#define LIBFDT_RUN libfdt_diff_run
#endif

size_t VIREO_RUN(const uint8_t *data, size_t size, char **out);
size_t LIBFDT_RUN(const uint8_t *data, size_t size, char **out);

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
	size_t la = LIBFDT_RUN(data, size, &a);
	size_t lb = VIREO_RUN(data, size, &b);

	if (la != lb || memcmp(a, b, la)) {
		report(a, la, b, lb);
		abort();
	}
	free(a);
	free(b);
	return 0;
}
