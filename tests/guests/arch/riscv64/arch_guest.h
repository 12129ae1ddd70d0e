/* SPDX-License-Identifier: MIT */
/*
 * The riscv64 test guests' accessors: Vireo's hypercalls and SBI calls
 * by ECALL (a7 the extension or hypercall number, a6 the function), MMIO
 * by single loads and stores of each width, uncompressed (compressed
 * forms have a test of their own), sign-extending loads.
 */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <stdint.h>

static inline uint64_t hypercall1(uint64_t nr, uint64_t a1)
{
	register uint64_t a7 __asm__("a7") = nr;
	register uint64_t a0 __asm__("a0") = a1;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "a1", "memory");
	return a0;
}

/* An SBI call: error (a0) and value (a1). */
struct sbiret {
	int64_t error;
	uint64_t value;
};

static inline struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t arg0,
				     uint64_t arg1, uint64_t arg2)
{
	register uint64_t a7 __asm__("a7") = ext;
	register uint64_t a6 __asm__("a6") = fid;
	register uint64_t a0 __asm__("a0") = arg0;
	register uint64_t a1 __asm__("a1") = arg1;
	register uint64_t a2 __asm__("a2") = arg2;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1)
			 : "r"(a7), "r"(a6), "r"(a2) : "memory");
	return (struct sbiret){ (int64_t)a0, a1 };
}

#define MMIO_READ(name, insn, post)                                        \
	static inline uint64_t name(uint64_t addr)                          \
	{                                                                   \
		uint64_t v;                                                 \
		__asm__ volatile(".option push\n.option norvc\n"            \
				 insn " %0, 0(%1)\n" post                   \
				 ".option pop" : "=r"(v) : "r"(addr) : "memory"); \
		return v;                                                   \
	}
#define MMIO_WRITE(name, insn)                                              \
	static inline void name(uint64_t addr, uint64_t v)                  \
	{                                                                   \
		__asm__ volatile(".option push\n.option norvc\n"            \
				 insn " %0, 0(%1)\n.option pop"             \
				 : : "r"(v), "r"(addr) : "memory");         \
	}

MMIO_READ(mmio_read8, "lbu", "")
MMIO_READ(mmio_read16, "lhu", "")
MMIO_READ(mmio_read32, "lwu", "")
MMIO_READ(mmio_read64, "ld", "")
/* sign-extended into the 64-bit register */
MMIO_READ(mmio_read8s, "lb", "")
MMIO_READ(mmio_read16s, "lh", "")
MMIO_READ(mmio_read32s, "lw", "")
/* RV64 has no 32-bit destination register: sign-extended by the load,
 * then the low word as a 32-bit register would hold it */
MMIO_READ(mmio_read8s_w, "lb", "slli %0, %0, 32\nsrli %0, %0, 32\n")
MMIO_READ(mmio_read16s_w, "lh", "slli %0, %0, 32\nsrli %0, %0, 32\n")
MMIO_WRITE(mmio_write8, "sb")
MMIO_WRITE(mmio_write16, "sh")
MMIO_WRITE(mmio_write32, "sw")
MMIO_WRITE(mmio_write64, "sd")

/* Counter ticks (time) for n rounds of a loop around each exit (start.S):
 * psci_version is the call the backend answers itself, SBI's
 * get_spec_version here. */
uint64_t bench_loop(uint64_t n, uint64_t addr);
uint64_t bench_floor(uint64_t n, uint64_t addr);
uint64_t bench_psci_version(uint64_t n, uint64_t addr);
uint64_t bench_null_hypercall(uint64_t n, uint64_t addr);
uint64_t bench_mmio_read32(uint64_t n, uint64_t addr);

/* sstatus.SIE (vsstatus as the hardware has it): its own mask. */
static inline void irq_unmask(void)
{
	__asm__ volatile("csrsi sstatus, 2" : : : "memory");
}

static inline void irq_mask(void)
{
	__asm__ volatile("csrci sstatus, 2" : : : "memory");
}

/* /cpus timebase-frequency, from its device tree (tests/guests/fdt.c) */
uint64_t counter_frequency(void);

/* The time CSR: host time + htimedelta, the VM's own. */
static inline uint64_t counter_virtual(void)
{
	uint64_t v;

	__asm__ volatile("rdtime %0" : "=r"(v) : : "memory");
	return v;
}

/* FP (start.S): fN = seed + N; dump f0-f31, then fcsr, to out[33]. */
#define FP_DUMP_WORDS 33
void fp_fill(uint64_t seed);
void fp_dump(uint64_t *out);

/* A second vCPU (start.S's secondary_entry, SBI HSM hart_start's
 * opaque). */
struct secondary {
	uint64_t stack_top;
	volatile uint64_t seen;		/* what it found: 0x5ec0000 | hart id */
	volatile uint64_t release;	/* set: it may stop itself */
	uint64_t raise_irq;		/* set: raise the test device's IRQ */
	uint64_t take_ipis;		/* set: take IPIs while it waits (it
					 * answers one with one to hart 0) */
	uint64_t take_irq;		/* non-zero: this PLIC source too,
					 * enabled for its context */
};
void secondary_entry(void);
void secondary_main(struct secondary *s);

/*
 * The guest's PLIC (plic.c), where its device tree says. The test
 * device's line is source 2 (include/vireo/hypercall.h); QEMU virt's
 * UART is source 10 at 0x10000000.
 */
#define TESTDEV_VIRQ 2
#define GUEST_UART_BASE 0x10000000ULL
#define UART_VIRQ 10
#define GUEST_PLIC_BASE 0x0c000000ULL	/* the test configurations' */
/* Its 16550's registers (tests/guests/ns16550.c), byte-wide at
 * GUEST_UART_BASE (reg-shift 0, as QEMU virt's). */
static inline uint8_t uart_read8(unsigned int reg)
{
	return (uint8_t)mmio_read8(GUEST_UART_BASE + reg);
}

static inline void uart_write8(unsigned int reg, uint8_t v)
{
	mmio_write8(GUEST_UART_BASE + reg, v);
}

void plic_set_priority(unsigned int src, unsigned int prio);
void plic_set_threshold(unsigned int prio);
void virq_enable(unsigned int virq);	/* this hart, priority 1 */
void virq_disable(unsigned int virq);
unsigned int plic_claim(void);
void plic_complete(unsigned int src);
void arch_irq(uint64_t scause);
/* The hart-local interrupts as arch_guest_irq() gets them (not PLIC
 * sources): the supervisor software and timer interrupts. */
#define ARCH_IRQ_SOFT 0x101
#define ARCH_IRQ_TIMER 0x105
/* its hart id (tp, set at entry) */
static inline unsigned int this_hart(void)
{
	uint64_t tp;

	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return (unsigned int)tp;
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

/* One 64-bit load from addr at the label isolation_probe_insn
 * (start.S), so a test can name the PC the fault must report. */
void isolation_probe(uint64_t addr);

/* One 64-bit store of zero to addr, at readonly_probe_insn (start.S). */
void readonly_probe(uint64_t addr);

/* The first instruction (start.S): in the VM's read-only page. */
void guest_entry(void);

#endif
