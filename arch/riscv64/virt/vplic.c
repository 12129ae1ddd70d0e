// SPDX-License-Identifier: MIT
/*
 * The guest's PLIC: the RISC-V PLIC specification v1.0.0 ("sifive,
 * plic-1.0.0" in the device tree) for level-sensitive sources 1-31 and
 * one S-mode context per vCPU. Registers (32-bit):
 *   0x000000 + 4 * n       source n's priority (0 never interrupts)
 *   0x001000               the pending bits of sources 0-31
 *   0x002000 + 0x80 * c    context c's enable bits of sources 0-31
 *   0x200000 + 0x1000 * c  context c's priority threshold
 *   0x200004 + 0x1000 * c  context c's claim (read) / complete (write)
 * A context's line (its vCPU's VSEIP) is up while a source pending and
 * enabled for it has a priority above its threshold. A claim takes the
 * pending enabled source of the highest priority (the lowest number of
 * those), which stays out of the pending bits until its completion;
 * a line still up then is pending again. Reserved words read as zero
 * and ignore writes. The functions on struct vplic are pure (host unit
 * tests: test_vplic.c); the glue at the end ties it to the vCPUs.
 */
#include <asm/arch_vcpu.h>
#include <hal/irq.h>
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/string.h>

#define PRIORITY_BASE 0x0
#define PENDING_BASE 0x1000
#define ENABLE_BASE 0x2000
#define ENABLE_STRIDE 0x80
#define CONTEXT_BASE 0x200000
#define CONTEXT_STRIDE 0x1000
#define PRIORITY_MASK 7		/* priorities 0-7, as QEMU virt's */
#define SOURCES_MASK 0xfffffffeu	/* source 0 does not exist */

void vplic_init(struct vplic *p, unsigned int nr_contexts)
{
	memset(p, 0, sizeof(*p));
	p->nr_contexts = nr_contexts;
}

/* The gateway: a level-sensitive line is pending while it is up, but
 * not again until a claim of it is completed. */
uint32_t vplic_set_level(struct vplic *p, unsigned int src, bool level)
{
	uint32_t bit = 1U << src;

	if (level)
		p->level |= bit;
	else
		p->level &= ~bit;
	if (level && !(p->claimed & bit))
		p->pending |= bit;
	else if (!level)
		p->pending &= ~bit;
	return p->pending;
}

/* The source to claim for ctx: of those pending and enabled with a
 * priority above min, the highest priority, the lowest number; or 0. */
static unsigned int best_source(const struct vplic *p, unsigned int ctx,
				uint32_t min)
{
	uint32_t cand = p->pending & p->enable[ctx] & SOURCES_MASK;
	unsigned int src, best = 0;
	uint32_t best_prio = min;

	for (src = 1; src < VPLIC_NR_SOURCES; src++)
		if ((cand >> src & 1) && p->priority[src] > best_prio) {
			best = src;
			best_prio = p->priority[src];
		}
	return best;
}

bool vplic_eip(const struct vplic *p, unsigned int ctx)
{
	return ctx < p->nr_contexts && best_source(p, ctx, p->threshold[ctx]);
}

static unsigned int claim(struct vplic *p, unsigned int ctx)
{
	unsigned int src = best_source(p, ctx, 0);

	if (src) {
		p->pending &= ~(1U << src);
		p->claimed |= 1U << src;
	}
	return src;
}

/* A completion for a source not enabled for ctx is ignored (spec). */
static void complete(struct vplic *p, unsigned int ctx, uint64_t src)
{
	uint32_t bit;

	if (src == 0 || src >= VPLIC_NR_SOURCES)
		return;
	bit = 1U << src;
	if (!(p->enable[ctx] & bit))
		return;
	p->claimed &= ~bit;
	p->completed |= bit;
	if (p->level & bit)
		p->pending |= bit;
}

/* Which context's word off is in [base, base + n * stride), or -1. */
static int context_of(const struct vplic *p, uint64_t off, uint64_t base,
		      uint64_t stride)
{
	if (off < base || off >= base + p->nr_contexts * stride)
		return -1;
	return (int)((off - base) / stride);
}

const char *vplic_read(struct vplic *p, uint64_t off, unsigned int width,
		       uint64_t *value)
{
	int ctx;

	if (width != 4 || off % 4)
		return "PLIC access not a naturally aligned 32-bit word";
	*value = 0;
	if (off < PENDING_BASE) {
		if (off / 4 < VPLIC_NR_SOURCES)
			*value = p->priority[off / 4];
	} else if (off == PENDING_BASE) {
		*value = p->pending;
	} else if ((ctx = context_of(p, off, ENABLE_BASE, ENABLE_STRIDE)) >= 0) {
		if (off % ENABLE_STRIDE == 0)
			*value = p->enable[ctx];
	} else if ((ctx = context_of(p, off, CONTEXT_BASE, CONTEXT_STRIDE)) >=
		   0) {
		if (off % CONTEXT_STRIDE == 0)
			*value = p->threshold[ctx];
		else if (off % CONTEXT_STRIDE == 4)
			*value = claim(p, (unsigned int)ctx);
	}
	return NULL;
}

const char *vplic_write(struct vplic *p, uint64_t off, unsigned int width,
			uint64_t value)
{
	int ctx;

	if (width != 4 || off % 4)
		return "PLIC access not a naturally aligned 32-bit word";
	if (off < PENDING_BASE) {
		if (off / 4 && off / 4 < VPLIC_NR_SOURCES)
			p->priority[off / 4] = (uint32_t)value & PRIORITY_MASK;
	} else if ((ctx = context_of(p, off, ENABLE_BASE, ENABLE_STRIDE)) >= 0) {
		if (off % ENABLE_STRIDE == 0)
			p->enable[ctx] = (uint32_t)value & SOURCES_MASK;
	} else if ((ctx = context_of(p, off, CONTEXT_BASE, CONTEXT_STRIDE)) >=
		   0) {
		if (off % CONTEXT_STRIDE == 0)
			p->threshold[ctx] = (uint32_t)value & PRIORITY_MASK;
		else if (off % CONTEXT_STRIDE == 4)
			complete(p, (unsigned int)ctx, value);
	}
	return NULL;
}

#ifndef VIREO_FAKE_IO	/* the host unit tests take the pure part */
/* Each context's line to its vCPU's VSEIP: changed ones are kicked. */
static void update_lines(struct arch_vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->plic.nr_contexts; i++) {
		struct vcpu *v = vm->vcpus[i];
		bool eip = vplic_eip(&vm->plic, i);

		if (!v || __atomic_load_n(&v->arch.eip, __ATOMIC_RELAXED) == eip)
			continue;
		__atomic_store_n(&v->arch.eip, eip, __ATOMIC_RELEASE);
		vcpu_kick(v);
	}
}

int arch_vm_init(struct arch_vm *avm, struct pgtable *s2,
		 unsigned int nr_vcpus, const struct vm_intc *intc)
{
	(void)s2;
	memset(avm, 0, sizeof(*avm));
	avm->nr_vcpus = nr_vcpus;
	if (!intc->present)
		return 0;
	if (nr_vcpus > VPLIC_MAX_CONTEXTS)
		return -EINVAL;
	avm->has_plic = true;
	avm->plic_base = intc->dist_base;
	vplic_init(&avm->plic, nr_vcpus);
	return 0;
}

void arch_vm_destroy(struct arch_vm *avm, struct pgtable *s2)
{
	unsigned int i;

	(void)s2;
	for (i = 0; i < avm->nr_forwards; i++) {
		irq_disable(avm->forwards[i].host_irq);
		irq_unregister(avm->forwards[i].host_irq);
	}
	avm->nr_forwards = 0;
	avm->forwarded = 0;
	avm->has_plic = false;
}

/*
 * A forwarded host source fired (the host's interrupt handler, on the
 * hart the host PLIC gives it to). Level-sensitive, as QEMU virt's
 * devices are: masked at the host PLIC (its enable bit) until the
 * guest completes its claim of virq in its PLIC (forward_completed());
 * the host's own claim is completed after this handler as any other.
 */
static void forwarded_irq(unsigned int irq, void *arg)
{
	struct vplic_forward *f = arg;
	struct arch_vm *vm = f->vm;

	irq_disable(irq);
	spin_lock(&vm->lock);
	f->masked = true;
	vplic_set_level(&vm->plic, f->virq, true);
	update_lines(vm);
	spin_unlock(&vm->lock);
}

/* Edge-triggered sources are refused: the virtual PLIC's gateways are
 * level-sensitive (a pulse would be lost). */
int arch_vm_forward_irq(struct arch_vm *avm, unsigned int host_irq,
			unsigned int virq, bool level)
{
	struct vplic_forward *f = &avm->forwards[avm->nr_forwards];
	int err;

	if (!avm->has_plic || !level || virq == 0 ||
	    virq >= VPLIC_NR_SOURCES || avm->forwarded >> virq & 1)
		return -EINVAL;
	if (avm->nr_forwards == ARCH_VM_MAX_FORWARDS)
		return -ENOSPC;
	*f = (struct vplic_forward){ avm, host_irq, virq, false };
	err = irq_register(host_irq, forwarded_irq, f);
	if (err)
		return err;
	avm->nr_forwards++;
	avm->forwarded |= 1U << virq;
	irq_enable(host_irq);
	return 0;
}

/* The guest completed claims: a forwarded source's line is the host's
 * again, unmasked (if still up, it fires again). Under vm->lock. */
static void forward_completed(struct arch_vm *vm)
{
	uint32_t done = vm->plic.completed & vm->forwarded;
	unsigned int i;

	vm->plic.completed = 0;
	if (!done)
		return;
	for (i = 0; i < vm->nr_forwards; i++) {
		struct vplic_forward *f = &vm->forwards[i];

		if (!(done >> f->virq & 1) || !f->masked)
			continue;
		f->masked = false;
		vplic_set_level(&vm->plic, f->virq, false);
		irq_enable(f->host_irq);
	}
}

static int set_line(struct vcpu *v, unsigned int virq, bool level)
{
	struct arch_vm *vm = v->arch.vm;

	if (!vm || !vm->has_plic || virq == 0 || virq >= VPLIC_NR_SOURCES)
		return -EINVAL;
	spin_lock(&vm->lock);
	vplic_set_level(&vm->plic, virq, level);
	update_lines(vm);
	spin_unlock(&vm->lock);
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

void riscv_vplic_attached(struct vcpu *v)
{
	struct arch_vm *vm = v->arch.vm;

	if (!vm->has_plic)
		return;
	spin_lock(&vm->lock);
	v->arch.eip = vplic_eip(&vm->plic, v->id);
	spin_unlock(&vm->lock);
}

bool riscv_vplic_mmio(struct vcpu *v, struct vm_exit *e)
{
	struct arch_vm *vm = v->arch.vm;
	uint64_t off = e->mmio.addr - v->arch.plic_base, value = 0;
	const char *why;

	if (off >= VPLIC_SIZE)
		return false;
	spin_lock(&vm->lock);
	why = e->mmio.write ? vplic_write(&vm->plic, off, e->mmio.width,
					  e->mmio.value) :
			      vplic_read(&vm->plic, off, e->mmio.width, &value);
	if (!why) {
		forward_completed(vm);
		update_lines(vm);
	}
	spin_unlock(&vm->lock);
	if (why) {
		e->reason = VM_EXIT_UNHANDLED;
		e->unhandled.syndrome = e->mmio.addr;
		e->unhandled.info = e->mmio.width;
		e->unhandled.what = why;
		return false;
	}
	if (!e->mmio.write)
		vcpu_set_result(v, value);
	vcpu_skip(v);
	return true;
}
#endif
