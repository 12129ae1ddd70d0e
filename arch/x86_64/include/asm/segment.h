/* SPDX-License-Identifier: MIT */
/* The GDT's selectors (boot/head.S, TSS in traps.c); usable from assembly. */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS 1
#define GDT_ENTRY_KERNEL_DS 2
#define GDT_ENTRY_TSS 3		/* 16 bytes: entries 3 and 4 */

#define KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)
#define KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)
#define TSS_SEL (GDT_ENTRY_TSS * 8)

#endif
