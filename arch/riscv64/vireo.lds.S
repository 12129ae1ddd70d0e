/* SPDX-License-Identifier: MIT */
OUTPUT_ARCH(riscv)
#include <vireo/image.lds.h>
