// SPDX-License-Identifier: MIT
/*
 * The aarch64 vCPU backend (hal/vcpu.h): an EL1 guest behind stage 2
 * (40-bit IPA, the page-table engine's pgtable_fmt_arm64_s2_40). The
 * world switch is virt/switch.S; decoding traps is virt/exit.c.
 *
 * The guest's EL1 system registers and FP/SIMD registers are switched
 * lazily: the hypervisor never uses them, so they stay in the CPU across
 * exits and are saved only when another vCPU is loaded on this CPU
 * (struct arch_cpu's loaded_vcpu), which keeps the exit path short. A
 * vCPU loaded after one that was destroyed gets its own (zeroed) state
 * loaded whole, so nothing of an earlier VM shows through.
 */
#include <asm/arch_cpu.h>
#include <asm/sysreg.h>
#include <asm/vcpu_trap.h>
#include <hal/cpu.h>
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/pgtable.h>
#include <vireo/string.h>

_Static_assert(offsetof(struct arch_vcpu, pstate) ==
		       offsetof(struct arch_vcpu, pc) + 8,
	       "switch.S loads ELR_EL2 and SPSR_EL2 as a pair");

/* HCR_EL2 while a guest runs (Arm ARM D17.2.48) */
#define HCR_VM (1UL << 0)	/* stage 2 on */
#define HCR_SWIO (1UL << 1)	/* set/way invalidate as clean+invalidate */
#define HCR_FB (1UL << 9)	/* guest TLB/IC maintenance broadcast */
#define HCR_BSU_IS (1UL << 10)	/* guest barriers: inner shareable */
#define HCR_TWI (1UL << 13)	/* trap WFI */
#define HCR_TWE (1UL << 14)	/* trap WFE */
#define HCR_TSC (1UL << 19)	/* trap SMC */
#define HCR_TIDCP (1UL << 20)	/* trap implementation-defined sysregs */
#define HCR_TACR (1UL << 21)	/* trap ACTLR_EL1 */
#define HCR_TSW (1UL << 22)	/* trap set/way cache maintenance */
#define HCR_RW (1UL << 31)	/* EL1 is AArch64 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
		   HCR_BSU_IS | HCR_TWI | HCR_TWE | HCR_TSC | HCR_TIDCP |     \
		   HCR_TACR | HCR_TSW | HCR_RW)

/* VTCR_EL2 for pgtable_fmt_arm64_s2_40: 40-bit IPA (T0SZ 24), walks from
 * level 1 (SL0 1), 4 KiB granule, tables write-back inner shareable,
 * 40-bit output (PS 2). Bit 31 is RES1. */
#define VTCR_S2_40 (24UL | 1UL << 6 | 1UL << 8 | 1UL << 10 | 3UL << 12 | \
		    2UL << 16 | 1UL << 31)
#define PARANGE_40_BITS 2

/* CPTR_EL2 (non-VHE): its RES1 bits, FP/SIMD not trapped (the guest's
 * own are loaded); CNTHCTL_EL2: the guest may read the physical counter,
 * its physical timer traps (the virtual one is its own). */
#define CPTR_EL2_GUEST 0x33ffUL
/* MDCR_EL2 (D17.2.71): the guest's PMU (TPM, TPMCR) and debug (TDA,
 * TDOSA, TDRA) accesses trap, answered by virt/sysreg.c; HPMN keeps
 * PMCR_EL0.N (a smaller value is unpredictable on Armv8.0), HPME 0. */
#define MDCR_TPMCR (1UL << 5)
#define MDCR_TPM (1UL << 6)
#define MDCR_TDA (1UL << 9)
#define MDCR_TDOSA (1UL << 10)
#define MDCR_TDRA (1UL << 11)
#define MDCR_GUEST (MDCR_TPMCR | MDCR_TPM | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA)
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)
#define CNTHCTL_EL1PCTEN (1UL << 0)
#define VTTBR_VMID_SHIFT 48

/* Reset state: EL1h with D, A, I, F masked; SCTLR_EL1's RES1 bits with
 * the MMU and caches off; MPIDR's RES1 bit 31. */
#define PSTATE_EL1H_MASKED 0x3c5UL
#define SCTLR_EL1_RESET 0x30d00800UL
#define VMPIDR_RES1 (1UL << 31)

#define EL1_REGS(X)                                                         \
	X(sctlr, sctlr_el1) X(cpacr, cpacr_el1) X(ttbr0, ttbr0_el1)         \
	X(ttbr1, ttbr1_el1) X(tcr, tcr_el1) X(mair, mair_el1)               \
	X(amair, amair_el1) X(vbar, vbar_el1) X(contextidr, contextidr_el1) \
	X(tpidr_el1, tpidr_el1) X(tpidr_el0, tpidr_el0)                     \
	X(tpidrro_el0, tpidrro_el0) X(sp_el0, sp_el0) X(sp_el1, sp_el1)     \
	X(elr, elr_el1)                                                     \
	X(spsr, spsr_el1) X(esr, esr_el1) X(far, far_el1)                   \
	X(afsr0, afsr0_el1) X(afsr1, afsr1_el1) X(par, par_el1)             \
	X(cntkctl, cntkctl_el1) X(csselr, csselr_el1)                       \
	X(cntv_ctl, cntv_ctl_el0) X(cntv_cval, cntv_cval_el0)

static void el1_save(struct arch_vcpu *a)
{
#define SAVE(field, reg) a->el1.field = read_sysreg(reg);
	EL1_REGS(SAVE)
#undef SAVE
	__fp_save(&a->fp);
	vgic_save(a);
	/* its timer must not fire at the host while it is out */
	write_sysreg(cntv_ctl_el0, 0);
}

static void el1_restore(struct arch_vcpu *a)
{
#define RESTORE(field, reg) write_sysreg(reg, a->el1.field);
	EL1_REGS(RESTORE)
#undef RESTORE
	__fp_restore(&a->fp);
	vgic_load(a);
	write_sysreg(cptr_el2, CPTR_EL2_GUEST);
	write_sysreg(mdcr_el2, MDCR_GUEST | PMCR_N(read_sysreg(pmcr_el0)));
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(vmpidr_el2, a->vmpidr);
	write_sysreg(cntvoff_el2, a->cntvoff);
	write_sysreg(vttbr_el2, a->vttbr);
	write_sysreg(vtcr_el2, VTCR_S2_40);
	__asm__ volatile("isb" : : : "memory");
}

/* this_cpu(), inline: it is on every entry */
static struct arch_cpu *this_arch_cpu(void)
{
	return &((struct cpu *)read_sysreg(tpidr_el2))->arch;
}

/* Make a this CPU's current vCPU, saving the one it replaces. */
static void vcpu_load(struct arch_vcpu *a)
{
	struct arch_cpu *c = this_arch_cpu();

	if (c->loaded_vcpu == a)
		return;
	if (c->loaded_vcpu)
		el1_save(c->loaded_vcpu);
	el1_restore(a);
	c->loaded_vcpu = a;
}

static bool loaded_here(const struct arch_vcpu *a)
{
	return this_arch_cpu()->loaded_vcpu == a;
}

const struct pgtable_format *vcpu_stage2_format(void)
{
	return &pgtable_fmt_arm64_s2_40;
}

int vcpu_init(struct vcpu *v, struct vm *vm, unsigned int id,
	      paddr_t s2_root, uint16_t vmid)
{
	struct arch_vcpu *a = &v->arch;

	if (current_el() != 2 ||
	    MMFR0_PARANGE(read_sysreg(id_aa64mmfr0_el1)) < PARANGE_40_BITS ||
	    vmid > 0xff || (s2_root & 0xfff))
		return -EINVAL;
	if (loaded_here(a))
		this_arch_cpu()->loaded_vcpu = NULL;
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	a->pstate = PSTATE_EL1H_MASKED;
	a->hcr = HCR_GUEST;
	a->vttbr = s2_root | (uint64_t)vmid << VTTBR_VMID_SHIFT;
	a->vmpidr = VMPIDR_RES1 | (id & 0xff);
	a->el1.sctlr = SCTLR_EL1_RESET;
	return 0;
}

void vcpu_set_entry(struct vcpu *v, uint64_t pc, const uint64_t *args,
		    unsigned int n)
{
	unsigned int i;

	v->arch.pc = pc;
	for (i = 0; i < n && i < VCPU_NR_ARGS; i++)
		v->arch.x[i] = args[i];
}

void vcpu_run(struct vcpu *v, struct vm_exit *exit)
{
	struct arch_vcpu *a = &v->arch;
	struct arm64_trap t;

	vcpu_load(a);
	write_sysreg(hcr_el2, a->hcr);	/* only the backend writes it */
	for (;;) {
		unsigned long kind;
		uint64_t esr;

		vgic_flush(a, v->id);
		kind = __guest_run(a);
		esr = read_sysreg(esr_el2);
		vgic_sync(a, v->id);
		/* the hot exit first, before any decoding; nothing at EL2
		 * has trapped since: FAR, HPFAR are the guest's */
		if (kind == 8 && trap_is_mmio(esr) &&
		    trap_mmio_fast(v, esr, read_sysreg(far_el2),
			      read_sysreg(hpfar_el2)))
			continue;
		t = (struct arm64_trap){ kind, esr, read_sysreg(far_el2),
					 read_sysreg(hpfar_el2) };
		if (kind == 9)
			vgic_vtimer_check(a, v->id);
		if (arm64_exit_decode(a, &t, exit) && !vgic_mmio(v, exit) &&
		    !(exit->reason == VM_EXIT_IDLE && vgic_wfi(v, exit)))
			return;
	}
}

uint64_t vcpu_get_timer_offset(const struct vcpu *v)
{
	return v->arch.cntvoff;
}

void vcpu_set_timer_offset(struct vcpu *v, uint64_t offset)
{
	v->arch.cntvoff = offset;
	if (loaded_here(&v->arch))
		write_sysreg(cntvoff_el2, offset);
}

void vcpu_destroy(struct vcpu *v)
{
	if (loaded_here(&v->arch)) {
		write_sysreg(cntv_ctl_el0, 0);
		this_arch_cpu()->loaded_vcpu = NULL;
	}
}

/* Out of every instruction cache, after the data cache maintenance. */
static void icache_invalidate_all(void)
{
	__asm__ volatile("dsb ish; ic ialluis; dsb ish; isb" : : : "memory");
}

void arm64_dc_cisw(uint64_t set_way)
{
	__asm__ volatile("dc cisw, %0" : : "r"(set_way) : "memory");
}

void vcpu_guest_memory_written(paddr_t pa, size_t size)
{
	uintptr_t line = 4UL << CTR_DMINLINE(read_sysreg(ctr_el0));
	uintptr_t p = pa & ~(line - 1);

	/* to the point of coherency, for a guest running with caches off */
	for (; p < pa + size; p += line)
		__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
	icache_invalidate_all();
}

/* Lines per turn of the loop in vcpu_guest_memory_zero() (its .rept). */
#define ZERO_STEP_LINES 8
#define STR_(x) #x
#define STR(x) STR_(x)

void vcpu_guest_memory_zero(paddr_t pa, size_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uintptr_t line = 4UL << CTR_DMINLINE(read_sysreg(ctr_el0));
	uintptr_t p = pa, end = pa + size;

	/* DC ZVA clears one block as a store would: with blocks of one
	 * line each line is cleared, then cleaned to the PoC while it is
	 * still in the cache (DC ZVA is ordered before a DC to its line) */
	if ((dczid & DCZID_DZP) || 4UL << DCZID_BS(dczid) != line ||
	    (pa | size) % (ZERO_STEP_LINES * line)) {
		memset((void *)p, 0, size);
		vcpu_guest_memory_written(pa, size);
		return;
	}
	while (p < end)
		__asm__ volatile(".rept " STR(ZERO_STEP_LINES) "\n"
				 "dc zva, %0\n"
				 "dc civac, %0\n"
				 "add %0, %0, %1\n"
				 ".endr"
				 : "+r"(p) : "r"(line) : "memory");
	icache_invalidate_all();
}
