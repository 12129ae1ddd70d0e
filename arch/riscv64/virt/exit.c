// SPDX-License-Identifier: MIT
/*
 * Traps from a riscv64 guest decoded into struct vm_exit (hal/vcpu.h).
 * Causes and registers: privileged spec, "Hypervisor Extension" (scause
 * 10 ecall from VS, 20/21/23 guest page faults with htval = GPA >> 2,
 * 22 virtual instruction). Pure C on struct vcpu but for the SBI calls
 * that reach other vCPUs (virt/sbi.c).
 */
#include <asm/arch_vcpu.h>
#include <hal/vcpu.h>
#include <vireo/hypercall.h>

#define EXC_ECALL_VS 10
#define EXC_INSN_GUEST_PAGE_FAULT 20
#define EXC_LOAD_GUEST_PAGE_FAULT 21
#define EXC_VIRTUAL_INSN 22
#define EXC_STORE_GUEST_PAGE_FAULT 23

#define INSN_WFI 0x10500073u
#define OP_SYSTEM 0x73
#define A0 10
#define A7 17
/* Vireo's hypercall numbers (vireo/hypercall.h): a7's top byte */
#define VIREO_HC_RANGE(nr) (((nr) & ~0xffffffULL) == VIREO_HC_NULL)

static bool unhandled(struct vm_exit *e, const struct riscv_trap *t,
		      const char *what)
{
	e->reason = VM_EXIT_UNHANDLED;
	e->unhandled.syndrome = t->scause;
	e->unhandled.info = t->stval;
	e->unhandled.what = what;
	return true;
}

/* a0-a5 the arguments: every load before any store (so they cannot
 * alias) - the hot path */
static void hypercall_args(struct vm_exit *e, const uint64_t *x)
{
	uint64_t a0 = x[A0], a1 = x[A0 + 1], a2 = x[A0 + 2];
	uint64_t a3 = x[A0 + 3], a4 = x[A0 + 4], a5 = x[A0 + 5];

	_Static_assert(VCPU_NR_ARGS == 6, "a0-a5 are the arguments");
	e->hypercall.args[0] = a0;
	e->hypercall.args[1] = a1;
	e->hypercall.args[2] = a2;
	e->hypercall.args[3] = a3;
	e->hypercall.args[4] = a4;
	e->hypercall.args[5] = a5;
}

/* a7 the number, a0-a5 its arguments, the result to a0; an ecall is
 * never compressed. Apart from the other traps: its own short path. */
static __attribute__((noinline)) bool ecall(struct vcpu *v,
					     struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t nr = a->x[A7], pc = a->pc;

	a->pc = pc + 4;
	a->skip_len = 0;
	e->pc = pc;
	if (nr == VIREO_ECALL_EMPTY)
		return false;
	if (!VIREO_HC_RANGE(nr)) {
		a->pending = ARCH_VCPU_NONE;
		return riscv_sbi_call(v, e);
	}
	e->reason = VM_EXIT_HYPERCALL;
	e->hypercall.nr = nr;
	hypercall_args(e, a->x);
	a->pending = ARCH_VCPU_A0;
	return true;
}

static uint64_t fault_gpa(const struct riscv_trap *t)
{
	return t->htval << 2 | (t->stval & 3);
}

static bool guest_page_fault(struct arch_vcpu *a, const struct riscv_trap *t,
			     struct vm_exit *e)
{
	bool write = t->scause == EXC_STORE_GUEST_PAGE_FAULT;
	struct riscv_mmio_insn m;

	if (!t->insn || !riscv_decode_mmio(t->insn, &m) || m.write != write) {
		e->reason = VM_EXIT_STAGE2_FAULT;
		e->fault.gpa = fault_gpa(t);
		e->fault.access = write ? VM_ACCESS_WRITE : VM_ACCESS_READ;
		e->fault.syndrome = t->scause;
		return true;
	}
	e->reason = VM_EXIT_MMIO;
	e->mmio.addr = fault_gpa(t);
	e->mmio.width = m.width;
	e->mmio.write = write;
	e->mmio.sign_extend = m.sign_extend;
	e->mmio.dest_bits = 64;
	e->mmio.reg = m.reg;
	e->mmio.value = write ? a->x[m.reg] : 0;
	a->skip_len = t->insn_len ? t->insn_len : m.len;
	if (!write) {
		a->pending = ARCH_VCPU_LOAD;
		a->load_reg = m.reg;
		a->load_width = m.width;
		a->load_signed = m.sign_extend;
	}
	return true;
}

#define EXC_LOAD_ACCESS_FAULT 5
#define EXC_LOAD_PAGE_FAULT 13

static const char *unreadable_why(uint64_t cause)
{
	switch (cause) {
	case EXC_LOAD_PAGE_FAULT:
		return "instruction unreadable: page fault twice";
	case EXC_LOAD_GUEST_PAGE_FAULT:
		return "instruction unreadable: guest-page fault";
	case EXC_LOAD_ACCESS_FAULT:
		return "instruction unreadable: access fault";
	}
	return "instruction unreadable";
}

/*
 * The trapping instruction could not be read (t->insn_fault: the HLVX
 * read's scause). A page fault in the guest's own (VS-stage) table means
 * another of its vCPUs unmapped the PC since the fetch: re-enter it at
 * the same PC with this hart's VS-stage translations flushed (the fences
 * flag), so the fetch again either runs (the page is back) or takes the
 * guest's own instruction page fault (hedeleg) - what a KVM RISC-V guest
 * gets, KVM redirecting such a trap to it. The same read failing again
 * at once means the fetch and the read disagree: no third try, the VM is
 * stopped, as for a guest-page or access fault (its page is not in its
 * memory): the exit names the cause (syndrome) and the address (info).
 */
static bool insn_unreadable(struct arch_vcpu *a, const struct riscv_trap *t,
			    struct vm_exit *e)
{
	bool again = a->insn_retried && a->insn_retry_pc == a->pc;

	if (t->insn_fault == EXC_LOAD_PAGE_FAULT && !again) {
		a->insn_retried = true;
		a->insn_retry_pc = a->pc;
		__atomic_store_n(&a->fences, true, __ATOMIC_RELEASE);
		return false;
	}
	a->insn_retried = false;
	e->reason = VM_EXIT_UNHANDLED;
	e->unhandled.syndrome = t->insn_fault;
	e->unhandled.info = t->insn_fault_addr;
	e->unhandled.what = unreadable_why(t->insn_fault);
	return true;
}

/* WFI (hstatus.VTW), or a CSR the guest may not touch. */
static bool virtual_insn(struct arch_vcpu *a, const struct riscv_trap *t,
			 struct vm_exit *e)
{
	uint32_t insn = t->insn;
	unsigned int funct3 = insn >> 12 & 7, rs1 = insn >> 15 & 31;

	if (insn == INSN_WFI) {
		e->reason = VM_EXIT_IDLE;
		e->idle.event = false;
		e->idle.deadline = 0;
		a->skip_len = 4;
		return true;
	}
	if ((insn & 0x7f) != OP_SYSTEM || (funct3 & 3) == 0)
		return unhandled(e, t, "virtual instruction");
	/* CSRRW always writes, CSRRS/CSRRC only with rs1 (uimm) not 0 */
	e->reason = VM_EXIT_SYSREG;
	e->sysreg.id = insn >> 20;
	e->sysreg.write = (funct3 & 3) == 1 || rs1;
	e->sysreg.value = funct3 & 4 ? rs1 : a->x[rs1];
	a->skip_len = 4;
	return true;
}

static __attribute__((noinline)) bool trap(struct vcpu *v,
					    const struct riscv_trap *t,
					    struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	a->pending = ARCH_VCPU_NONE;
	a->skip_len = 0;
	e->pc = a->pc;
	if (t->insn_fault)
		return insn_unreadable(a, t, e);
	a->insn_retried = false;
	switch (t->scause) {
	case EXC_LOAD_GUEST_PAGE_FAULT:
	case EXC_STORE_GUEST_PAGE_FAULT:
		return guest_page_fault(a, t, e);
	case EXC_INSN_GUEST_PAGE_FAULT:
		e->reason = VM_EXIT_STAGE2_FAULT;
		e->fault.gpa = fault_gpa(t);
		e->fault.access = VM_ACCESS_EXEC;
		e->fault.syndrome = t->scause;
		return true;
	case EXC_VIRTUAL_INSN:
		return virtual_insn(a, t, e);
	case 2:
		return unhandled(e, t, "illegal instruction");
	case 1:
	case 5:
	case 7:
		return unhandled(e, t, "access fault");
	}
	return unhandled(e, t, "trap");
}

bool riscv_exit_decode(struct vcpu *v, const struct riscv_trap *t,
		       struct vm_exit *e)
{
	if (t->scause == EXC_ECALL_VS)
		return ecall(v, e);
	return trap(v, t, e);
}

void vcpu_set_result(struct vcpu *v, uint64_t value)
{
	struct arch_vcpu *a = &v->arch;

	switch (a->pending) {
	case ARCH_VCPU_A0:
		a->x[A0] = value;
		break;
	case ARCH_VCPU_LOAD:
		if (a->load_reg)	/* x0 stays 0 */
			a->x[a->load_reg] = riscv_load_value(value, a->load_width,
							     a->load_signed);
		break;
	case ARCH_VCPU_NONE:
	case ARCH_VCPU_SBI_HSM:
		break;
	}
	a->pending = ARCH_VCPU_NONE;
}

void vcpu_skip(struct vcpu *v)
{
	v->arch.pc += v->arch.skip_len;
	v->arch.skip_len = 0;
}
