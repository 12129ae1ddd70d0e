// SPDX-License-Identifier: MIT
/*
 * Traps from an aarch64 guest decoded into struct vm_exit (hal/vcpu.h),
 * and the PSCI calls (Arm DEN 0022) the backend answers itself. Syndrome
 * layouts: Arm ARM D17.2.37 (ESR_EL2), D17.2.56 (HPFAR_EL2). Pure C on
 * struct arch_vcpu, so the host unit tests run it (test_vcpu_arm64.c).
 */
#include <asm/arch_vcpu.h>
#include <asm/vcpu_trap.h>
#include <hal/vcpu.h>
#include <vireo/hypercall.h>

/* ESR_EL2 exception classes a guest raises */
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

#define ESR_EC(esr) ((unsigned int)((esr) >> 26) & 0x3f)
#define ABT_FSC(esr) ((unsigned int)(esr) & 0x3f)
/* MSR/MRS trap ISS: Rt, and Direction (1: a read, MRS) */
#define SYSREG_RT(esr) ((unsigned int)((esr) >> 5) & 0x1f)
#define SYSREG_READ (1ULL << 0)
#define WFX_TI_WFE (1ULL << 0)	/* WFx ISS.TI: 1 for WFE */
#define ISS(esr) ((uint32_t)(esr) & 0x1ffffff)

/* PSCI 1.0 function ids; the 0xc4 ones are SMC64 */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64_ 0xc4000003u
#define PSCI_AFFINITY_32 0x84000004u
#define PSCI_AFFINITY_64 0xc4000004u
#define PSCI_MIGRATE_INFO 0x84000006u
#define PSCI_OFF 0x84000008u
#define PSCI_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_V1_0 0x00010000u
#define PSCI_E_NOT_SUPPORTED (-1)
#define PSCI_E_INVALID (-2)
#define PSCI_MIGRATE_NOT_NEEDED 2	/* no Trusted OS to migrate */

static bool is_psci(uint64_t fn)
{
	return (fn & ~0x1fULL) == 0x84000000u || (fn & ~0x1fULL) == 0xc4000000u;
}

static void unhandled(struct vm_exit *e, const struct arm64_trap *t,
		      const char *what)
{
	e->reason = VM_EXIT_UNHANDLED;
	e->unhandled.syndrome = t->esr;
	e->unhandled.info = t->far;
	e->unhandled.what = what;
}

static void power(struct arch_vcpu *a, struct vm_exit *e,
		  enum vm_power_op op, uint64_t target, uint64_t entry,
		  uint64_t context)
{
	e->reason = VM_EXIT_POWER;
	e->power.op = op;
	e->power.target = target;
	e->power.entry = entry;
	e->power.context = context;
	a->pending = ARCH_VCPU_PSCI;
}

/* A PSCI call: true when the core must act, false when answered. */
static bool psci_call(struct arch_vcpu *a, struct vm_exit *e)
{
	uint64_t fn = a->x[0], x1 = a->x[1], x2 = a->x[2], x3 = a->x[3];
	bool smc32 = !(fn & 0x40000000u);
	int64_t ret = PSCI_E_NOT_SUPPORTED;

	if (fn == PSCI_VERSION) {	/* the one a guest asks most */
		a->x[0] = PSCI_V1_0;
		return false;
	}
	if (smc32) {	/* SMC32 arguments are the low words */
		x1 = (uint32_t)x1;
		x2 = (uint32_t)x2;
		x3 = (uint32_t)x3;
	}
	switch (fn) {
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64_:
		power(a, e, VM_POWER_CPU_ON, x1, x2, x3);
		return true;
	case PSCI_AFFINITY_32:
	case PSCI_AFFINITY_64:
		if (x2 != 0) {	/* only level 0: one vCPU */
			ret = PSCI_E_INVALID;
			break;
		}
		power(a, e, VM_POWER_CPU_STATUS, x1, 0, 0);
		return true;
	case PSCI_CPU_OFF:
		power(a, e, VM_POWER_CPU_OFF, 0, 0, 0);
		return true;
	case PSCI_OFF:
		power(a, e, VM_POWER_OFF, 0, 0, 0);
		return true;
	case PSCI_RESET:
		power(a, e, VM_POWER_RESET, 0, 0, 0);
		return true;
	case PSCI_MIGRATE_INFO:
		ret = PSCI_MIGRATE_NOT_NEEDED;
		break;
	case PSCI_FEATURES:
		switch (x1) {
		case PSCI_VERSION: case PSCI_CPU_OFF: case PSCI_CPU_ON_32:
		case PSCI_CPU_ON_64_: case PSCI_AFFINITY_32:
		case PSCI_AFFINITY_64: case PSCI_MIGRATE_INFO: case PSCI_OFF:
		case PSCI_RESET: case PSCI_FEATURES:
			ret = 0;
			break;
		}
		break;
	}
	a->x[0] = (uint64_t)ret;
	return false;
}

/* x0 the number, x1-x6 its arguments: every load before any store (so
 * they cannot alias), paired loads and stores - the hot path */
static void hypercall_args(struct vm_exit *e, const uint64_t *x)
{
	uint64_t nr = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
	uint64_t x4 = x[4], x5 = x[5], x6 = x[6];

	_Static_assert(VCPU_NR_ARGS == 6, "x1-x6 are the arguments");
	e->hypercall.nr = nr;
	e->hypercall.args[0] = x1;
	e->hypercall.args[1] = x2;
	e->hypercall.args[2] = x3;
	e->hypercall.args[3] = x4;
	e->hypercall.args[4] = x5;
	e->hypercall.args[5] = x6;
}

static bool hypercall(struct arch_vcpu *a, const struct arm64_trap *t,
		      struct vm_exit *e)
{
	if (ESR_EC(t->esr) == EC_SMC64)	/* trapped SMC: ELR is the SMC */
		a->pc += 4;
	e->pc = a->pc - 4;
	if (is_psci(a->x[0]))
		return psci_call(a, e);
	e->reason = VM_EXIT_HYPERCALL;
	hypercall_args(e, a->x);
	a->pending = ARCH_VCPU_X0;
	return true;
}

static uint64_t abort_gpa(const struct arm64_trap *t)
{
	return trap_gpa(t->far, t->hpfar);
}

static bool data_abort(struct arch_vcpu *a, const struct arm64_trap *t,
		       struct vm_exit *e)
{
	uint64_t esr = t->esr;
	unsigned int fsc = ABT_FSC(esr), reg = DABT_SRT(esr);
	unsigned int width = 1U << DABT_SAS(esr);

	if (fsc >= 0x10) {	/* external abort, TLB conflict, ... */
		unhandled(e, t, "data abort");
		return true;
	}
	if (!trap_is_mmio(esr)) {
		e->reason = VM_EXIT_STAGE2_FAULT;
		e->fault.gpa = abort_gpa(t);
		e->fault.access = esr & DABT_WNR ? VM_ACCESS_WRITE :
						   VM_ACCESS_READ;
		e->fault.syndrome = esr;
		return true;
	}
	e->reason = VM_EXIT_MMIO;
	e->mmio.addr = abort_gpa(t);
	e->mmio.width = (uint8_t)width;
	e->mmio.write = esr & DABT_WNR;
	e->mmio.sign_extend = esr & DABT_SSE;
	e->mmio.dest_bits = esr & DABT_SF ? 64 : 32;
	e->mmio.reg = (uint8_t)reg;	/* 31: xzr/wzr */
	e->mmio.value = 0;
	if (e->mmio.write) {
		e->mmio.value = trap_store_value(a, esr);
		return true;
	}
	a->pending = ARCH_VCPU_LOAD;	/* the rest is in a->esr */
	return true;
}

static bool sync_trap(struct arch_vcpu *a, const struct arm64_trap *t,
		      struct vm_exit *e)
{
	uint64_t esr = t->esr;

	/* the hot ones first, before the switch's compare chain: HVC #0
	 * (the whole syndrome: EC, IL, immediate 0), a data abort */
	if (esr == ((uint64_t)EC_HVC64 << 26 | ESR_IL))
		return hypercall(a, t, e);
	if (ESR_EC(esr) == EC_DABT_LOW)
		return data_abort(a, t, e);
	switch (ESR_EC(esr)) {
	case EC_HVC64:	/* ISS: the immediate */
		if (ISS(esr) == VIREO_HVC_EMPTY)
			return false;	/* the empty exit: nothing to do */
		return hypercall(a, t, e);
	case EC_SMC64:
		return hypercall(a, t, e);
	case EC_IABT_LOW:
		if (ABT_FSC(esr) >= 0x10) {
			unhandled(e, t, "instruction abort");
			return true;
		}
		e->reason = VM_EXIT_STAGE2_FAULT;
		e->fault.gpa = abort_gpa(t);
		e->fault.access = VM_ACCESS_EXEC;
		e->fault.syndrome = esr;
		return true;
	case EC_WFX:
		e->reason = VM_EXIT_IDLE;
		e->idle.event = esr & WFX_TI_WFE;
		return true;
	case EC_SYSREG:
		if (arm64_sysreg_emulate(a, ISS(esr)))
			return false;
		e->reason = VM_EXIT_SYSREG;
		e->sysreg.id = ISS(esr);
		e->sysreg.write = !(esr & SYSREG_READ);
		e->sysreg.value = 0;
		if (e->sysreg.write) {
			unsigned int rt = SYSREG_RT(esr);

			e->sysreg.value = rt == 31 ? 0 : a->x[rt];
		} else {
			a->pending = ARCH_VCPU_SYSREG_READ;
		}
		return true;
	case EC_UNKNOWN:
		unhandled(e, t, "undefined instruction");
		return true;
	}
	unhandled(e, t, "trap");
	return true;
}

bool arm64_exit_decode(struct arch_vcpu *a, const struct arm64_trap *t,
		       struct vm_exit *e)
{
	a->esr = t->esr;
	a->pending = ARCH_VCPU_NONE;
	e->pc = a->pc;
	if (t->kind == 8)
		return sync_trap(a, t, e);
	switch (t->kind) {
	case 9:
		e->reason = VM_EXIT_HOST_IRQ;
		return true;
	case 10:
		unhandled(e, t, "FIQ");
		return true;
	case 11:
		unhandled(e, t, "SError");
		return true;
	}
	unhandled(e, t, "exception from AArch32");
	return true;
}

void vcpu_set_result(struct vcpu *v, uint64_t value)
{
	struct arch_vcpu *a = &v->arch;

	switch (a->pending) {
	case ARCH_VCPU_X0:	/* the hot one: a hypercall's result */
		a->x[0] = value;
		break;
	case ARCH_VCPU_LOAD:
		trap_set_reg(a, DABT_SRT(a->esr), trap_load_value(a->esr, value));
		break;
	case ARCH_VCPU_SYSREG_READ:
		trap_set_reg(a, SYSREG_RT(a->esr), value);
		break;
	case ARCH_VCPU_NONE:
	case ARCH_VCPU_PSCI:
		break;
	}
	a->pending = ARCH_VCPU_NONE;
}

/* PSCI return codes (DEN 0022 5.2.2) and AFFINITY_INFO states */
static const int32_t psci_status[] = {
	[VM_POWER_DONE] = 0,	     [VM_POWER_ON] = 0,
	[VM_POWER_STOPPED] = 1,	     [VM_POWER_PENDING] = 2,
	[VM_POWER_ALREADY_ON] = -4,  [VM_POWER_INVALID] = -2,
	[VM_POWER_DENIED] = -3,	     [VM_POWER_UNSUPPORTED] = -1,
};

void vcpu_set_power(struct vcpu *v, enum vm_power_status status)
{
	struct arch_vcpu *a = &v->arch;

	if (a->pending != ARCH_VCPU_PSCI)
		return;
	if ((unsigned int)status >= sizeof(psci_status) / sizeof(psci_status[0]))
		status = VM_POWER_DENIED;
	a->x[0] = (uint64_t)(int64_t)psci_status[status];
	a->pending = ARCH_VCPU_NONE;
}

void vcpu_skip(struct vcpu *v)
{
	trap_skip(&v->arch, v->arch.esr);
}

uint64_t vcpu_pc(const struct vcpu *v)
{
	return v->arch.pc;
}
