// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>

#include "test_dtb.h"

void *test_dtb_load(const char *name)
{
	char path[512];
	FILE *f;
	void *buf = malloc(1 << 16);

	snprintf(path, sizeof(path), "%s/%s.dtb", getenv("DTB_DIR"), name);
	f = fopen(path, "rb");
	if (!f || !buf || fread(buf, 1, 1 << 16, f) == 0) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	return buf;
}
