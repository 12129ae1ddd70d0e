/* SPDX-License-Identifier: MIT */
/* Multiboot (v1) hand-over, as QEMU -kernel and GRUB do it. */
#ifndef ASM_MULTIBOOT_H
#define ASM_MULTIBOOT_H

#include <vireo/memmap.h>

#define MULTIBOOT_BOOT_MAGIC 0x2badb002

/* RAM the loader reported: up to max regions into out; returns how many
 * (0 when not booted by a multiboot loader or it gave no memory map). */
int multiboot_ram(uint32_t magic, uintptr_t info, struct mem_region *out, int max);

#endif
