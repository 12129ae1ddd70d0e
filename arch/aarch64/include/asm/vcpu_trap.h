/* SPDX-License-Identifier: MIT */
/*
 * What virt/exit.c and virt/vcpu.c both read from a guest's trap
 * syndrome (ESR_EL2, Arm ARM D17.2.37; HPFAR_EL2, D17.2.56), and the
 * hot exit that vcpu_run() finishes without decoding a struct vm_exit:
 * inline, as it is on every MMIO exit. Only arch/aarch64/virt/ (and its
 * host tests) include it.
 */
#ifndef ASM_VCPU_TRAP_H
#define ASM_VCPU_TRAP_H

#include <asm/arch_vcpu.h>
#include <hal/vcpu.h>

#define ESR_IL (1ULL << 25)	/* a 32-bit instruction trapped */
/* data abort ISS */
#define DABT_ISV (1ULL << 24)
#define DABT_SAS(esr) ((unsigned int)((esr) >> 22) & 3)
#define DABT_SSE (1ULL << 21)
#define DABT_SRT(esr) ((unsigned int)((esr) >> 16) & 0x1f)
#define DABT_SF (1ULL << 15)
#define DABT_S1PTW (1ULL << 7)
#define DABT_WNR (1ULL << 6)

/* HPFAR_EL2.FIPA [43:4] holds IPA [55:12] */
#define HPFAR_FIPA (((1ULL << 44) - 1) & ~0xfULL)

/*
 * A data abort from the guest that is an MMIO access: EC 0x24, the
 * syndrome describes it whole (ISV), not on a stage-1 walk (S1PTW), a
 * translation (0b0001LL) or address size (0b0000LL) fault - nothing is
 * mapped there; access flag and permission faults follow, to 0x0f - so
 * DFSC [5:3] is 0.
 */
#define DABT_MMIO_MASK (0x3fULL << 26 | DABT_ISV | DABT_S1PTW | 0x38)
#define DABT_MMIO (0x24ULL << 26 | DABT_ISV)

static inline bool trap_is_mmio(uint64_t esr)
{
	return (esr & DABT_MMIO_MASK) == DABT_MMIO;
}

/* The guest-physical address of an abort at stage 2. */
static inline uint64_t trap_gpa(uint64_t far, uint64_t hpfar)
{
	return (hpfar & HPFAR_FIPA) << 8 | (far & 0xfff);
}

/* What a store the syndrome describes writes: width bytes of its
 * register (31: xzr). */
static inline uint64_t trap_store_value(const struct arch_vcpu *a, uint64_t esr)
{
	unsigned int reg = DABT_SRT(esr), width = 1U << DABT_SAS(esr);
	uint64_t v = reg == 31 ? 0 : a->x[reg];

	return width == 8 ? v : v & ((1ULL << (8 * width)) - 1);
}

/* An emulated load's value as its register gets it: width, sign
 * extension and the register's size from the syndrome (ESR ISS). */
static inline uint64_t trap_load_value(uint64_t esr, uint64_t value)
{
	/* the access's bits to the top, then back: arithmetically to
	 * sign-extend (GCC and Clang shift signed values so) */
	unsigned int shift = 64 - (8U << DABT_SAS(esr));

	value <<= shift;
	value = esr & DABT_SSE ? (uint64_t)((int64_t)value >> shift) :
				 value >> shift;
	return esr & DABT_SF ? value : (uint32_t)value;	/* W: upper half 0 */
}

static inline void trap_set_reg(struct arch_vcpu *a, unsigned int reg,
			   uint64_t value)
{
	if (reg != 31)		/* xzr: the value is dropped */
		a->x[reg] = value;
}

/* Past the instruction the syndrome esr is of: 4 bytes with IL (bit
 * 25), else 2. */
static inline void trap_skip(struct arch_vcpu *a, uint64_t esr)
{
	_Static_assert(ESR_IL == 1ULL << 25, "IL is bit 25");
	a->pc += 2 + 2 * ((esr >> 25) & 1);
}

/*
 * A synchronous trap of v (its ESR_EL2, FAR_EL2, HPFAR_EL2) that is an
 * MMIO access (trap_is_mmio()) outside the virtual distributor,
 * emulated by the core (vm_mmio_fast()), the load's register written and
 * the access skipped. true: done, the guest goes on; false: nothing
 * done, decode the trap as usual (arm64_exit_decode()).
 */
static __always_inline bool trap_mmio_fast(struct vcpu *v, uint64_t esr,
				      uint64_t far, uint64_t hpfar)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t gpa = trap_gpa(far, hpfar), value;	/* a load's: the core's */
	bool write = esr & DABT_WNR;

	if (gpa - a->gicd_base < VGIC_GICD_SIZE)	/* the vGIC's */
		return false;
	if (write)
		value = trap_store_value(a, esr);
	if (vm_mmio_fast(v, gpa, 1U << DABT_SAS(esr), write, &value))
		return false;
	if (!write)
		trap_set_reg(a, DABT_SRT(esr), trap_load_value(esr, value));
	trap_skip(a, esr);
	return true;
}

#endif
