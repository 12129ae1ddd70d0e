// SPDX-License-Identifier: MIT
/*
 * The guest's own device tree reader: a walk of the structure block as
 * the Devicetree Specification (v0.4, chapter 5) lays it out, written
 * apart from Vireo's libfdt so that the test checks what Vireo wrote,
 * not what its own reader thinks. Only what the DTB test needs: the top
 * level /memory@* nodes' reg, /cpus' cpu@* children, /psci's method,
 * /chosen/stdout-path, the pl011@* node, the interrupt controller's
 * reg, /cpus' timebase-frequency and whether a cpu's riscv,isa names
 * Sstc.
 */
#include "guest.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

static size_t len_of(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool same(const char *a, const char *b)
{
	return starts_with(a, b) && !a[len_of(b)];
}

/* Does the ISA string isa name the multi-letter extension ext ("_x"),
 * whole (followed by '_' or its end)? */
static bool has_extension(const char *isa, const char *ext)
{
	size_t n = len_of(ext);

	for (; *isa; isa++)
		if (starts_with(isa, ext) && (!isa[n] || isa[n] == '_'))
			return true;
	return false;
}

static void on_uart_prop(struct guest_fdt *out, const char *node,
			 const char *name, const uint8_t *val, uint32_t len)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	uint32_t i;

	out->uart_node = node;
	if (same(name, "reg") && len == 16)
		out->uart_base = (uint64_t)be32(val) << 32 | be32(val + 4);
	if (same(name, "compatible") && len == sizeof(compat)) {
		for (i = 0; i < len && val[i] == (uint8_t)compat[i]; i++)
			;
		out->uart_primecell = i == len;
	}
}

static void on_prop(struct guest_fdt *out, const char *node, int depth,
		    const char *name, const uint8_t *val, uint32_t len)
{
	if (depth == 1 && starts_with(node, "memory@") && same(name, "reg") &&
	    len == 16 && out->nr_memory < GUEST_FDT_MAX_MEMORY) {
		out->memory[out->nr_memory][0] =
			(uint64_t)be32(val) << 32 | be32(val + 4);
		out->memory[out->nr_memory++][1] =
			(uint64_t)be32(val + 8) << 32 | be32(val + 12);
	} else if (depth == 2 && out->in_cpus && starts_with(node, "cpu@")) {
		if (same(name, "reg") && len == 4)
			out->cpu_regs |= 1ULL << (be32(val) & 63);
		if (same(name, "enable-method") && len == 5 &&
		    same((const char *)val, "psci"))
			out->cpus_psci++;
		if (same(name, "riscv,isa") && has_extension((const char *)val,
							     "_sstc"))
			out->isa_sstc = true;
	} else if (depth == 1 && starts_with(node, "interrupt-controller@") &&
		   same(name, "reg") && len >= 16) {
		out->intc[0] = (uint64_t)be32(val) << 32 | be32(val + 4);
		if (len >= 32)
			out->intc[1] = (uint64_t)be32(val + 16) << 32 |
				       be32(val + 20);
	} else if (depth == 1 && same(node, "cpus") &&
		   same(name, "timebase-frequency") && len == 4) {
		out->timebase_hz = be32(val);
	} else if (depth == 1 && same(node, "psci") && same(name, "method")) {
		out->psci_hvc = same((const char *)val, "hvc");
	} else if (depth == 1 && same(node, "chosen") &&
		   same(name, "stdout-path")) {
		out->stdout_path = (const char *)val;
	} else if (depth == 1 && starts_with(node, "pl011@")) {
		on_uart_prop(out, node, name, val, len);
	}
}

bool guest_fdt_read(const void *blob, struct guest_fdt *out)
{
	const uint8_t *fdt = blob, *p;
	const char *strings, *node = "";
	int depth = 0;

	/* field by field: a struct assignment could become a memset call,
	 * which the guest has not */
	out->nr_memory = out->nr_cpus = out->cpus_psci = 0;
	out->cpu_regs = 0;
	out->psci_hvc = out->in_cpus = out->uart_primecell = false;
	out->stdout_is_uart = false;
	out->stdout_path = out->uart_node = NULL;
	out->uart_base = 0;
	out->psci_hvc = out->in_cpus = false;
	out->intc[0] = out->intc[1] = 0;
	out->timebase_hz = 0;
	out->isa_sstc = false;
	if (!blob || be32(fdt) != FDT_MAGIC)
		return false;
	p = fdt + be32(fdt + 8);		/* off_dt_struct */
	strings = (const char *)fdt + be32(fdt + 12);	/* off_dt_strings */
	for (;;) {
		uint32_t token = be32(p);

		p += 4;
		if (token == FDT_BEGIN_NODE) {
			node = (const char *)p;
			depth++;
			if (depth == 2)
				out->in_cpus = same(node, "cpus");
			if (depth == 3 && out->in_cpus &&
			    starts_with(node, "cpu@"))
				out->nr_cpus++;
			p += (len_of(node) + 4) & ~3UL;
		} else if (token == FDT_PROP) {
			uint32_t len = be32(p);

			on_prop(out, node, depth - 1, strings + be32(p + 4),
				p + 8, len);
			p += 8 + ((len + 3) & ~3U);
		} else if (token == FDT_END_NODE) {
			depth--;
			if (depth == 1)
				out->in_cpus = false;
			node = "";	/* props follow no END_NODE */
		} else if (token == FDT_END) {
			out->stdout_is_uart = out->stdout_path && out->uart_node &&
				out->stdout_path[0] == '/' &&
				same(out->stdout_path + 1, out->uart_node);
			return depth == 0;
		} else if (token != FDT_NOP) {
			return false;
		}
	}
}
