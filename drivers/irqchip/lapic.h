/* SPDX-License-Identifier: MIT */
/*
 * The x86 local APIC (lapic.c) as the I/O APIC and the APIC timer drivers
 * use it. Every call acts on the calling CPU's local APIC, in x2APIC mode
 * (MSRs) or xAPIC mode (MMIO), whichever lapic.c chose.
 */
#ifndef DRIVERS_IRQCHIP_LAPIC_H
#define DRIVERS_IRQCHIP_LAPIC_H

#include <vireo/types.h>

#ifdef VIREO_FAKE_IO
/* Host tests supply the CPU's side: MSRs, CPUID and the TSC. */
struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};
uint64_t rdmsr(uint32_t msr);
void wrmsr(uint32_t msr, uint64_t val);
struct cpuid_regs cpuid(uint32_t leaf);
uint64_t rdtsc(void);
#else
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <asm/processor.h>
#endif

/* Interrupt vectors the local APIC itself raises (IDT vector = irq). */
#define LAPIC_VECTOR_TIMER 0xef
#define LAPIC_VECTOR_IPI 0xf0
#define LAPIC_VECTOR_SPURIOUS 0xff
/* Device vectors (I/O APIC pins) go below these. */
#define LAPIC_VECTOR_DEVICE_MAX 0xdf

#define MSR_IA32_TSC_DEADLINE 0x6e0

/* The driver probed (there is a local APIC to talk to). */
bool lapic_ready(void);
/* The calling CPU's APIC id. */
uint32_t lapic_id(void);
/* End the interrupt in service. */
void lapic_eoi(void);

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
