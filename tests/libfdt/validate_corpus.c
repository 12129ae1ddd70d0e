// SPDX-License-Identifier: MIT
/*
 * The hypervisor's DTB check (lib/dt.c dt_validate) over the whole
 * corpus, under ASan and UBSan: it must never fault, must refuse every
 * blob libfdt's own header check refuses, and every blob it accepts must
 * survive the walks the HAL does afterwards. Each seed named in the
 * EXPECTED file (gen_corpus.py writes it) must get its own verdict:
 * "name accept", or "name refuse [words the reason contains]"; a seed
 * missing from the corpus fails too.
 *   validate_corpus EXPECTED DIR...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <vireo/dt.h>

static int accepted, refused, failures;

#define MAX_EXPECTED 256

static struct expectation {
	char name[96];
	bool accept;
	char reason[64];	/* "" if any reason will do */
	bool seen;
} expected[MAX_EXPECTED];
static int nexpected;

static void read_expected(const char *file)
{
	char line[256];
	FILE *f = fopen(file, "r");

	if (!f) {
		printf("validate_corpus: cannot read %s\n", file);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		struct expectation *e = &expected[nexpected];
		char verdict[16];
		int used = 0;

		line[strcspn(line, "\n")] = 0;
		if (nexpected == MAX_EXPECTED ||
		    sscanf(line, "%95s %15s %n", e->name, verdict, &used) < 2 ||
		    (strcmp(verdict, "accept") && strcmp(verdict, "refuse")) ||
		    (verdict[0] == 'a' && line[used])) {
			printf("validate_corpus: %s: bad line \"%s\"\n", file, line);
			exit(1);
		}
		e->accept = verdict[0] == 'a';
		snprintf(e->reason, sizeof(e->reason), "%s", line + used);
		nexpected++;
	}
	fclose(f);
}

/* The seed's expected verdict against dt_validate's (why: NULL if accepted). */
static void check_expected(const char *path, const char *why)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t len = strlen(base) - strlen(".dtb");

	for (int i = 0; i < nexpected; i++) {
		struct expectation *e = &expected[i];

		if (strlen(e->name) != len || strncmp(e->name, base, len))
			continue;
		e->seen = true;
		if (e->accept && why) {
			printf("%s: refused (%s), expected accepted\n", path, why);
			failures++;
		} else if (!e->accept && !why) {
			printf("%s: accepted, expected refused%s%s\n", path,
			       e->reason[0] ? ": " : "", e->reason);
			failures++;
		} else if (why && !strstr(why, e->reason)) {
			printf("%s: refused (%s), expected for \"%s\"\n", path, why,
			       e->reason);
			failures++;
		}
	}
}

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

/*
 * dt_getprops() answers as fdt_getprop() does, name by name, at every
 * 4-aligned structure offset a node might be at (most are not), on any
 * blob, accepted or not - before dt_validate (no index) and after it.
 */
static void getprops_agree(const char *path, const void *fdt)
{
	static const char *const names[] = { "compatible", "reg", "status",
		"#address-cells", "device_type", "phandle", "", "no-such" };
	const void *vals[8];
	int lens[8], len;

	for (int node = -4; node < 1024; node += 4) {
		dt_getprops(fdt, node, names, 8, vals, lens);
		for (int i = 0; i < 8; i++) {
			const void *v = fdt_getprop(fdt, node, names[i], &len);

			if (v != vals[i] || (v && len != lens[i])) {
				printf("dt_getprops %s at %d of %s: %p (%d), fdt_getprop %p (%d)\n",
				       names[i], node, path, vals[i], lens[i],
				       v, len);
				failures++;
				return;
			}
		}
	}
}

static void check(const char *path)
{
	char why[128];
	const char *refusal;
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
	/* libfdt trusts totalsize: only a blob that has its bytes */
	if (n >= (long)sizeof(struct fdt_header) && fdt_totalsize(buf) <= n)
		getprops_agree(path, buf);
	refusal = dt_validate(buf, (size_t)n, why, sizeof(why));
	check_expected(path, refusal);
	if (refusal) {
		refused++;
	} else if (fdt_check_header(buf)) {
		printf("accepted although fdt_check_header refuses: %s\n", path);
		failures++;
	} else {
		accepted++;
		walk(buf);
		getprops_agree(path, buf);
	}
	free(buf);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: validate_corpus EXPECTED DIR...\n");
		return 1;
	}
	read_expected(argv[1]);
	for (int a = 2; a < argc; a++) {
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
	for (int i = 0; i < nexpected; i++)
		if (!expected[i].seen) {
			printf("validate_corpus: seed %s is not in the corpus\n",
			       expected[i].name);
			failures++;
		}
	printf("  dt_validate: %d blobs, %d accepted, %d refused, %d seed verdicts checked\n",
	       accepted + refused, accepted, refused, nexpected);
	return failures || !refused || !accepted;
}
