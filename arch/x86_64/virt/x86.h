/* SPDX-License-Identifier: MIT */
/*
 * What the parts of x86's common vCPU code (arch/x86_64/virt/) give each
 * other: the instruction decoder, the virtual local APIC, CPUID, MSRs.
 * Pure C over struct arch_vcpu where they can be, so the host unit tests
 * (tests/unit/test_x86_decode.c, test_vlapic.c) run them.
 */
#ifndef X86_VIRT_LOCAL_H
#define X86_VIRT_LOCAL_H

#include <asm/arch_vcpu.h>
#include <asm/x86_virt.h>
#include <vireo/types.h>

/* ---- decode.c ---- */

/* The code size the CPU runs the instruction at. */
enum x86_cpu_mode { X86_MODE_16, X86_MODE_32, X86_MODE_64 };

/* A decoded memory access: the MOV forms an OS uses for MMIO. */
struct x86_mmio_insn {
	uint8_t len;		/* bytes, prefixes included */
	uint8_t width;		/* of the memory access: 1, 2, 4, 8 */
	bool write;		/* a store (else a load) */
	bool has_imm;		/* store of imm (else of register reg) */
	uint64_t imm;		/* sign-extended to width */
	uint8_t reg;		/* load: destination; store: source */
	bool high8;		/* reg is ah, ch, dh or bh (reg - 4) */
	uint8_t dest_bits;	/* load: 8, 16, 32 or 64 */
	bool sign_extend;	/* load: movsx/movsxd */
};

#define X86_MAX_INSN 15

/*
 * Decode the instruction in bytes[0..n) (n <= 15, fewer when the page
 * ends) as an MMIO access: NULL with *out filled, or why not ("not a
 * MOV to or from memory", "truncated", ...).
 */
const char *x86_decode_mmio(const uint8_t *bytes, unsigned int n,
			    enum x86_cpu_mode mode, struct x86_mmio_insn *out);

/* Length of an IN/OUT instruction at bytes (prefixes included), 0 if
 * it is none. */
unsigned int x86_decode_io_len(const uint8_t *bytes, unsigned int n);

/* ---- vlapic.c ---- */

/* What a write to the vLAPIC asks of the caller. */
struct vlapic_action {
	unsigned int start;	/* bit n: start-up IPI to vCPU n at vector */
	uint8_t vector;
	unsigned int kick;	/* bit n: vCPU n has a new interrupt */
};

void vlapic_reset(struct vlapic *l, unsigned int id);
/* 32-bit registers at 16-byte offsets: NULL, or why the access is
 * refused. now is the guest's TSC. */
const char *vlapic_read(struct vlapic *l, uint64_t off, unsigned int width,
			uint64_t now, uint64_t *value);
/* A write; IPIs to the VM's other local APICs, peers[0..nr) (NULL: not
 * attached), are set in theirs, and noted in *act. */
const char *vlapic_write(struct vlapic *l, uint64_t off, unsigned int width,
			 uint64_t value, uint64_t now, struct vlapic *const *peers,
			 unsigned int nr, struct vlapic_action *act);
/* The highest vector pending above the one in service and the TPR's
 * class, or -1. */
int vlapic_pending(const struct vlapic *l);
/* The CPU takes vector: from IRR to ISR. */
void vlapic_accept(struct vlapic *l, uint8_t vector);
/* A level line on vector: raised (pending) or lowered. */
void vlapic_set_line(struct vlapic *l, uint8_t vector, bool level);
/* The timer: expired by guest TSC now (raises its vector, re-arms a
 * periodic one); the next expiry in guest TSC ticks, or 0. */
void vlapic_timer_update(struct vlapic *l, uint64_t now);
uint64_t vlapic_timer_next(const struct vlapic *l);
void vlapic_set_tsc_deadline(struct vlapic *l, uint64_t deadline,
			     uint64_t now);

/* ---- cpuid.c, msr.c ---- */

/* The guest's CPUID leaf/subleaf as Vireo filters it, for vCPU id. */
void x86_cpuid(unsigned int vcpu_id, uint32_t leaf, uint32_t subleaf,
	       uint32_t out[4]);
/* The guest's MSRs: true when handled (a read's value in *value),
 * false for #GP. now is the guest's TSC. */
bool x86_msr_read(struct arch_vcpu *a, uint32_t msr, uint64_t now,
		  uint64_t *value);
bool x86_msr_write(struct arch_vcpu *a, uint32_t msr, uint64_t value,
		   uint64_t now);

#endif
