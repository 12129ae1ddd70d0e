/* SPDX-License-Identifier: MIT */
/*
 * The x86 local APIC: its registers (Intel SDM vol. 3, "Advanced
 * Programmable Interrupt Controller"), shared by the driver
 * (drivers/irqchip/lapic.c) and anything that models one; the vectors
 * Vireo gives it; and what the driver offers the arch and the other x86
 * drivers. Every call acts on the calling CPU's local APIC, in x2APIC
 * mode (MSRs) or xAPIC mode (MMIO), whichever the driver chose.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

/* Register offsets in the xAPIC page; the x2APIC MSR is 0x800 + offset / 16. */
#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_ESR 0x280
#define APIC_ICR 0x300		/* xAPIC: low half; x2APIC: all 64 bits */
#define APIC_ICR_HIGH 0x310	/* xAPIC only: the destination */
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3e0
#define X2APIC_MSR(reg) (0x800 + ((reg) >> 4))

#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_BSP (1 << 8)
#define APIC_BASE_EXTD (1 << 10)	/* x2APIC mode */
#define APIC_BASE_ENABLE (1 << 11)
#define APIC_BASE_ADDR 0xffffffffff000ULL	/* bits 12..51 */

#define APIC_SVR_ENABLE (1 << 8)
#define APIC_LVT_MASKED (1 << 16)
#define APIC_LVT_TIMER_TSC_DEADLINE (2 << 17)
#define APIC_TIMER_DIVIDE_1 0xb

/* Interrupt command: delivery mode, status, level; destination. */
#define APIC_ICR_FIXED (0 << 8)
#define APIC_ICR_INIT (5 << 8)
#define APIC_ICR_STARTUP (6 << 8)
#define APIC_ICR_BUSY (1 << 12)		/* xAPIC: not yet accepted */
#define APIC_ICR_ASSERT (1 << 14)
#define XAPIC_DEST_SHIFT 24		/* in ICR_HIGH */
#define XAPIC_MAX_ID 0xfe		/* 0xff is the broadcast */

/* Vectors the local APIC raises itself (IDT vector = irq number). */
#define LAPIC_VECTOR_TIMER 0xef
#define LAPIC_VECTOR_IPI 0xf0
#define LAPIC_VECTOR_SPURIOUS 0xff
/* Device vectors (I/O APIC pins) go below these. */
#define LAPIC_VECTOR_DEVICE_MAX 0xdf

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>

/* The driver probed (there is a local APIC to talk to). */
bool lapic_ready(void);
/* The calling CPU's APIC id. */
uint32_t lapic_id(void);
/* End the interrupt in service. */
void lapic_eoi(void);
/*
 * Send the interrupt command cmd (the ICR's low 32 bits) to APIC id dest
 * and, in xAPIC mode, wait until it is accepted. 0, -ERANGE (dest out of
 * the mode's range) or -EIO (never accepted).
 */
int lapic_send_icr(unsigned long dest, uint32_t cmd);

/*
 * The calling CPU's APIC timer, on LAPIC_VECTOR_TIMER, masked until
 * irq_enable(LAPIC_VECTOR_TIMER): one-shot counting down at the bus clock
 * (divider 1), or TSC-deadline mode (IA32_TSC_DEADLINE arms it).
 */
enum lapic_timer_mode { LAPIC_TIMER_ONESHOT, LAPIC_TIMER_TSC_DEADLINE };
void lapic_timer_setup(enum lapic_timer_mode mode);
/* One-shot mode: interrupt after count ticks; 0 stops it. */
void lapic_timer_start(uint32_t count);
/* One-shot mode: the ticks left. */
uint32_t lapic_timer_remaining(void);
#endif

#endif
