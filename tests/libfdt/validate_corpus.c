// SPDX-License-Identifier: MIT
/*
 * The hypervisor's DTB check (lib/dt.c dt_validate) over the whole
 * corpus, under ASan and UBSan: it must never fault, must refuse every
 * blob libfdt's own header check refuses, and every blob it accepts must
 * survive the walks the HAL does afterwards.
 *   validate_corpus DIR...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <vireo/dt.h>

static int accepted, refused, failures;

/* What the HAL does with an accepted tree: every reg, stdout, paths. */
static void walk(const void *fdt)
{
	int node = 0, depth = 0;
	char path[96];

	dt_stdout_node(fdt);
	for (; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct mem_region reg;

		dt_is_enabled(fdt, node);
		dt_is_memory_node(fdt, node);
		dt_node_path(fdt, node, path, sizeof(path));
		for (int i = 0; !dt_reg(fdt, node, i, &reg); i++)
			;
	}
}

static void check(const char *path)
{
	char why[128];
	FILE *f = fopen(path, "rb");
	long n;
	char *buf;

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	/* aligned, exactly the file's size: ASan sees any read past it */
	buf = aligned_alloc(8, ((size_t)n + 7) & ~(size_t)7);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return;
	}
	fclose(f);
	if (dt_validate(buf, (size_t)n, why, sizeof(why))) {
		refused++;
	} else if (fdt_check_header(buf)) {
		printf("accepted although fdt_check_header refuses: %s\n", path);
		failures++;
	} else {
		accepted++;
		walk(buf);
	}
	free(buf);
}

int main(int argc, char **argv)
{
	for (int a = 1; a < argc; a++) {
		DIR *d = opendir(argv[a]);
		struct dirent *e;
		char path[4096];

		if (!d)
			continue;
		while ((e = readdir(d)))
			if (strstr(e->d_name, ".dtb")) {
				snprintf(path, sizeof(path), "%s/%s", argv[a], e->d_name);
				check(path);
			}
		closedir(d);
	}
	printf("  dt_validate: %d blobs, %d accepted, %d refused\n",
	       accepted + refused, accepted, refused);
	return failures || !refused || !accepted;
}
