// SPDX-License-Identifier: MIT
/*
 * The emulated GICv2 distributor (asm/vgic.h). Register map: ARM IHI
 * 0048B section 4.3 (table 4-1). Pure C over struct vgic_dist, so the
 * host unit tests drive it through the same accesses a guest makes.
 *
 * What this distributor implements, where the spec leaves a choice:
 * no Security Extensions (IGROUPR RAZ/WI), SGIs always enabled (their
 * ISENABLER bits RAO/WI, as on GIC-400), PPIs level-sensitive (their
 * ICFGR fields read-only), 5 priority bits (those a list register
 * carries: GICH_LR.Priority holds priority[7:3]), reserved registers
 * RAZ/WI. Only word accesses, and byte accesses where the spec allows
 * them (IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR).
 */
#include <asm/vgic.h>
#include <vireo/errno.h>
#include <vireo/string.h>

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_CPENDSGIR 0xf10
#define GICD_SPENDSGIR 0xf20
#define GICD_ICPIDR2 0xfe8
#define GICD_CIDR0 0xff0

/* the size of each register bank in the map, by bits per interrupt */
#define BANK_1BIT 0x80
#define BANK_8BIT 0x400
#define BANK_2BIT 0x100

/* Product 0x56 (Vireo's), revision 0, implementer JEP106 0x43b. */
#define VGIC_IIDR 0x5600043bu
#define ICPIDR2_ARCHREV_2 0x20u
/* CIDR0-3: the CoreSight component identification (0xb105f00d) */
static const uint8_t cidr[4] = { 0x0d, 0xf0, 0x05, 0xb1 };

#define PRIORITY_MASK 0xf8u
#define SGIR_FILTER(v) (((v) >> 24) & 3)
#define SGIR_TARGETS(v) (((v) >> 16) & 0xff)
#define SGIR_INTID(v) ((v) & 0xf)
#define SGIR_FILTER_LIST 0
#define SGIR_FILTER_OTHERS 1
#define SGIR_FILTER_SELF 2

enum bit_reg { SET_ENABLE, CLEAR_ENABLE, SET_PENDING, CLEAR_PENDING,
	       SET_ACTIVE, CLEAR_ACTIVE };

void vgic_dist_init(struct vgic_dist *d, unsigned int nr_vcpus)
{
	unsigned int c, i;

	memset(d, 0, sizeof(*d));
	d->nr_vcpus = nr_vcpus;
	for (c = 0; c < VGIC_MAX_VCPUS; c++)
		for (i = 0; i < VGIC_NR_SGIS; i++) {
			d->priv[c][i].enabled = true;
			d->priv[c][i].edge = true;
		}
}

struct vgic_irq *vgic_irq(struct vgic_dist *d, unsigned int vcpu,
			  unsigned int intid)
{
	if (vcpu >= d->nr_vcpus || intid >= VGIC_NR_IRQS)
		return NULL;
	if (intid < VGIC_NR_PRIVATE)
		return &d->priv[vcpu][intid];
	return &d->spi[intid - VGIC_NR_PRIVATE];
}

static bool is_pending(const struct vgic_irq *irq, unsigned int intid)
{
	if (intid < VGIC_NR_SGIS)
		return irq->sgi_sources;
	return irq->pending || (!irq->edge && irq->level);
}

static bool targets(const struct vgic_dist *d, unsigned int vcpu,
		    unsigned int intid, const struct vgic_irq *irq)
{
	/* uniprocessor: ITARGETSR is RAZ/WI, everything goes to CPU 0 */
	return intid < VGIC_NR_PRIVATE || d->nr_vcpus == 1 ||
	       irq->targets & (1u << vcpu);
}

bool vgic_deliverable(struct vgic_dist *d, unsigned int vcpu,
		      unsigned int intid)
{
	struct vgic_irq *irq = vgic_irq(d, vcpu, intid);

	return irq && d->enabled && irq->enabled && !irq->in_lr &&
	       is_pending(irq, intid) && targets(d, vcpu, intid, irq);
}

/* The best of n interrupts from first (INTID first_intid) for vcpu:
 * better than *prio, it updates *prio and *best; *found counts the
 * deliverable ones. On every entry with something to deliver: one pass,
 * the cheap tests first. */
static void best_of(const struct vgic_dist *d, unsigned int vcpu,
		    const struct vgic_irq *first, unsigned int first_intid,
		    unsigned int n, unsigned int *prio, unsigned int *best,
		    unsigned int *found)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct vgic_irq *irq = &first[i];

		if (!irq->enabled || irq->in_lr ||
		    !is_pending(irq, first_intid + i) ||
		    !targets(d, vcpu, first_intid + i, irq))
			continue;
		++*found;
		if (irq->priority < *prio) {
			*prio = irq->priority;
			*best = first_intid + i;
		}
	}
}

unsigned int vgic_next_more(struct vgic_dist *d, unsigned int vcpu,
			    bool *more)
{
	unsigned int best = VGIC_SPURIOUS, prio = 0x100, found = 0;

	*more = false;
	if (!d->enabled || vcpu >= d->nr_vcpus)
		return VGIC_SPURIOUS;
	best_of(d, vcpu, d->priv[vcpu], 0, VGIC_NR_PRIVATE, &prio, &best,
		&found);
	best_of(d, vcpu, d->spi, VGIC_NR_PRIVATE, VGIC_NR_SPIS, &prio, &best,
		&found);
	*more = found > 1;
	return best;
}

unsigned int vgic_next(struct vgic_dist *d, unsigned int vcpu)
{
	bool more;

	return vgic_next_more(d, vcpu, &more);
}

int vgic_set_line(struct vgic_dist *d, unsigned int vcpu, unsigned int intid,
		  bool high)
{
	struct vgic_irq *irq = vgic_irq(d, vcpu, intid);

	if (!irq || intid < VGIC_NR_SGIS)
		return -EINVAL;
	if (irq->edge && high && !irq->level)
		irq->pending = true;
	irq->level = high;
	return 0;
}

/* One bit of a set/clear register for interrupt intid of vCPU vcpu. */
static bool bit_read(struct vgic_dist *d, unsigned int vcpu, enum bit_reg r,
		     unsigned int intid)
{
	struct vgic_irq *irq = vgic_irq(d, vcpu, intid);

	if (!irq)
		return false;
	switch (r) {
	case SET_ENABLE:
	case CLEAR_ENABLE:
		return irq->enabled;
	case SET_PENDING:
	case CLEAR_PENDING:
		return is_pending(irq, intid);
	case SET_ACTIVE:
	case CLEAR_ACTIVE:
		return irq->active;
	}
	return false;
}

static void bit_write(struct vgic_dist *d, unsigned int vcpu, enum bit_reg r,
		      unsigned int intid)
{
	struct vgic_irq *irq = vgic_irq(d, vcpu, intid);

	if (!irq)
		return;
	if (intid < VGIC_NR_SGIS && r != SET_ACTIVE && r != CLEAR_ACTIVE)
		return;	/* enable RAO/WI; pending through [CS]PENDSGIR */
	switch (r) {
	case SET_ENABLE:
		irq->enabled = true;
		break;
	case CLEAR_ENABLE:
		irq->enabled = false;
		break;
	case SET_PENDING:
		irq->pending = true;
		break;
	case CLEAR_PENDING:	/* a high level line stays pending */
		irq->pending = false;
		break;
	case SET_ACTIVE:
		irq->active = true;
		break;
	case CLEAR_ACTIVE:
		irq->active = false;
		break;
	}
}

/* The byte of interrupt intid in IPRIORITYR (prio) or ITARGETSR. */
static uint8_t byte_read(struct vgic_dist *d, unsigned int vcpu, bool prio,
			 unsigned int intid)
{
	struct vgic_irq *irq = vgic_irq(d, vcpu, intid);

	if (!irq)
		return 0;
	if (prio)
		return irq->priority;
	if (d->nr_vcpus == 1)
		return 0;
	if (intid < VGIC_NR_PRIVATE)	/* read-only: the reading CPU */
		return (uint8_t)(1u << vcpu);
	return irq->targets;
}

static void byte_write(struct vgic_dist *d, unsigned int vcpu, bool prio,
		       unsigned int intid, uint8_t value)
{
	struct vgic_irq *irq = vgic_irq(d, vcpu, intid);

	if (!irq)
		return;
	if (prio)
		irq->priority = value & PRIORITY_MASK;
	else if (intid >= VGIC_NR_PRIVATE && d->nr_vcpus > 1)
		irq->targets = value & (uint8_t)((1u << d->nr_vcpus) - 1);
}

/* ICFGR's 2-bit field of intid: int_config[1] is edge-triggered. */
static uint32_t cfg_read(struct vgic_dist *d, unsigned int vcpu,
			 unsigned int intid)
{
	struct vgic_irq *irq = vgic_irq(d, vcpu, intid);

	return irq && irq->edge ? 2 : 0;
}

static void cfg_write(struct vgic_dist *d, unsigned int intid, uint32_t field)
{
	if (intid >= VGIC_NR_PRIVATE && intid < VGIC_NR_IRQS)
		d->spi[intid - VGIC_NR_PRIVATE].edge = field & 2;
}

static void send_sgi(struct vgic_dist *d, unsigned int vcpu, uint32_t v)
{
	unsigned int t, list = SGIR_TARGETS(v), sgi = SGIR_INTID(v);

	switch (SGIR_FILTER(v)) {
	case SGIR_FILTER_LIST:
		break;
	case SGIR_FILTER_OTHERS:
		list = 0xff & ~(1u << vcpu);
		break;
	case SGIR_FILTER_SELF:
		list = 1u << vcpu;
		break;
	default:		/* reserved: no SGI */
		return;
	}
	for (t = 0; t < d->nr_vcpus; t++)
		if (list & (1u << t))
			d->priv[t][sgi].sgi_sources |= (uint8_t)(1u << vcpu);
}

static bool byte_access_allowed(uint64_t off)
{
	return (off >= GICD_IPRIORITYR && off < GICD_ICFGR) ||
	       (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10);
}

static const char *check_access(uint64_t off, unsigned int width)
{
	if (width != 4 && !(width == 1 && byte_access_allowed(off)))
		return "GICD access of a width the register does not take";
	if (off & (width - 1))
		return "misaligned GICD access";
	if (off >= VGIC_GICD_SIZE)
		return "GICD access past the distributor";
	return NULL;
}

/* The byte at off, in a byte-per-interrupt or byte-per-SGI bank. */
static uint8_t byte_reg_read(struct vgic_dist *d, unsigned int vcpu,
			     uint64_t off)
{
	unsigned int sgi = (unsigned int)(off & 0xf);

	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR)
		return byte_read(d, vcpu, true, (unsigned int)(off - GICD_IPRIORITYR));
	if (off >= GICD_ITARGETSR && off < GICD_ICFGR)
		return byte_read(d, vcpu, false, (unsigned int)(off - GICD_ITARGETSR));
	if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10)
		return vcpu < d->nr_vcpus ? d->priv[vcpu][sgi].sgi_sources : 0;
	return 0;
}

static void byte_reg_write(struct vgic_dist *d, unsigned int vcpu,
			   uint64_t off, uint8_t value)
{
	unsigned int sgi = (unsigned int)(off & 0xf);
	uint8_t cpus = (uint8_t)((1u << d->nr_vcpus) - 1);

	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR)
		byte_write(d, vcpu, true, (unsigned int)(off - GICD_IPRIORITYR), value);
	else if (off >= GICD_ITARGETSR && off < GICD_ICFGR)
		byte_write(d, vcpu, false, (unsigned int)(off - GICD_ITARGETSR), value);
	else if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR)
		d->priv[vcpu][sgi].sgi_sources &= (uint8_t)~value;
	else if (off >= GICD_SPENDSGIR && off < GICD_SPENDSGIR + 0x10)
		d->priv[vcpu][sgi].sgi_sources |= value & cpus;
}

static uint32_t word_read(struct vgic_dist *d, unsigned int vcpu, uint64_t off)
{
	unsigned int i, base;
	uint32_t v = 0;

	if (off == GICD_CTLR)
		return d->enabled;
	if (off == GICD_TYPER)
		return (VGIC_NR_IRQS / 32 - 1) | (d->nr_vcpus - 1) << 5;
	if (off == GICD_IIDR)
		return VGIC_IIDR;
	if (off == GICD_ICPIDR2)
		return ICPIDR2_ARCHREV_2;
	if (off >= GICD_CIDR0)
		return cidr[(off - GICD_CIDR0) / 4];
	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR) {
		enum bit_reg r = (enum bit_reg)((off - GICD_ISENABLER) / BANK_1BIT);

		base = (unsigned int)(off % BANK_1BIT) * 8;
		for (i = 0; i < 32; i++)
			v |= (uint32_t)bit_read(d, vcpu, r, base + i) << i;
		return v;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + BANK_2BIT) {
		base = (unsigned int)(off - GICD_ICFGR) * 4;
		for (i = 0; i < 16; i++)
			v |= cfg_read(d, vcpu, base + i) << (2 * i);
		return v;
	}
	if (byte_access_allowed(off)) {
		for (i = 0; i < 4; i++)
			v |= (uint32_t)byte_reg_read(d, vcpu, off + i) << (8 * i);
		return v;
	}
	return 0;	/* IGROUPR, SGIR (write-only), reserved: RAZ */
}

static void word_write(struct vgic_dist *d, unsigned int vcpu, uint64_t off,
		       uint32_t value)
{
	unsigned int i, base;

	if (off == GICD_CTLR) {
		d->enabled = value & 1;
	} else if (off == GICD_SGIR) {
		send_sgi(d, vcpu, value);
	} else if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR) {
		enum bit_reg r = (enum bit_reg)((off - GICD_ISENABLER) / BANK_1BIT);

		base = (unsigned int)(off % BANK_1BIT) * 8;
		for (i = 0; i < 32; i++)
			if (value & (1u << i))
				bit_write(d, vcpu, r, base + i);
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + BANK_2BIT) {
		base = (unsigned int)(off - GICD_ICFGR) * 4;
		for (i = 0; i < 16; i++)
			cfg_write(d, base + i, (value >> (2 * i)) & 3);
	} else if (byte_access_allowed(off)) {
		for (i = 0; i < 4; i++)
			byte_reg_write(d, vcpu, off + i, (uint8_t)(value >> (8 * i)));
	}	/* read-only, IGROUPR, reserved: WI */
}

const char *vgic_dist_read(struct vgic_dist *d, unsigned int vcpu,
			   uint64_t off, unsigned int width, uint64_t *value)
{
	const char *why = check_access(off, width);

	if (why)
		return why;
	*value = width == 1 ? byte_reg_read(d, vcpu, off) :
			      word_read(d, vcpu, off);
	return NULL;
}

const char *vgic_dist_write(struct vgic_dist *d, unsigned int vcpu,
			    uint64_t off, unsigned int width, uint64_t value)
{
	const char *why = check_access(off, width);

	if (why)
		return why;
	if (width == 1)
		byte_reg_write(d, vcpu, off, (uint8_t)value);
	else
		word_write(d, vcpu, off, (uint32_t)value);
	return NULL;
}
