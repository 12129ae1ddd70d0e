/* SPDX-License-Identifier: MIT */
/*
 * Hardware virtualization support of this CPU, as the arch detects it at
 * boot, before any driver is bound (what a device adds - the GIC's list
 * registers - is its driver's: asm/gicv2.h). A field the arch cannot
 * detect, or that does not apply to it, stays false / 0.
 */
#ifndef HAL_VIRT_H
#define HAL_VIRT_H

#include <vireo/types.h>

struct virt_caps {
	bool usable;		/* guests can run with hardware support */

	/* The extensions, as the banner and ready line name them. */
	bool el2;		/* aarch64: Vireo runs at EL2 */
	bool h;			/* riscv64: the H extension */
	bool svm, npt;		/* x86_64: AMD-V, its nested paging */
	bool vmx, ept;		/* x86_64: VT-x, its EPT */

	/* What a vCPU backend sizes itself by. */
	bool stage2;		/* guest-physical translation: Arm stage 2,
				 * RISC-V G-stage, NPT or EPT */
	unsigned int ipa_bits;	/* aarch64: widest IPA stage 2 takes (PARange) */
	unsigned int vmid_bits;	/* VMID width: VMIDBits (aarch64),
				 * hgatp.VMIDLEN (riscv64) */
	unsigned int nr_asids;	/* x86_64 SVM: guest ASIDs (CPUID 0x8000000a) */
	bool vpid;		/* x86_64 VT-x: VPID tags guest TLB entries */
	bool sstc;		/* riscv64: Sstc usable (stimecmp; vstimecmp
				 * for guests with H) */
};

/* Implemented by arch/<arch>: fill *caps; returns caps->usable. */
bool arch_virt_caps(struct virt_caps *caps);

/*
 * The extensions as a comma-separated list, in the order of the struct
 * ("el2", "h", "svm,npt", "vmx,ept", ...), or "none" (hal/virt.c).
 * Returns buf.
 */
const char *virt_caps_format(const struct virt_caps *caps, char *buf,
			     size_t size);

#endif
