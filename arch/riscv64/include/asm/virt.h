/* SPDX-License-Identifier: MIT */
/* RISC-V hypervisor extension detection. */
#ifndef ASM_VIRT_H
#define ASM_VIRT_H

#include <vireo/types.h>

/* True if this hart implements the H extension (probed once). */
bool riscv_has_h(void);

#endif
