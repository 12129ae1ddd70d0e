/* SPDX-License-Identifier: MIT */
/* RISC-V hypervisor extension detection. */
#ifndef ASM_VIRT_H
#define ASM_VIRT_H

#include <vireo/types.h>

/* True if this hart implements the H extension (probed once). */
bool riscv_has_h(void);
/* True if S mode may use Sstc's stimecmp (and so VS mode vstimecmp). */
bool riscv_has_sstc(void);
/* hgatp.VMID's implemented bits (VMIDLEN); only while no guest runs. */
unsigned int riscv_vmid_bits(void);

#endif
