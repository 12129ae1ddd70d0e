// SPDX-License-Identifier: MIT
/*
 * The AMD-V backend (asm/x86_virt.h): one VMCB per vCPU, nested paging
 * on the NPT tables the core builds (pgtable_fmt_amd_npt), an ASID per
 * VM, every port and most MSRs intercepted through the permission maps.
 * Layouts and exit codes: AMD64 APM vol. 2, appendix B (VMCB) and
 * chapter 15. Under QEMU's TCG there is no next-RIP save and no decode
 * assist (virt/decode.c reads the instruction), no VMCB clean bits and
 * no flush by ASID (TLB_CONTROL flushes everything).
 */
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <hal/cpu.h>
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/hypercall.h>
#include <vireo/page_alloc.h>
#include <vireo/string.h>
#include "svm.h"
#include "x86.h"

#define MSR_VM_CR 0xc0010114
#define VM_CR_SVMDIS (1ULL << 4)
#define MSR_VM_HSAVE_PA 0xc0010117

/* The permission maps, shared by every VM: every port intercepted; every
 * MSR but those the VMCB switches (FS/GS bases, SYSCALL/SYSENTER, PAT). */
static uint8_t iopm[SVM_IOPM_SIZE] __aligned(PAGE_SIZE);
static uint8_t msrpm[SVM_MSRPM_SIZE] __aligned(PAGE_SIZE);
static bool maps_ready;

/* Per CPU: the host save area VMRUN uses, and the VMCB VMSAVE/VMLOAD
 * keep the host's FS, GS, TR, LDTR and SYSCALL state in. */
static paddr_t host_save[CONFIG_NR_CPUS], host_vmcb[CONFIG_NR_CPUS];

static unsigned int nr_asids;
/* Flushes asked for, by ASID (flush_tag): a vCPU that has seen fewer
 * flushes its TLB on its next entry. */
static uint32_t flush_gen[256];

static const uint32_t passthrough_msrs[] = {
	0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084,	/* STAR .. SFMASK */
	0xc0000100, 0xc0000101, 0xc0000102,	/* FS, GS, kernel GS base */
	0x174, 0x175, 0x176,			/* SYSENTER CS, ESP, EIP */
	0x277,					/* PAT: the guest's G_PAT */
};

/* Bit pair of msr in the MSR permission map (APM 15.11): its read bit,
 * the write bit after it; three ranges of 0x2000 MSRs, 2 KiB each. */
static unsigned int msrpm_bit(uint32_t msr)
{
	static const uint32_t range[] = { 0, 0xc0000000u, 0xc0010000u };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(range); i++)
		if (msr - range[i] < 0x2000)
			return i * 0x800 * 8 + (msr - range[i]) * 2;
	return ~0u;
}

static void maps_init(void)
{
	unsigned int i;

	memset(iopm, 0xff, sizeof(iopm));
	memset(msrpm, 0xff, sizeof(msrpm));
	for (i = 0; i < ARRAY_SIZE(passthrough_msrs); i++) {
		unsigned int bit = msrpm_bit(passthrough_msrs[i]);

		msrpm[bit / 8] &= (uint8_t)~(3U << (bit % 8));
	}
	maps_ready = true;
}

static int svm_cpu_enable(void)
{
	unsigned int id = this_cpu()->id;
	int err;

	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		return -ENODEV;		/* disabled by the firmware */
	if (!maps_ready)
		maps_init();
	if (!nr_asids) {
		nr_asids = cpuid_ebx(0x8000000a);
		if (nr_asids > ARRAY_SIZE(flush_gen))
			nr_asids = ARRAY_SIZE(flush_gen);
	}
	if (!host_save[id]) {
		err = page_alloc_pages(1, 1, &host_save[id]);
		if (!err)
			err = page_alloc_pages(1, 1, &host_vmcb[id]);
		if (err)
			return err;
		memset((void *)(uintptr_t)host_save[id], 0, PAGE_SIZE);
		memset((void *)(uintptr_t)host_vmcb[id], 0, PAGE_SIZE);
	}
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, host_save[id]);
	return 0;
}

static struct vmcb *vmcb_of(const struct vcpu *v)
{
	return (struct vmcb *)(uintptr_t)x86_vcpu_hw_page(v, 0);
}

static int svm_vcpu_setup(struct vcpu *v, paddr_t s2_root, uint16_t tag)
{
	struct vmcb *vm = vmcb_of(v);

	if (!tag || tag >= nr_asids)
		return -EINVAL;
	memset(vm, 0, PAGE_SIZE);
	vm->intercept_exceptions = 1U << 17 | 1U << 18;	/* #AC, #MC */
	vm->intercept3 = SVM_I3_INTR | SVM_I3_NMI | SVM_I3_SMI |
			 SVM_I3_CPUID | SVM_I3_HLT | SVM_I3_INVLPGA |
			 SVM_I3_IOIO | SVM_I3_MSR | SVM_I3_SHUTDOWN;
	vm->intercept4 = SVM_I4_VMRUN | SVM_I4_VMMCALL | SVM_I4_VMLOAD |
			 SVM_I4_VMSAVE | SVM_I4_STGI | SVM_I4_CLGI |
			 SVM_I4_SKINIT | SVM_I4_XSETBV;
	vm->iopm_base_pa = (uint64_t)(uintptr_t)iopm;
	vm->msrpm_base_pa = (uint64_t)(uintptr_t)msrpm;
	vm->asid = tag;
	vm->tlb_control = SVM_TLB_FLUSH_ALL;
	vm->int_ctl = SVM_INT_V_INTR_MASKING;
	vm->np_enable = 1;
	vm->n_cr3 = s2_root;
	vm->g_pat = 0x0007040600070406ULL;	/* the power-on PAT */
	vm->dr6 = 0xffff0ff0;
	vm->dr7 = 0x400;
	v->arch.hw_gen = flush_gen[tag] - 1;	/* flush on first entry */
	return 0;
}

static void seg(struct vmcb_seg *s, uint16_t sel, uint16_t attrib,
		uint32_t limit, uint64_t base)
{
	*s = (struct vmcb_seg){ sel, attrib, limit, base };
}

/* Segment attributes (APM 15.5.1): type, S, DPL, P, AVL, L, D/B, G. */
#define ATTR_CODE32 0xc9b	/* execute/read, accessed; P, D, G */
#define ATTR_DATA32 0xc93	/* read/write, accessed; P, B, G */
#define ATTR_CODE16 0x09b
#define ATTR_DATA16 0x093
#define ATTR_TSS32_BUSY 0x08b
#define ATTR_LDT 0x082
#define CR0_ET_ (1ULL << 4)
#define CR0_PE_ (1ULL << 0)

static void svm_set_mode(struct vcpu *v, enum x86_start_mode mode,
			 uint64_t ip)
{
	struct vmcb *vm = vmcb_of(v);
	uint16_t cs = (uint16_t)(ip >> 4);

	vm->efer = EFER_SVME;
	vm->cr4 = 0;
	vm->cr3 = 0;
	vm->cpl = 0;
	seg(&vm->ldtr, 0, ATTR_LDT, 0xffff, 0);
	seg(&vm->gdtr, 0, 0, 0xffff, 0);
	seg(&vm->idtr, 0, 0, 0xffff, 0);
	if (mode == X86_START_PVH) {
		vm->cr0 = CR0_PE_ | CR0_ET_;
		seg(&vm->cs, 0x08, ATTR_CODE32, 0xffffffff, 0);
		seg(&vm->ds, 0x10, ATTR_DATA32, 0xffffffff, 0);
		seg(&vm->tr, 0x18, ATTR_TSS32_BUSY, 0x67, 0);
		v->arch.regs.rip = ip;
	} else {	/* real mode at the start-up vector's page */
		vm->cr0 = CR0_ET_;
		seg(&vm->cs, cs, ATTR_CODE16, 0xffff, (uint64_t)cs << 4);
		seg(&vm->ds, 0, ATTR_DATA16, 0xffff, 0);
		seg(&vm->tr, 0, ATTR_TSS32_BUSY, 0xffff, 0);
		v->arch.regs.rip = 0;
	}
	vm->es = vm->ss = vm->fs = vm->gs = vm->ds;
	v->arch.regs.rflags = 2;
}

static void io_exit(const struct vmcb *vm, struct x86_exit *x)
{
	uint64_t info = vm->exitinfo1;

	x->kind = X86_EXIT_IO;
	x->io.in = info & SVM_IOIO_IN;
	x->io.string = info & SVM_IOIO_STR;
	x->io.rep = info & SVM_IOIO_REP;
	x->io.size = info & SVM_IOIO_SZ8 ? 1 : info & SVM_IOIO_SZ16 ? 2 : 4;
	x->io.port = (uint16_t)(info >> 16);
	/* EXITINFO2 is the next RIP, even without nrip-save */
	x->insn_len = (uint8_t)(vm->exitinfo2 - vm->rip);
}

/* Instructions the guest does not have: the SVM set itself, and XSETBV
 * (CPUID gives it no XSAVE: XCR0 is not switched). */
static bool not_its_own(uint64_t code)
{
	return code == SVM_EXIT_VMRUN || (code >= SVM_EXIT_VMLOAD &&
					  code <= SVM_EXIT_SKINIT) ||
	       code == SVM_EXIT_INVLPGA || code == SVM_EXIT_XSETBV;
}

static void svm_inject(struct vcpu *v, enum x86_event_type type,
		       uint8_t vector, bool has_error, uint32_t error)
{
	vmcb_of(v)->eventinj = vector | (uint64_t)type << 8 |
			       (has_error ? SVM_EVTINJ_EV : 0) |
			       SVM_EVTINJ_VALID | (uint64_t)error << 32;
}

static void decode_exit(struct vcpu *v, struct vmcb *vm, struct x86_exit *x)
{
	uint64_t code = vm->exitcode;

	memset(x, 0, sizeof(*x));
	x->code = code;
	x->info1 = vm->exitinfo1;
	x->info2 = vm->exitinfo2;
	switch (code) {
	case SVM_EXIT_VMMCALL:
		x->kind = X86_EXIT_HYPERCALL;
		return;
	case SVM_EXIT_NPF:
		x->kind = X86_EXIT_NPF;
		x->npf.gpa = vm->exitinfo2;
		x->npf.present = vm->exitinfo1 & SVM_NPF_P;
		x->npf.write = vm->exitinfo1 & SVM_NPF_RW;
		x->npf.fetch = vm->exitinfo1 & SVM_NPF_ID;
		return;
	case SVM_EXIT_INTR:
	case SVM_EXIT_NMI:
	case SVM_EXIT_SMI:
		x->kind = X86_EXIT_INTR;
		return;
	case SVM_EXIT_HLT:
		x->kind = X86_EXIT_HLT;
		return;
	case SVM_EXIT_IOIO:
		io_exit(vm, x);
		return;
	case SVM_EXIT_CPUID:
		x->kind = X86_EXIT_CPUID;
		return;
	case SVM_EXIT_MSR:
		x->kind = vm->exitinfo1 ? X86_EXIT_WRMSR : X86_EXIT_RDMSR;
		return;
	case SVM_EXIT_VINTR:
		x->kind = X86_EXIT_IRQ_WINDOW;
		return;
	case SVM_EXIT_SHUTDOWN:
		x->kind = X86_EXIT_SHUTDOWN;
		return;
	case SVM_EXIT_INVALID:
		x->kind = X86_EXIT_INVALID;
		return;
	}
	if (code >= SVM_EXIT_EXCP_BASE && code < SVM_EXIT_EXCP_BASE + 32) {
		x->kind = X86_EXIT_EXCEPTION;
		x->exception.vector = (uint8_t)(code - SVM_EXIT_EXCP_BASE);
		x->exception.has_error = true;
		x->exception.error = (uint32_t)vm->exitinfo1;
		x->exception.cr2 = vm->exitinfo2;
		return;
	}
	if (not_its_own(code)) {	/* #UD, as on a CPU without them */
		svm_inject(v, X86_EVENT_EXCEPTION, 6, false, 0);
		x->kind = X86_EXIT_NONE;
		return;
	}
	x->kind = X86_EXIT_OTHER;
}

/* EFER is the guest's own in the VMCB, but SVME must stay set there
 * (VMRUN refuses a guest without it): the guest sees it clear. */
#define EFER_GUEST_BITS 0xd01ULL	/* SCE, LME, LMA, NXE */

static bool efer_msr(struct vcpu *v, struct vmcb *vm, bool write)
{
	struct x86_regs *r = &v->arch.regs;

	if (r->gpr[X86_RCX] != MSR_EFER)
		return false;
	if (!write) {
		uint64_t efer = vm->efer & ~(uint64_t)EFER_SVME;

		r->gpr[X86_RAX] = (uint32_t)efer;
		r->gpr[X86_RDX] = efer >> 32;
	} else {
		uint64_t efer = (r->gpr[X86_RDX] << 32) |
				(uint32_t)r->gpr[X86_RAX];

		if (efer & ~EFER_GUEST_BITS) {
			svm_inject(v, X86_EVENT_EXCEPTION, 13, true, 0);
			return true;
		}
		vm->efer = (efer & ~(1ULL << 10)) | (vm->efer & (1ULL << 10)) |
			   EFER_SVME;
	}
	r->rip += 2;
	return true;
}

static void svm_run(struct vcpu *v, struct x86_exit *x)
{
	struct arch_vcpu *a = &v->arch;
	struct vmcb *vm = vmcb_of(v);
	unsigned int cpu = this_cpu()->id;

	for (;;) {
		vm->rip = a->regs.rip;
		vm->rflags = a->regs.rflags;
		vm->rsp = a->regs.gpr[X86_RSP];
		vm->rax = a->regs.gpr[X86_RAX];
		if (a->hw_gen != flush_gen[a->tag]) {
			a->hw_gen = flush_gen[a->tag];
			vm->tlb_control = SVM_TLB_FLUSH_ALL;
		}
		__svm_run(x86_vcpu_hw_page(v, 0), &a->regs, host_vmcb[cpu]);
		vm->tlb_control = 0;
		a->regs.rip = vm->rip;
		a->regs.rflags = vm->rflags;
		a->regs.gpr[X86_RSP] = vm->rsp;
		a->regs.gpr[X86_RAX] = vm->rax;
		vm->eventinj = 0;
		/* an event whose delivery the exit interrupted: again */
		if (vm->exitintinfo & SVM_EVTINJ_VALID)
			vm->eventinj = vm->exitintinfo;
		/* the empty exit (make bench's floor) goes in again at once:
		 * anything it could have to deliver ends a run by itself (a
		 * host interrupt: a kick, the vLAPIC timer's host timer) */
		if (vm->exitcode == SVM_EXIT_VMMCALL &&
		    vm->rax == VIREO_HC_EMPTY) {
			a->regs.rip += 3;
			continue;
		}
		if (vm->exitcode == SVM_EXIT_MSR &&
		    efer_msr(v, vm, vm->exitinfo1))
			continue;
		decode_exit(v, vm, x);
		if (x->kind != X86_EXIT_NONE)
			return;
	}
}

static void svm_sys_state(struct vcpu *v, struct x86_sys_state *s)
{
	const struct vmcb *vm = vmcb_of(v);

	s->cr0 = vm->cr0;
	s->cr3 = vm->cr3;
	s->cr4 = vm->cr4;
	s->efer = vm->efer;
	s->cs_base = vm->cs.base;
	s->cs_l = vm->cs.attrib & (1U << 9);
	s->cs_db = vm->cs.attrib & (1U << 10);
	s->cpl = vm->cpl;
}

static bool svm_irq_allowed(struct vcpu *v)
{
	const struct vmcb *vm = vmcb_of(v);

	return (v->arch.regs.rflags & (1ULL << 9)) &&
	       !(vm->int_state & SVM_INT_SHADOW) &&
	       !(vm->eventinj & SVM_EVTINJ_VALID);
}

/* A virtual interrupt request with the VINTR intercept: the exit comes
 * as soon as the guest could take it (APM 15.21.4). */
static void svm_irq_window(struct vcpu *v, bool on)
{
	struct vmcb *vm = vmcb_of(v);

	if (on) {
		vm->int_ctl |= SVM_INT_V_IRQ | SVM_INT_V_IGN_TPR |
			       0xfULL << SVM_INT_V_PRIO_SHIFT;
		vm->intercept3 |= SVM_I3_VINTR;
	} else {
		vm->int_ctl &= ~(SVM_INT_V_IRQ | SVM_INT_V_IGN_TPR |
				 0xfULL << SVM_INT_V_PRIO_SHIFT);
		vm->intercept3 &= ~SVM_I3_VINTR;
	}
}

static void svm_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	vmcb_of(v)->tsc_offset = (uint64_t)-offset;	/* guest = host + it */
}

static void svm_flush_tag(uint16_t tag)
{
	__atomic_add_fetch(&flush_gen[tag & 0xff], 1, __ATOMIC_RELEASE);
}

const struct x86_virt_ops svm_ops = {
	.name = "svm",
	.cpu_enable = svm_cpu_enable,
	.vcpu_setup = svm_vcpu_setup,
	.set_mode = svm_set_mode,
	.run = svm_run,
	.sys_state = svm_sys_state,
	.irq_allowed = svm_irq_allowed,
	.inject = svm_inject,
	.irq_window = svm_irq_window,
	.set_tsc_offset = svm_set_tsc_offset,
	.flush_tag = svm_flush_tag,
	.vcpu_put = NULL,
};
