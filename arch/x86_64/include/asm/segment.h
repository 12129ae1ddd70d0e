/* SPDX-License-Identifier: MIT */
/* The boot GDT's selectors (boot/head.S); usable from assembly. */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS 1
#define GDT_ENTRY_KERNEL_DS 2

#define KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)
#define KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)

#endif
