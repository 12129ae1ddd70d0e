// SPDX-License-Identifier: MIT
/*
 * The virtual GICv2's CPU side (asm/vgic.h): the GICV frame mapped at
 * the guest's GICC address, the list registers (IHI 0048B 5.3) loaded
 * from the distributor's state before each run and read back after it,
 * GICH_VMCR and GICH_APR switched with the vCPU, and the guest's virtual
 * timer (PPI 27) taken on the host and injected.
 *
 * The hardware is left clean after every exit (LRs zero, GICH_HCR 0)
 * so the next vCPU on this CPU sees nothing of this one; both steps are
 * skipped while a vCPU has nothing in its LRs and nothing new came, so
 * exits of a guest without pending interrupts cost two compares.
 *
 * The timer: while the guest runs, its EL1 virtual timer asserts host
 * PPI 27, which ends the run (HCR_EL2.IMO). If the guest's timer
 * condition is met (CNTV_CTL ENABLE, ISTATUS, not IMASK), virtual 27 of
 * this vCPU goes high and the host PPI is masked at the GIC (the
 * guest's IMASK stays its own). Virtual 27's list register asks for a
 * maintenance interrupt at its EOI, when the level is sampled again and
 * the host PPI unmasked if the condition is gone.
 *
 * A passthrough device's interrupts (arch_vm_forward_irq()) take the same
 * path: the host handler raises the virtual SPI and, for a level one,
 * masks the host SPI at the GIC; its list register's EOI bit makes the
 * guest's EOI an exit, which lowers the line and unmasks the host SPI.
 * Not the LR's HW bit (IHI 0048B 5.3.2, the guest's EOI deactivating the
 * physical interrupt) although the host runs EOImode 1: QEMU's GICv2
 * (hw/intc/gic_internal.h, gic_clear_active) forwards that deactivation
 * only for Group 1 physical interrupts, and the host driver keeps every
 * interrupt in Group 0; and this way nothing of a VM is left active at
 * the host GIC when it stops or its vCPU moves to another CPU. The cost
 * is one maintenance exit per level interrupt.
 */
#include <asm/arch_cpu.h>
#include <asm/arch_vcpu.h>
#include <asm/gicv2.h>
#include <vireo/io.h>
#include <asm/sysreg.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/pgtable.h>
#include <vireo/string.h>

#define INTID_MAINTENANCE 25
#define INTID_VTIMER 27

#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1)	/* maintenance: at most one LR valid */

/* GICH_LR (IHI 0048B 5.3.2) */
#define LR_VIRTUAL_ID(v) ((v) & 0x3ff)
#define LR_CPUID_SHIFT 10	/* SGI source, when HW is 0 */
#define LR_EOI (1u << 19)	/* maintenance interrupt at its EOI */
#define LR_PRIORITY_SHIFT 23	/* priority[7:3] */
#define LR_STATE_PENDING (1u << 28)
#define LR_STATE_MASK (3u << 28)

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK (1u << 1)
#define CNTV_CTL_ISTATUS (1u << 2)

static uintptr_t gich;
static unsigned int nr_lrs;

static uint32_t gich_read(unsigned int off)
{
	return readl(gich + off);
}

static void gich_write(unsigned int off, uint32_t v)
{
	writel(v, gich + off);
}

static bool vtimer_asserted(void);

/* It only needs to end the run (the exit samples the state). */
static void maintenance_irq(unsigned int irq, void *arg)
{
}

/*
 * Fired while its vCPU was not running: the vCPU still loaded on this
 * CPU is the owner, and may be waiting in WFI: its virtual 27 is raised
 * and it is woken. With no owner the PPI stays off until one is loaded.
 */
static void vtimer_irq(unsigned int irq, void *arg)
{
	struct arch_vcpu *a = this_cpu()->arch.loaded_vcpu;

	if (!a || !a->vm || !a->vm->has_gicv) {
		irq_disable(INTID_VTIMER);
		return;
	}
	if (a->vgic.vtimer_masked || !vtimer_asserted())
		return;
	vgic_vtimer_check(a, container_of(a, struct vcpu, arch)->id);
	vcpu_kick(container_of(a, struct vcpu, arch));
}

static int host_irqs_init(void)
{
	static bool done;
	int err;

	if (done)
		return 0;
	err = irq_register(INTID_MAINTENANCE, maintenance_irq, NULL);
	if (!err)
		err = irq_register(INTID_VTIMER, vtimer_irq, NULL);
	if (!err)
		err = irq_enable(INTID_MAINTENANCE);
	if (err) {
		pr_err("vgic: maintenance and virtual timer interrupts: %s\n",
		       errno_name(err));
		return err;
	}
	done = true;
	return 0;
}

int arch_vm_init(struct arch_vm *avm, struct pgtable *s2,
		 unsigned int nr_vcpus, const struct vm_intc *intc)
{
	const struct gicv2_virt *g = gicv2_virt();
	int err;

	memset(avm, 0, sizeof(*avm));
	if (nr_vcpus > VGIC_MAX_VCPUS)
		return -EINVAL;
	vgic_dist_init(&avm->dist, nr_vcpus);
	if (!g || !intc->present)
		return 0;	/* no virtual interrupts for this VM */
	if (g->gicv_size < VGIC_GICC_SIZE)
		return -ENODEV;	/* no room for GICC_DIR */
	gich = (uintptr_t)g->gich;
	nr_lrs = g->nr_lrs < VGIC_MAX_LRS ? g->nr_lrs : VGIC_MAX_LRS;
	err = host_irqs_init();
	if (!err)
		err = pgtable_map(s2, intc->cpu_base, g->gicv, VGIC_GICC_SIZE,
				  PGTABLE_R | PGTABLE_W | PGTABLE_DEVICE);
	if (err)
		return err;
	avm->gicd_base = intc->dist_base;
	avm->gicc_base = intc->cpu_base;
	avm->has_gicv = true;
	return 0;
}

void arch_vm_destroy(struct arch_vm *avm, struct pgtable *s2)
{
	unsigned int i;

	for (i = 0; i < avm->nr_forwards; i++) {
		irq_disable(avm->forwards[i].host_irq);
		irq_unregister(avm->forwards[i].host_irq);
	}
	avm->nr_forwards = 0;
	if (avm->has_gicv)
		pgtable_unmap(s2, avm->gicc_base, VGIC_GICC_SIZE);
	avm->has_gicv = false;
}

void vcpu_attach(struct vcpu *v, struct arch_vm *avm)
{
	v->arch.vm = avm;
	v->arch.gicd_base = avm->gicd_base;
	v->arch.vgic.kick = true;	/* SGIs may wait for it already */
	if (v->id < VGIC_MAX_VCPUS)
		avm->vcpus[v->id] = &v->arch;
}

/*
 * The distributor changed: every vCPU looks again at its next entry, and
 * one other than the caller's (self; VGIC_MAX_VCPUS: none) with an
 * interrupt to take now is kicked (it may wait, or run elsewhere).
 */
static void kick_all(struct arch_vm *avm, unsigned int self)
{
	struct arch_vcpu *a;
	unsigned int i, next;

	for (i = 0; i < VGIC_MAX_VCPUS; i++) {
		a = avm->vcpus[i];
		if (!a)
			continue;
		a->vgic.kick = true;
		if (i == self)
			continue;
		spin_lock(&avm->lock);
		next = vgic_next(&avm->dist, i);
		spin_unlock(&avm->lock);
		if (next != VGIC_SPURIOUS)
			vcpu_kick(container_of(a, struct vcpu, arch));
	}
}

/* The vCPUs SPI intid may go to look at the distributor again, and are
 * kicked: they may wait, or run on other CPUs. */
static void kick_targets(struct arch_vm *avm, unsigned int intid)
{
	struct vgic_irq *irq = vgic_irq(&avm->dist, 0, intid);
	unsigned int i, targets;

	spin_lock(&avm->lock);
	targets = avm->dist.nr_vcpus == 1 ? 1u : irq->targets;
	spin_unlock(&avm->lock);
	for (i = 0; i < VGIC_MAX_VCPUS; i++) {
		if (!avm->vcpus[i] || !(targets & (1u << i)))
			continue;
		avm->vcpus[i]->vgic.kick = true;
		vcpu_kick(container_of(avm->vcpus[i], struct vcpu, arch));
	}
}

/*
 * A forwarded host interrupt fired (in the host's interrupt handler, on
 * the CPU the host GIC routes it to). A level one is masked at the host
 * GIC until the guest's EOI of its virtual SPI (forward_eoi()), which
 * the list register's EOI bit makes an exit; the host's own end of
 * interrupt (drop and deactivate) follows this handler as for any other.
 */
static void forwarded_irq(unsigned int irq, void *arg)
{
	struct vgic_forward *f = arg;
	struct arch_vm *avm = f->vm;

	if (f->level)
		irq_disable(irq);
	spin_lock(&avm->lock);	/* the VM's other CPUs use both */
	f->masked = f->level;
	vgic_set_line(&avm->dist, 0, f->virq, true);
	if (!f->level)
		vgic_set_line(&avm->dist, 0, f->virq, false);
	spin_unlock(&avm->lock);
	kick_targets(avm, f->virq);
}

int arch_vm_forward_irq(struct arch_vm *avm, unsigned int host_irq,
			unsigned int virq, bool level)
{
	struct vgic_forward *f = &avm->forwards[avm->nr_forwards];
	struct vgic_irq *irq = vgic_irq(&avm->dist, 0, virq);
	int err;

	/* SPIs both: a host SGI or PPI is one CPU's, not a device's */
	if (!avm->has_gicv || !irq || virq < VGIC_NR_PRIVATE || irq->forward ||
	    host_irq < VGIC_NR_PRIVATE)
		return -EINVAL;
	if (avm->nr_forwards == ARCH_VM_MAX_FORWARDS)
		return -ENOSPC;
	*f = (struct vgic_forward){ avm, host_irq, virq, level, false };
	err = irq_register(host_irq, forwarded_irq, f);
	if (err)
		return err;
	irq->forward = (uint8_t)(++avm->nr_forwards);
	irq->resample = level;
	irq_enable(host_irq);
	return 0;
}

/* The guest ended a forwarded level interrupt: the line is the host's
 * again, unmasked (if still up, it fires again). The distributor's lock
 * held. */
static void forward_eoi(struct arch_vm *avm, struct vgic_irq *irq)
{
	struct vgic_forward *f = &avm->forwards[irq->forward - 1];

	if (!f->masked)
		return;
	f->masked = false;
	vgic_set_line(&avm->dist, 0, f->virq, false);
	irq_enable(f->host_irq);
}

static uint32_t lr_of(struct vgic_irq *irq, unsigned int intid,
		      unsigned int source)
{
	uint32_t lr = LR_VIRTUAL_ID(intid) | LR_STATE_PENDING |
		      (uint32_t)(irq->priority >> 3) << LR_PRIORITY_SHIFT;

	if (intid < VGIC_NR_SGIS)
		lr |= source << LR_CPUID_SHIFT;
	else if (!irq->edge || irq->resample)	/* its level at the EOI */
		lr |= LR_EOI;
	return lr;
}

/* Take intid out of the distributor's pending state into an LR. */
static uint32_t take(struct vgic_dist *d, unsigned int id, unsigned int intid)
{
	struct vgic_irq *irq = vgic_irq(d, id, intid);
	unsigned int source = 0;

	if (intid < VGIC_NR_SGIS) {
		source = (unsigned int)__builtin_ctz(irq->sgi_sources);
		irq->sgi_sources &= (uint8_t)~(1u << source);
	}
	if (irq->edge)		/* its pending state is the LR's now */
		irq->pending = false;	/* (a level one's until its ack) */
	irq->in_lr = true;
	/* the same SGI from another source waits for this one's EOI */
	return lr_of(irq, intid, source) | (irq->sgi_sources ? LR_EOI : 0);
}

/* A level-sensitive interrupt whose line fell before the guest took it
 * leaves its list register: the guest must not see it. */
static void drop_lowered(struct arch_vcpu *a, unsigned int id)
{
	struct arch_vcpu_vgic *g = &a->vgic;
	struct vgic_irq *irq;
	unsigned int i;

	for (i = 0; i < nr_lrs; i++) {
		if (!(g->used & (1u << i)) ||
		    (g->lr[i] & LR_STATE_MASK) != LR_STATE_PENDING)
			continue;
		irq = vgic_irq(&a->vm->dist, id, LR_VIRTUAL_ID(g->lr[i]));
		if (LR_VIRTUAL_ID(g->lr[i]) < VGIC_NR_SGIS || irq->edge ||
		    irq->level || irq->pending)
			continue;
		irq->in_lr = false;
		g->used &= (uint16_t)~(1u << i);
	}
}

void __vgic_flush(struct arch_vcpu *a, unsigned int id)
{
	struct arch_vm *avm = a->vm;
	struct arch_vcpu_vgic *g = &a->vgic;
	uint32_t hcr = GICH_HCR_EN;
	unsigned int i, next;
	bool more = true;

	g->kick = false;
	if (!avm->has_gicv)	/* no GICH to load */
		return;
	spin_lock(&avm->lock);
	drop_lowered(a, id);
	for (i = 0; i < nr_lrs && more; i++) {
		if (g->used & (1u << i))
			continue;
		next = vgic_next_more(&avm->dist, id, &more);
		if (next == VGIC_SPURIOUS)
			break;
		g->lr[i] = take(&avm->dist, id, next);
		g->used |= (uint16_t)(1u << i);
	}
	spin_unlock(&avm->lock);
	/* every LR full and more to come: refill as they free up */
	if (more && i == nr_lrs) {
		hcr |= GICH_HCR_UIE;
		g->kick = true;
	}
	for (i = 0; i < nr_lrs; i++)
		gich_write(GICH_LR(i), g->used & (1u << i) ? g->lr[i] : 0);
	gich_write(GICH_HCR, hcr);
}

/* The guest's timer asserts its interrupt: enabled, expired, unmasked. */
static bool vtimer_asserted(void)
{
	uint64_t ctl = read_sysreg(cntv_ctl_el0);

	return (ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS)) ==
	       (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS);
}

/* Virtual 27 was EOIed: its level again, the host PPI back if low
 * (the distributor's lock held). */
static void vtimer_eoi(struct arch_vcpu *a, unsigned int id)
{
	if (vtimer_asserted())
		return;
	vgic_set_line(&a->vm->dist, id, INTID_VTIMER, false);
	a->vgic.vtimer_masked = false;
	irq_enable(INTID_VTIMER);
}

void __vgic_sync(struct arch_vcpu *a, unsigned int id)
{
	struct arch_vcpu_vgic *g = &a->vgic;
	unsigned int i, intid;
	struct vgic_irq *irq;

	spin_lock(&a->vm->lock);
	for (i = 0; i < nr_lrs; i++) {
		if (!(g->used & (1u << i)))
			continue;
		g->lr[i] = gich_read(GICH_LR(i));
		gich_write(GICH_LR(i), 0);
		if (g->lr[i] & LR_STATE_MASK)
			continue;
		/* done: the guest EOIed it */
		intid = LR_VIRTUAL_ID(g->lr[i]);
		irq = vgic_irq(&a->vm->dist, id, intid);
		irq->in_lr = false;
		irq->active = false;
		irq->pending = false;	/* a level one's: its ack took it */
		g->used &= (uint16_t)~(1u << i);
		if (intid == INTID_VTIMER)
			vtimer_eoi(a, id);
		else if (irq->resample)
			forward_eoi(a->vm, irq);
		g->kick = true;
	}
	spin_unlock(&a->vm->lock);
	gich_write(GICH_HCR, 0);	/* no maintenance interrupt left */
}

void vgic_vtimer_check(struct arch_vcpu *a, unsigned int id)
{
	if (!a->vm || !a->vm->has_gicv || a->vgic.vtimer_masked ||
	    !vtimer_asserted())
		return;
	irq_disable(INTID_VTIMER);
	a->vgic.vtimer_masked = true;
	spin_lock(&a->vm->lock);
	vgic_set_line(&a->vm->dist, id, INTID_VTIMER, true);
	spin_unlock(&a->vm->lock);
	a->vgic.kick = true;
}

/* Switched in and out with the vCPU's EL1 state (vcpu_load()). */
void vgic_load(struct arch_vcpu *a)
{
	if (!a->vm || !a->vm->has_gicv)
		return;
	irq_enable(INTID_MAINTENANCE);	/* a PPI: on each CPU VMs run on */
	gich_write(GICH_VMCR, a->vgic.vmcr);
	gich_write(GICH_APR, a->vgic.apr);
	(a->vgic.vtimer_masked ? irq_disable : irq_enable)(INTID_VTIMER);
}

void vgic_save(struct arch_vcpu *a)
{
	if (!a->vm || !a->vm->has_gicv)
		return;
	a->vgic.vmcr = gich_read(GICH_VMCR);
	a->vgic.apr = gich_read(GICH_APR);
}

bool __vgic_mmio(struct vcpu *v, struct vm_exit *e)
{
	struct arch_vm *avm = v->arch.vm;
	uint64_t off, value = 0;
	const char *why;

	if (!avm || !avm->has_gicv)
		return false;
	off = e->mmio.addr - avm->gicd_base;
	spin_lock(&avm->lock);
	if (e->mmio.write)
		why = vgic_dist_write(&avm->dist, v->id, off, e->mmio.width,
				      e->mmio.value);
	else
		why = vgic_dist_read(&avm->dist, v->id, off, e->mmio.width,
				     &value);
	spin_unlock(&avm->lock);
	if (why) {
		uint64_t gpa = e->mmio.addr;

		e->reason = VM_EXIT_UNHANDLED;
		e->unhandled.syndrome = v->arch.esr;
		e->unhandled.info = gpa;
		e->unhandled.what = why;
		return false;
	}
	if (!e->mmio.write)
		vcpu_set_result(v, value);
	vcpu_skip(v);
	if (e->mmio.write)	/* enables, pending, SGIs: look again */
		kick_all(avm, v->id);
	return true;
}

/* When the guest's timer fires, in host time: TIMER_NONE if off. */
static uint64_t vtimer_deadline(const struct arch_vcpu *a)
{
	uint64_t ctl = read_sysreg(cntv_ctl_el0);
	uint64_t fire, now, hz = time_counter_hz();

	if ((ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK)) != CNTV_CTL_ENABLE ||
	    a->vgic.vtimer_masked || !hz)
		return TIMER_NONE;
	/* virtual count = physical - CNTVOFF */
	fire = read_sysreg(cntv_cval_el0) + a->cntvoff;
	now = read_sysreg(cntpct_el0);
	if (fire <= now)
		return time_now_ns();
	if (fire - now > hz * 3600 * 24)	/* a day on: as good as never */
		return TIMER_NONE;
	return time_now_ns() + time_counter_to_ns(fire - now, hz);
}

bool vgic_wfi(struct vcpu *v, struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	unsigned int i, next;

	e->idle.deadline = TIMER_NONE;
	if (e->idle.event || !a->vm || !a->vm->has_gicv)
		return false;
	for (i = 0; i < nr_lrs; i++)
		if ((a->vgic.used & (1u << i)) && (a->vgic.lr[i] & LR_STATE_PENDING))
			break;
	spin_lock(&a->vm->lock);
	next = vgic_next(&a->vm->dist, v->id);
	spin_unlock(&a->vm->lock);
	if (i < nr_lrs || next != VGIC_SPURIOUS) {
		vcpu_skip(v);	/* an interrupt is pending: WFI ends */
		return true;
	}
	e->idle.deadline = vtimer_deadline(a);
	return false;
}

static int set_line(struct vcpu *v, unsigned int virq, bool high)
{
	struct arch_vm *avm = v->arch.vm;

	int err;

	if (!avm || !avm->has_gicv)
		return -EINVAL;
	spin_lock(&avm->lock);
	err = vgic_set_line(&avm->dist, v->id, virq, high);
	spin_unlock(&avm->lock);
	if (err)
		return -EINVAL;
	kick_all(avm, VGIC_MAX_VCPUS);
	return 0;
}

int vcpu_pend_irq(struct vcpu *v, unsigned int virq)
{
	return set_line(v, virq, true);
}

int vcpu_clear_irq(struct vcpu *v, unsigned int virq)
{
	return set_line(v, virq, false);
}
