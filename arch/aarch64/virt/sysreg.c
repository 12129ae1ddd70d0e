// SPDX-License-Identifier: MIT
/*
 * System register accesses of a guest that trap to EL2 and are answered
 * here, as the Arm ARM (DDI 0487) lets an implementation without the
 * feature answer, so that an OS that touches them at boot goes on:
 *
 * - Debug (MDCR_EL2.TDA, TDOSA, TDRA): the breakpoint, watchpoint and
 *   debug control registers (Op0 2, Op1 0 or 3) read as zero and ignore
 *   writes, so a guest's breakpoints never reach the hardware another VM
 *   runs on; the OS Lock is kept per vCPU (OSLAR_EL1 sets it, OSLSR_EL1
 *   reads OSLM 0b10 "implemented" and OSLK, D19.3.3), as Linux clears
 *   it at boot.
 * - PMU (MDCR_EL2.TPM, TPMCR): PMCR_EL0 and every PMU register read as
 *   zero (PMCR_EL0.N 0: no event counter), writes ignored; the guest's
 *   device tree has no PMU node.
 * - Data cache maintenance by set/way (HCR_EL2.TSW): DC ISW, CSW, CISW
 *   are all done as DC CISW (clean and invalidate), so a guest can never
 *   throw away lines holding another VM's or the hypervisor's data.
 *
 * Anything else comes to the core as VM_EXIT_SYSREG, which stops the VM
 * with its fault line. Pure C: the host tests feed it ISS values.
 */
#include <asm/arch_vcpu.h>

/* ISS of a trapped MSR/MRS/SYS (ESR_EL2 EC 0x18, D17.2.37): Op0 [21:20],
 * Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0] (1: a read) */
#define ISS_OP0(iss) (((iss) >> 20) & 3)
#define ISS_OP2(iss) (((iss) >> 17) & 7)
#define ISS_OP1(iss) (((iss) >> 14) & 7)
#define ISS_CRN(iss) (((iss) >> 10) & 0xf)
#define ISS_RT(iss) (((iss) >> 5) & 0x1f)
#define ISS_CRM(iss) (((iss) >> 1) & 0xf)
#define ISS_READ(iss) ((iss) & 1)
/* the register an ISS names, Rt and Direction left out */
#define ISS_REG_MASK 0x3ffc1eu
#define SYSREG(op0, op1, crn, crm, op2)                                    \
	((uint32_t)(op0) << 20 | (uint32_t)(op2) << 17 |                  \
	 (uint32_t)(op1) << 14 | (uint32_t)(crn) << 10 | (uint32_t)(crm) << 1)

#define OSLAR_EL1 SYSREG(2, 0, 1, 0, 4)
#define OSLSR_EL1 SYSREG(2, 0, 1, 1, 4)
#define OSLSR_OSLM_IMPLEMENTED (1u << 3)	/* OSLM 0b10 */
#define OSLSR_OSLK (1u << 1)
#define OSLAR_OSLK (1u << 0)

/* Op0 2 with Op1 0 (EL1 debug) or 3 (EL0 debug communication): what
 * MDCR_EL2.TDA, TDOSA and TDRA trap */
static bool is_debug(uint32_t iss)
{
	return ISS_OP0(iss) == 2 && (ISS_OP1(iss) == 0 || ISS_OP1(iss) == 3);
}

/* Op0 3, CRn 9, CRm 12-14 (PMCR_EL0 ... PMOVSSET_EL0, PMINTEN*_EL1) and
 * Op1 3, CRn 14, CRm 8-15 (PMEVCNTR<n>, PMEVTYPER<n>, PMCCFILTR) */
static bool is_pmu(uint32_t iss)
{
	if (ISS_OP0(iss) != 3)
		return false;
	if (ISS_CRN(iss) == 9)
		return ISS_CRM(iss) >= 12 && ISS_CRM(iss) <= 14 &&
		       (ISS_OP1(iss) == 3 || ISS_OP1(iss) == 0);
	return ISS_CRN(iss) == 14 && ISS_OP1(iss) == 3 && ISS_CRM(iss) >= 8;
}

/* DC ISW, DC CSW, DC CISW: Op0 1, Op1 0, CRn 7, CRm 6, 10, 14, Op2 2 */
static bool is_set_way(uint32_t iss)
{
	uint32_t reg = iss & ISS_REG_MASK;

	return reg == SYSREG(1, 0, 7, 6, 2) || reg == SYSREG(1, 0, 7, 10, 2) ||
	       reg == SYSREG(1, 0, 7, 14, 2);
}

static uint64_t reg_value(const struct arch_vcpu *a, uint32_t iss)
{
	return ISS_RT(iss) == 31 ? 0 : a->x[ISS_RT(iss)];	/* xzr */
}

static void set_reg(struct arch_vcpu *a, uint32_t iss, uint64_t value)
{
	if (ISS_RT(iss) != 31)
		a->x[ISS_RT(iss)] = value;
}

static void debug_access(struct arch_vcpu *a, uint32_t iss)
{
	uint32_t reg = iss & ISS_REG_MASK;

	if (ISS_READ(iss))
		set_reg(a, iss, reg == OSLSR_EL1 ?
			OSLSR_OSLM_IMPLEMENTED | (a->oslk ? OSLSR_OSLK : 0) : 0);
	else if (reg == OSLAR_EL1)
		a->oslk = reg_value(a, iss) & OSLAR_OSLK;
}

bool arm64_sysreg_emulate(struct arch_vcpu *a, uint32_t iss)
{
	if (is_debug(iss)) {
		debug_access(a, iss);
	} else if (is_pmu(iss)) {
		if (ISS_READ(iss))
			set_reg(a, iss, 0);
	} else if (is_set_way(iss) && !ISS_READ(iss)) {
		arm64_dc_cisw(reg_value(a, iss));
	} else {
		return false;
	}
	a->pc += 4;		/* past the MSR/MRS/DC: always 32 bits */
	return true;
}
