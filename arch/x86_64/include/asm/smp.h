/* SPDX-License-Identifier: MIT */
/* Starting the secondary CPUs (cpu.c, smp.c, boot/trampoline.S). */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/*
 * The page a started CPU runs from in real mode: below 1 MiB and page
 * aligned (the start-up IPI's vector is its page number), in the
 * real-mode area the device tree's /memreserve/ keeps from the page
 * allocator, and clear of the BIOS data (0x400-0x4ff) and QEMU's
 * multiboot information (from 0x9000, read before this page is written).
 */
#define X86_TRAMPOLINE_ADDR 0x8000

#ifndef __ASSEMBLY__
#include <vireo/types.h>

/*
 * Send the CPU with this APIC id INIT and start-up IPIs: it starts in
 * real mode at entry_page (page aligned, below 1 MiB). 0 once sent;
 * -EINVAL (entry_page), -ENODEV (no local APIC driver) or the local
 * APIC's error (lapic_send_icr()).
 */
int x86_start_cpu(unsigned long apic_id, paddr_t entry_page);
#endif

#endif
