/* SPDX-License-Identifier: MIT */
/* riscv64 has no port I/O; MMIO needs nothing beyond volatile here. */
#ifndef ASM_IO_H
#define ASM_IO_H
#endif
