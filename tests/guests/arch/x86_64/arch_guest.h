/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 test guests' accessors: hypercalls by VMMCALL or VMCALL
 * (the CPU vendor's, from CPUID), MMIO by single MOVs of each width,
 * sign-extending loads by MOVSX/MOVSXD, its local APIC (xAPIC, MMIO at
 * 0xfee00000), the TSC as its counter. It boots by PVH: no device tree.
 */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#define GUEST_BOOT_PVH 1

extern bool guest_intel;	/* CPUID vendor GenuineIntel: VMCALL */

static inline uint64_t hypercall1(uint64_t nr, uint64_t a1)
{
	uint64_t ret = nr;

	if (guest_intel)
		__asm__ volatile("vmcall" : "+a"(ret) : "D"(a1) : "memory");
	else
		__asm__ volatile("vmmcall" : "+a"(ret) : "D"(a1) : "memory");
	return ret;
}

#define MMIO_READ(name, insn, ext)                                          \
	static inline uint64_t name(uint64_t addr)                          \
	{                                                                   \
		uint64_t v = 0;                                             \
		__asm__ volatile(insn " (%1), %" ext "0"                    \
				 : "+r"(v) : "r"(addr) : "memory");         \
		return v;                                                   \
	}
#define MMIO_WRITE(name, insn, ext)                                         \
	static inline void name(uint64_t addr, uint64_t v)                  \
	{                                                                   \
		__asm__ volatile(insn " %" ext "0, (%1)"                    \
				 : : "r"(v), "r"(addr) : "memory");         \
	}

/* zero-extending loads: movzx for the narrow ones, mov to a 32-bit
 * register (which clears the upper half) and a 64-bit one */
MMIO_READ(mmio_read8, "movzbq", "q")
MMIO_READ(mmio_read16, "movzwq", "q")
MMIO_READ(mmio_read32, "movl", "k")
MMIO_READ(mmio_read64, "movq", "q")
/* sign-extended into a 64-bit register */
MMIO_READ(mmio_read8s, "movsbq", "q")
MMIO_READ(mmio_read16s, "movswq", "q")
MMIO_READ(mmio_read32s, "movslq", "q")
/* sign-extended into a 32-bit register: the whole register is returned
 * (it held zero), so a hypervisor that sets its upper half is seen */
MMIO_READ(mmio_read8s_w, "movsbl", "k")
MMIO_READ(mmio_read16s_w, "movswl", "k")
MMIO_WRITE(mmio_write8, "movb", "b")
MMIO_WRITE(mmio_write16, "movw", "w")
MMIO_WRITE(mmio_write32, "movl", "k")
MMIO_WRITE(mmio_write64, "movq", "q")

/* TSC ticks for n rounds of a loop around each exit (start.S). */
uint64_t bench_loop(uint64_t n, uint64_t addr);
uint64_t bench_floor_svm(uint64_t n, uint64_t addr);
uint64_t bench_floor_vmx(uint64_t n, uint64_t addr);
uint64_t bench_null_hypercall_svm(uint64_t n, uint64_t addr);
uint64_t bench_null_hypercall_vmx(uint64_t n, uint64_t addr);
uint64_t bench_cpuid(uint64_t n, uint64_t addr);
uint64_t bench_mmio_read32(uint64_t n, uint64_t addr);
#define bench_floor(n, a) \
	(guest_intel ? bench_floor_vmx(n, a) : bench_floor_svm(n, a))
#define bench_null_hypercall(n, a) \
	(guest_intel ? bench_null_hypercall_vmx(n, a) :             \
		       bench_null_hypercall_svm(n, a))
/* the exit the backend answers itself (aarch64's PSCI_VERSION) */
#define BENCH_BACKEND_NAME "cpuid"
#define bench_backend(n, a) bench_cpuid(n, a)

/* RFLAGS.IF. STI holds interrupts off for one more instruction: the nop
 * is where a pending one is taken. */
static inline void irq_unmask(void)
{
	__asm__ volatile("sti; nop" : : : "memory");
}

static inline void irq_mask(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline uint64_t rdtsc_(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* The TSC's ticks per second (hypervisor leaf 0x40000010, kHz). */
uint64_t counter_frequency(void);
static inline uint64_t counter_virtual(void)
{
	return rdtsc_();
}

/* Its local APIC (gic.c's counterpart: lapic.c). The test device's
 * line is vector 0x32 (line 2, include/vireo/hypercall.h's device at
 * vector 0x30 + line); the timer and the IPIs take their own. */
#define LAPIC_BASE 0xfee00000ULL
#define TESTDEV_VIRQ 0x32
#define TIMER_VECTOR 0xe0
#define IPI_VECTOR 0xe1
#define IPI_REPLY_VECTOR 0xe2
#define UART_VIRQ 0x34		/* the 16550's line 4, as on a PC */
uint32_t lapic_read(unsigned int reg);
void lapic_write(unsigned int reg, uint32_t v);
void lapic_enable(void);

/* This CPU takes virtual interrupt virq: its local APIC on (a line's
 * vector is fixed). */
static inline void virq_enable(unsigned int virq)
{
	(void)virq;
	lapic_enable();
}

/* Wait for an interrupt with interrupts on, and take it; masked again
 * after. */
static inline void wait_irq(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

/* What the common bodies call WFI: called masked, it returns masked
 * once an interrupt came (taken here: HLT needs them on). */
static inline void wfi(void)
{
	wait_irq();
}

/* A device's line has no mask of its own without an I/O APIC: the
 * device's interrupt enable (the 16550's IER) keeps it quiet. */
static inline void virq_disable(unsigned int virq)
{
	(void)virq;
}

/* The PC's first 16550, at I/O ports 0x3f8-0x3ff. */
#define GUEST_UART_PORT 0x3f8
static inline uint8_t uart_read8(unsigned int reg)
{
	uint8_t v;

	__asm__ volatile("inb %w1, %0" : "=a"(v)
			 : "Nd"((uint16_t)(GUEST_UART_PORT + reg)));
	return v;
}

static inline void uart_write8(unsigned int reg, uint8_t v)
{
	__asm__ volatile("outb %0, %w1" : : "a"(v),
			 "Nd"((uint16_t)(GUEST_UART_PORT + reg)));
}

/* One 64-bit load from addr at the label isolation_probe_insn
 * (start.S), so a test can name the PC the fault must report. */
void isolation_probe(uint64_t addr);

/* One 64-bit store of zero to addr, at readonly_probe_insn (start.S). */
void readonly_probe(uint64_t addr);

/* The first instruction (start.S): in the VM's read-only page. */
void guest_entry(void);

/* Another vCPU (start.S's trampoline, by INIT and start-up IPIs). */
void secondary_main(unsigned int apic_id);

#endif
