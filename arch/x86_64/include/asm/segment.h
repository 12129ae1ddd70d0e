/* SPDX-License-Identifier: MIT */
/* The GDT's selectors and descriptors (boot/head.S, then each CPU's own
 * in cpu.c); usable from assembly. */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS 1
#define GDT_ENTRY_KERNEL_DS 2
#define GDT_ENTRY_TSS 3		/* 16 bytes: entries 3 and 4 */

#define GDT_ENTRIES 5

/* Flat segments: 64-bit code and data, DPL 0. */
#define GDT_KERNEL_CS_DESC 0x00af9a000000ffff
#define GDT_KERNEL_DS_DESC 0x00cf92000000ffff

#define KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)
#define KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)
#define TSS_SEL (GDT_ENTRY_TSS * 8)

#endif
