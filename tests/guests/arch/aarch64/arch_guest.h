/* SPDX-License-Identifier: MIT */
/* The aarch64 test guests' accessors: hypercalls by HVC (SMCCC), MMIO
 * by single loads and stores of each width, sign-extending loads. */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <stdint.h>

static inline uint64_t hypercall1(uint64_t nr, uint64_t a1)
{
	register uint64_t x0 __asm__("x0") = nr;
	register uint64_t x1 __asm__("x1") = a1;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1) : : "memory");
	return x0;
}

#define MMIO_READ(name, type, insn, reg)                                    \
	static inline uint64_t name(uint64_t addr)                          \
	{                                                                   \
		type v;                                                     \
		__asm__ volatile(insn " %" reg "0, [%1]"                    \
				 : "=r"(v) : "r"(addr) : "memory");         \
		return (uint64_t)v;                                         \
	}
#define MMIO_WRITE(name, insn, reg)                                         \
	static inline void name(uint64_t addr, uint64_t v)                  \
	{                                                                   \
		__asm__ volatile(insn " %" reg "0, [%1]"                    \
				 : : "r"(v), "r"(addr) : "memory");         \
	}

MMIO_READ(mmio_read8, uint64_t, "ldrb", "w")
MMIO_READ(mmio_read16, uint64_t, "ldrh", "w")
MMIO_READ(mmio_read32, uint64_t, "ldr", "w")
MMIO_READ(mmio_read64, uint64_t, "ldr", "x")
/* sign-extended into a 64-bit register */
MMIO_READ(mmio_read8s, uint64_t, "ldrsb", "x")
MMIO_READ(mmio_read16s, uint64_t, "ldrsh", "x")
MMIO_READ(mmio_read32s, uint64_t, "ldrsw", "x")
/* sign-extended into a 32-bit register: the whole x register is
 * returned, so a hypervisor that leaves the upper half set is seen */
MMIO_READ(mmio_read8s_w, uint64_t, "ldrsb", "w")
MMIO_READ(mmio_read16s_w, uint64_t, "ldrsh", "w")
MMIO_WRITE(mmio_write8, "strb", "w")
MMIO_WRITE(mmio_write16, "strh", "w")
MMIO_WRITE(mmio_write32, "str", "w")
MMIO_WRITE(mmio_write64, "str", "x")

/* Counter ticks for n rounds of a loop around each exit (start.S). */
uint64_t bench_loop(uint64_t n, uint64_t addr);
uint64_t bench_floor(uint64_t n, uint64_t addr);
uint64_t bench_psci_version(uint64_t n, uint64_t addr);
uint64_t bench_null_hypercall(uint64_t n, uint64_t addr);
uint64_t bench_mmio_read32(uint64_t n, uint64_t addr);

/* PSTATE.I: the guest's own interrupt mask. The ISB lets a pending
 * interrupt be taken right after unmasking. */
static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2; isb" : : : "memory");
}

static inline void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

/* The counters' ticks per second (CNTFRQ_EL0). */
static inline uint64_t counter_frequency(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* The virtual and the physical counter (CNTVCT_EL0, CNTPCT_EL0). */
static inline uint64_t counter_virtual(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t counter_physical(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v) : : "memory");
	return v;
}

/* FP/SIMD (start.S): fill both halves of vN with seed + N; dump the 64
 * halves, then FPSR and FPCR, to out[66]. */
#define FP_DUMP_WORDS 66
void fp_fill(uint64_t seed);
void fp_dump(uint64_t *out);

/* A second vCPU (start.S's secondary_entry, PSCI CPU_ON's context). */
struct secondary {
	uint64_t stack_top;
	volatile uint64_t seen;		/* what it found: 0x5ec0000 | MPIDR Aff0 */
	volatile uint64_t release;	/* set: it may turn itself off */
	uint64_t raise_irq;		/* set: raise the test device's IRQ
					 * (vCPU 0's line) first */
	uint64_t take_sgis;		/* set: take interrupts while it waits
					 * (it answers SGI 1 with SGI 2) */
	uint64_t take_irq;		/* non-zero: this SPI too, targeted
					 * to it */
};
void secondary_entry(void);
void secondary_main(struct secondary *s);

/*
 * The guest's GICv2 (gic.c). The test device's line is SPI 2, INTID 34
 * (include/vireo/hypercall.h); the EL1 virtual timer is PPI 11, INTID 27
 * (the Arm ARM's and QEMU virt's); SGIs are INTIDs 0-15.
 */
#define TESTDEV_VIRQ 34
/* Its PL011 where QEMU virt has it: 0x09000000, SPI 1, INTID 33. */
#define GUEST_UART_BASE 0x09000000ULL
#define UART_VIRQ 33
#define VTIMER_INTID 27
void gic_cpu_init(void);
void gic_enable(unsigned int intid);
void gic_disable(unsigned int intid);
void gic_set_pending(unsigned int intid);
void gic_send_sgi(unsigned int sgi, unsigned int target_list);
void arch_irq(void);

/* This CPU takes virtual interrupt virq (the common tests' view). */
static inline void virq_enable(unsigned int virq)
{
	gic_cpu_init();
	gic_enable(virq);
}

static inline void virq_disable(unsigned int virq)
{
	gic_disable(virq);
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

/* One 64-bit load from addr at the label isolation_probe_insn
 * (start.S), so a test can name the PC the fault must report. */
void isolation_probe(uint64_t addr);

/* One 64-bit store of zero to addr, at readonly_probe_insn (start.S). */
void readonly_probe(uint64_t addr);

/* The first instruction (start.S): in the VM's read-only page. */
void guest_entry(void);

#endif
