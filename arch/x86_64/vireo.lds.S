/* SPDX-License-Identifier: MIT */
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
#include <vireo/image.lds.h>
