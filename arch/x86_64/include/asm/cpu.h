/* SPDX-License-Identifier: MIT */
/* The arch's own CPU plumbing: per-CPU tables (cpu.c), the IDT (traps.c),
 * the CPU list from ACPI (acpi.c). */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <vireo/types.h>

#define X86_IST_DOUBLE_FAULT 1	/* #DF runs on TSS.IST1 */

/* The boot CPU's GDT, TSS and per-CPU pointer (this_cpu() NULL until
 * cpus_init() names its struct cpu). */
void x86_boot_cpu_tables_init(void);
/* Copy the secondary CPUs' start code below 1 MiB (before paging_init()). */
void x86_trampoline_install(void);
/* Load the IDT on the calling CPU. */
void x86_idt_load(void);
/* The calling CPU's APIC id, from CPUID. */
unsigned long x86_apic_id(void);

/*
 * The APIC ids of the enabled processors the ACPI MADT lists, up to max
 * into ids; returns how many (0 if the tables are missing or bad). Reads
 * the firmware's tables through the boot identity map: call it before
 * paging_init(). Nothing is printed before there is a console: *why is
 * set to the one line to report (struct boot_info's cpus_note), or NULL.
 */
int acpi_find_cpus(unsigned long *ids, int max, const char **why);

#endif
