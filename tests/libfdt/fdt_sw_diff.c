// SPDX-License-Identifier: MIT
/*
 * Differential test of libfdt's sequential writer (fdt_create() ...
 * fdt_finish()): scripted sequences of calls, normal and misused, each
 * run with a buffer large enough and then with every buffer size from
 * 0 up to the tree's full size, and once more growing the buffer with
 * fdt_resize() whenever a call says -FDT_ERR_NOSPACE. The transcript
 * holds every call and its return value, the header after it, and the
 * final buffer's bytes; a finished tree is also read back. Built once
 * against Vireo's lib/libfdt and once against Debian's libfdt 1.6.1
 * (-lfdt); the transcripts must be identical (check-sw.sh).
 *
 * A finished tree is checked by the build's own validator: dt_validate()
 * (lib/dt.c) for Vireo, fdt_check_full() for libfdt. Both must give the
 * verdict the script expects (a balanced tree with /memory is accepted,
 * an unbalanced one refused); the transcripts compare the two.
 *
 * Calls where libfdt 1.6.1 itself writes outside the buffer (a negative
 * size or length, a name longer than the whole buffer) are not made:
 * the transcript says "skip" and test_libfdt.c checks Vireo's answer.
 *
 *   fdt_sw_diff            the transcript of every script, on stdout
 * Build flags: FDT_SW_VIREO (validate with dt_validate), FDT_SW_NO_MAIN
 * and FDT_SW_RUN (the fuzzer's entry point: ops decoded from its input).
 */
#include <inttypes.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transcript.h"

#ifdef FDT_SW_VIREO
#include <vireo/dt.h>
#endif

#define NAME_MAX_LEN	4096
#define MAX_OPS		256
#define FILL		0xa5	/* fresh buffers: fdt_create() must clear */
#define MAX_WALK	4096

enum op_kind {
	OP_CREATE,	/* size, flags, cap (allocation, >= size) */
	OP_RESIZE,	/* into a fresh buffer of cap bytes: size, cap */
	OP_RESIZE_AT,	/* in the same allocation at base + shift: size, shift */
	OP_RSV,		/* addr, size */
	OP_FIN_RSV,
	OP_BEGIN,	/* name */
	OP_PROP,	/* name, len: a value of len pattern bytes */
	OP_PLACEHOLDER,	/* name, len: then filled with the pattern */
	OP_U32,
	OP_U64,
	OP_CELL,
	OP_STRING,	/* name, str */
	OP_END,
	OP_FINISH,
	OP_NKINDS
};

struct op {
	enum op_kind kind;
	const char *name;
	const char *str;
	int64_t a, b, c;
};


struct ctx {
	struct out o;
	uint8_t *mem;		/* the allocation, exactly cap bytes */
	size_t cap;
	size_t base;		/* the buffer the tree is in: mem + base */
	bool grow;		/* on NOSPACE: resize to twice the size, retry */
	bool brief;		/* final bytes as a hash (the size sweeps) */
	bool all_ok;		/* every call returned 0 */
	bool finished;		/* fdt_finish() returned 0 since fdt_create() */
	bool verdict_ok;	/* the validator agreed with the script */
	char names[2][NAME_MAX_LEN + 1];
};

/* ---- output -------------------------------------------------------- */

static void say(struct ctx *c, const char *f, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct ctx *c, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	out_vsay(&c->o, f, ap);
	va_end(ap);
}

static uint64_t fnv64(const uint8_t *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* The bytes in hex, or (brief) their FNV-1a hash */
static void hexdump(struct ctx *c, const char *what, const uint8_t *p,
		    size_t n)
{
	char line[16 * 2 + 1];

	if (c->brief) {
		say(c, "%s %zu bytes fnv %016" PRIx64, what, n, fnv64(p, n));
		return;
	}
	say(c, "%s %zu bytes", what, n);
	for (size_t i = 0; i < n; i += 16) {
		size_t k;

		for (k = 0; k < 16 && i + k < n; k++)
			sprintf(line + 2 * k, "%02x", p[i + k]);
		say(c, "  %04zx %s", i, line);
	}
}

static void *buf(struct ctx *c)
{
	return c->mem + c->base;
}

/* The buffer holds at least a header: the header fields can be read */
static bool has_header(struct ctx *c)
{
	return c->cap - c->base >= sizeof(struct fdt_header);
}

/* A finished tree, from the latest fdt_finish() */
static bool finished(struct ctx *c)
{
	return c->finished && has_header(c) && fdt_magic(buf(c)) == FDT_MAGIC;
}

static void header(struct ctx *c)
{
	void *fdt = buf(c);

	if (!has_header(c)) {
		say(c, "  hdr: buffer shorter than a header");
		return;
	}
	say(c, "  hdr: magic %08x total %u rsv %u struct %u+%u strings %u+%u ver %u/%u",
	    fdt_magic(fdt), fdt_totalsize(fdt), fdt_off_mem_rsvmap(fdt),
	    fdt_off_dt_struct(fdt), fdt_size_dt_struct(fdt),
	    fdt_off_dt_strings(fdt), fdt_size_dt_strings(fdt),
	    fdt_version(fdt), fdt_last_comp_version(fdt));
}

/* ---- buffers ------------------------------------------------------- */

static uint8_t *alloc_filled(size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (!p)
		abort();
	memset(p, FILL, n);
	return p;
}

static void pattern(uint8_t *p, int64_t len)
{
	for (int64_t i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + len);
}

/* ---- one call ------------------------------------------------------ */

/* libfdt 1.6.1 writes outside the buffer for these: not called */
static bool must_skip(struct ctx *c, const struct op *op)
{
	const void *fdt = buf(c);
	bool has_name = op->kind >= OP_PROP && op->kind <= OP_STRING;

	if (op->kind != OP_CREATE && !has_header(c))
		return true;
	switch (op->kind) {
	case OP_CREATE:
		return op->a < 0;
	case OP_PROP:
	case OP_PLACEHOLDER:
		if (op->a < 0)
			return true;
		break;
	default:
		break;
	}
	/* a name that cannot fit: libfdt's room check wraps */
	return has_name && has_header(c) &&
	       fdt_magic(fdt) == (uint32_t)~FDT_MAGIC &&
	       strlen(op->name) + 1 + (uint64_t)fdt_size_dt_strings(fdt) >
		       fdt_totalsize(fdt);
}

static int do_resize(struct ctx *c, int64_t size, int64_t cap)
{
	uint8_t *fresh;

	if (cap < size)
		cap = size;
	fresh = alloc_filled(cap > 0 ? (size_t)cap : 0);
	int rc = fdt_resize(buf(c), fresh, (int)size);

	if (rc) {
		free(fresh);
		return rc;
	}
	free(c->mem);
	c->mem = fresh;
	c->cap = (size_t)cap;
	c->base = 0;
	return 0;
}

static int call(struct ctx *c, const struct op *op)
{
	void *fdt = buf(c), *val;
	uint8_t *value;
	int rc;

	switch (op->kind) {
	case OP_CREATE:
		free(c->mem);
		c->cap = (size_t)(op->c > op->a ? op->c : op->a);
		c->mem = alloc_filled(c->cap);
		c->base = 0;
		return fdt_create_with_flags(c->mem, (int)op->a, (uint32_t)op->b);
	case OP_RESIZE:
		return do_resize(c, op->a, op->b);
	case OP_RESIZE_AT:
		rc = fdt_resize(fdt, c->mem + c->base + op->b, (int)op->a);
		if (!rc)
			c->base += (size_t)op->b;
		return rc;
	case OP_RSV:
		return fdt_add_reservemap_entry(fdt, (uint64_t)op->a,
						(uint64_t)op->b);
	case OP_FIN_RSV:
		return fdt_finish_reservemap(fdt);
	case OP_BEGIN:
		return fdt_begin_node(fdt, op->name);
	case OP_PROP:
		/* a longer value cannot fit: fdt_property() does not read it */
		value = alloc_filled(op->a < (int64_t)c->cap ? (size_t)op->a :
							      c->cap);
		pattern(value, op->a < (int64_t)c->cap ? op->a : (int64_t)c->cap);
		rc = fdt_property(fdt, op->name, value, (int)op->a);
		free(value);
		return rc;
	case OP_PLACEHOLDER:
		rc = fdt_property_placeholder(fdt, op->name, (int)op->a, &val);
		if (!rc) {
			say(c, "  value at %td", (uint8_t *)val - (uint8_t *)fdt);
			pattern(val, op->a);
		}
		return rc;
	case OP_U32:
		return fdt_property_u32(fdt, op->name, (uint32_t)op->a);
	case OP_U64:
		return fdt_property_u64(fdt, op->name, (uint64_t)op->a);
	case OP_CELL:
		return fdt_property_cell(fdt, op->name, (uint32_t)op->a);
	case OP_STRING:
		return fdt_property_string(fdt, op->name, op->str);
	case OP_END:
		return fdt_end_node(fdt);
	case OP_FINISH:
		return fdt_finish(fdt);
	default:
		abort();
	}
}

/* Whether a resize of this kind fits the allocation (else not called) */
static bool resize_fits(struct ctx *c, const struct op *op)
{
	if (op->kind != OP_RESIZE_AT)
		return true;
	if (op->a < 0 || op->b % 8 || (int64_t)c->base + op->b < 0)
		return false;
	return (int64_t)c->base + op->b + op->a <= (int64_t)c->cap;
}

static const char *const op_names[OP_NKINDS] = {
	"create", "resize", "resize_at", "add_reservemap_entry",
	"finish_reservemap", "begin_node", "property",
	"property_placeholder", "property_u32", "property_u64",
	"property_cell", "property_string", "end_node", "finish",
};

/* A string argument, long ones shortened: "aaaaaaaa..." (300 chars) */
static const char *arg(char *s, size_t n, const char *v)
{
	size_t l = strlen(v);

	if (l > 40)
		snprintf(s, n, "\"%.8s...\" (%zu chars), ", v, l);
	else
		snprintf(s, n, "\"%s\", ", v);
	return s;
}

static void describe(const struct op *op, char *s, size_t n)
{
	char name[64] = "", str[64] = "";

	if (op->name)
		arg(name, sizeof(name), op->name);
	if (op->str)
		arg(str, sizeof(str), op->str);
	snprintf(s, n, "%s(%s%s%" PRId64 ", %" PRId64 ", %" PRId64 ")",
		 op_names[op->kind], name, str, op->a, op->b, op->c);
}

static void step(struct ctx *c, const struct op *op)
{
	char what[160];
	int rc;

	describe(op, what, sizeof(what));
	if (must_skip(c, op) || !resize_fits(c, op)) {
		say(c, "%s skip", what);
		c->all_ok = false;
		return;
	}
	rc = call(c, op);
	say(c, "%s = %d", what, rc);
	/* the caller's way out of a full buffer: a bigger one, and again */
	while (c->grow && rc == -FDT_ERR_NOSPACE && op->kind > OP_RESIZE_AT &&
	       fdt_totalsize(buf(c)) < (1u << 20)) {
		uint32_t size = 2 * fdt_totalsize(buf(c)) + 8;

		rc = do_resize(c, size, size);
		say(c, "  resize to %u = %d", size, rc);
		if (rc)
			break;
		rc = call(c, op);
		say(c, "  again = %d", rc);
	}
	if (rc)
		c->all_ok = false;
	if (op->kind == OP_CREATE)
		c->finished = false;
	if (op->kind == OP_FINISH && !rc)
		c->finished = true;
	header(c);
}

/* ---- a finished tree ----------------------------------------------- */

/* Read it back: every node and property, by the read-only calls */
static void read_back(struct ctx *c)
{
	const void *fdt = buf(c);
	int node = 0, depth = 0, prop, len, steps = 0;

	say(c, "  check_header = %d, num_mem_rsv = %d", fdt_check_header(fdt),
	    fdt_num_mem_rsv(fdt));
	for (int i = 0; i < fdt_num_mem_rsv(fdt) && i < 64; i++) {
		uint64_t a, s;
		int rc = fdt_get_mem_rsv(fdt, i, &a, &s);

		say(c, "  rsv %d = %d: %" PRIx64 " %" PRIx64, i, rc, a, s);
	}
	for (; node >= 0 && depth >= 0 && steps++ < MAX_WALK;
	     node = fdt_next_node(fdt, node, &depth)) {
		const char *name = fdt_get_name(fdt, node, &len);

		say(c, "  node %d depth %d: %s (%d)", node, depth,
		    name ? name : "-", len);
		fdt_for_each_property_offset(prop, fdt, node) {
			const char *pname;
			const uint8_t *v = fdt_getprop_by_offset(fdt, prop,
								 &pname, &len);
			uint32_t h = 2166136261u;

			for (int i = 0; v && i < len; i++)
				h = (h ^ v[i]) * 16777619u;
			say(c, "    prop %d: %s len %d fnv %08x", prop,
			    pname ? pname : "-", len, h);
		}
		say(c, "    props end %d", prop);
	}
	say(c, "  walk end %d depth %d", node, depth);
}

/* ---- runs ---------------------------------------------------------- */

static void ctx_init(struct ctx *c)
{
	memset(c, 0, sizeof(*c));
	out_init(&c->o);
	c->verdict_ok = true;
}

/* "" or %N.c expanded into names[slot], or w itself */
static const char *name(struct ctx *c, int slot, const char *w)
{
	char *out = c->names[slot];
	size_t len = 0;

	if (!strcmp(w, "\"\""))
		return "";
	while (*w && len < NAME_MAX_LEN) {
		if (*w == '%') {
			char *dot;
			long n = strtol(w + 1, &dot, 10);

			for (; n > 0 && len < NAME_MAX_LEN; n--)
				out[len++] = dot[1];
			w = dot + 2;
		} else {
			out[len++] = *w++;
		}
	}
	out[len] = '\0';
	return out;
}

#ifndef FDT_SW_NO_MAIN
/* The build's own validator: its bit in the verdict (1 accepts) */
static int validate(struct ctx *c, int *bit)
{
	const void *fdt = buf(c);
#ifdef FDT_SW_VIREO
	char why[128];

	*bit = 0;
	return !dt_validate(fdt, fdt_totalsize(fdt), why, sizeof(why));
#else
	*bit = 1;
	return !fdt_check_full(fdt, fdt_totalsize(fdt));
#endif
}

/*
 * One run of ops. size >= 0 replaces the first create's size (and
 * allocation). expect: 1 the tree must be accepted, 0 refused, -1 no
 * verdict. Returns the final totalsize.
 */
static uint32_t run(struct ctx *c, const char *title, const struct op *ops,
		    int nops, int64_t size, bool grow, int expect)
{
	uint32_t total;

	say(c, "== %s (size %" PRId64 "%s)", title, size, grow ? ", grow" : "");
	c->grow = grow;
	c->brief = size >= 0;
	/* calls before fdt_create() meet this garbage: -FDT_ERR_BADMAGIC */
	c->cap = 256;
	c->mem = alloc_filled(c->cap);
	c->base = 0;
	c->all_ok = true;
	c->finished = false;
	for (int i = 0; i < nops; i++) {
		struct op op = ops[i];

		if (op.kind == OP_CREATE && size >= 0) {
			op.a = size;
			op.c = size;
			size = -1;
		}
		step(c, &op);
	}
	total = has_header(c) ? fdt_totalsize(buf(c)) : 0;
	if (finished(c)) {
		hexdump(c, "tree", buf(c), total);
		read_back(c);
		/* a verdict only where the calls built the intended tree */
		if (expect >= 0 && c->all_ok) {
			int bit, got = validate(c, &bit);

			/* the same line from both builds when each is right */
			if (got == ((expect >> bit) & 1)) {
				say(c, "verdict as expected: dt_validate %s, fdt_check_full %s",
				    expect & 1 ? "accepts" : "refuses",
				    expect & 2 ? "accepts" : "refuses");
			} else {
				say(c, "VERDICT WRONG: %s %s",
				    bit ? "fdt_check_full" : "dt_validate",
				    got ? "accepts" : "refuses");
				c->verdict_ok = false;
			}
		}
	} else {
		hexdump(c, "buffer", buf(c), c->cap - c->base);
	}
	free(c->mem);
	c->mem = NULL;
	return total;
}

/* ---- scripts ------------------------------------------------------- */

/*
 * A script is text: calls separated by ';', words by spaces:
 *   create SIZE [FLAGS [CAP]]  resize SIZE [CAP]  resize_at SIZE SHIFT
 *   rsv ADDR SIZE  finrsv  begin NAME  prop NAME LEN  ph NAME LEN
 *   u32|u64|cell NAME VAL  str NAME VALUE  end  finish
 * NAME "" is the empty name, %N.c is N times the character c.
 */
/* Verdicts: dt_validate's in bit 0, fdt_check_full's in bit 1 (1 accepts) */
#define ACCEPT		3
#define REFUSE		0
#define REFUSE_VIREO	2	/* only fdt_check_full() accepts it */

struct script {
	const char *title;
	int expect;		/* ACCEPT, REFUSE..., or -1: no verdict */
	bool sweep;		/* also every size from 0 up, and growing */
	const char *text;
};

/* RAM at 0x40000000, 128 MiB: what dt_validate wants to see */
#define MEMORY "begin memory@40000000; str device_type memory; " \
	"u64 reg 0x4000000008000000; end; "
#define ROOT "finrsv; begin \"\"; cell #address-cells 1; cell #size-cells 1; "

static const struct script scripts[] = {
	{ "minimal", ACCEPT, true, "create 4096; " ROOT MEMORY "end; finish" },
	{ "nested nodes, many properties", ACCEPT, true,
	  "create 4096; " ROOT "str compatible linux,dummy-virt; "
	  "str model vireo; " MEMORY
	  "begin cpus; cell #address-cells 1; cell #size-cells 0; "
	  "begin cpu@0; str device_type cpu; str compatible arm,cortex-a57; "
	  "cell reg 0; str enable-method psci; end; "
	  "begin cpu@1; str device_type cpu; str compatible arm,cortex-a57; "
	  "cell reg 1; str enable-method psci; end; end; "
	  "begin psci; str compatible arm,psci-1.0; str method hvc; end; "
	  "begin chosen; str stdout-path /pl011@9000000; "
	  "str bootargs console=ttyAMA0; end; "
	  "begin a; begin b; begin c; begin d; u32 x 1; end; end; end; end; "
	  "u64 top 0x123456789abcdef0; ph late 12; prop odd 5; prop seven 7; "
	  "end; finish" },
	{ "no name dedup", ACCEPT, true,
	  "create 4096 1; " ROOT MEMORY
	  "begin x; str device_type memory2; u32 reg 1; u32 name 2; end; "
	  "end; finish" },
	/* "name" is the tail of "my-name": found, not added; "s" is in two */
	{ "dedup of suffixes", ACCEPT, true,
	  "create 4096; " ROOT MEMORY "begin n; u32 my-name 1; u32 name 2; "
	  "u32 e 3; u32 ame 4; u32 my-name 5; u32 names 6; u32 es 7; u32 s 8; "
	  "end; end; finish" },
	{ "reservations", ACCEPT, true,
	  "create 4096; rsv 0x40000000 0x1000; rsv 0 0; "
	  "rsv 0xffffffffffffffff 0xffffffffffffffff; rsv 1 2; "
	  ROOT MEMORY "end; finish" },
	{ "empty properties and names", ACCEPT, true,
	  "create 4096; " ROOT MEMORY "prop empty 0; ph empty-ph 0; "
	  "str s \"\"; begin \"\"; prop \"\" 0; end; end; finish" },
	{ "long names", ACCEPT, true,
	  "create 8192; " ROOT MEMORY "begin %300.n; prop %255.p 3; "
	  "prop %1000.q 1; end; begin %31.a@%8.f; end; end; finish" },
	{ "resize larger and smaller", ACCEPT, false,
	  "create 200 0 4096; " ROOT "resize_at 4000 0; " MEMORY
	  "resize 600; begin a; u32 x 1; end; resize 300; resize 1; "
	  "resize 0; resize -1; resize_at 400 64; resize_at 400 -32; "
	  "resize_at 500 -32; resize 4096 8192; end; finish" },
	{ "resize while reserving", ACCEPT, false,
	  "create 100 0 1000; rsv 1 2; rsv 3 4; resize 64; resize 120; "
	  "rsv 5 6; resize_at 600 200; rsv 7 8; resize 1000; " ROOT MEMORY
	  "end; finish" },
	/* a property outside every node, which fdt_check_full() lets pass */
	{ "property before begin_node", REFUSE_VIREO, false,
	  "create 4096; finrsv; u32 early 1; begin \"\"; " MEMORY
	  "end; finish" },
	{ "end_node without begin_node", REFUSE, false,
	  "create 4096; finrsv; end; begin \"\"; " MEMORY "end; finish" },
	{ "finish with open nodes", REFUSE, false,
	  "create 4096; " ROOT MEMORY "begin open; finish" },
	{ "two roots", REFUSE, false,
	  "create 4096; " ROOT MEMORY "end; begin \"\"; end; finish" },
	{ "calls in the wrong phase", -1, false,
	  "u32 before-create 1; create 4096; begin too-early; prop p 1; "
	  "end; finish; rsv 1 1; finrsv; finrsv; rsv 1 1; begin \"\"; "
	  "end; finish; finish; begin again; end; rsv 1 1; finrsv; "
	  "u32 after 1; str after x; ph after 4; resize 8192; resize -1" },
	{ "bad flags and sizes", -1, false,
	  "create 4096 2; create 4096 0xffffffff; create 47; create 47 2; "
	  "create 48; "
	  "create 0; create -1; create 48 1; finrsv; create 63; finrsv; "
	  "create 64; finrsv; begin \"\"; end; finish; create 68; finrsv; "
	  "begin \"\"; end; finish" },
	{ "negative lengths", -1, false,
	  "create 4096; finrsv; begin \"\"; prop neg -1; ph neg -4; "
	  "prop big 0x7fffffff; ph big 0x7ffffff0; end; finish" },
	{ "names longer than the buffer", -1, false,
	  "create 128; finrsv; begin \"\"; prop %200.x 0; begin %200.y; "
	  "prop %40.z 0; prop %40.z 0; end; finish" },
};

static const char *word(char **s)
{
	char *w;

	*s += strspn(*s, " ");
	w = *s;
	*s += strcspn(*s, " ");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

static int64_t num(const char *w)
{
	return *w ? strtoll(w, NULL, 0) : 0;
}

static int parse(struct ctx *c, const char *text, struct op *ops)
{
	static const char *const words[OP_NKINDS] = {
		"create", "resize", "resize_at", "rsv", "finrsv", "begin",
		"prop", "ph", "u32", "u64", "cell", "str", "end", "finish",
	};
	char *copy = strdup(text), *call = copy, *next, *s;
	int n = 0;

	for (; call && *call && n < MAX_OPS; call = next, n++) {
		struct op *op = &ops[n];
		const char *w;
		int k;

		next = strchr(call, ';');
		if (next)
			*next++ = '\0';
		s = call;
		w = word(&s);
		for (k = 0; k < OP_NKINDS && strcmp(w, words[k]); k++)
			;
		if (k == OP_NKINDS) {
			fprintf(stderr, "fdt_sw_diff: bad call \"%s\"\n", w);
			exit(2);
		}
		memset(op, 0, sizeof(*op));
		op->kind = (enum op_kind)k;
		/* names and strings are the caller's to free */
		if (op->kind >= OP_BEGIN && op->kind <= OP_STRING)
			op->name = strdup(name(c, 0, word(&s)));
		if (op->kind == OP_STRING) {
			op->str = strdup(name(c, 1, word(&s)));
		} else {
			op->a = num(word(&s));
			op->b = num(word(&s));
			op->c = num(word(&s));
		}
	}
	free(copy);
	return n;
}

static void run_script(struct ctx *c, const struct script *sc)
{
	static struct op ops[MAX_OPS];
	int nops = parse(c, sc->text, ops);
	uint32_t full = run(c, sc->title, ops, nops, -1, false, sc->expect);

	for (uint32_t size = 0; sc->sweep && size <= full + 8; size++) {
		run(c, sc->title, ops, nops, size, false, sc->expect);
		run(c, sc->title, ops, nops, size, true, sc->expect);
	}
	for (int i = 0; i < nops; i++) {
		free((char *)ops[i].name);
		free((char *)ops[i].str);
	}
}

#endif /* !FDT_SW_NO_MAIN */

/* ---- ops from fuzz input ------------------------------------------- */

#ifdef FDT_SW_RUN
static const char *const fuzz_names[] = {
	"", "name", "my-name", "e", "ame", "reg", "compatible", "#size-cells",
	"device_type", "a@0", "names", "x",
};

struct input {
	const uint8_t *p;
	size_t n;
};

static unsigned take(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static unsigned take16(struct input *in)
{
	return take(in) | take(in) << 8;
}

static const char *fuzz_name(struct ctx *c, struct input *in, int slot)
{
	unsigned k = take(in);
	size_t nfuzz = sizeof(fuzz_names) / sizeof(fuzz_names[0]);

	if (k < 0xf0)
		return fuzz_names[k % nfuzz];
	/* a long name: a run of one letter */
	return name(c, slot, (char[]){ '%', '0' + (k & 7), '0', '0', '.',
				       'a' + (k & 7), '\0' });
}

/* A sequence of calls from the input; the fuzzer finds the corners */
static void fuzz_ops(struct ctx *c, struct input *in)
{
	struct op first = { .kind = OP_CREATE };

	first.a = take16(in) % 2048;
	first.b = take(in) & 3;
	first.c = first.a + take16(in) % 2048;
	c->all_ok = true;
	c->cap = 256;
	c->mem = alloc_filled(c->cap);
	step(c, &first);
	for (int n = 0; in->n && n < MAX_OPS; n++) {
		struct op op = { .kind = (enum op_kind)(take(in) % OP_NKINDS) };

		switch (op.kind) {
		case OP_CREATE:
			op.a = take16(in) % 2048;
			op.b = take(in) & 3;
			op.c = op.a + take(in);
			break;
		case OP_RESIZE:
			op.a = (int16_t)take16(in) % 4096;
			op.b = op.a + take(in);
			break;
		case OP_RESIZE_AT:
			op.a = take16(in) % 4096;
			op.b = ((int8_t)take(in)) * 8;
			break;
		case OP_RSV:
			op.a = (int64_t)((uint64_t)take16(in) << 48 | take(in));
			op.b = take16(in);
			break;
		case OP_PROP:
		case OP_PLACEHOLDER:
			op.name = fuzz_name(c, in, 0);
			op.a = take16(in) % 1024;
			break;
		case OP_BEGIN:
		case OP_U32:
		case OP_U64:
		case OP_CELL:
			op.name = fuzz_name(c, in, 0);
			op.a = take(in);
			break;
		case OP_STRING:
			op.name = fuzz_name(c, in, 0);
			op.str = fuzz_name(c, in, 1);
			break;
		default:
			break;
		}
		step(c, &op);
	}
	if (finished(c))
		read_back(c);
	hexdump(c, "buffer", c->mem, c->cap);
	free(c->mem);
	c->mem = NULL;
}

size_t FDT_SW_RUN(const uint8_t *data, size_t size, char **out);

size_t FDT_SW_RUN(const uint8_t *data, size_t size, char **out)
{
	static struct ctx c;
	struct input in = { data, size };

	ctx_init(&c);
	fuzz_ops(&c, &in);
	*out = c.o.buf;
	return c.o.len;
}
#endif

#ifndef FDT_SW_NO_MAIN
int main(void)
{
	static struct ctx c;
	ctx_init(&c);
	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		run_script(&c, &scripts[i]);
		fwrite(c.o.buf, 1, c.o.len, stdout);
		c.o.len = 0;
	}
	if (!c.verdict_ok)
		fprintf(stderr, "fdt_sw_diff: a validator's verdict is not the "
			"script's (VERDICT WRONG in the transcript)\n");
	free(c.o.buf);
	return c.verdict_ok ? 0 : 1;
}
#endif
