// SPDX-License-Identifier: MIT
/* Loading the test trees (host_dtb.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "host_dtb.h"

void *dtb_load(const char *name, size_t *size)
{
	const char *dir = getenv("DTB_DIR");
	char path[512];
	void *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 64);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	if (size)
		*size = (size_t)n;
	return buf;
}
