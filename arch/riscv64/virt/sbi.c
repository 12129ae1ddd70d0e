// SPDX-License-Identifier: MIT
/*
 * The SBI a guest sees (RISC-V SBI specification v1.0): BASE, TIME, IPI,
 * RFENCE, HSM, SRST and the legacy console putchar/getchar, set_timer
 * and shutdown. Extension ids, function ids and error codes are the
 * spec's. The backend answers what needs no core; HSM and SRST become
 * VM_EXIT_POWER, the legacy putchar Vireo's PUTC hypercall. Any other
 * extension or function answers SBI_ERR_NOT_SUPPORTED.
 */
#include <asm/arch_vcpu.h>
#include <hal/vcpu.h>
#include <vireo/hypercall.h>

#define EXT_LEGACY_SET_TIMER 0x00
#define EXT_LEGACY_PUTCHAR 0x01
#define EXT_LEGACY_GETCHAR 0x02
#define EXT_LEGACY_SHUTDOWN 0x08
#define EXT_BASE 0x10
#define EXT_TIME 0x54494d45	/* "TIME" */
#define EXT_IPI 0x735049	/* "sPI" */
#define EXT_RFENCE 0x52464e43	/* "RFNC" */
#define EXT_HSM 0x48534d	/* "HSM" */
#define EXT_SRST 0x53525354	/* "SRST" */

#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_DENIED (-4)
#define SBI_ERR_ALREADY_AVAILABLE (-6)

/* BASE: spec v1.0 (major in 30:24); no registered implementation id is
 * Vireo's, so one outside the spec's list */
#define SBI_SPEC_V1_0 0x01000000
#define VIREO_SBI_IMPL_ID 0x56495245	/* "VIRE" */
#define VIREO_SBI_IMPL_VERSION 1

/* HSM hart states and suspend types */
#define HSM_STARTED 0
#define HSM_STOPPED 1
#define HSM_START_PENDING 2
#define HSM_SUSPEND_RETENTIVE 0
#define HSM_SUSPEND_NON_RETENTIVE 0x80000000u

#define SRST_SHUTDOWN 0
#define SRST_COLD_REBOOT 1
#define SRST_WARM_REBOOT 2
#define SRST_REASON_FAILURE 1

#define A0 10
#define A1 11
#define A6 16
#define A7 17

static bool answer(struct arch_vcpu *a, long err, uint64_t value)
{
	a->x[A0] = (uint64_t)err;
	a->x[A1] = value;
	return false;
}

static bool extension_present(uint64_t eid)
{
	switch (eid) {
	case EXT_LEGACY_SET_TIMER: case EXT_LEGACY_PUTCHAR:
	case EXT_LEGACY_GETCHAR: case EXT_LEGACY_SHUTDOWN:
	case EXT_BASE: case EXT_TIME: case EXT_IPI: case EXT_RFENCE:
	case EXT_HSM: case EXT_SRST:
		return true;
	}
	return false;
}

static bool base(struct arch_vcpu *a, uint64_t fid)
{
	switch (fid) {
	case 0:
		return answer(a, SBI_SUCCESS, SBI_SPEC_V1_0);
	case 1:
		return answer(a, SBI_SUCCESS, VIREO_SBI_IMPL_ID);
	case 2:
		return answer(a, SBI_SUCCESS, VIREO_SBI_IMPL_VERSION);
	case 3:
		return answer(a, SBI_SUCCESS, extension_present(a->x[A0]));
	case 4: case 5: case 6:	/* mvendorid, marchid, mimpid: none */
		return answer(a, SBI_SUCCESS, 0);
	}
	return answer(a, SBI_ERR_NOT_SUPPORTED, 0);
}

/*
 * The vCPUs a hart mask names (hart_mask, hart_mask_base; base -1: all),
 * as bits; false if it names a hart the VM does not have.
 */
static bool mask_targets(const struct arch_vm *vm, uint64_t mask,
			 uint64_t mask_base, uint32_t *targets)
{
	unsigned int i;

	*targets = 0;
	if (mask_base == ~0ULL) {
		*targets = (1U << vm->nr_vcpus) - 1;
		return true;
	}
	for (i = 0; i < 64; i++) {
		if (!(mask >> i & 1))
			continue;
		if (mask_base + i >= vm->nr_vcpus ||
		    mask_base + i >= VPLIC_MAX_CONTEXTS)
			return false;
		*targets |= 1U << (mask_base + i);
	}
	return true;
}

/* IPI send_ipi (fid 0) and RFENCE (fid 0 fence.i, 1 sfence.vma, 2
 * sfence.vma_asid: done whole, as a full VS-stage fence) on each target
 * that has started. */
static bool to_harts(struct vcpu *v, bool ipi)
{
	struct arch_vcpu *a = &v->arch;
	struct arch_vm *vm = a->vm;
	uint32_t targets;
	unsigned int i;

	if (!mask_targets(vm, a->x[A0], a->x[A1], &targets))
		return answer(a, SBI_ERR_INVALID_PARAM, 0);
	for (i = 0; i < VPLIC_MAX_CONTEXTS; i++) {
		if (!(targets >> i & 1) || !vm->vcpus[i])
			continue;
		if (ipi)
			riscv_vcpu_raise(vm->vcpus[i], HVIP_VSSIP);
		else
			riscv_vcpu_fence(vm->vcpus[i]);
	}
	return answer(a, SBI_SUCCESS, 0);
}

static bool power(struct arch_vcpu *a, struct vm_exit *e,
		  enum vm_power_op op, uint64_t target, uint64_t entry,
		  uint64_t context)
{
	e->reason = VM_EXIT_POWER;
	e->power.op = op;
	e->power.target = target;
	e->power.entry = entry;
	e->power.context = context;
	a->pending = ARCH_VCPU_SBI_HSM;
	a->hsm_status = op == VM_POWER_CPU_STATUS;
	return true;
}

static bool hsm(struct arch_vcpu *a, uint64_t fid, struct vm_exit *e)
{
	switch (fid) {
	case 0:	/* hart_start(hartid, start_addr, opaque) */
		return power(a, e, VM_POWER_CPU_ON, a->x[A0], a->x[A1],
			     a->x[A0 + 2]);
	case 1:	/* hart_stop() */
		return power(a, e, VM_POWER_CPU_OFF, 0, 0, 0);
	case 2:	/* hart_get_status(hartid) */
		return power(a, e, VM_POWER_CPU_STATUS, a->x[A0], 0, 0);
	case 3:	/* hart_suspend(type, resume_addr, opaque) */
		if ((uint32_t)a->x[A0] == HSM_SUSPEND_RETENTIVE) {
			/* as a WFI that returns SBI_SUCCESS: the PC is past
			 * the ecall already */
			answer(a, SBI_SUCCESS, 0);
			e->reason = VM_EXIT_IDLE;
			e->idle.event = false;
			e->idle.deadline = 0;
			return true;
		}
		if ((uint32_t)a->x[A0] == HSM_SUSPEND_NON_RETENTIVE)
			return answer(a, SBI_ERR_NOT_SUPPORTED, 0);
		return answer(a, SBI_ERR_INVALID_PARAM, 0);
	}
	return answer(a, SBI_ERR_NOT_SUPPORTED, 0);
}

/* system_reset(type, reason): a shutdown for a system failure ends the
 * VM with status 1, as Vireo's EXIT hypercall would. */
static bool srst(struct arch_vcpu *a, uint64_t fid, struct vm_exit *e)
{
	uint64_t type = (uint32_t)a->x[A0], reason = (uint32_t)a->x[A1];

	if (fid != 0)
		return answer(a, SBI_ERR_NOT_SUPPORTED, 0);
	if (type == SRST_SHUTDOWN && reason == SRST_REASON_FAILURE) {
		e->reason = VM_EXIT_HYPERCALL;
		e->hypercall.nr = VIREO_HC_EXIT;
		e->hypercall.args[0] = 1;
		a->pending = ARCH_VCPU_NONE;
		return true;
	}
	if (type == SRST_SHUTDOWN)
		return power(a, e, VM_POWER_OFF, 0, 0, 0);
	if (type == SRST_COLD_REBOOT || type == SRST_WARM_REBOOT)
		return power(a, e, VM_POWER_RESET, 0, 0, 0);
	return answer(a, SBI_ERR_INVALID_PARAM, 0);
}

/* The legacy extensions (SBI v0.1): a0 the only result. */
static bool legacy(struct vcpu *v, uint64_t eid, struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	switch (eid) {
	case EXT_LEGACY_SET_TIMER:
		riscv_vcpu_set_timer(v, a->x[A0]);
		a->x[A0] = 0;
		return false;
	case EXT_LEGACY_PUTCHAR:
		e->reason = VM_EXIT_HYPERCALL;
		e->hypercall.nr = VIREO_HC_PUTC;
		e->hypercall.args[0] = a->x[A0];
		a->pending = ARCH_VCPU_A0;
		return true;
	case EXT_LEGACY_GETCHAR:	/* no input this way */
		a->x[A0] = (uint64_t)-1;
		return false;
	}
	return power(a, e, VM_POWER_OFF, 0, 0, 0);	/* shutdown */
}

bool riscv_sbi_call(struct vcpu *v, struct vm_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t eid = a->x[A7], fid = a->x[A6];

	switch (eid) {
	case EXT_BASE:
		return base(a, fid);
	case EXT_TIME:
		if (fid != 0)
			break;
		riscv_vcpu_set_timer(v, a->x[A0]);
		return answer(a, SBI_SUCCESS, 0);
	case EXT_IPI:
		if (fid != 0)
			break;
		return to_harts(v, true);
	case EXT_RFENCE:
		if (fid > 2)
			break;
		return to_harts(v, false);
	case EXT_HSM:
		return hsm(a, fid, e);
	case EXT_SRST:
		return srst(a, fid, e);
	case EXT_LEGACY_SET_TIMER: case EXT_LEGACY_PUTCHAR:
	case EXT_LEGACY_GETCHAR: case EXT_LEGACY_SHUTDOWN:
		return legacy(v, eid, e);
	}
	return answer(a, SBI_ERR_NOT_SUPPORTED, 0);
}

/* SBI error codes (HSM hart_start, hart_get_status) and hart states. */
static const int8_t sbi_error[] = {
	[VM_POWER_DONE] = SBI_SUCCESS, [VM_POWER_ON] = SBI_SUCCESS,
	[VM_POWER_STOPPED] = SBI_SUCCESS, [VM_POWER_PENDING] = SBI_SUCCESS,
	[VM_POWER_ALREADY_ON] = SBI_ERR_ALREADY_AVAILABLE,
	[VM_POWER_INVALID] = SBI_ERR_INVALID_PARAM,
	[VM_POWER_DENIED] = SBI_ERR_DENIED,
	[VM_POWER_UNSUPPORTED] = SBI_ERR_NOT_SUPPORTED,
};

void vcpu_set_power(struct vcpu *v, enum vm_power_status status)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t state = 0;

	if (a->pending != ARCH_VCPU_SBI_HSM)
		return;
	if ((unsigned int)status >= sizeof(sbi_error) / sizeof(sbi_error[0]))
		status = VM_POWER_DENIED;
	if (status == VM_POWER_STOPPED)
		state = HSM_STOPPED;
	else if (status == VM_POWER_PENDING)
		state = HSM_START_PENDING;
	else if (status == VM_POWER_ON)
		state = HSM_STARTED;
	a->x[A0] = (uint64_t)(int64_t)sbi_error[status];
	a->x[A1] = a->hsm_status ? state : 0;
	a->pending = ARCH_VCPU_NONE;
}
