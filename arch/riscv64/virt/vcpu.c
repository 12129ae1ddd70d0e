// SPDX-License-Identifier: MIT
/*
 * The riscv64 vCPU backend (hal/vcpu.h): a VS-mode guest behind the H
 * extension's G stage, Sv39x4 (the page-table engine's
 * pgtable_fmt_sv39x4), a VMID per VM. The world switch is virt/switch.S,
 * decoding traps virt/exit.c, the guest's SBI virt/sbi.c, its PLIC
 * virt/vplic.c.
 *
 * The VS-level CSRs, the guest's timer compare and its FP registers are
 * switched lazily: the hypervisor never uses them, so they stay in the
 * hart across exits and are saved only when another vCPU is loaded on
 * it (struct arch_cpu's loaded_vcpu). A new vCPU starts from zeroes, so
 * nothing of an earlier VM shows through.
 */
#include <asm/arch_cpu.h>
#include <asm/csr.h>
#include <asm/trap.h>
#include <asm/virt.h>
#include <hal/cpu.h>
#include <hal/time.h>
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/pgtable.h>
#include <vireo/string.h>
#include <vireo/timer_list.h>

/* hstatus (privileged spec, "hstatus"): SPV returns to V=1, SPVP lets
 * HLVX read as the guest's S mode, VTW traps its WFI, VSXL 64-bit. */
#define HSTATUS_SPV (1UL << 7)
#define HSTATUS_SPVP (1UL << 8)
#define HSTATUS_VTW (1UL << 21)
#define HSTATUS_VSXL_64 (2UL << 32)
#define HSTATUS_GUEST (HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | \
		       HSTATUS_VSXL_64)

#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define SSTATUS_FS_DIRTY (3UL << 13)

/* hgatp: MODE 8 is Sv39x4 */
#define HGATP_MODE_SV39X4 (8UL << 60)

/* The guest takes its own: misaligned fetch (0), illegal instruction
 * (2), breakpoint (3), misaligned load/store (4, 6), ecall from VU (8),
 * its page faults (12, 13, 15). Its VS-level interrupts are its own. */
#define HEDELEG_GUEST (1UL << 0 | 1UL << 2 | 1UL << 3 | 1UL << 4 | \
		       1UL << 6 | 1UL << 8 | 1UL << 12 | 1UL << 13 | 1UL << 15)
#define HIDELEG_GUEST (HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP)
/* hcounteren: cycle, time, instret readable by the guest */
#define HCOUNTEREN_GUEST 7UL
/* henvcfg.STCE: vstimecmp is the guest's (Sstc) */
#define HENVCFG_STCE (1UL << 63)
#define CSR_VSTIMECMP 0x24d
#define CSR_HENVCFG 0x60a

#define VS_REGS(X)                                                    \
	X(vsstatus) X(vsie) X(vstvec) X(vsscratch) X(vsepc) X(vscause) \
	X(vstval) X(vsatp) X(hvip)

static bool guest_sstc;		/* vstimecmp works: henvcfg.STCE kept */

static void vs_save(struct arch_vcpu *a)
{
#define SAVE(reg) a->vs.reg = csr_read(reg);
	VS_REGS(SAVE)
#undef SAVE
	if (guest_sstc) {
		a->vs.vstimecmp = csr_read(CSR_VSTIMECMP);
		csr_write(CSR_VSTIMECMP, ~0UL);
	}
	csr_write(hvip, 0);
	__fp_save(&a->fp);
}

static void vs_restore(struct arch_vcpu *a)
{
#define RESTORE(reg) csr_write(reg, a->vs.reg);
	VS_REGS(RESTORE)
#undef RESTORE
	csr_write(hedeleg, HEDELEG_GUEST);
	csr_write(hideleg, HIDELEG_GUEST);
	csr_write(hcounteren, HCOUNTEREN_GUEST);
	/* htimedelta before vstimecmp: QEMU 7.2 sets VSTIP as the compare
	 * is written, against the time as htimedelta then makes it */
	csr_write(htimedelta, a->htimedelta);
	if (guest_sstc) {
		csr_write(CSR_HENVCFG, a->henvcfg);
		csr_write(CSR_VSTIMECMP, a->vs.vstimecmp);
	}
	csr_write(hgatp, a->hgatp);
	/* its VS-stage translations and instructions as this hart last saw
	 * them may be stale: another vCPU of its VM changed them since */
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0\n"	/* hfence.vvma */
			 "fence.i" : : : "memory");
	__fp_restore(&a->fp);
}

static struct arch_cpu *this_arch_cpu(void)
{
	return &this_cpu()->arch;
}

/* Make a this hart's current vCPU, saving the one it replaces. */
static void vcpu_load(struct arch_vcpu *a)
{
	struct arch_cpu *c = this_arch_cpu();

	if (c->loaded_vcpu == a)
		return;
	if (c->loaded_vcpu)
		vs_save(c->loaded_vcpu);
	vs_restore(a);
	a->eip_shown = csr_read(hvip) & HVIP_VSEIP;
	c->loaded_vcpu = a;
}

static bool loaded_here(const struct arch_vcpu *a)
{
	return this_arch_cpu()->loaded_vcpu == a;
}

const struct pgtable_format *vcpu_stage2_format(void)
{
	return &pgtable_fmt_sv39x4;
}

/*
 * Without Sstc the guest's timer is the hypervisor's: its interrupt
 * (VSTIP) raised by hvip when SBI set_timer's time comes. With Sstc
 * the same timer backs up vstimecmp as written from HS mode: under
 * QEMU 7.2 that write's VSTIP can be lost for good when its deadline
 * falls due around the write (the host preempting QEMU's vCPU thread
 * there: the guest then waits forever), so a millisecond past the
 * deadline (the guest has had its interrupt and set the next one by
 * then, cancelling this) the vCPU's next entry writes the compare
 * again, which QEMU evaluates (raising VSTIP now that it is due).
 */
#define SSTC_RECHECK_NS NSEC_PER_MSEC

static void sbi_timer_fired(struct timer *t, void *arg)
{
	struct vcpu *v = arg;

	(void)t;
	if (!guest_sstc) {
		riscv_vcpu_raise(v, HVIP_VSTIP);
		return;
	}
	__atomic_store_n(&v->arch.timer_recheck, true, __ATOMIC_RELEASE);
	vcpu_kick(v);
}

/* Host time_now_ns() when the guest's time reaches when (guest time =
 * host time + htimedelta), or TIMER_NONE for never / past the counter. */
static uint64_t host_deadline_ns(const struct arch_vcpu *a, uint64_t when)
{
	uint64_t host_ticks = when - a->htimedelta;

	if (when == ~0UL || host_ticks < when)
		return TIMER_NONE;
	return time_counter_to_ns(host_ticks, time_counter_hz());
}

/* Once: the VMID bits and whether the guest may have vstimecmp. */
static unsigned int backend_probe(void)
{
	static int bits = -1;

	if (bits >= 0)
		return (unsigned int)bits;
	bits = (int)riscv_vmid_bits();
	if (riscv_has_sstc()) {
		unsigned long old = csr_read(CSR_HENVCFG);

		csr_set(CSR_HENVCFG, HENVCFG_STCE);
		guest_sstc = csr_read(CSR_HENVCFG) & HENVCFG_STCE;
		csr_write(CSR_HENVCFG, old);
	}
	return (unsigned int)bits;
}

/* VS mode has no H; Sstc where henvcfg.STCE holds. */
const char *arch_vm_guest_isa(void)
{
	backend_probe();
	return guest_sstc ? "rv64imafdc_zicsr_zifencei_sstc" :
			    "rv64imafdc_zicsr_zifencei";
}

int vcpu_init(struct vcpu *v, struct vm *vm, unsigned int id,
	      paddr_t s2_root, uint16_t vmid)
{
	struct arch_vcpu *a = &v->arch;

	if (!riscv_has_h() || (s2_root & 0x3fff) ||
	    vmid >= 1U << backend_probe())
		return -EINVAL;
	if (loaded_here(a))
		this_arch_cpu()->loaded_vcpu = NULL;
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	a->hstatus = HSTATUS_GUEST;
	/* the host's sstatus with S-mode as the guest's privilege and its
	 * SIE off on return; FS on, its FP registers are the guest's */
	a->sstatus = (csr_read(sstatus) & ~(SSTATUS_SIE | SSTATUS_SPIE)) |
		     SSTATUS_SPP | SSTATUS_FS_DIRTY;
	a->hgatp = HGATP_MODE_SV39X4 | (uint64_t)vmid << HGATP_VMID_SHIFT |
		   s2_root >> 12;
	a->henvcfg = guest_sstc ? HENVCFG_STCE : 0;
	a->vs.vstimecmp = ~0UL;
	timer_init(&a->sbi_timer, sbi_timer_fired, v);
	return 0;
}

void vcpu_attach(struct vcpu *v, struct arch_vm *avm)
{
	v->arch.vm = avm;
	v->arch.plic_base = avm->has_plic ? avm->plic_base : ~0ULL;
	if (v->id < VPLIC_MAX_CONTEXTS)
		avm->vcpus[v->id] = v;
	riscv_vplic_attached(v);
}

/* As OpenSBI enters an S-mode payload: a0 the hart id, then the
 * arguments (a1 the device tree, or hart_start's opaque). */
void vcpu_set_entry(struct vcpu *v, uint64_t pc, const uint64_t *args,
		    unsigned int n)
{
	unsigned int i;

	v->arch.pc = pc;
	v->arch.x[10] = v->id;
	for (i = 0; i < n && i < VCPU_NR_ARGS - 1; i++)
		v->arch.x[11 + i] = args[i];
}

void riscv_vcpu_raise(struct vcpu *v, uint32_t hvip_bits)
{
	__atomic_or_fetch(&v->arch.irq_in, hvip_bits, __ATOMIC_RELEASE);
	vcpu_kick(v);
}

void riscv_vcpu_fence(struct vcpu *v)
{
	__atomic_store_n(&v->arch.fences, true, __ATOMIC_RELEASE);
	vcpu_kick(v);
}

/* SBI set_timer, on the vCPU's own CPU (it is running the call). With
 * Sstc the compare is vstimecmp; else the hypervisor's timer, whose
 * VSTIP the call clears as the spec says. */
void riscv_vcpu_set_timer(struct vcpu *v, uint64_t when)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t deadline, now;

	a->vs.vstimecmp = when;
	time_timer_cancel(&a->sbi_timer);
	if (guest_sstc) {
		if (loaded_here(a))
			csr_write(CSR_VSTIMECMP, when);
	} else {
		__atomic_and_fetch(&a->irq_in, ~(uint32_t)HVIP_VSTIP,
				   __ATOMIC_ACQ_REL);
		csr_clear(hvip, HVIP_VSTIP);
	}
	deadline = host_deadline_ns(a, when);
	if (deadline == TIMER_NONE)
		return;
	if (guest_sstc)
		deadline += SSTC_RECHECK_NS;
	now = time_now_ns();
	time_timer_start(&a->sbi_timer, deadline > now ? deadline - now : 0, 0);
}

/* What other CPUs raised, its PLIC line, fences asked for: into the
 * hart before the guest runs. */
static void sync_in(struct arch_vcpu *a)
{
	uint32_t in = __atomic_exchange_n(&a->irq_in, 0, __ATOMIC_ACQUIRE);
	bool eip = __atomic_load_n(&a->eip, __ATOMIC_ACQUIRE);

	a->eip_shown = eip;
	if (eip)
		in |= HVIP_VSEIP;
	else
		csr_clear(hvip, HVIP_VSEIP);
	if (in)
		csr_set(hvip, in);
	if (__atomic_exchange_n(&a->fences, false, __ATOMIC_ACQUIRE))
		__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0\n"
				 "fence.i" : : : "memory");
	if (__atomic_exchange_n(&a->timer_recheck, false, __ATOMIC_ACQUIRE))
		csr_write(CSR_VSTIMECMP, csr_read(CSR_VSTIMECMP));
}

/* On every entry: plain loads, no CSR (eip_shown is hvip.VSEIP). */
static bool needs_sync(const struct arch_vcpu *a)
{
	return __atomic_load_n(&a->irq_in, __ATOMIC_RELAXED) ||
	       __atomic_load_n(&a->fences, __ATOMIC_RELAXED) ||
	       __atomic_load_n(&a->timer_recheck, __ATOMIC_RELAXED) ||
	       __atomic_load_n(&a->eip, __ATOMIC_RELAXED) != a->eip_shown;
}

/* HLVX.HU (funct7 0x32, rs2 3): a halfword the guest may execute, read
 * with its translation (hstatus.SPVP: its privilege at the trap). */
static uint32_t guest_fetch16(uint64_t va)
{
	unsigned long v = 0;

	__asm__ volatile(".insn r 0x73, 4, 0x32, %0, %1, x3"
			 : "+r"(v) : "r"(va) : "memory");
	return (uint32_t)v;
}

#ifdef CONFIG_DEBUG_RISCV_INSN_READ_FAULT
/* The first read faults, once: at the PC with bit 41 set, past what an
 * Sv39x4 G stage translates (a guest-page fault, whatever the guest). */
static uint64_t insn_read_addr(uint64_t pc)
{
	static bool done;

	if (__atomic_exchange_n(&done, true, __ATOMIC_RELAXED))
		return pc;
	return pc ^ 1ULL << 41;
}
#else
static uint64_t insn_read_addr(uint64_t pc)
{
	return pc;
}
#endif

/*
 * The guest's instruction at its PC, whole (2 or 4 bytes), into t->insn.
 * The read can fault though the fetch did not: another vCPU changed the
 * guest's page table since, or its page left the G stage. The hart's
 * probe (traps.c) takes that trap instead of the hypervisor: t->insn_fault
 * says which it was, insn stays 0 (virt/exit.c decides).
 */
static void fetch_insn(const struct arch_vcpu *a, struct riscv_trap *t,
		       struct riscv_probe *probe)
{
	uint64_t pc = insn_read_addr(a->pc);
	uint32_t insn;

	probe_open(probe, PROBE_LOAD_FAULTS);
	insn = guest_fetch16(pc);
	if (riscv_insn_len(insn) == 4)
		insn |= guest_fetch16(pc + 2) << 16;
	if (probe_close(probe)) {
		t->insn_fault = probe->trap.scause;
		t->insn_fault_addr = probe->trap.stval;
		return;
	}
	t->insn = insn;
}

/*
 * The instruction of a guest page fault: htinst's transformed one where
 * the hart gives it (bit 0 set; bit 1 clear for a compressed original),
 * else read at the PC (QEMU leaves htinst 0 for ordinary loads/stores).
 * 0x3000/0x3020-style pseudo-instructions (a fault during the guest's
 * own page walk) are no access to decode: 0.
 */
static void fault_insn(const struct arch_vcpu *a, struct riscv_trap *t,
		       struct riscv_probe *probe)
{
	if (t->htinst & 1) {
		t->insn = (uint32_t)t->htinst | 2;
		t->insn_len = t->htinst & 2 ? 4 : 2;
		return;
	}
	if (!t->htinst)
		fetch_insn(a, t, probe);
}

/* What a trap other than an ecall needs read: stval, htval, htinst, and
 * the instruction of a load/store guest page fault or of a virtual
 * instruction (which stval may hold). */
static void trap_regs(const struct arch_vcpu *a, struct riscv_trap *t,
		      struct riscv_probe *probe)
{
	t->stval = csr_read(stval);
	t->htval = csr_read(htval);
	t->htinst = csr_read(htinst);
	if (t->scause == 21 || t->scause == 23)
		fault_insn(a, t, probe);
	else if (t->scause == 22 && t->stval)
		t->insn = (uint32_t)t->stval;
	else if (t->scause == 22)
		fetch_insn(a, t, probe);
}

/* A WFI: true when it ends at once (an interrupt is pending and enabled
 * at the VS level), else *e says when its timer ends the wait. */
static bool wfi_ends(struct arch_vcpu *a, struct vm_exit *e)
{
	sync_in(a);
	if (csr_read(hip) & csr_read(hie) & HIDELEG_GUEST) {
		a->pc += a->skip_len;
		return true;
	}
	e->idle.deadline = TIMER_NONE;
	if (!(csr_read(hie) & HVIP_VSTIP))
		return false;
	if (guest_sstc)
		a->vs.vstimecmp = csr_read(CSR_VSTIMECMP);
	e->idle.deadline = host_deadline_ns(a, a->vs.vstimecmp);
	return false;
}

/*
 * The hot exit, before any struct vm_exit is made: a load/store guest
 * page fault decoded and emulated in the core at once (not the PLIC's,
 * which the backend emulates). True: done, the guest goes on past it;
 * false: nothing done, decode the trap as usual.
 */
static bool mmio_fast(struct vcpu *v, const struct riscv_trap *t)
{
	struct arch_vcpu *a = &v->arch;
	bool write = t->scause == 23;
	uint64_t gpa = t->htval << 2 | (t->stval & 3), value;
	struct riscv_mmio_insn m;

	if (!t->insn || !riscv_decode_mmio(t->insn, &m) || m.write != write ||
	    gpa - a->plic_base < VPLIC_SIZE)
		return false;
	value = a->x[m.reg];
	if (vm_mmio_fast(v, gpa, m.width, write, &value))
		return false;
	if (!write && m.reg)
		a->x[m.reg] = riscv_load_value(value, m.width, m.sign_extend);
	a->pc += t->insn_len ? t->insn_len : m.len;
	return true;
}

void vcpu_run(struct vcpu *v, struct vm_exit *exit)
{
	struct arch_vcpu *a = &v->arch;
	/* the hart's, for reading guest instructions: a vCPU does not
	 * change harts within a run */
	struct riscv_probe *probe = &this_arch_cpu()->probe;
	struct riscv_trap t;

	vcpu_load(a);
	for (;;) {
		if (needs_sync(a))
			sync_in(a);
		t.scause = __guest_run(a);
		if (t.scause & SCAUSE_INTERRUPT) {
			exit->reason = VM_EXIT_HOST_IRQ;
			exit->pc = a->pc;
			return;
		}
		t.stval = t.htval = t.htinst = 0;
		t.insn = 0;
		t.insn_len = 0;
		t.insn_fault = t.insn_fault_addr = 0;
		if (t.scause != 10) {	/* an ecall needs none of them */
			trap_regs(a, &t, probe);
			if ((t.scause == 21 || t.scause == 23) && mmio_fast(v, &t))
				continue;
		}
		if (!riscv_exit_decode(v, &t, exit))
			continue;
		if (exit->reason == VM_EXIT_MMIO && riscv_vplic_mmio(v, exit))
			continue;
		if (exit->reason == VM_EXIT_IDLE && wfi_ends(a, exit))
			continue;
		return;
	}
}

uint64_t vcpu_get_timer_offset(const struct vcpu *v)
{
	return -v->arch.htimedelta;
}

/* guest time = host time + htimedelta */
void vcpu_set_timer_offset(struct vcpu *v, uint64_t offset)
{
	v->arch.htimedelta = -offset;
	if (!loaded_here(&v->arch))
		return;
	csr_write(htimedelta, v->arch.htimedelta);
	if (guest_sstc)	/* VSTIP as the new time makes it */
		csr_write(CSR_VSTIMECMP, csr_read(CSR_VSTIMECMP));
}

uint64_t vcpu_pc(const struct vcpu *v)
{
	return v->arch.pc;
}

void vcpu_destroy(struct vcpu *v)
{
	time_timer_cancel(&v->arch.sbi_timer);
	if (!loaded_here(&v->arch))
		return;
	if (guest_sstc)
		csr_write(CSR_VSTIMECMP, ~0UL);
	csr_write(hvip, 0);
	this_arch_cpu()->loaded_vcpu = NULL;
}

/* Data is coherent between harts; instruction fetch needs fence.i on
 * the hart that runs it, which vs_restore() does too. */
void vcpu_guest_memory_written(paddr_t pa, size_t size)
{
	(void)pa;
	(void)size;
	__asm__ volatile("fence rw, rw\nfence.i" : : : "memory");
}

void vcpu_guest_memory_zero(paddr_t pa, size_t size)
{
	memset((void *)(uintptr_t)pa, 0, size);
	vcpu_guest_memory_written(pa, size);
}
