// SPDX-License-Identifier: MIT
/*
 * The VT-x backend (asm/x86_virt.h): VMXON on each CPU, one VMCS per
 * vCPU, EPT (the page-table engine's pgtable_fmt_ept) with a VPID per
 * VM, unrestricted guest (so real mode and paging-off protected mode run
 * natively). The common code (vcpu.c) owns the general registers; this
 * file the VMCS and the guest's control and segment state.
 *
 * A VMCS can be touched only on the CPU it is current on, and the set-up
 * calls come from any CPU: what they change is kept in struct vmx_vcpu
 * (in the vCPU's second backend page) and written to the VMCS by
 * vmx_run() on the vCPU's own CPU, before the entry.
 */
#include <asm/arch_cpu.h>
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/vmx.h>
#include <asm/x86_virt.h>
#include <hal/cpu.h>
#include <hal/time.h>
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/string.h>
#include <vireo/timer_list.h>
#include "x86.h"

#define MSR_FS_BASE 0xc0000100
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define EFER_LMA (1u << 10)
#define CR0_ET (1u << 4)
#define CR0_NE (1u << 5)
#define CR4_VMXE (1u << 13)
#define DR7_RESET 0x400
#define PAT_RESET 0x0007040600070406ULL
#define EFLAGS_TF (1u << 8)
#define EFLAGS_IF (1u << 9)

static inline uint64_t vmx_read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t vmx_read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void vmx_write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* world switch (vmx_entry.S): 0 after a VM exit, else the VMfail:
 * 1 VMfailValid (VMCS_INSN_ERROR says why), 2 VMfailInvalid */
int __vmx_enter(uint64_t *gpr, int resume);
void __vmx_exit(void);

/* Controls this CPU model gets, adjusted by the capability MSRs once. */
static struct vmx_caps {
	uint32_t revision;
	uint8_t preempt_shift;	/* the timer counts TSC >> this */
	uint64_t slice_tsc;	/* a time slice in TSC ticks */
	uint32_t pin, cpu, cpu2, exit, entry;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint64_t ept_vpid;
	bool ready;
} caps;

/* Per CPU: its VMXON region, the VMCS current on it. */
static struct vmx_cpu {
	paddr_t vmxon;
	paddr_t current;
	/* VPIDs whose EPT/VPID translations are stale here (flush_tag) */
	uint64_t stale[4];
	struct vmx_vcpu *msr_owner;	/* whose lazy MSRs the CPU has */
	uint64_t host_ns, host_tsc;	/* its next host timer, both ways */
} vmx_cpus[CONFIG_NR_CPUS];

/* STAR, LSTAR, CSTAR, SFMASK, KERNEL_GS_BASE (SDM vol. 4 table 2-2) */
static const uint32_t lazy_msrs[] = { 0xc0000081, 0xc0000082, 0xc0000083,
				      0xc0000084, 0xc0000102 };
#define NR_LAZY_MSRS 5
#define LAZY_KERNEL_GS_BASE 4

/* What is pending for the VMCS until the vCPU's CPU writes it. */
enum vmx_dirty {
	DIRTY_MODE = 1 << 0,	/* set_mode(): segments, CRs, EFER */
	DIRTY_TSC = 1 << 1,
	DIRTY_EVENT = 1 << 2,
	DIRTY_WINDOW = 1 << 3,
};

/* The backend's software state, in the vCPU's backend page 1. */
struct vmx_vcpu {
	bool launched;		/* VMLAUNCH done since the last VMCLEAR */
	bool fields_set;	/* the constant fields are written */
	int cpu;		/* where its VMCS is active, -1: nowhere */
	unsigned int dirty;
	enum x86_start_mode mode;
	uint64_t ip;
	uint64_t tsc_offset;	/* the VMCS's: added to the host TSC */
	uint32_t event;		/* entry interruption information */
	uint32_t event_error;
	bool window;		/* interrupt-window exiting wanted */
	uint32_t event_len;	/* of a software event re-injected */
	uint64_t exit_rip;	/* the guest's rip at the last exit */
	uint64_t eptp;
	uint16_t vpid;		/* 0: the CPU has no VPIDs */
	uint16_t tag;		/* the VM's, for flush_tag() */
	bool debug_victim;	/* DEBUG_VMX_*: the vCPU whose entry fails */
	/* the guest's SYSCALL/SWAPGS MSRs (the VMCS has no fields for
	 * them; the hypervisor uses none): in the CPU while its VMCS is */
	uint64_t lazy_msr[NR_LAZY_MSRS];
};

_Static_assert(sizeof(struct vmx_vcpu) <= PAGE_SIZE, "fits its page");

/* DEBUG_VMX_*: the first vCPU set up gets the bad field, the rest run */
static bool debug_victim_chosen;

#define VMCS_PAGE 0
#define STATE_PAGE 1

static struct vmx_vcpu *vmx_of(const struct vcpu *v)
{
	return (struct vmx_vcpu *)(uintptr_t)x86_vcpu_hw_page(v, STATE_PAGE);
}

static struct vmx_cpu *this_vmx_cpu(void)
{
	return &vmx_cpus[this_cpu()->id];
}

/* --- the VMX instructions: CF or ZF set means VMfail --- */

static bool vmx_insn_ok(bool fail, const char *what, paddr_t pa)
{
	if (fail)
		pr_err("vmx: %s %#lx failed (VMfail)\n", what,
		       (unsigned long)pa);
	return !fail;
}

static bool vmxon(paddr_t pa)
{
	bool fail;

	__asm__ volatile("vmxon %1; setna %0" : "=q"(fail) : "m"(pa)
			 : "cc", "memory");
	return vmx_insn_ok(fail, "VMXON", pa);
}

static bool vmclear(paddr_t pa)
{
	bool fail;

	__asm__ volatile("vmclear %1; setna %0" : "=q"(fail) : "m"(pa)
			 : "cc", "memory");
	return vmx_insn_ok(fail, "VMCLEAR", pa);
}

static bool vmptrld(paddr_t pa)
{
	bool fail;

	__asm__ volatile("vmptrld %1; setna %0" : "=q"(fail) : "m"(pa)
			 : "cc", "memory");
	return vmx_insn_ok(fail, "VMPTRLD", pa);
}

static uint64_t vmread(enum vmcs_field f)
{
	uint64_t val;

	__asm__ volatile("vmread %1, %0" : "=rm"(val) : "r"((uint64_t)f)
			 : "cc");
	return val;
}

/* A field's failed write shows at the entry: VM-instruction error 7, 8
 * or exit reason 33 name the field class. */
static void vmwrite(enum vmcs_field f, uint64_t val)
{
	__asm__ volatile("vmwrite %1, %0" : : "r"((uint64_t)f), "rm"(val)
			 : "cc");
}

static void invept(unsigned long type, uint64_t eptp)
{
	struct { uint64_t eptp, zero; } desc = { eptp, 0 };

	__asm__ volatile("invept %0, %1" : : "m"(desc), "r"(type)
			 : "cc", "memory");
}

static void invvpid(unsigned long type, uint16_t vpid)
{
	struct { uint64_t vpid, addr; } desc = { vpid, 0 };

	__asm__ volatile("invvpid %0, %1" : : "m"(desc), "r"(type)
			 : "cc", "memory");
}

/* --- capabilities --- */

static bool adjust(uint32_t *ctl, uint32_t msr, uint32_t want, uint32_t need)
{
	return vmx_adjust_ctl(rdmsr(msr), want, need, ctl);
}

static int vmx_caps_init(void)
{
	uint64_t basic = rdmsr(MSR_IA32_VMX_BASIC);
	bool t = basic & VMX_BASIC_TRUE_CTLS;
	uint32_t cpu_want = CPU_HLT | CPU_IO_ALL | CPU_SECONDARY |
			    CPU_TSC_OFFSET | CPU_CR8_LOAD | CPU_CR8_STORE |
			    CPU_MWAIT | CPU_MONITOR | CPU_RDPMC;
	uint32_t cpu2_want = CPU2_EPT | CPU2_UNRESTRICTED | CPU2_VPID |
			     CPU2_RDTSCP | CPU2_INVPCID;
	uint32_t exit_need = EXIT_HOST_64 | EXIT_LOAD_EFER | EXIT_SAVE_EFER;
	/* the preemption timer counts on across the backend's own exits */
	uint32_t exit_want = exit_need | EXIT_SAVE_PAT | EXIT_LOAD_PAT |
			     EXIT_SAVE_PREEMPT;

	if (VMX_BASIC_REGION_SIZE(basic) > PAGE_SIZE) {
		pr_err("vmx: VMCS of %u bytes, more than a page\n",
		       (unsigned int)VMX_BASIC_REGION_SIZE(basic));
		return -ENODEV;
	}
	caps.revision = VMX_BASIC_REVISION(basic);
	if (!adjust(&caps.pin, t ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
			       MSR_IA32_VMX_PINBASED_CTLS,
		    PIN_EXT_INTR | PIN_PREEMPT_TIMER, PIN_EXT_INTR) ||
	    !adjust(&caps.cpu, t ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
			       MSR_IA32_VMX_PROCBASED_CTLS,
		    cpu_want, CPU_HLT | CPU_IO_ALL | CPU_SECONDARY) ||
	    !adjust(&caps.exit, t ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
				MSR_IA32_VMX_EXIT_CTLS,
		    exit_want, exit_need) ||
	    !adjust(&caps.entry, t ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
				 MSR_IA32_VMX_ENTRY_CTLS,
		    ENTRY_LOAD_EFER | ENTRY_LOAD_PAT, ENTRY_LOAD_EFER)) {
		pr_err("vmx: the CPU lacks a VMX control Vireo needs (HLT, I/O, EFER exiting or secondary controls)\n");
		return -ENODEV;
	}
	if (!adjust(&caps.cpu2, MSR_IA32_VMX_PROCBASED_CTLS2, cpu2_want,
		    CPU2_EPT | CPU2_UNRESTRICTED)) {
		pr_err("vmx: the CPU has no EPT or no unrestricted guest\n");
		return -ENODEV;
	}
	caps.entry &= ~ENTRY_IA32E;	/* set by update_lma() */
	/* the guest's PAT is switched whole or not at all */
	if ((caps.exit & (EXIT_SAVE_PAT | EXIT_LOAD_PAT)) !=
		    (EXIT_SAVE_PAT | EXIT_LOAD_PAT) ||
	    !(caps.entry & ENTRY_LOAD_PAT)) {
		caps.exit &= ~(EXIT_SAVE_PAT | EXIT_LOAD_PAT);
		caps.entry &= ~ENTRY_LOAD_PAT;
	}
	caps.ept_vpid = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	if (!(caps.ept_vpid & EPT_CAP_WALK4) || !(caps.ept_vpid & EPT_CAP_WB) ||
	    !(caps.ept_vpid & EPT_CAP_INVEPT_SINGLE)) {
		pr_err("vmx: EPT without 4-level write-back tables or single-context INVEPT\n");
		return -ENODEV;
	}
	if (!(caps.ept_vpid & VPID_CAP_INVVPID_SINGLE))
		caps.cpu2 &= ~CPU2_VPID;
	caps.preempt_shift = VMX_MISC_PREEMPT_RATE(rdmsr(MSR_IA32_VMX_MISC));
	caps.slice_tsc = time_ns_to_counter((uint64_t)CONFIG_VM_TIME_SLICE_MS *
					    1000000, time_counter_hz());
	caps.cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	caps.cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	caps.cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	caps.cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	caps.ready = true;
	return 0;
}

/* --- VMXON --- */

static int vmx_cpu_enable(void)
{
	struct vmx_cpu *c = this_vmx_cpu();
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	int err;

	if (!(fc & FEATURE_CONTROL_LOCK))
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCK |
				FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
	else if (!(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX)) {
		pr_err("vmx: VMX is off in IA32_FEATURE_CONTROL (locked by the firmware)\n");
		return -ENODEV;
	}
	if (!caps.ready) {
		err = vmx_caps_init();
		if (err)
			return err;
	}
	if (!c->vmxon) {
		err = page_alloc_page(&c->vmxon);
		if (err)
			return err;
	}
	memset((void *)(uintptr_t)c->vmxon, 0, PAGE_SIZE);
	*(uint32_t *)(uintptr_t)c->vmxon = caps.revision;
	/* VMXON needs the fixed bits of CR0 (NE) and CR4 (VMXE) */
	write_cr0((read_cr0() | caps.cr0_fixed0) & caps.cr0_fixed1);
	vmx_write_cr4((vmx_read_cr4() | caps.cr4_fixed0 | CR4_VMXE) &
		      caps.cr4_fixed1);
	if (!vmxon(c->vmxon))
		return -EIO;
	/* nothing of an earlier boot's guests survives in the TLBs */
	invept(INVEPT_ALL, 0);
	if (caps.cpu2 & CPU2_VPID)
		invvpid(INVVPID_ALL, 0);
	c->current = 0;
	memset(c->stale, 0, sizeof(c->stale));
	return 0;
}

/* --- the VMCS --- */

static int vmx_vcpu_setup(struct vcpu *v, paddr_t s2_root, uint16_t tag)
{
	struct vmx_vcpu *x = vmx_of(v);
	paddr_t vmcs = x86_vcpu_hw_page(v, VMCS_PAGE);

	if (!caps.ready || (s2_root & (PAGE_SIZE - 1)))
		return -EINVAL;
	memset(x, 0, sizeof(*x));
	x->cpu = -1;
	x->eptp = s2_root | EPTP_WB_4LEVEL;
	x->tag = tag;
	x->vpid = caps.cpu2 & CPU2_VPID ? tag : 0;
	x->mode = X86_START_PVH;
	x->dirty = DIRTY_MODE | DIRTY_TSC;
	x->debug_victim = !__atomic_exchange_n(&debug_victim_chosen, true,
					       __ATOMIC_ACQ_REL);
	/* a VMCS region starts with the revision; VMCLEAR on its CPU */
	memset((void *)(uintptr_t)vmcs, 0, PAGE_SIZE);
	*(uint32_t *)(uintptr_t)vmcs = caps.revision;
	return 0;
}

struct seg {
	uint16_t sel;
	uint32_t limit, ar;
	uint64_t base;
};

static void set_seg(enum vmx_seg n, struct seg s)
{
	vmwrite(VMCS_SEG_SEL(n), s.sel);
	vmwrite(VMCS_SEG_LIMIT(n), s.limit);
	vmwrite(VMCS_SEG_AR(n), s.ar);
	vmwrite(VMCS_SEG_BASE(n), s.base);
}

/* The fixed bits of CR0 bar PE and PG, which unrestricted guest frees. */
static uint64_t cr0_fixed0(void)
{
	return caps.cr0_fixed0 & ~(uint64_t)(CR0_PE | CR0_PG);
}

/* CR0/CR4 as the guest asked (the read shadow), and as the CPU runs it. */
static void set_cr0(uint64_t val)
{
	vmwrite(VMCS_CR0_SHADOW, val);
	vmwrite(VMCS_GUEST_CR0, (val | cr0_fixed0()) & caps.cr0_fixed1);
}

static void set_cr4(uint64_t val)
{
	vmwrite(VMCS_CR4_SHADOW, val);
	vmwrite(VMCS_GUEST_CR4, (val | caps.cr4_fixed0) & caps.cr4_fixed1);
}

/* Access rights (SDM 25.4.1): type, S, DPL 0, P, D/B, G. */
#define AR_CODE32 0xc09b	/* execute/read, accessed, 32-bit, 4 KiB G */
#define AR_DATA32 0xc093	/* read/write, accessed */
#define AR_CODE16 0x009b
#define AR_DATA16 0x0093
#define AR_TSS32_BUSY 0x008b
#define AR_LDT 0x0082
#define AR_TSS16_AVAILABLE 0x0081	/* no TR may have it (SDM 27.3.1.2) */

/* The registers a start leaves: PVH's flat 32-bit protected mode, or
 * real mode at a start-up IPI's entry ip (vector << 12); the rest as
 * after INIT (SDM table 10-1). */
static void apply_mode(struct vmx_vcpu *x)
{
	bool sipi = x->mode != X86_START_PVH;
	struct seg code = sipi ? (struct seg){ (uint16_t)(x->ip >> 4), 0xffff,
					       AR_CODE16, x->ip }
			       : (struct seg){ 0x8, 0xffffffff, AR_CODE32, 0 };
	struct seg data = sipi ? (struct seg){ 0, 0xffff, AR_DATA16, 0 }
			       : (struct seg){ 0x10, 0xffffffff, AR_DATA32, 0 };
	enum vmx_seg n;

	for (n = SEG_ES; n <= SEG_GS; n++)
		set_seg(n, n == SEG_CS ? code : data);
	set_seg(SEG_LDTR, (struct seg){ 0, 0xffff, AR_LDT | VMX_AR_UNUSABLE, 0 });
	set_seg(SEG_TR, sipi ? (struct seg){ 0, 0xffff, AR_TSS32_BUSY, 0 }
			     : (struct seg){ 0x18, 0x67, AR_TSS32_BUSY, 0 });
	if (IS_ENABLED(CONFIG_DEBUG_VMX_BAD_GUEST_STATE) && x->debug_victim)
		vmwrite(VMCS_SEG_AR(SEG_TR), AR_TSS16_AVAILABLE);
	vmwrite(VMCS_GUEST_GDTR_BASE, 0);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, 0xffff);
	vmwrite(VMCS_GUEST_IDTR_BASE, 0);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, 0xffff);
	set_cr0(sipi ? CR0_ET : CR0_PE | CR0_ET);
	set_cr4(0);
	vmwrite(VMCS_GUEST_CR3, 0);
	vmwrite(VMCS_GUEST_EFER, 0);
	vmwrite(VMCS_GUEST_PAT, PAT_RESET);
	vmwrite(VMCS_ENTRY_CTLS, caps.entry);
	vmwrite(VMCS_GUEST_DR7, DR7_RESET);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmwrite(VMCS_GUEST_PENDING_DBG, 0);
	vmwrite(VMCS_GUEST_ACTIVITY, 0);
	vmwrite(VMCS_GUEST_SYSENTER_CS, 0);
	vmwrite(VMCS_GUEST_SYSENTER_ESP, 0);
	vmwrite(VMCS_GUEST_SYSENTER_EIP, 0);
	vmwrite(VMCS_ENTRY_INTR_INFO, 0);
}

/* The fields that stay as they are for the vCPU's life. */
static void write_controls(struct vmx_vcpu *x)
{
	vmwrite(VMCS_LINK_POINTER, ~0ULL);
	/* bit 1 is a default-1 pin control (SDM A.3.1) */
	vmwrite(VMCS_PIN_CTLS, IS_ENABLED(CONFIG_DEBUG_VMX_BAD_CONTROLS) &&
				       x->debug_victim ?
				       caps.pin & ~2u : caps.pin);
	vmwrite(VMCS_CPU_CTLS, caps.cpu);
	vmwrite(VMCS_CPU_CTLS2, caps.cpu2);
	vmwrite(VMCS_EXIT_CTLS, caps.exit);
	vmwrite(VMCS_EXCEPTION_BITMAP, 0);
	vmwrite(VMCS_CR3_TARGET_COUNT, 0);
	vmwrite(VMCS_EXIT_MSR_STORE_COUNT, 0);
	vmwrite(VMCS_EXIT_MSR_LOAD_COUNT, 0);
	vmwrite(VMCS_ENTRY_MSR_LOAD_COUNT, 0);
	vmwrite(VMCS_EPTP, x->eptp);
	if (x->vpid)
		vmwrite(VMCS_VPID, x->vpid);
	vmwrite(VMCS_GUEST_DEBUGCTL, 0);
	/* the bits the guest may not set as it likes: read from the
	 * shadows, changed through a CR access exit */
	vmwrite(VMCS_CR0_MASK, cr0_fixed0() | ~caps.cr0_fixed1 | CR0_PG);
	vmwrite(VMCS_CR4_MASK, caps.cr4_fixed0 | ~caps.cr4_fixed1);
	vmwrite(VMCS_HOST_RIP, (uintptr_t)__vmx_exit);
	vmwrite(VMCS_HOST_CS_SEL, KERNEL_CS);
	vmwrite(VMCS_HOST_SS_SEL, KERNEL_DS);
	vmwrite(VMCS_HOST_DS_SEL, KERNEL_DS);
	vmwrite(VMCS_HOST_ES_SEL, KERNEL_DS);
	vmwrite(VMCS_HOST_FS_SEL, 0);
	vmwrite(VMCS_HOST_GS_SEL, 0);
	vmwrite(VMCS_HOST_TR_SEL, TSS_SEL);
	vmwrite(VMCS_HOST_SYSENTER_CS, 0);
	vmwrite(VMCS_HOST_SYSENTER_ESP, 0);
	vmwrite(VMCS_HOST_SYSENTER_EIP, 0);
}

struct __attribute__((packed)) desc_ptr {
	uint16_t limit;
	uint64_t base;
};

/* The host state that differs between CPUs (restored on every exit). */
static void write_host_state(void)
{
	struct cpu *c = this_cpu();
	struct desc_ptr idtr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	vmwrite(VMCS_HOST_CR0, read_cr0());
	vmwrite(VMCS_HOST_CR3, vmx_read_cr3());
	vmwrite(VMCS_HOST_CR4, vmx_read_cr4());
	vmwrite(VMCS_HOST_FS_BASE, rdmsr(MSR_FS_BASE));
	vmwrite(VMCS_HOST_GS_BASE, rdmsr(MSR_GS_BASE));
	vmwrite(VMCS_HOST_TR_BASE, (uintptr_t)&c->arch.tss);
	vmwrite(VMCS_HOST_GDTR_BASE, (uintptr_t)c->arch.gdt);
	vmwrite(VMCS_HOST_IDTR_BASE, idtr.base);
	vmwrite(VMCS_HOST_EFER, rdmsr(MSR_EFER));
	vmwrite(VMCS_HOST_PAT, rdmsr(MSR_IA32_PAT));
}

static bool tag_take_stale(struct vmx_cpu *c, uint16_t vpid)
{
	uint64_t bit = 1ULL << (vpid % 64);

	if (!(__atomic_load_n(&c->stale[vpid / 64 % 4], __ATOMIC_ACQUIRE) & bit))
		return false;
	__atomic_fetch_and(&c->stale[vpid / 64 % 4], ~bit, __ATOMIC_ACQ_REL);
	return true;
}

static void flush_guest(const struct vmx_vcpu *x)
{
	invept(INVEPT_SINGLE, x->eptp);
	if (x->vpid)
		invvpid(INVVPID_SINGLE, x->vpid);
}

/* The guest's lazy MSRs into the CPU (the last owner's values are kept
 * as they were written: lazy_msr_access()). The x87/SSE registers are
 * the common code's (vcpu.c). */
static void msr_switch(struct vmx_cpu *c, struct vmx_vcpu *x)
{
	unsigned int i;

	if (c->msr_owner == x)
		return;
	/* SWAPGS changes KERNEL_GS_BASE without a WRMSR */
	if (c->msr_owner)
		c->msr_owner->lazy_msr[LAZY_KERNEL_GS_BASE] =
			rdmsr(lazy_msrs[LAZY_KERNEL_GS_BASE]);
	for (i = 0; i < NR_LAZY_MSRS; i++)
		wrmsr(lazy_msrs[i], x->lazy_msr[i]);
	c->msr_owner = x;
}

static int lazy_msr_index(uint32_t msr)
{
	unsigned int i;

	for (i = 0; i < NR_LAZY_MSRS; i++)
		if (lazy_msrs[i] == msr)
			return (int)i;
	return -1;
}

/* RDMSR/WRMSR of a lazy MSR (the vCPU is this CPU's owner). A value the
 * CPU refuses (a non-canonical address) is stored as the CPU would have
 * had it, so writes go through the check below. */
static bool lazy_msr_access(struct vmx_vcpu *x, uint64_t *g, bool write)
{
	int i = lazy_msr_index((uint32_t)g[X86_RCX]);
	uint64_t val = (uint32_t)g[X86_RAX] | g[X86_RDX] << 32;

	if (i < 0)
		return false;
	if (i == LAZY_KERNEL_GS_BASE)	/* what SWAPGS left there */
		x->lazy_msr[i] = rdmsr(lazy_msrs[i]);
	if (!write) {
		g[X86_RAX] = (uint32_t)x->lazy_msr[i];
		g[X86_RDX] = x->lazy_msr[i] >> 32;
		return true;
	}
	/* a value the CPU refuses would #GP in the hypervisor: the guest's
	 * own #GP is then the common code's (not handled here) */
	if (!vmx_lazy_msr_value_ok(lazy_msrs[i], val))
		return false;
	x->lazy_msr[i] = val;
	wrmsr(lazy_msrs[i], val);
	return true;
}

/* Make v's VMCS current on this CPU, with this CPU's host state. */
static bool vmx_load(struct vcpu *v, struct vmx_vcpu *x)
{
	struct vmx_cpu *c = this_vmx_cpu();
	paddr_t vmcs = x86_vcpu_hw_page(v, VMCS_PAGE);
	bool first = x->cpu != (int)this_cpu()->id;

	if (c->current == vmcs) {
		if (tag_take_stale(c, x->tag))
			flush_guest(x);
		return true;
	}
	/* first run here: the VMCS starts clear */
	if (first && !vmclear(vmcs))
		return false;
	if (!vmptrld(vmcs))
		return false;
	if (first) {
		x->launched = false;
		x->cpu = (int)this_cpu()->id;
	}
	c->current = vmcs;
	msr_switch(c, x);
	/* an earlier VM with the same VPID/EPT root may have left entries */
	if (tag_take_stale(c, x->tag) || first)
		flush_guest(x);
	if (!x->fields_set) {
		write_controls(x);
		x->fields_set = true;
	}
	write_host_state();
	return true;
}

static void set_cpu_ctls(uint32_t set, uint32_t clear)
{
	vmwrite(VMCS_CPU_CTLS, (vmread(VMCS_CPU_CTLS) | set) & ~clear);
}

/* What set-up calls from other CPUs left for the VMCS. */
static void vmx_sync(struct vmx_vcpu *x)
{
	unsigned int d = __atomic_exchange_n(&x->dirty, 0, __ATOMIC_ACQ_REL);

	if (d & DIRTY_MODE)
		apply_mode(x);
	if (d & DIRTY_TSC)
		vmwrite(VMCS_TSC_OFFSET, x->tsc_offset);
	if (d & DIRTY_EVENT) {
		vmwrite(VMCS_ENTRY_INTR_INFO, x->event);
		vmwrite(VMCS_ENTRY_EXC_ERROR, x->event_error);
		vmwrite(VMCS_ENTRY_INSN_LEN, x->event_len);
		x->event = 0;
	}
	if (d & DIRTY_WINDOW)
		set_cpu_ctls(x->window ? CPU_INTR_WINDOW : 0,
			     x->window ? 0 : CPU_INTR_WINDOW);
}

static bool vmcs_is_current(const struct vcpu *v)
{
	return this_vmx_cpu()->current == x86_vcpu_hw_page(v, VMCS_PAGE);
}

static void mark_dirty(struct vmx_vcpu *x, enum vmx_dirty d)
{
	__atomic_fetch_or(&x->dirty, d, __ATOMIC_ACQ_REL);
}

static void vmx_set_mode(struct vcpu *v, enum x86_start_mode mode,
			 uint64_t ip)
{
	struct vmx_vcpu *x = vmx_of(v);

	x->mode = mode;
	x->ip = ip;
	/* PVH starts at ip; a start-up IPI's entry is CS (vector << 8,
	 * base vector << 12) with IP 0 (SDM 8.4.4.1) */
	v->arch.regs.rip = mode == X86_START_PVH ? ip : 0;
	v->arch.regs.rflags = 2;
	mark_dirty(x, DIRTY_MODE);
}

static void vmx_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	struct vmx_vcpu *x = vmx_of(v);

	x->tsc_offset = -offset;	/* guest = host - offset */
	mark_dirty(x, DIRTY_TSC);
}

static void vmx_inject(struct vcpu *v, enum x86_event_type type,
		       uint8_t vector, bool has_error, uint32_t error)
{
	struct vmx_vcpu *x = vmx_of(v);

	x->event = INTR_INFO_VALID | (uint32_t)type << 8 | vector |
		   (has_error ? INTR_INFO_ERROR : 0);
	x->event_error = error;
	x->event_len = 0;
	mark_dirty(x, DIRTY_EVENT);
}

static void vmx_irq_window(struct vcpu *v, bool on)
{
	struct vmx_vcpu *x = vmx_of(v);

	if (x->window == on)
		return;
	x->window = on;
	mark_dirty(x, DIRTY_WINDOW);
}

/*
 * The guest's interrupt shadow (STI, MOV SS) covers one instruction:
 * once the common code went past the one that exited (HLT after STI,
 * an emulated MMIO access), it has ended (SDM 25.4.2).
 */
static uint64_t interruptibility(struct vcpu *v)
{
	uint64_t i = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	if (v->arch.regs.rip != vmx_of(v)->exit_rip &&
	    (i & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS))) {
		i &= ~(uint64_t)(INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS);
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY, i);
	}
	return i;
}

static bool vmx_irq_allowed(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx_of(v);

	if (!(v->arch.regs.rflags & EFLAGS_IF) || (x->dirty & DIRTY_EVENT) ||
	    !vmcs_is_current(v))
		return false;
	return !(interruptibility(v) &
		 (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS)) &&
	       !(vmread(VMCS_ENTRY_INTR_INFO) & INTR_INFO_VALID);
}

/* CR0/CR4 as the guest reads them: the masked bits from the shadow. */
static uint64_t guest_cr(enum vmcs_field cr, enum vmcs_field shadow,
			 uint64_t mask)
{
	return (vmread(cr) & ~mask) | (vmread(shadow) & mask);
}

static void vmx_sys_state(struct vcpu *v, struct x86_sys_state *s)
{
	uint64_t m0 = vmread(VMCS_CR0_MASK), m4 = vmread(VMCS_CR4_MASK);
	uint64_t cs_ar = vmread(VMCS_SEG_AR(SEG_CS));

	(void)v;
	s->cr0 = guest_cr(VMCS_GUEST_CR0, VMCS_CR0_SHADOW, m0);
	s->cr4 = guest_cr(VMCS_GUEST_CR4, VMCS_CR4_SHADOW, m4);
	s->cr3 = vmread(VMCS_GUEST_CR3);
	s->efer = vmread(VMCS_GUEST_EFER);
	s->cs_base = vmread(VMCS_SEG_BASE(SEG_CS));
	s->cs_l = cs_ar & (1u << 13);
	s->cs_db = cs_ar & (1u << 14);
	s->cpl = (vmread(VMCS_SEG_AR(SEG_SS)) >> 5) & 3;
}

/* --- exits the backend completes itself --- */

/* CR0.PG with EFER.LME turns long mode on: EFER.LMA and the entry
 * control follow (SDM 25.8.1: the control is LMA on entry). */
static void update_lma(void)
{
	uint64_t efer = vmread(VMCS_GUEST_EFER);
	bool lma = (efer & EFER_LME) && (vmread(VMCS_CR0_SHADOW) & CR0_PG);
	uint32_t entry = (uint32_t)vmread(VMCS_ENTRY_CTLS);

	efer = lma ? efer | EFER_LMA : efer & ~(uint64_t)EFER_LMA;
	vmwrite(VMCS_GUEST_EFER, efer);
	vmwrite(VMCS_ENTRY_CTLS, lma ? entry | ENTRY_IA32E : entry & ~ENTRY_IA32E);
}

#define VEC_GP 13
#define VEC_UD 6

/* What a CPU refuses with #GP: the VM entry would fail on it instead. */
static bool cr0_ok(uint64_t val)
{
	return vmx_cr0_ok(val, vmread(VMCS_GUEST_EFER),
			  guest_cr(VMCS_GUEST_CR4, VMCS_CR4_SHADOW,
				   vmread(VMCS_CR4_MASK)));
}

static void inject_gp(struct vcpu *v)
{
	vmx_inject(v, X86_EVENT_EXCEPTION, VEC_GP, true, 0);
}

/* MOV to/from CR0, CR4 (masked bits) and CR8 (no TPR: reads 0). */
static bool cr_access(struct vcpu *v, uint64_t qual)
{
	uint64_t *r = &v->arch.regs.gpr[CR_QUAL_REG(qual)];

	switch (CR_QUAL_CR(qual) | CR_QUAL_TYPE(qual) << 4) {
	case 0:
		if (!cr0_ok(*r))
			break;
		set_cr0(*r);
		update_lma();
		return true;
	case 4:
		if (!vmx_cr4_ok(*r, caps.cr4_fixed1))
			break;
		set_cr4(*r);
		return true;
	case 8:
		return true;
	case 8 | 1 << 4:
		*r = 0;
		return true;
	default:	/* CR3 and the rest do not exit */
		return false;
	}
	inject_gp(v);
	return true;
}

/* The MSRs that live in the VMCS's guest state. */
static bool msr_field(uint32_t msr, enum vmcs_field *f)
{
	switch (msr) {
	case MSR_EFER: *f = VMCS_GUEST_EFER; return true;
	case MSR_IA32_PAT: *f = VMCS_GUEST_PAT; return true;
	case MSR_FS_BASE: *f = VMCS_SEG_BASE(SEG_FS); return true;
	case MSR_GS_BASE: *f = VMCS_SEG_BASE(SEG_GS); return true;
	case MSR_SYSENTER_CS: *f = VMCS_GUEST_SYSENTER_CS; return true;
	case MSR_SYSENTER_ESP: *f = VMCS_GUEST_SYSENTER_ESP; return true;
	case MSR_SYSENTER_EIP: *f = VMCS_GUEST_SYSENTER_EIP; return true;
	}
	return false;
}

static bool msr_access(struct vcpu *v, bool write)
{
	uint64_t *g = v->arch.regs.gpr;
	enum vmcs_field f;
	uint64_t val;

	if (lazy_msr_access(vmx_of(v), g, write))
		return true;
	if (!msr_field((uint32_t)g[X86_RCX], &f))
		return false;
	if (!write) {
		val = vmread(f);
		g[X86_RAX] = (uint32_t)val;
		g[X86_RDX] = val >> 32;
		return true;
	}
	val = (uint32_t)g[X86_RAX] | g[X86_RDX] << 32;
	if (!vmx_msr_value_ok(f, val))
		return false;	/* the common code's #GP */
	if (f == VMCS_GUEST_EFER) {
		/* LMA is the CPU's; the other bits the guest's */
		vmwrite(f, val & ~(uint64_t)EFER_LMA);
		update_lma();
	} else {
		vmwrite(f, val);
	}
	return true;
}

static bool event_pending(struct vcpu *v)
{
	return vmx_of(v)->dirty & DIRTY_EVENT;
}

static void skip_insn(struct vcpu *v)
{
	v->arch.regs.rip += vmread(VMCS_EXIT_INSN_LEN);
}

/* --- the run --- */

static const char *insn_error_name(uint64_t err)
{
	switch (err) {
	case 7: return "invalid control fields";
	case 8: return "invalid host state";
	case 26: return "events blocked by MOV SS";
	}
	return "see the SDM's table 31-1";
}

static void entry_failed(struct vcpu *v, struct x86_exit *e, int how)
{
	uint64_t err = how == 1 ? vmread(VMCS_INSN_ERROR) : 0;

	pr_err("vmx: VM entry of vCPU %u failed: %s%s%llu (%s)\n", v->id,
	       how == 1 ? "VM-instruction error " : "VMfailInvalid",
	       how == 1 ? "" : ", error ", (unsigned long long)err,
	       how == 1 ? insn_error_name(err) : "no current VMCS");
	*e = (struct x86_exit){ .kind = X86_EXIT_INVALID, .code = err };
}

/*
 * The VMX preemption timer ends the run at this CPU's next host timer
 * (a time slice, a vCPU's wake-up: hal/time.c's list) or when the
 * guest's local APIC timer expires (vlapic_timer_next(), guest TSC),
 * whichever comes first, and at the latest after a time slice. The exit
 * is a host interrupt's: the core takes what is pending, then the common
 * code delivers the guest's. A host interrupt should end the run itself
 * (external-interrupt exiting, whatever the guest's RFLAGS.IF), but under
 * Bochs 2.7 none did while a guest spun without exits (with IF clear):
 * the spinner of test_time_slices_beside_a_spinner_vmx kept the CPU.
 * The host deadline's TSC value is kept per CPU: the conversion divides.
 */
static void arm_preemption_timer(struct vcpu *v)
{
	struct vmx_cpu *c = this_vmx_cpu();
	uint64_t next = vlapic_timer_next(&v->arch.lapic);
	uint64_t host = timer_next_deadline(&this_cpu()->timers);
	uint64_t tsc = rdtsc(), guest = tsc - v->arch.tsc_offset;
	uint64_t ticks = caps.slice_tsc;

	if (!(caps.pin & PIN_PREEMPT_TIMER))
		return;
	if (next) {
		uint64_t g = next > guest ? next - guest : 0;

		ticks = g < ticks ? g : ticks;
	}
	if (host != TIMER_NONE) {
		uint64_t h;

		if (host != c->host_ns) {
			c->host_ns = host;
			c->host_tsc = time_ns_to_counter(host, time_counter_hz());
		}
		h = c->host_tsc > tsc ? c->host_tsc - tsc : 0;
		ticks = h < ticks ? h : ticks;
	}
	ticks >>= caps.preempt_shift;
	vmwrite(VMCS_PREEMPT_TIMER, ticks < 0xffffffff ? ticks : 0xffffffff);
}

static void guest_regs_in(struct vcpu *v)
{
	arm_preemption_timer(v);
	interruptibility(v);
	vmwrite(VMCS_GUEST_RIP, v->arch.regs.rip);
	vmwrite(VMCS_GUEST_RSP, v->arch.regs.gpr[X86_RSP]);
	/* bit 1 is reserved as 1: an entry with it clear fails */
	vmwrite(VMCS_GUEST_RFLAGS, v->arch.regs.rflags | 2);
}

static void guest_regs_out(struct vcpu *v)
{
	v->arch.regs.rip = vmread(VMCS_GUEST_RIP);
	vmx_of(v)->exit_rip = v->arch.regs.rip;
	v->arch.regs.gpr[X86_RSP] = vmread(VMCS_GUEST_RSP);
	v->arch.regs.rflags = vmread(VMCS_GUEST_RFLAGS);
}

static void decode_exception(struct x86_exit *e)
{
	uint32_t info = (uint32_t)vmread(VMCS_EXIT_INTR_INFO);

	e->kind = X86_EXIT_EXCEPTION;
	e->exception.vector = (uint8_t)info;
	e->exception.has_error = info & INTR_INFO_ERROR;
	e->exception.error = (uint32_t)vmread(VMCS_EXIT_INTR_ERROR);
	e->exception.cr2 = e->info1;
}

/* An exit as the common code sees it; false: done here, enter again. */
static bool decode_exit(struct vcpu *v, struct x86_exit *e, uint32_t reason)
{
	uint64_t q = vmread(VMCS_EXIT_QUAL);

	*e = (struct x86_exit){ .kind = X86_EXIT_OTHER, .code = reason,
				.info1 = q,
				.insn_len = (uint8_t)vmread(VMCS_EXIT_INSN_LEN) };
	if (reason & EXIT_REASON_ENTRY_FAIL) {
		pr_err("vmx: VM entry of vCPU %u failed: exit reason %u (%s), qualification %#llx\n",
		       v->id, EXIT_REASON_BASIC(reason),
		       EXIT_REASON_BASIC(reason) == EXIT_BAD_GUEST_STATE ?
			       "invalid guest state" : "MSR loading or machine check",
		       (unsigned long long)q);
		e->kind = X86_EXIT_INVALID;
		return true;
	}
	if (vmx_exit_is_ud(EXIT_REASON_BASIC(reason))) {
		vmx_inject(v, X86_EVENT_EXCEPTION, VEC_UD, false, 0);
		return false;
	}
	switch (EXIT_REASON_BASIC(reason)) {
	case EXIT_EXCEPTION_NMI: decode_exception(e); break;
	case EXIT_EXT_INTR: e->kind = X86_EXIT_INTR; break;
	case EXIT_TRIPLE_FAULT: e->kind = X86_EXIT_SHUTDOWN; break;
	case EXIT_INTR_WINDOW: e->kind = X86_EXIT_IRQ_WINDOW; break;
	case EXIT_CPUID: e->kind = X86_EXIT_CPUID; break;
	case EXIT_HLT: e->kind = X86_EXIT_HLT; break;
	case EXIT_IO: vmx_decode_io(q, e); break;
	case EXIT_EPT_VIOLATION:
		vmx_decode_ept(q, vmread(VMCS_GUEST_PHYS_ADDR), e);
		break;
	/* a VMCS or EPT entry this backend wrote wrong: stop the VM */
	case EXIT_EPT_MISCONFIG:
		e->info2 = vmread(VMCS_GUEST_PHYS_ADDR);
		break;
	/* a host timer or the vLAPIC's is due (arm_preemption_timer()) */
	case EXIT_PREEMPT_TIMER: e->kind = X86_EXIT_INTR; break;
	case EXIT_VMCALL:
		e->kind = X86_EXIT_HYPERCALL;
		break;
	case EXIT_CR_ACCESS:
		if (!cr_access(v, q))
			return true;
		/* a refused write faults on the instruction itself */
		if (!event_pending(v))
			skip_insn(v);
		return false;
	case EXIT_RDMSR:
	case EXIT_WRMSR:
		if (msr_access(v, EXIT_REASON_BASIC(reason) == EXIT_WRMSR)) {
			skip_insn(v);
			return false;
		}
		e->kind = EXIT_REASON_BASIC(reason) == EXIT_WRMSR ?
				  X86_EXIT_WRMSR : X86_EXIT_RDMSR;
		break;
	}
	return true;
}

/*
 * An exit during the delivery of an event (an EPT violation on the
 * guest's IDT or stack, an interrupt window...) loses the event unless
 * it is injected again (SDM 28.2.4, 27.6.1.1).
 */
static void requeue_vectoring(struct vmx_vcpu *x)
{
	uint32_t info = (uint32_t)vmread(VMCS_IDT_VECTORING_INFO);
	uint32_t type = (info >> 8) & 7;

	if (!(info & INTR_INFO_VALID))
		return;
	x->event = info & (INTR_INFO_VALID | INTR_INFO_ERROR | 0x7ff);
	x->event_error = (uint32_t)vmread(VMCS_IDT_VECTORING_ERROR);
	/* software interrupts and exceptions: their instruction's length */
	x->event_len = type >= 4 ? (uint32_t)vmread(VMCS_EXIT_INSN_LEN) : 0;
	mark_dirty(x, DIRTY_EVENT);
}

#define LEN_VMCALL 3	/* 0f 01 c1 */

/*
 * The empty exit (make bench's floor): VMCALL with rax VIREO_HC_EMPTY
 * goes past it and in again with nothing else read or written - rip in
 * the VMCS only, the interrupt shadow of an STI before it ended.
 */
static bool empty_exit(struct vcpu *v, uint32_t reason)
{
	uint64_t i;

	if (reason != EXIT_VMCALL ||
	    v->arch.regs.gpr[X86_RAX] != VIREO_HC_EMPTY)
		return false;
	vmwrite(VMCS_GUEST_RIP, vmread(VMCS_GUEST_RIP) + LEN_VMCALL);
	i = vmread(VMCS_GUEST_INTERRUPTIBILITY);
	if (i & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS))
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY,
			i & ~(uint64_t)(INTERRUPTIBILITY_STI |
					INTERRUPTIBILITY_MOV_SS));
	return true;
}

static void vmx_run(struct vcpu *v, struct x86_exit *e)
{
	struct vmx_vcpu *x = vmx_of(v);
	bool in_vmcs = false;	/* rip, rsp, rflags there are current */
	int failed;

	if (!vmx_load(v, x)) {
		entry_failed(v, e, 2);
		return;
	}
	for (;;) {
		uint32_t reason;

		if (!in_vmcs) {
			vmx_sync(x);
			guest_regs_in(v);
		}
		failed = __vmx_enter(v->arch.regs.gpr, x->launched);
		if (failed) {
			entry_failed(v, e, failed);
			return;
		}
		x->launched = true;
		in_vmcs = empty_exit(v, (uint32_t)vmread(VMCS_EXIT_REASON));
		if (in_vmcs)
			continue;
		guest_regs_out(v);
		requeue_vectoring(x);
		reason = (uint32_t)vmread(VMCS_EXIT_REASON);
		if (decode_exit(v, e, reason))
			return;
	}
}

static void vmx_flush_tag(uint16_t tag)
{
	unsigned int i;

	for (i = 0; i < CONFIG_NR_CPUS; i++)
		__atomic_fetch_or(&vmx_cpus[i].stale[tag / 64 % 4],
				  1ULL << (tag % 64), __ATOMIC_ACQ_REL);
}

static void vmx_vcpu_put(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx_of(v);
	struct vmx_cpu *c = this_vmx_cpu();
	paddr_t vmcs = x86_vcpu_hw_page(v, VMCS_PAGE);

	if (x->cpu != (int)this_cpu()->id)
		return;
	vmclear(vmcs);
	if (c->current == vmcs)
		c->current = 0;
	if (c->msr_owner == x)
		c->msr_owner = NULL;
	x->cpu = -1;
	x->launched = false;
}

const struct x86_virt_ops vmx_ops = {
	.name = "vmx",
	.cpu_enable = vmx_cpu_enable,
	.vcpu_setup = vmx_vcpu_setup,
	.set_mode = vmx_set_mode,
	.run = vmx_run,
	.sys_state = vmx_sys_state,
	.irq_allowed = vmx_irq_allowed,
	.inject = vmx_inject,
	.irq_window = vmx_irq_window,
	.set_tsc_offset = vmx_set_tsc_offset,
	.flush_tag = vmx_flush_tag,
	.vcpu_put = vmx_vcpu_put,
};
