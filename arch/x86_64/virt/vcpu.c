// SPDX-License-Identifier: MIT
/*
 * The x86_64 vCPU contract (hal/vcpu.h) over one of two hardware
 * backends (asm/x86_virt.h): AMD-V (svm.c) or VT-x (vmx.c), chosen once
 * by CPUID. This file owns what the guest sees the same on both: its
 * boot (PVH, start-up IPIs), the exits turned into struct vm_exit, the
 * MMIO accesses decoded from guest memory (decode.c: TCG gives SVM no
 * decode assists), the virtual local APIC (vlapic.c) and its interrupts
 * injected when the guest can take them, CPUID (cpuid.c) and MSRs
 * (msr.c, #GP for the rest).
 */
#include <asm/barrier.h>
#include <asm/cpuid.h>
#include <asm/processor.h>
#include <hal/cpu.h>
#include <hal/time.h>
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/pgtable.h>
#include <vireo/string.h>
#include "x86.h"

#define RFLAGS_IF (1ULL << 9)
#define RFLAGS_RESERVED1 (1ULL << 1)

#define VEC_GP 13
#define VEC_AC 17

/* Instruction lengths the hardware's exits imply. */
#define LEN_VMMCALL 3	/* 0f 01 d9 / vmcall 0f 01 c1 */
#define LEN_HLT 1	/* f4 */
#define LEN_CPUID 2	/* 0f a2 */
#define LEN_MSR 2	/* 0f 32 / 0f 30 */

const struct x86_virt_ops *x86_virt;

/* CPUs with virtualization turned on (x86_virt_ops.cpu_enable). */
static uint8_t cpu_enabled[(CONFIG_NR_CPUS + 7) / 8];

/* Whose x87/SSE state each CPU's registers hold (NULL: nobody's). */
static struct arch_vcpu *fp_loaded[CONFIG_NR_CPUS];

#define CR4_OSFXSR (1ULL << 9)	/* FXSAVE/FXRSTOR include the XMM registers */
#define FCW_RESET 0x037f	/* x87 control word after FNINIT */
#define MXCSR_RESET 0x1f80	/* all SSE exceptions masked */

static const struct x86_virt_ops *pick_backend(void)
{
	if (x86_virt)
		return x86_virt;
#ifdef CONFIG_X86_SVM
	if (cpuid_eax(0x80000000) >= 0x8000000a &&
	    (cpuid_ecx(0x80000001) & CPUID_80000001_ECX_SVM) &&
	    (cpuid_edx(0x8000000a) & CPUID_8000000A_EDX_NPT))
		x86_virt = &svm_ops;
#endif
#ifdef CONFIG_X86_VMX
	if (!x86_virt && (cpuid_ecx(1) & CPUID_1_ECX_VMX))
		x86_virt = &vmx_ops;
#endif
	return x86_virt;
}

const struct pgtable_format *vcpu_stage2_format(void)
{
	const struct x86_virt_ops *ops = pick_backend();

#ifdef CONFIG_X86_VMX
	if (ops == &vmx_ops)
		return &pgtable_fmt_ept;
#endif
	(void)ops;
	return &pgtable_fmt_amd_npt;
}

paddr_t x86_vcpu_hw_page(const struct vcpu *v, unsigned int n)
{
	return v->arch.hw + (paddr_t)n * PAGE_SIZE;
}

int vcpu_init(struct vcpu *v, struct vm *vm, unsigned int id,
	      paddr_t s2_root, uint16_t vmid)
{
	struct arch_vcpu *a = &v->arch;
	struct arch_vm *avm = a->vm;

	if (!pick_backend()) {
		static bool said;

		if (!said)
			pr_err("vcpu: no backend for this CPU's virtualization "
			       "(AMD-V with NPT: CONFIG_X86_SVM; VT-x: "
			       "CONFIG_X86_VMX)\n");
		said = true;
		return -EINVAL;
	}
	if ((s2_root & 0xfff) || !vmid || id >= ARCH_VM_MAX_VCPUS)
		return -EINVAL;
	/* its lapic timer is off: vcpu_destroy() on its CPU saw to it */
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	a->vm = avm;		/* kept: vcpu_attach() may come first */
	a->self = v;
	a->cpu = -1;
	a->tag = vmid;
	a->s2_root = s2_root;
	a->regs.rflags = RFLAGS_RESERVED1;
	vlapic_reset(&a->lapic, id);
	return 0;
}

void vcpu_attach(struct vcpu *v, struct arch_vm *avm)
{
	struct arch_vcpu *a = &v->arch;

	a->vm = avm;
	a->self = v;
	a->hw = avm->hw_pages + (paddr_t)v->id * X86_VCPU_HW_PAGES * PAGE_SIZE;
	avm->vcpus[v->id] = a;
}

int arch_vm_init(struct arch_vm *avm, struct pgtable *s2,
		 unsigned int nr_vcpus, const struct vm_intc *intc)
{
	(void)intc;	/* every x86 VM has its local APICs at VLAPIC_BASE */
	memset(avm, 0, sizeof(*avm));
	if (!nr_vcpus || nr_vcpus > ARCH_VM_MAX_VCPUS)
		return -EINVAL;
	avm->nr_vcpus = nr_vcpus;
	avm->s2 = s2;
	return page_alloc_pages(nr_vcpus * X86_VCPU_HW_PAGES, 1,
				&avm->hw_pages);
}

void arch_vm_destroy(struct arch_vm *avm, struct pgtable *s2)
{
	(void)s2;
	if (avm->hw_pages)
		page_free_pages(avm->hw_pages,
				avm->nr_vcpus * X86_VCPU_HW_PAGES);
	avm->hw_pages = 0;
}

int arch_vm_forward_irq(struct arch_vm *avm, unsigned int host_irq,
			unsigned int virq, bool level)
{
	(void)avm; (void)host_irq; (void)virq; (void)level;
	return -EINVAL;		/* no passthrough on x86 yet */
}

/*
 * Boot registers: vCPU 0 starts by PVH at pc, ebx = args[0] (its
 * hvm_start_info), and the configuration's boot-args in esi, edx, ecx
 * (args[1..3]; what a PVH kernel ignores, the test guests read). The
 * others start as a start-up IPI said: real mode at pc = vector << 12.
 */
void vcpu_set_entry(struct vcpu *v, uint64_t pc, const uint64_t *args,
		    unsigned int n)
{
	static const enum x86_gpr regs[] = { X86_RBX, X86_RSI, X86_RDX,
					     X86_RCX };
	unsigned int i;

	for (i = 0; i < n && i < ARRAY_SIZE(regs); i++)
		v->arch.regs.gpr[regs[i]] = args[i];
	v->arch.regs.rip = pc;
}

/* Guest TSC now (guest = host - offset). */
static uint64_t guest_tsc(const struct arch_vcpu *a)
{
	return rdtsc() - a->tsc_offset;
}

/* Host time (ns) at guest TSC value t. */
static uint64_t guest_tsc_to_ns(const struct arch_vcpu *a, uint64_t t)
{
	return time_counter_to_ns(t + a->tsc_offset, time_counter_hz());
}

static void lapic_timer_fired(struct timer *t, void *arg)
{
	(void)t;
	vcpu_kick(arg);
}

/* The vLAPIC's timer as a host timer on this CPU, to end a run. */
static void lapic_timer_arm(struct arch_vcpu *a)
{
	uint64_t next = vlapic_timer_next(&a->lapic), now_ns, at;

	if (!next) {
		if (timer_armed(&a->lapic_timer))
			time_timer_cancel(&a->lapic_timer);
		return;
	}
	now_ns = time_now_ns();
	at = guest_tsc_to_ns(a, next);
	if (!a->lapic_timer.fn)
		timer_init(&a->lapic_timer, lapic_timer_fired, a->self);
	time_timer_start(&a->lapic_timer, at > now_ns ? at - now_ns : 0, 0);
}

/* An interrupt for the guest: injected if it can take it now, else
 * the backend exits once it can. */
static void deliver_irq(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	const struct vlapic *l = &a->lapic;
	int vec;

	/* nothing pending and no timer: the common case, without the lock
	 * (an interrupt set meanwhile comes with a kick, which ends the
	 * next run at once: it is seen then) */
	if (!(l->irr[0] | l->irr[1] | l->irr[2] | l->irr[3] | l->irr[4] |
	      l->irr[5] | l->irr[6] | l->irr[7]) &&
	    !l->timer_expiry && !l->tsc_deadline && !a->window) {
		return;
	}
	spin_lock(&a->vm->lock);
	vlapic_timer_update(&a->lapic, guest_tsc(a));
	vec = vlapic_pending(&a->lapic);
	if (vec >= 0 && x86_virt->irq_allowed(v)) {
		vlapic_accept(&a->lapic, (uint8_t)vec);
		x86_virt->inject(v, X86_EVENT_EXTINT, (uint8_t)vec, false, 0);
		vec = -1;
	}
	if (a->window != (vec >= 0)) {
		a->window = vec >= 0;
		x86_virt->irq_window(v, a->window);
	}
	spin_unlock(&a->vm->lock);
}

static void unhandled(struct vm_exit *e, const struct x86_exit *x,
		      const char *what)
{
	e->reason = VM_EXIT_UNHANDLED;
	e->unhandled.syndrome = x->code;
	e->unhandled.info = x->info1;
	e->unhandled.what = what;
}

/* ---- reading guest memory (instruction bytes) ---- */

#define PTE_P_ 1ULL
#define PTE_PS_ (1ULL << 7)
#define PTE_ADDR_ 0x000ffffffffff000ULL
#define CR0_PG_ (1ULL << 31)
#define CR4_PAE_ (1ULL << 5)
#define EFER_LMA_ (1ULL << 10)

/* Stage-2 changes so far (tlb_flush_guest_vmid()): a vCPU's cached
 * leaf from before the last one may be stale. */
static uint32_t x86_s2_gen = 1;

/* Host address of guest-physical gpa (RAM only), or 0. The last leaves
 * are kept: the engine's walk is the dearest part of an MMIO exit, whose
 * decoding reads the guest's page tables and code - four pages, mostly. */
static void *gpa_to_host(struct arch_vcpu *a, uint64_t gpa)
{
	uint32_t gen = __atomic_load_n(&x86_s2_gen, __ATOMIC_ACQUIRE);
	unsigned int attr, i;
	uint64_t size;
	paddr_t pa;

	if (a->s2_gen != gen) {
		memset(a->s2_leaf, 0, sizeof(a->s2_leaf));
		a->s2_gen = gen;
	}
	for (i = 0; i < ARRAY_SIZE(a->s2_leaf); i++)
		if (gpa - a->s2_leaf[i].gpa < a->s2_leaf[i].size)
			return (void *)(uintptr_t)(a->s2_leaf[i].pa +
						   (gpa - a->s2_leaf[i].gpa));
	if (pgtable_translate(a->vm->s2, gpa, &pa, &attr, &size) ||
	    (attr & PGTABLE_DEVICE))
		return NULL;
	i = a->s2_next++ % ARRAY_SIZE(a->s2_leaf);
	a->s2_leaf[i].gpa = gpa & ~(size - 1);
	a->s2_leaf[i].size = size;
	a->s2_leaf[i].pa = pa - (gpa & (size - 1));
	return (void *)(uintptr_t)pa;
}

/* Guest-physical address of linear address la: 4-level paging, or none
 * (paging off). -1 when not mapped. */
static uint64_t linear_to_gpa(struct arch_vcpu *a,
			      const struct x86_sys_state *s, uint64_t la)
{
	uint64_t table = s->cr3 & PTE_ADDR_, e = 0;
	int level, shift;

	if (!(s->cr0 & CR0_PG_))
		return la & 0xffffffffULL;
	if (!(s->efer & EFER_LMA_) || !(s->cr4 & CR4_PAE_))
		return ~0ULL;	/* 32-bit paging: not for MMIO drivers */
	for (level = 4, shift = 39; level >= 1; level--, shift -= 9) {
		uint64_t *t = gpa_to_host(a, table);

		if (!t)
			return ~0ULL;
		e = t[(la >> shift) & 0x1ff];
		if (!(e & PTE_P_))
			return ~0ULL;
		if (level == 1 || ((level == 2 || level == 3) && (e & PTE_PS_)))
			break;
		table = e & PTE_ADDR_;
	}
	return (e & PTE_ADDR_ & ~((1ULL << shift) - 1)) |
	       (la & ((1ULL << shift) - 1));
}

/* Up to X86_MAX_INSN bytes at the guest's rip, fewer at the end of a
 * page that is followed by none. The count, 0 if none. */
static unsigned int fetch_insn(struct arch_vcpu *a,
			       const struct x86_sys_state *s, uint8_t *buf)
{
	uint64_t la = s->cs_base + a->regs.rip;
	unsigned int n = 0;

	while (n < X86_MAX_INSN) {
		uint64_t gpa = linear_to_gpa(a, s, la + n);
		uint8_t *p = gpa == ~0ULL ? NULL : gpa_to_host(a, gpa);
		unsigned int chunk = PAGE_SIZE - ((la + n) & (PAGE_SIZE - 1));

		if (!p)
			break;
		if (chunk > X86_MAX_INSN - n)
			chunk = X86_MAX_INSN - n;
		memcpy(buf + n, p, chunk);
		n += chunk;
	}
	return n;
}

static enum x86_cpu_mode cpu_mode(const struct x86_sys_state *s)
{
	if (s->cs_l && (s->efer & EFER_LMA_))
		return X86_MODE_64;
	return s->cs_db ? X86_MODE_32 : X86_MODE_16;
}

static uint64_t width_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;
}

/* A register as an instruction reads it: its low width bytes. */
static uint64_t reg_value(const struct arch_vcpu *a, unsigned int reg,
			  bool high8, unsigned int width)
{
	uint64_t r = a->regs.gpr[reg];

	return (high8 ? r >> 8 : r) & width_mask(width);
}

/* Write value (bits bits of it) to reg as a MOV does: 32-bit writes
 * clear the upper half, 8/16-bit ones keep the rest. */
static void reg_write(struct arch_vcpu *a, unsigned int reg, bool high8,
		      unsigned int bits, uint64_t value)
{
	uint64_t *r = &a->regs.gpr[reg];

	if (bits == 64)
		*r = value;
	else if (bits == 32)
		*r = (uint32_t)value;
	else if (high8)
		*r = (*r & ~0xff00ULL) | (value & 0xff) << 8;
	else
		*r = (*r & ~width_mask(bits / 8)) | (value & width_mask(bits / 8));
}

/* The loaded value as the instruction extends it into its register. */
static uint64_t load_extend(const struct arch_vcpu *a, uint64_t value)
{
	unsigned int w = a->load_width;

	value &= width_mask(w);
	if (a->load_sign && w < 8 && (value >> (8 * w - 1) & 1))
		value |= ~width_mask(w);
	return value;
}

/* ---- exits ---- */

/* A start-up IPI sent and not yet asked of the core: CPU_ON, one per
 * exit, for the target to start in real mode at vector << 12. */
static bool sipi_exit(struct arch_vcpu *a, struct vm_exit *e)
{
	unsigned int n;

	if (!a->sipi_targets)
		return false;
	n = (unsigned int)__builtin_ctz(a->sipi_targets);
	a->sipi_targets &= (uint8_t)~(1u << n);
	e->reason = VM_EXIT_POWER;
	e->pc = a->regs.rip;
	e->power.op = VM_POWER_CPU_ON;
	e->power.target = n;
	e->power.entry = (uint64_t)a->sipi_vector << 12;
	e->power.context = 0;
	return true;
}

static bool vlapic_access(struct vcpu *v, const struct x86_mmio_insn *in,
			  uint64_t off, struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	struct arch_vm *avm = a->vm;
	struct vlapic *peers[ARCH_VM_MAX_VCPUS] = { 0 };
	struct vlapic_action act = { 0 };
	const char *why;
	uint64_t value;
	unsigned int i;

	spin_lock(&avm->lock);
	if (in->write) {
		value = in->has_imm ? in->imm :
			reg_value(a, in->reg, in->high8, in->width);
		for (i = 0; i < avm->nr_vcpus; i++)
			peers[i] = avm->vcpus[i] ? &avm->vcpus[i]->lapic : NULL;
		why = vlapic_write(&a->lapic, off, in->width, value,
				   guest_tsc(a), peers, avm->nr_vcpus, &act);
	} else {
		why = vlapic_read(&a->lapic, off, in->width, guest_tsc(a),
				  &value);
		if (!why)
			reg_write(a, in->reg, in->high8, in->dest_bits, value);
	}
	spin_unlock(&avm->lock);
	if (why) {
		e->reason = VM_EXIT_STAGE2_FAULT;
		e->fault.gpa = VLAPIC_BASE + off;
		e->fault.access = in->write ? VM_ACCESS_WRITE : VM_ACCESS_READ;
		e->fault.syndrome = 0;
		return true;
	}
	a->regs.rip += in->len;
	for (i = 0; i < avm->nr_vcpus; i++)
		if ((act.kick >> i & 1) && avm->vcpus[i] && i != v->id)
			vcpu_kick(avm->vcpus[i]->self);
	if (act.start) {
		a->sipi_targets |= (uint8_t)(act.start & ~(1u << v->id));
		a->sipi_vector = act.vector;
	}
	if (sipi_exit(a, e))
		return true;
	lapic_timer_arm(a);
	return false;
}

/* A nested page fault: MMIO (decoded), the vLAPIC, or a refused access. */
static bool npf_exit(struct vcpu *v, const struct x86_exit *x,
		     struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	struct x86_sys_state s;
	struct x86_mmio_insn in;
	uint8_t bytes[X86_MAX_INSN];
	uint64_t gpa = x->npf.gpa, value;
	const char *why;
	unsigned int n;

	e->reason = VM_EXIT_STAGE2_FAULT;
	e->fault.gpa = gpa;
	e->fault.access = x->npf.fetch ? VM_ACCESS_EXEC :
			  x->npf.write ? VM_ACCESS_WRITE : VM_ACCESS_READ;
	e->fault.syndrome = x->info1;
	if (x->npf.fetch || x->npf.present)
		return true;	/* the core names RAM or nothing there */
	x86_virt->sys_state(v, &s);
	n = fetch_insn(a, &s, bytes);
	why = x86_decode_mmio(bytes, n, cpu_mode(&s), &in);
	if (why) {
		unhandled(e, x, why);
		e->unhandled.info = gpa;
		return true;
	}
	if (gpa - VLAPIC_BASE < VLAPIC_SIZE)
		return vlapic_access(v, &in, gpa - VLAPIC_BASE, e);
	value = in.write ? (in.has_imm ? in.imm :
			    reg_value(a, in.reg, in.high8, in.width)) : 0;
	a->load_reg = in.reg;
	a->load_high8 = in.high8;
	a->load_width = in.width;
	a->load_bits = in.dest_bits;
	a->load_sign = in.sign_extend;
	a->next_rip = a->regs.rip + in.len;
	if (!vm_mmio_fast(v, gpa, in.width, in.write, &value)) {
		if (!in.write)
			reg_write(a, in.reg, in.high8, in.dest_bits,
				  load_extend(a, value));
		a->regs.rip = a->next_rip;
		return false;
	}
	e->reason = VM_EXIT_MMIO;
	e->mmio.addr = gpa;
	e->mmio.width = in.width;
	e->mmio.write = in.write;
	e->mmio.sign_extend = in.sign_extend;
	e->mmio.dest_bits = in.dest_bits;
	e->mmio.reg = in.reg;
	e->mmio.value = value;
	if (!in.write)
		a->pending = ARCH_VCPU_LOAD;
	return true;
}

/* The PC chipset's reset control register (Intel ICH "RST_CNT", the
 * port QEMU's and Linux's reboot=pci use): a write with its RST_CPU bit
 * resets the machine - the contract's RESET of the whole VM. */
#define PORT_RESET_CONTROL 0xcf9
#define RESET_CONTROL_RST_CPU 0x04

static bool io_exit(struct vcpu *v, const struct x86_exit *x,
		    struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	unsigned int len = x->insn_len;

	if (x->io.string || x->io.rep) {
		unhandled(e, x, "string port I/O (ins/outs)");
		return true;
	}
	if (!len) {
		struct x86_sys_state s;
		uint8_t bytes[X86_MAX_INSN];
		unsigned int n;

		x86_virt->sys_state(v, &s);
		n = fetch_insn(a, &s, bytes);
		len = x86_decode_io_len(bytes, n);
		if (!len) {
			unhandled(e, x, "port I/O not decoded");
			return true;
		}
	}
	a->next_rip = a->regs.rip + len;
	if (!x->io.in && x->io.size == 1 && x->io.port == PORT_RESET_CONTROL &&
	    (a->regs.gpr[X86_RAX] & RESET_CONTROL_RST_CPU)) {
		e->reason = VM_EXIT_POWER;
		e->power.op = VM_POWER_RESET;
		e->power.target = e->power.entry = e->power.context = 0;
		return true;
	}
	a->load_bits = x->io.size == 4 ? 32 : (uint8_t)(x->io.size * 8);
	e->reason = VM_EXIT_PIO;
	e->mmio.addr = x->io.port;
	e->mmio.width = x->io.size;
	e->mmio.write = !x->io.in;
	e->mmio.sign_extend = false;
	e->mmio.dest_bits = x->io.size == 4 ? 32 : (uint8_t)(x->io.size * 8);
	e->mmio.reg = X86_RAX;
	e->mmio.value = x->io.in ? 0 : a->regs.gpr[X86_RAX] &
					 width_mask(x->io.size);
	if (x->io.in)
		a->pending = ARCH_VCPU_IN;
	return true;
}

static void inject_gp(struct vcpu *v)
{
	x86_virt->inject(v, X86_EVENT_EXCEPTION, VEC_GP, true, 0);
}

static void msr_exit(struct vcpu *v, bool write)
{
	struct arch_vcpu *a = &v->arch;
	uint32_t msr = (uint32_t)a->regs.gpr[X86_RCX];
	uint64_t value;
	bool ok;

	if (write) {
		value = (a->regs.gpr[X86_RDX] << 32) |
			(uint32_t)a->regs.gpr[X86_RAX];
		ok = x86_msr_write(a, msr, value, guest_tsc(a));
	} else {
		ok = x86_msr_read(a, msr, guest_tsc(a), &value);
		if (ok) {
			a->regs.gpr[X86_RAX] = (uint32_t)value;
			a->regs.gpr[X86_RDX] = value >> 32;
		}
	}
	if (!ok) {
		inject_gp(v);	/* as a CPU without that MSR does */
		return;
	}
	a->regs.rip += LEN_MSR;
	if (write)
		lapic_timer_arm(a);
}

static void cpuid_exit(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	uint32_t out[4];

	x86_cpuid(v->id, (uint32_t)a->regs.gpr[X86_RAX],
		  (uint32_t)a->regs.gpr[X86_RCX], out);
	a->regs.gpr[X86_RAX] = out[0];
	a->regs.gpr[X86_RBX] = out[1];
	a->regs.gpr[X86_RCX] = out[2];
	a->regs.gpr[X86_RDX] = out[3];
	a->regs.rip += LEN_CPUID;
}

static bool hypercall_exit(struct arch_vcpu *a, struct vm_exit *e)
{
	const uint64_t *r = a->regs.gpr;

	a->regs.rip += LEN_VMMCALL;
	if (r[X86_RAX] == VIREO_HC_EMPTY)
		return false;
	e->reason = VM_EXIT_HYPERCALL;
	e->pc = a->regs.rip - LEN_VMMCALL;
	e->hypercall.nr = r[X86_RAX];
	e->hypercall.args[0] = r[X86_RDI];
	e->hypercall.args[1] = r[X86_RSI];
	e->hypercall.args[2] = r[X86_RDX];
	e->hypercall.args[3] = r[X86_R10];
	e->hypercall.args[4] = r[X86_R8];
	e->hypercall.args[5] = r[X86_R9];
	a->pending = ARCH_VCPU_RAX;
	return true;
}

/* HLT: goes on at once when an interrupt can be taken, else the core
 * waits until a kick or the vLAPIC timer's expiry. */
static bool hlt_exit(struct vcpu *v, struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t next;
	int vec;

	a->next_rip = a->regs.rip + LEN_HLT;
	spin_lock(&a->vm->lock);
	vlapic_timer_update(&a->lapic, guest_tsc(a));
	vec = vlapic_pending(&a->lapic);
	next = vlapic_timer_next(&a->lapic);
	spin_unlock(&a->vm->lock);
	if (vec >= 0 && (a->regs.rflags & RFLAGS_IF)) {
		a->regs.rip = a->next_rip;
		return false;
	}
	e->reason = VM_EXIT_IDLE;
	e->idle.event = false;
	e->idle.deadline = next && (a->regs.rflags & RFLAGS_IF) ?
				   guest_tsc_to_ns(a, next) : TIMER_NONE;
	return true;
}

/* One hardware exit: true when the core must see it (in *e). */
static bool handle(struct vcpu *v, const struct x86_exit *x,
		   struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	e->pc = a->regs.rip;
	switch (x->kind) {
	case X86_EXIT_NONE:
	case X86_EXIT_IRQ_WINDOW:
		return false;
	case X86_EXIT_HYPERCALL:
		return hypercall_exit(a, e);
	case X86_EXIT_NPF:
		return npf_exit(v, x, e);
	case X86_EXIT_HLT:
		return hlt_exit(v, e);
	case X86_EXIT_IO:
		return io_exit(v, x, e);
	case X86_EXIT_CPUID:
		cpuid_exit(v);
		return false;
	case X86_EXIT_RDMSR:
	case X86_EXIT_WRMSR:
		msr_exit(v, x->kind == X86_EXIT_WRMSR);
		return false;
	case X86_EXIT_INTR:
		e->reason = VM_EXIT_HOST_IRQ;
		return true;
	case X86_EXIT_EXCEPTION:
		if (x->exception.vector == VEC_AC) {	/* the guest's own */
			x86_virt->inject(v, X86_EVENT_EXCEPTION, VEC_AC, true,
					 x->exception.error);
			return false;
		}
		unhandled(e, x, "exception");
		e->unhandled.info = x->exception.vector;
		return true;
	case X86_EXIT_SHUTDOWN:
		unhandled(e, x, "triple fault (shutdown)");
		return true;
	case X86_EXIT_INVALID:
		unhandled(e, x, "invalid guest state (entry failed)");
		return true;
	case X86_EXIT_OTHER:
		break;
	}
	unhandled(e, x, "exit");
	return true;
}

/* The x87/SSE state a CPU has after reset (SDM vol. 3 table 9-1):
 * what a vCPU that has not run yet gets. */
static const struct x86_fxsave fp_reset = { {
	[0] = FCW_RESET & 0xff, [1] = FCW_RESET >> 8,
	[24] = MXCSR_RESET & 0xff, [25] = MXCSR_RESET >> 8,
} };

static void dr_save(uint64_t *dr)
{
	__asm__ volatile("mov %%dr0, %0" : "=r"(dr[0]));
	__asm__ volatile("mov %%dr1, %0" : "=r"(dr[1]));
	__asm__ volatile("mov %%dr2, %0" : "=r"(dr[2]));
	__asm__ volatile("mov %%dr3, %0" : "=r"(dr[3]));
}

static void dr_restore(const uint64_t *dr)
{
	__asm__ volatile("mov %0, %%dr0" : : "r"(dr[0]));
	__asm__ volatile("mov %0, %%dr1" : : "r"(dr[1]));
	__asm__ volatile("mov %0, %%dr2" : : "r"(dr[2]));
	__asm__ volatile("mov %0, %%dr3" : : "r"(dr[3]));
}

/*
 * Make a's x87/SSE state and breakpoint addresses (DR0-DR3, which
 * neither VMRUN nor a VM entry switches) this CPU's, saving those of the
 * vCPU it replaces: the hypervisor uses neither, so they stay in the
 * CPU across exits.
 */
static void fp_load(struct arch_vcpu *a, unsigned int cpu)
{
	struct arch_vcpu *old = fp_loaded[cpu];
	const struct x86_fxsave *src;

	if (old == a)
		return;
	if (old) {
		__asm__ volatile("fxsave64 %0" : "=m"(old->fp));
		dr_save(old->dr);
		old->fp_saved = true;
	}
	src = a->fp_saved ? &a->fp : &fp_reset;
	__asm__ volatile("fxrstor64 %0" : : "m"(*src));
	dr_restore(a->dr);	/* zero for a new vCPU */
	fp_loaded[cpu] = a;
}

static int this_cpu_enable(void)
{
	unsigned int id = this_cpu()->id;
	int err;

	if (cpu_enabled[id / 8] & (1U << (id % 8)))
		return 0;
	/* the guests' XMM registers are switched with FXSAVE/FXRSTOR */
	__asm__ volatile("mov %%cr4, %%rax; or %0, %%rax; mov %%rax, %%cr4"
			 : : "i"(CR4_OSFXSR) : "rax", "memory");
	err = x86_virt->cpu_enable();
	if (!err)
		cpu_enabled[id / 8] |= (uint8_t)(1U << (id % 8));
	return err;
}

/* First run since vcpu_init(): its control block, its start. */
static int first_entry(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	int err = this_cpu_enable();

	if (!err)
		err = x86_virt->vcpu_setup(v, a->s2_root, a->tag);
	if (err)
		return err;
	x86_virt->set_mode(v, v->id ? X86_START_SIPI : X86_START_PVH,
			   a->regs.rip);
	x86_virt->set_tsc_offset(v, a->tsc_offset);
	a->hw_ready = true;
	a->cpu = (int)this_cpu()->id;
	return 0;
}

void vcpu_run(struct vcpu *v, struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	struct x86_exit x;

	a->pending = ARCH_VCPU_NONE;
	if (!a->hw_ready && first_entry(v)) {
		e->reason = VM_EXIT_UNHANDLED;
		e->pc = a->regs.rip;
		e->unhandled.syndrome = 0;
		e->unhandled.info = 0;
		e->unhandled.what = "virtualization could not be turned on";
		return;
	}
	if (sipi_exit(a, e))
		return;
	fp_load(a, (unsigned int)a->cpu);
	for (;;) {
		deliver_irq(v);
		x86_virt->run(v, &x);
		if (handle(v, &x, e))
			return;
	}
}

void vcpu_skip(struct vcpu *v)
{
	if (v->arch.next_rip)
		v->arch.regs.rip = v->arch.next_rip;
	v->arch.next_rip = 0;
}

void vcpu_set_result(struct vcpu *v, uint64_t value)
{
	struct arch_vcpu *a = &v->arch;

	switch (a->pending) {
	case ARCH_VCPU_RAX:
		a->regs.gpr[X86_RAX] = value;
		break;
	case ARCH_VCPU_LOAD:
		reg_write(a, a->load_reg, a->load_high8, a->load_bits,
			  load_extend(a, value));
		break;
	case ARCH_VCPU_IN:	/* in al/ax/eax: as a MOV to that width */
		reg_write(a, X86_RAX, false, a->load_bits ? a->load_bits : 32,
			  value);
		break;
	case ARCH_VCPU_NONE:
		break;
	}
	a->pending = ARCH_VCPU_NONE;
}

/* A start-up IPI has no answer: the target runs or it does not. */
void vcpu_set_power(struct vcpu *v, enum vm_power_status status)
{
	(void)v;
	(void)status;
}

int vcpu_pend_irq(struct vcpu *v, unsigned int virq)
{
	struct arch_vcpu *a = &v->arch;

	if (virq < 32 || virq >= ARCH_VM_NR_VIRQS || !a->vm)
		return -EINVAL;
	spin_lock(&a->vm->lock);
	vlapic_set_line(&a->lapic, (uint8_t)virq, true);
	spin_unlock(&a->vm->lock);
	return 0;
}

int vcpu_clear_irq(struct vcpu *v, unsigned int virq)
{
	struct arch_vcpu *a = &v->arch;

	if (virq < 32 || virq >= ARCH_VM_NR_VIRQS || !a->vm)
		return -EINVAL;
	spin_lock(&a->vm->lock);
	vlapic_set_line(&a->lapic, (uint8_t)virq, false);
	spin_unlock(&a->vm->lock);
	return 0;
}

uint64_t vcpu_get_timer_offset(const struct vcpu *v)
{
	return v->arch.tsc_offset;
}

void vcpu_set_timer_offset(struct vcpu *v, uint64_t offset)
{
	v->arch.tsc_offset = offset;
	if (v->arch.hw_ready)
		x86_virt->set_tsc_offset(v, offset);
}

uint64_t vcpu_pc(const struct vcpu *v)
{
	return v->arch.regs.rip;
}

void vcpu_destroy(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	if (timer_armed(&a->lapic_timer))
		time_timer_cancel(&a->lapic_timer);
	if (a->cpu >= 0 && fp_loaded[a->cpu] == a)
		fp_loaded[a->cpu] = NULL;	/* its state is dropped */
	if (a->hw_ready && x86_virt->vcpu_put)
		x86_virt->vcpu_put(v);
	a->hw_ready = false;
}

void tlb_flush_guest_vmid(uint16_t vmid)
{
	__atomic_add_fetch(&x86_s2_gen, 1, __ATOMIC_RELEASE);
	if (pick_backend())
		x86_virt->flush_tag(vmid);
}

/* x86 caches are coherent with instruction fetch and with a guest
 * running with caches off (its memory is write-back in NPT/EPT). */
void vcpu_guest_memory_written(paddr_t pa, size_t size)
{
	(void)pa;
	(void)size;
}

void vcpu_guest_memory_zero(paddr_t pa, size_t size)
{
	memset((void *)(uintptr_t)pa, 0, size);
}
