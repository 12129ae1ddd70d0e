// SPDX-License-Identifier: MIT
/*
 * VM configurations in device-tree form (docs/vm-config.md): each child
 * of /vms is a VM, its children its memory, image and devices. Every
 * check vm_create() relies on is made here, and each refusal is one line
 * naming the VM, the node and property, and the cause.
 */
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/printf.h>
#include <vireo/string.h>
#include "vm_config.h"
#include "vm_fdt.h"

/* Guest-physical ranges of devices a VM may have: its GIC's two, its
 * test device, its passthrough devices, and room to spare. */
#define MAX_RANGES 8
#define MAX_PROPS 12		/* of a node, kept by getprop() */

struct parse {
	const void *fdt;
	const struct vm_config_env *env;
	struct vm_config *cfg;
	int ac, sc;			/* its #address-cells, #size-cells */
	uint64_t dev_base[MAX_RANGES], dev_size[MAX_RANGES];
	const char *dev_node[MAX_RANGES];
	const char *region_node[VM_MAX_REGIONS];
	unsigned int nr_devs;
	bool has_image;
	int vm_node;
	int uart_node;
	/* the properties of the node read last (getprop()) */
	int props_node, nr_props;
	const char *prop_name[MAX_PROPS];
	const void *prop_value[MAX_PROPS];
	int prop_len[MAX_PROPS];
	int initrd_node;
};

/*
 * fdt_getprop() over the node's properties read in one walk: libfdt
 * walks (and checks) every tag before the one asked for on each call,
 * and this parse is on the boot's path to the first guest instruction.
 * A node with more properties than kept is asked of libfdt.
 */
static const void *getprop(struct parse *p, int node, const char *name,
			   int *lenp)
{
	int off, i;

	if (p->props_node != node) {
		p->props_node = node;
		p->nr_props = 0;
		fdt_for_each_property_offset(off, p->fdt, node) {
			if (p->nr_props == MAX_PROPS) {
				p->nr_props = -1;
				break;
			}
			p->prop_value[p->nr_props] = fdt_getprop_by_offset(
				p->fdt, off, &p->prop_name[p->nr_props],
				&p->prop_len[p->nr_props]);
			p->nr_props++;
		}
	}
	if (p->nr_props < 0)
		return fdt_getprop(p->fdt, node, name, lenp);
	for (i = 0; i < p->nr_props; i++) {
		if (p->prop_name[i] && !strcmp(p->prop_name[i], name)) {
			if (lenp)
				*lenp = p->prop_len[i];
			return p->prop_value[i];
		}
	}
	if (lenp)
		*lenp = -FDT_ERR_NOTFOUND;
	return NULL;
}

static int refuse(const struct parse *p, int node, const char *prop,
		  const char *why)
{
	const char *name = node >= 0 ? fdt_get_name(p->fdt, node, NULL) : NULL;

	if (name && strcmp(name, p->cfg->name))
		pr_err("vm %s: %s/%s: %s\n", p->cfg->name, name, prop, why);
	else
		pr_err("vm %s: %s: %s\n", p->cfg->name, prop, why);
	return -EINVAL;
}

/* A big-endian number of cells cells (1 or 2) at c. */
static uint64_t cells(const fdt32_t *c, int n)
{
	uint64_t v = fdt32_to_cpu(c[0]);

	if (n == 2)
		v = v << 32 | fdt32_to_cpu(c[1]);
	return v;
}

/* A property of exactly n cells (n cells: 1 or 2) as a number. */
static int read_num(struct parse *p, int node, const char *prop,
		    int n, uint64_t *out)
{
	int len;
	const fdt32_t *c = getprop(p, node, prop, &len);

	if (!c)
		return refuse(p, node, prop, "missing");
	if (len != n * 4)
		return refuse(p, node, prop, "malformed cells");
	*out = cells(c, n);
	return 0;
}

/* reg = <base size>: exactly one range, whole pages, not wrapping. */
static int read_reg(struct parse *p, int node, uint64_t *base,
		    uint64_t *size)
{
	int len;
	const fdt32_t *c = getprop(p, node, "reg", &len);

	if (!c)
		return refuse(p, node, "reg", "missing");
	if (len != (p->ac + p->sc) * 4)
		return refuse(p, node, "reg", "malformed cells");
	*base = cells(c, p->ac);
	*size = cells(c + p->ac, p->sc);
	if (!*size || *base % PAGE_SIZE || *size % PAGE_SIZE)
		return refuse(p, node, "reg", "not whole pages");
	if (*base + *size - 1 < *base)
		return refuse(p, node, "reg", "wraps around");
	return 0;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a <= b + blen - 1 && b <= a + alen - 1;
}

/* A range for node must not overlap any region or device so far. */
static int check_free(const struct parse *p, int node, uint64_t base,
		      uint64_t size)
{
	const struct vm_config *cfg = p->cfg;
	unsigned int i;
	const char *other = NULL;

	for (i = 0; i < cfg->nr_regions && !other; i++)
		if (overlaps(base, size, cfg->regions[i].gpa,
			     cfg->regions[i].size))
			other = p->region_node[i];
	for (i = 0; i < p->nr_devs && !other; i++)
		if (overlaps(base, size, p->dev_base[i], p->dev_size[i]))
			other = p->dev_node[i];
	if (other) {
		pr_err("vm %s: %s/reg: overlaps %s\n", cfg->name,
		       fdt_get_name(p->fdt, node, NULL), other);
		return -EINVAL;
	}
	return 0;
}

static int parse_region(struct parse *p, int node, bool read_only)
{
	struct vm_config *cfg = p->cfg;
	uint64_t base, size;
	int err = read_reg(p, node, &base, &size);

	if (!err)
		err = check_free(p, node, base, size);
	if (err)
		return err;
	if (cfg->nr_regions == VM_MAX_REGIONS)
		return refuse(p, node, "reg", "too many memory regions");
	p->region_node[cfg->nr_regions] = fdt_get_name(p->fdt, node, NULL);
	cfg->regions[cfg->nr_regions++] =
		(struct vm_region){ base, size, read_only };
	return 0;
}

/* A device's range, checked free and remembered for the next checks. */
static int claim_range(struct parse *p, int node, uint64_t base,
		       uint64_t size)
{
	int err = check_free(p, node, base, size);

	if (err)
		return err;
	if (p->nr_devs == MAX_RANGES)
		return refuse(p, node, "reg", "too many devices");
	p->dev_node[p->nr_devs] = fdt_get_name(p->fdt, node, NULL);
	p->dev_base[p->nr_devs] = base;
	p->dev_size[p->nr_devs++] = size;
	return 0;
}

/* The VM's interrupt controller is the architecture's: a GIC on
 * aarch64, a PLIC on riscv64 (ARCH_VM_RISCV_GUEST). */
#ifdef ARCH_VM_RISCV_GUEST
#define INTC_NAME "PLIC (a sifive,plic-1.0.0 node)"
#else
#define INTC_NAME "GIC (an arm,cortex-a15-gic node)"
#endif

static int not_this_arch(struct parse *p, int node)
{
	return refuse(p, node, "compatible", "not this architecture's "
		      "interrupt controller: a " INTC_NAME);
}

/* reg = <GICD 0x1000 GICC 0x2000>, the GICv2 the guest sees. */
static int parse_gic(struct parse *p, int node)
{
	struct vm_config *cfg = p->cfg;
	int len, n = p->ac + p->sc;
	const fdt32_t *c = getprop(p, node, "reg", &len);

#ifdef ARCH_VM_RISCV_GUEST
	return not_this_arch(p, node);
#endif
	if (!c)
		return refuse(p, node, "reg", "missing");
	if (len != 2 * n * 4)
		return refuse(p, node, "reg", "malformed cells (GICD, GICC)");
	if (cfg->has_gic)
		return refuse(p, node, "compatible", "a second GIC");
	cfg->gicd_base = cells(c, p->ac);
	cfg->gicc_base = cells(c + n, p->ac);
	if (cells(c + p->ac, p->sc) != 0x1000 ||
	    cells(c + n + p->ac, p->sc) != 0x2000 ||
	    cfg->gicd_base % PAGE_SIZE || cfg->gicc_base % PAGE_SIZE)
		return refuse(p, node, "reg",
			      "GICD one page and GICC two, page aligned");
	cfg->has_gic = true;
	if (claim_range(p, node, cfg->gicd_base, 0x1000) ||
	    claim_range(p, node, cfg->gicc_base, 0x2000))
		return -EINVAL;
	return 0;
}

/* reg = <base ARCH_VM_PLIC_SIZE>: the PLIC the guest sees, one context
 * per vCPU. */
static int parse_plic(struct parse *p, int node)
{
#ifdef ARCH_VM_RISCV_GUEST
	struct vm_config *cfg = p->cfg;
	uint64_t base, size;

	if (read_reg(p, node, &base, &size))
		return -EINVAL;
	if (size != ARCH_VM_PLIC_SIZE)
		return refuse(p, node, "reg", "the PLIC is 0x400000 bytes");
	if (cfg->has_plic)
		return refuse(p, node, "compatible", "a second PLIC");
	cfg->has_plic = true;
	cfg->plic_base = base;
	return claim_range(p, node, base, size);
#else
	return not_this_arch(p, node);
#endif
}

/* An emulated device of one page, the VM's only one of its kind (what
 * says "the <what> is one page", "a second <what>"): its base. */
static int one_page_device(struct parse *p, int node, bool present,
			   const char *what, uint64_t *base)
{
	uint64_t size;
	char why[40];
	int err = read_reg(p, node, base, &size);

	if (err)
		return err;
	if (size != PAGE_SIZE) {
		snprintf(why, sizeof(why), "the %s is one page", what);
		return refuse(p, node, "reg", why);
	}
	if (present) {
		snprintf(why, sizeof(why), "a second %s", what);
		return refuse(p, node, "compatible", why);
	}
	return claim_range(p, node, *base, size);
}

static int parse_test_device(struct parse *p, int node)
{
	uint64_t base;

	if (one_page_device(p, node, p->cfg->test_device, "test device",
			    &base))
		return -EINVAL;
	p->cfg->test_device = true;
	p->cfg->test_device_base = base;
	return 0;
}

/* interrupts = <0 N 4>: the GIC binding's SPI N, level high, as the
 * model drives it (riscv64: <N>, the PLIC's source N, 1 or above); the
 * test device's SPI is taken. */
static int parse_uart_irq(struct parse *p, int node)
{
	struct vm_config *cfg = p->cfg;
	int len;
	const fdt32_t *c = getprop(p, node, "interrupts", &len);
	uint32_t spi;

	if (!c)
		return 0;		/* polled */
#ifdef ARCH_VM_RISCV_GUEST
	if (len != 4)
		return refuse(p, node, "interrupts",
			      "malformed cells (<source>, the PLIC's)");
	spi = fdt32_to_cpu(c[0]);
	if (spi == 0 || spi >= ARCH_VM_NR_SPIS) {
		pr_err("vm %s: %s/interrupts: source %u, the VM's PLIC has "
		       "1-%u\n", cfg->name, fdt_get_name(p->fdt, node, NULL),
		       spi, ARCH_VM_NR_SPIS - 1);
		return -EINVAL;
	}
	cfg->uart_has_irq = true;
	cfg->uart_spi = spi;
	return 0;
#endif
	if (len != 3 * 4)
		return refuse(p, node, "interrupts",
			      "malformed cells (<0 SPI 4>)");
	spi = fdt32_to_cpu(c[1]);
	if (fdt32_to_cpu(c[0]) != 0 || fdt32_to_cpu(c[2]) != 4)
		return refuse(p, node, "interrupts",
			      "not an SPI, level high (<0 SPI 4>)");
	if (spi >= ARCH_VM_NR_SPIS) {
		pr_err("vm %s: %s/interrupts: SPI %u, the VM's GIC has %u\n",
		       cfg->name, fdt_get_name(p->fdt, node, NULL), spi,
		       ARCH_VM_NR_SPIS);
		return -EINVAL;
	}
	cfg->uart_has_irq = true;
	cfg->uart_spi = spi;
	return 0;
}

/* An arm,pl011: reg = <base 0x1000>, interrupts optional. */
static int parse_uart(struct parse *p, int node)
{
	uint64_t base;

	if (one_page_device(p, node, p->cfg->uart, "UART", &base) ||
	    parse_uart_irq(p, node))
		return -EINVAL;
	p->cfg->uart = true;
	p->cfg->uart_model = VM_UART_PL011;
	p->cfg->uart_base = base;
	p->cfg->uart_size = VPL011_SIZE;
	p->uart_node = node;
	return 0;
}

/* The ports of a 16550 at vireo,io-port = <port> (x86 port I/O). */
static int read_io_port(struct parse *p, int node, uint64_t *port)
{
	if (read_num(p, node, "vireo,io-port", 1, port))
		return -EINVAL;
	if (!ARCH_VM_HAS_PORT_IO)
		return refuse(p, node, "vireo,io-port",
			      "this architecture has no I/O ports");
	if (*port > 0x10000 - VNS16550_REGS)
		return refuse(p, node, "vireo,io-port", "past port 0xffff");
	if (p->cfg->uart)
		return refuse(p, node, "compatible", "a second UART");
	return 0;
}

/* An ns16550a: reg = <base 0x1000> with reg-shift (0, 1 or 2; default
 * 0), or eight I/O ports at vireo,io-port; interrupts optional. */
static int parse_ns16550(struct parse *p, int node)
{
	struct vm_config *cfg = p->cfg;
	bool pio = getprop(p, node, "vireo,io-port", NULL) != NULL;
	uint64_t base, shift = 0;

	if (pio ? read_io_port(p, node, &base) :
		  one_page_device(p, node, cfg->uart, "UART", &base))
		return -EINVAL;
	if (getprop(p, node, "reg-shift", NULL) &&
	    read_num(p, node, "reg-shift", 1, &shift))
		return -EINVAL;
	if (shift > 2)
		return refuse(p, node, "reg-shift", "not 0, 1 or 2");
	if (parse_uart_irq(p, node))
		return -EINVAL;
	cfg->uart = true;
	cfg->uart_model = VM_UART_NS16550;
	cfg->uart_pio = pio;
	cfg->uart_base = base;
	cfg->uart_size = pio ? VNS16550_REGS : PAGE_SIZE;
	cfg->uart_reg_shift = (unsigned int)shift;
	p->uart_node = node;
	return 0;
}

/* What needs the whole VM read: a UART interrupt needs its GIC, and
 * not the test device's line. */
static int check_uart(struct parse *p)
{
	const struct vm_config *cfg = p->cfg;

	if (!cfg->uart_has_irq)
		return 0;
	if (!cfg->has_gic && !cfg->has_plic && !ARCH_VM_BUILTIN_INTC)
		return refuse(p, p->uart_node, "interrupts",
			      "the VM has no " INTC_NAME);
	if (cfg->test_device && cfg->uart_spi == ARCH_VM_TESTDEV_SPI) {
		pr_err("vm %s: %s/interrupts: SPI %u is the test device's\n",
		       cfg->name, fdt_get_name(p->fdt, p->uart_node, NULL),
		       cfg->uart_spi);
		return -EINVAL;
	}
	return 0;
}

/* Does [base, base + size) overlap RAM the board's tree describes (the
 * hypervisor's: its page allocator's)? */
static bool host_ram(const void *fdt, uint64_t base, uint64_t size)
{
	struct mem_region r;
	int node, i;

	dt_for_each_subnode(node, fdt, 0) {
		if (!dt_is_memory_node(fdt, node))
			continue;
		for (i = 0; !dt_reg(fdt, node, i, &r); i++)
			if (r.size && overlaps(base, size, r.base, r.size))
				return true;
	}
	return false;
}

/* Does cfg pass the host device at host_pa through already? */
static bool given_before(const struct vm_config *cfg, paddr_t host_pa)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_passthrough; i++)
		if (cfg->passthrough[i].host_pa == host_pa)
			return true;
	return false;
}

/* host-device = "<path>": its node in the board's tree gives the host
 * address (reg[0], whole pages, the guest reg's size) and interrupts. */
static int passthrough_host(struct parse *p, int node,
			    struct vm_passthrough *pt, int *host_node)
{
	const void *host = p->env->host_fdt;
	const char *path = getprop(p, node, "host-device", NULL);
	struct mem_region r;
	char why[96];

	if (!path)
		return refuse(p, node, "host-device", "missing");
	pt->host_path = path;
	*host_node = host ? dt_path_offset(host, path) : -1;
	if (*host_node < 0 || dt_reg(host, *host_node, 0, &r)) {
		snprintf(why, sizeof(why), "%s: no such node with a reg in "
			 "the board's device tree", path);
		return refuse(p, node, "host-device", why);
	}
	why[0] = '\0';
	if (r.base % PAGE_SIZE || r.size % PAGE_SIZE)
		snprintf(why, sizeof(why), "%s: its reg is not whole pages",
			 path);
	else if (host_ram(host, r.base, r.size))
		snprintf(why, sizeof(why), "%s: RAM the hypervisor owns",
			 path);
	else if (p->env->host_driven && p->env->host_driven(host, *host_node))
		snprintf(why, sizeof(why), "%s: a device the hypervisor "
			 "drives", path);
	else if (given_before(p->cfg, r.base))
		snprintf(why, sizeof(why), "%s: given twice", path);
	else if (r.size != pt->size)
		snprintf(why, sizeof(why), "%s: its reg is %#llx bytes, the "
			 "guest's %#llx", path, (unsigned long long)r.size,
			 (unsigned long long)pt->size);
	if (why[0])
		return refuse(p, node, "host-device", why);
	pt->host_pa = r.base;
	return 0;
}

#ifdef ARCH_VM_RISCV_GUEST
/* interrupts = <source>...: the PLIC binding's one cell, level (as the
 * PLIC's gateways take QEMU virt's devices). */
#define PT_CELLS 1
#define PT_FORMAT "<source>"

static int pt_irq_cells(struct parse *p, int node, const fdt32_t *c,
			struct vm_pt_irq *irq)
{
	uint32_t source = fdt32_to_cpu(c[0]);
	char why[64];

	if (source == 0 || source >= p->env->nr_virqs) {
		snprintf(why, sizeof(why), "source %u, the VM's PLIC has 1-%u",
			 source, p->env->nr_virqs - 1);
		return refuse(p, node, "interrupts", why);
	}
	irq->virq = ARCH_VM_SPI_VIRQ(source);
	irq->level = true;
	return 0;
}
#else
/* interrupts = <0 SPI flags>...: the GIC binding's three cells. */
#define PT_CELLS 3
#define PT_FORMAT "<0 SPI flags>"

static int pt_irq_cells(struct parse *p, int node, const fdt32_t *c,
			struct vm_pt_irq *irq)
{
	uint32_t type = fdt32_to_cpu(c[0]);
	uint32_t spi = fdt32_to_cpu(c[1]);
	uint32_t trigger = fdt32_to_cpu(c[2]) & 0xf;
	char why[64];

	if (type != 0)
		return refuse(p, node, "interrupts",
			      "only SPIs (type 0) can be passed through");
	if (trigger != 1 && trigger != 4)
		return refuse(p, node, "interrupts", "trigger: edge "
			      "rising (1) or level high (4)");
	irq->virq = ARCH_VM_SPI_VIRQ(spi);
	irq->level = trigger == 4;
	if (irq->virq >= p->env->nr_virqs) {
		snprintf(why, sizeof(why), "SPI %u: the VM's GIC has %u", spi,
			 p->env->nr_virqs - 32);
		return refuse(p, node, "interrupts", why);
	}
	return 0;
}
#endif

/* interrupts: the guest's, each forwarded from the host device's
 * interrupt of the same index. */
static int passthrough_irqs(struct parse *p, int node,
			    struct vm_passthrough *pt, int host_node)
{
	int len, i, err;
	const fdt32_t *c = getprop(p, node, "interrupts", &len);
	char why[96];

	if (!c)
		return 0;	/* its registers only */
	if (len % (4 * PT_CELLS) || len / (4 * PT_CELLS) > VM_PT_MAX_IRQS)
		return refuse(p, node, "interrupts", "malformed cells "
			      "(up to 4 of " PT_FORMAT ")");
	for (i = 0; i < len / (4 * PT_CELLS); i++) {
		struct vm_pt_irq *irq = &pt->irqs[i];

		if (pt_irq_cells(p, node, c + PT_CELLS * i, irq))
			return -EINVAL;
		err = p->env->host_irq ? p->env->host_irq(p->env->host_fdt,
							   host_node, i,
							   &irq->host) : -ENODEV;
		if (err) {
			snprintf(why, sizeof(why), "%s: no interrupt %d (%s)",
				 pt->host_path, i, errno_name(err));
			return refuse(p, node, "host-device", why);
		}
	}
	pt->nr_irqs = (unsigned int)(len / (4 * PT_CELLS));
	return 0;
}

static int parse_passthrough(struct parse *p, int node)
{
	struct vm_config *cfg = p->cfg;
	struct vm_passthrough *pt = &cfg->passthrough[cfg->nr_passthrough];
	int host_node = -1;

	if (cfg->nr_passthrough == VM_MAX_PASSTHROUGH)
		return refuse(p, node, "compatible",
			      "more than 2 passthrough devices");
	memset(pt, 0, sizeof(*pt));
	pt->name = fdt_get_name(p->fdt, node, NULL);
	if (read_reg(p, node, &pt->gpa, &pt->size) ||
	    claim_range(p, node, pt->gpa, pt->size) ||
	    passthrough_host(p, node, pt, &host_node) ||
	    passthrough_irqs(p, node, pt, host_node))
		return -EINVAL;
	cfg->nr_passthrough++;
	return 0;
}

/* Each virtual interrupt one source: passthrough SPIs need the GIC and
 * must differ from each other and from the test device's. */
static int check_virqs(struct parse *p)
{
	const struct vm_config *cfg = p->cfg;
	unsigned int seen[2 + VM_MAX_PASSTHROUGH * VM_PT_MAX_IRQS];
	unsigned int n = 0, i, j, k;

	if (cfg->test_device)
		seen[n++] = ARCH_VM_TESTDEV_VIRQ;
	if (cfg->uart_has_irq)
		seen[n++] = ARCH_VM_SPI_VIRQ(cfg->uart_spi);
	for (i = 0; i < cfg->nr_passthrough; i++) {
		const struct vm_passthrough *pt = &cfg->passthrough[i];
		int node = fdt_subnode_offset(p->fdt, p->vm_node, pt->name);

		if (pt->nr_irqs && !cfg->has_gic && !cfg->has_plic)
			return refuse(p, node, "interrupts",
				      "the VM has no " INTC_NAME);
		for (j = 0; j < pt->nr_irqs; j++) {
			for (k = 0; k < n; k++)
				if (seen[k] == pt->irqs[j].virq)
					return refuse(p, node, "interrupts",
						      "an SPI another device "
						      "of the VM drives");
			seen[n++] = pt->irqs[j].virq;
		}
	}
	return 0;
}

/* Where an image's or initrd's bytes are: builtin = "name", or
 * phys-address + size where a loader put them. */
struct blob_source {
	const void *data;
	size_t size;
	bool from_loader;
};

static int blob_source(struct parse *p, int node, struct blob_source *src)
{
	const char *builtin = getprop(p, node, "builtin", NULL);
	uint64_t pa, size;
	unsigned int i;

	if (builtin) {
		for (i = 0; i < p->env->nr_images; i++) {
			if (!strcmp(p->env->images[i].name, builtin)) {
				src->data = p->env->images[i].data;
				src->size = p->env->images[i].size;
				return 0;
			}
		}
		return refuse(p, node, "builtin", "no such built-in image");
	}
	if (!getprop(p, node, "phys-address", NULL))
		return refuse(p, node, "builtin", "missing (or phys-address)");
	if (read_num(p, node, "phys-address", p->ac, &pa) ||
	    read_num(p, node, "size", p->sc, &size))
		return -EINVAL;
	if (!size)
		return refuse(p, node, "size", "empty image");
	src->data = (const void *)(uintptr_t)pa;
	src->size = (size_t)size;
	src->from_loader = true;
	return 0;
}

static int parse_image(struct parse *p, int node)
{
	struct vm_config *cfg = p->cfg;
	struct blob_source src = { 0 };

	if (p->has_image)
		return refuse(p, node, "compatible", "a second image");
	p->has_image = true;
	if (blob_source(p, node, &src) ||
	    read_num(p, node, "load-address", p->ac, &cfg->image_gpa) ||
	    read_num(p, node, "entry", p->ac, &cfg->entry))
		return -EINVAL;
	cfg->image = src.data;
	cfg->image_size = src.size;
	cfg->image_from_loader = src.from_loader;
	return 0;
}

/* An initial RAM disk: its bytes as an image's, and its load-address. */
static int parse_initrd(struct parse *p, int node)
{
	struct vm_config *cfg = p->cfg;
	struct blob_source src = { 0 };

	if (cfg->initrd)
		return refuse(p, node, "compatible", "a second initrd");
	if (blob_source(p, node, &src) ||
	    read_num(p, node, "load-address", p->ac, &cfg->initrd_gpa))
		return -EINVAL;
	cfg->initrd = src.data;
	cfg->initrd_size = src.size;
	cfg->initrd_from_loader = src.from_loader;
	p->initrd_node = node;
	return 0;
}

static int parse_child(struct parse *p, int node)
{
	const char *compat = getprop(p, node, "compatible", NULL);

	if (!compat)
		return refuse(p, node, "compatible", "missing");
	if (!strcmp(compat, "vireo,ram"))
		return parse_region(p, node, false);
	if (!strcmp(compat, "vireo,rom"))
		return parse_region(p, node, true);
	if (!strcmp(compat, "vireo,image"))
		return parse_image(p, node);
	if (!strcmp(compat, "vireo,initrd"))
		return parse_initrd(p, node);
	if (!strcmp(compat, "vireo,test-device"))
		return parse_test_device(p, node);
	if (!strcmp(compat, "arm,cortex-a15-gic"))
		return parse_gic(p, node);
	if (!strcmp(compat, "sifive,plic-1.0.0"))
		return parse_plic(p, node);
	if (!strcmp(compat, "arm,pl011"))
		return parse_uart(p, node);
	if (!strcmp(compat, "ns16550a") || !strcmp(compat, "ns16550"))
		return parse_ns16550(p, node);
	if (!strcmp(compat, "vireo,passthrough"))
		return parse_passthrough(p, node);
	pr_err("vm %s: %s/compatible: unknown device \"%s\"\n", p->cfg->name,
	       fdt_get_name(p->fdt, node, NULL), compat);
	return -EINVAL;
}

static int parse_vcpus(struct parse *p, int node)
{
	struct vm_config *cfg = p->cfg;
	uint64_t n;
	const fdt32_t *c;
	int len, i;

	if (read_num(p, node, "vcpus", 1, &n))
		return -EINVAL;
	if (!n || n > VM_MAX_VCPUS) {
		pr_err("vm %s: vcpus: %llu, must be 1 to %u\n", cfg->name,
		       (unsigned long long)n, VM_MAX_VCPUS);
		return -EINVAL;
	}
	cfg->nr_vcpus = (unsigned int)n;
	c = getprop(p, node, "cpus", &len);
	if (!c)
		return refuse(p, node, "cpus", "missing");
	if (len != (int)n * 4)
		return refuse(p, node, "cpus",
			      "malformed cells (one per vCPU)");
	for (i = 0; i < (int)n; i++) {
		uint32_t cpu = fdt32_to_cpu(c[i]);

		if (cpu >= p->env->nr_cpus) {
			pr_err("vm %s: cpus: CPU %u, the machine has %u\n",
			       cfg->name, cpu, p->env->nr_cpus);
			return -EINVAL;
		}
		cfg->cpus[i] = (uint8_t)cpu;
	}
	return 0;
}

static int parse_boot_args(struct parse *p, int node)
{
	int len, i;
	const fdt32_t *c = getprop(p, node, "boot-args", &len);

	if (!c)
		return 0;
	if (len % 8 || len / 8 > VM_MAX_BOOT_ARGS)
		return refuse(p, node, "boot-args",
			      "malformed cells (up to 3 64-bit values)");
	for (i = 0; i < len / 8; i++)
		p->cfg->args[i] = cells(c + 2 * i, 2);
	return 0;
}

/* The device tree at gpa must be clear of what is loaded: the image
 * and the initrd (what names the conflict depends on who chose gpa). */
static int dtb_clear(struct parse *p, uint64_t gpa, bool by_default)
{
	const struct vm_config *cfg = p->cfg;

	if (overlaps(gpa, VM_FDT_MAX, cfg->image_gpa, cfg->image_size ?: 1))
		return by_default ?
			refuse(p, -2, "image", "overlaps its device tree "
			       "(the last 4 KiB of its RAM)") :
			refuse(p, -2, "dtb-address", "overlaps the image");
	if (cfg->initrd &&
	    overlaps(gpa, VM_FDT_MAX, cfg->initrd_gpa, cfg->initrd_size))
		return by_default ?
			refuse(p, -2, "initrd", "overlaps its device tree "
			       "(the last 4 KiB of its RAM)") :
			refuse(p, -2, "dtb-address", "overlaps the initrd");
	return 0;
}

/* Its device tree: at dtb-address, else in the last VM_FDT_MAX bytes of
 * its highest RAM region; in RAM, 8-byte aligned, clear of the image
 * and the initrd. */
static int place_dtb(struct parse *p)
{
	struct vm_config *cfg = p->cfg;
	const struct vm_region *r = NULL;
	uint64_t gpa;
	bool by_default = !getprop(p, p->vm_node, "dtb-address", NULL);
	unsigned int i;

	if (!by_default) {
		if (read_num(p, p->vm_node, "dtb-address", p->ac, &gpa))
			return -EINVAL;
		r = vm_region_of(cfg, gpa);
		if (gpa % 8)
			return refuse(p, -2, "dtb-address",
				      "not 8-byte aligned");
		if (!r || r->read_only || gpa - r->gpa > r->size - VM_FDT_MAX)
			return refuse(p, -2, "dtb-address",
				      "not 4 KiB of its RAM");
	} else {
		for (i = 0; i < cfg->nr_regions; i++)
			if (!cfg->regions[i].read_only &&
			    (!r || cfg->regions[i].gpa > r->gpa))
				r = &cfg->regions[i];
		if (!r)
			return refuse(p, -2, "memory",
				      "no RAM for its device tree");
		gpa = r->gpa + r->size - VM_FDT_MAX;
	}
	if (dtb_clear(p, gpa, by_default))
		return -EINVAL;
	cfg->dtb_gpa = gpa;
	return 0;
}

/* size bytes from gpa lie in its memory without a gap (in RAM only, not
 * a vireo,rom region, when ram_only). */
static bool fits(const struct vm_config *cfg, uint64_t gpa, uint64_t size,
		 bool ram_only)
{
	uint64_t end = gpa + size;

	if (end < gpa)
		return false;
	while (gpa < end) {
		const struct vm_region *r = vm_region_of(cfg, gpa);

		if (!r || (ram_only && r->read_only))
			return false;
		gpa = r->gpa + r->size;
	}
	return true;
}

/* The initrd in RAM (the guest frees it once unpacked), clear of the
 * image. */
static int check_initrd(struct parse *p)
{
	const struct vm_config *cfg = p->cfg;

	if (!cfg->initrd)
		return 0;
	if (!fits(cfg, cfg->initrd_gpa, cfg->initrd_size, true))
		return refuse(p, -2, "initrd", "does not fit in its RAM");
	if (overlaps(cfg->initrd_gpa, cfg->initrd_size, cfg->image_gpa,
		     cfg->image_size))
		return refuse(p, -2, "initrd", "overlaps the image");
	return 0;
}

/* The image lies in memory without a gap, the entry in memory. */
static int check_layout(struct parse *p, int node)
{
	const struct vm_config *cfg = p->cfg;

	if (!cfg->nr_regions)
		return refuse(p, node, "memory", "missing (a vireo,ram node)");
	if (!p->has_image)
		return refuse(p, node, "image", "missing (a vireo,image node)");
	if (!fits(cfg, cfg->image_gpa, cfg->image_size, false))
		return refuse(p, node, "image", "does not fit in its memory");
	if (!vm_region_of(cfg, cfg->entry))
		return refuse(p, node, "entry", "outside its memory");
	return check_initrd(p) ?: check_uart(p) ?: check_virqs(p) ?: place_dtb(p);
}

/*
 * An arm64 Linux Image (Documentation/arch/arm64/booting.rst): a 64-byte
 * header, little endian, with text_offset at 8, image_size at 16, flags
 * at 24 and the magic "ARM\x64" at 56. It must go at a 2 MiB aligned
 * base + text_offset and be entered at its first byte; image_size bytes
 * from there are its own (its BSS), which nothing else may be copied to.
 */
#define ARM64_IMAGE_MAGIC 0x644d5241u	/* "ARM\x64" */
#define ARM64_IMAGE_ALIGN 0x200000ULL

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool in_image(const struct vm_config *cfg, uint64_t gpa,
		     uint64_t size, uint64_t image_size)
{
	return size && overlaps(gpa, size, cfg->image_gpa, image_size);
}

int vm_config_check_image(const struct vm_config *cfg)
{
	const uint8_t *h = cfg->image;
	uint64_t text_offset, image_size;
	const char *why = NULL;

	if (cfg->image_size < 64 || (uint32_t)le64_at(h + 56) != ARM64_IMAGE_MAGIC)
		return 0;		/* not an arm64 Image: as it is */
	text_offset = le64_at(h + 8);
	image_size = le64_at(h + 16);
	if (!image_size)		/* older kernels: 0, size unknown */
		image_size = cfg->image_size;
	if ((cfg->image_gpa - text_offset) % ARM64_IMAGE_ALIGN ||
	    cfg->image_gpa < text_offset)
		why = "load-address: not a 2 MiB aligned base + text_offset";
	else if (cfg->entry != cfg->image_gpa)
		why = "entry: not its first byte (load-address)";
	else if (!fits(cfg, cfg->image_gpa, image_size, true))
		why = "image_size: does not fit in its RAM";
	else if (cfg->initrd && in_image(cfg, cfg->initrd_gpa,
					 cfg->initrd_size, image_size))
		why = "image_size: the initrd is in it";
	else if (in_image(cfg, cfg->dtb_gpa, VM_FDT_MAX, image_size))
		why = "image_size: its device tree is in it";
	if (!why)
		return 0;
	pr_err("vm %s: image: arm64 Image (text_offset 0x%llx, image_size 0x%llx): %s\n",
	       cfg->name, (unsigned long long)text_offset,
	       (unsigned long long)image_size, why);
	return -EINVAL;
}

int vm_config_parse_vm(const void *fdt, int node,
		       const struct vm_config_env *env, struct vm_config *cfg)
{
	struct parse p = {
		.fdt = fdt, .env = env, .cfg = cfg, .vm_node = node,
		.props_node = -1
	};
	const char *compat;
	uint64_t ac, sc;
	int child, len;

	memset(cfg, 0, sizeof(*cfg));
	cfg->name = fdt_get_name(fdt, node, NULL);
	if (!cfg->name)
		cfg->name = "?";
	if (read_num(&p, node, "#address-cells", 1, &ac) ||
	    read_num(&p, node, "#size-cells", 1, &sc))
		return -EINVAL;
	if (ac < 1 || ac > 2)
		return refuse(&p, -2, "#address-cells", "must be 1 or 2");
	if (sc < 1 || sc > 2)
		return refuse(&p, -2, "#size-cells", "must be 1 or 2");
	p.ac = (int)ac;
	p.sc = (int)sc;
	compat = getprop(&p, node, "compatible", NULL);
	if (!compat)
		return refuse(&p, -2, "compatible", "missing");
	if (strcmp(compat, "vireo,vm"))
		return refuse(&p, -2, "compatible", "not \"vireo,vm\"");
	if (parse_vcpus(&p, node) || parse_boot_args(&p, node))
		return -EINVAL;
	cfg->bootargs = getprop(&p, node, "bootargs", &len);
	if (cfg->bootargs && (len < 1 || cfg->bootargs[len - 1]))
		return refuse(&p, -2, "bootargs", "not a string");
	fdt_for_each_subnode(child, fdt, node)
		if (parse_child(&p, child))
			return -EINVAL;
	if (check_layout(&p, -2))
		return -EINVAL;
	/* a loader's bytes are read once they are claimed (core/vms.c) */
	return cfg->image_from_loader ? 0 : vm_config_check_image(cfg);
}

/* A host device is one VM's: cfgs[n]'s passthrough devices must not be
 * those of a VM before it (they may run at the same time). */
static bool assigned_before(const struct vm_config *cfgs, unsigned int n)
{
	const struct vm_config *cfg = &cfgs[n];
	unsigned int i, j;

	for (i = 0; i < cfg->nr_passthrough; i++) {
		const struct vm_passthrough *pt = &cfg->passthrough[i];

		for (j = 0; j < n; j++)
			if (given_before(&cfgs[j], pt->host_pa)) {
				pr_err("vm %s: %s/host-device: %s is vm %s's\n",
				       cfg->name, pt->name, pt->host_path,
				       cfgs[j].name);
				return true;
			}
	}
	return false;
}

int vm_config_parse(const void *fdt, const struct vm_config_env *env,
		    struct vm_config *cfgs, unsigned int max,
		    unsigned int *nr_good, unsigned int *nr_bad)
{
	int vms, node;

	*nr_good = *nr_bad = 0;
	if (fdt_check_header(fdt)) {
		pr_err("vm configuration: not a device tree blob\n");
		return -EINVAL;
	}
	vms = fdt_subnode_offset(fdt, 0, "vms");
	if (vms < 0) {
		pr_err("vm configuration: no /vms node\n");
		return -EINVAL;
	}
	fdt_for_each_subnode(node, fdt, vms) {
		if (*nr_good == max) {
			pr_err("vm %s: more than %u VMs\n",
			       fdt_get_name(fdt, node, NULL), max);
			++*nr_bad;
		} else if (vm_config_parse_vm(fdt, node, env,
					      &cfgs[*nr_good]) ||
			   assigned_before(cfgs, *nr_good)) {
			++*nr_bad;
		} else {
			++*nr_good;
		}
	}
	return 0;
}
