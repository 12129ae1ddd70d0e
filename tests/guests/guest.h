/* SPDX-License-Identifier: MIT */
/*
 * The test guests' runtime, arch-neutral half: console output by
 * hypercall, and the kvm-unit-tests style report. Each test is a
 * function over the arch's accessors (arch_guest.h), listed in a table;
 * the arch adds its own tests beside the common ones.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vireo/hypercall.h>
#include "arch_guest.h"

struct guest_test {
	const char *name;
	void (*run)(void);
};

/* The arch's own tests, ending with a { NULL } entry; of them, those of
 * its interrupt controller (mode 4). */
extern const struct guest_test arch_tests[], arch_interrupt_tests[];

void puts_(const char *s);
void put_hex(uint64_t v);
void put_dec(uint64_t v);
/*
 * A timer test's n ticks, taken at at[] for deadlines deadline[] a
 * period apart: each no earlier than its deadline and at least a period
 * after the one before; the least lateness of the first half (spinning)
 * and of the second (in WFI) printed as the BENCH lines vtimer_delivery
 * and vtimer_wake_from_wfi, in counter ticks.
 */
void check_timer_ticks(const volatile uint64_t *at,
		       const volatile uint64_t *deadline, unsigned int n,
		       uint64_t period);

/* A check in the running test: the first that fails makes it FAIL with
 * "<what> = <got>, expected <want>". */
void expect_eq(const char *what, uint64_t got, uint64_t want);

/* The arch's IRQ handler calls it for interrupt virq, from CPU source
 * (an SGI's sender), taken on CPU cpu (interrupts masked). */
void guest_irq(unsigned int virq, unsigned int source, unsigned int cpu);
/* The arch's own interrupts (all but the test device's). */
void arch_guest_irq(unsigned int virq, unsigned int source, unsigned int cpu);
/* How many it has taken. */
unsigned int guest_irqs_taken(void);

/* Run one test and print its PASS/FAIL line; true if it passed. */
bool run_test(const struct guest_test *t);
/* Run every test of a list, then the DONE line: the failures. */
int run_list(const struct guest_test *tests);

/* The passthrough VM (passthrough.c): the tests of the host PL031 the
 * configuration maps at where & ~0xfff, its INTID where & 0xfff. */
int passthrough_main(uint64_t where);
/* From guest_irq(): true if virq is the passthrough device's. */
bool passthrough_irq(unsigned int virq, unsigned int cpu);
/* The arch's second CPU taking interrupt intid, targeted to it, while it
 * waits: false if it did not start; cpu1_release() turns it off. */
bool cpu1_take(unsigned int intid);
void cpu1_release(void);

/* The abort VM (the arch's): an access to the test device the CPU gives
 * no syndrome for (how is arg: the arch's); returns only if let through. */
int abort_main(uint64_t how);
/* Its how-1 case: an instruction fetch past its memory (fetch_probe(),
 * the arch's jump to addr); returns only if let through. */
int fetch_outside_main(void);
void fetch_probe(uint64_t addr);

/* The arch's checks at the start of the isolation VM, with NULL name
 * ending the list (the state a new VM must find). */
extern const struct guest_test arch_start_tests[];

/* What the guest's device tree says (tests/guests/fdt.c). */
#define GUEST_FDT_MAX_MEMORY 4
struct guest_fdt {
	uint64_t memory[GUEST_FDT_MAX_MEMORY][2];	/* /memory@* reg */
	unsigned int nr_memory;
	unsigned int nr_cpus;		/* /cpus/cpu@* nodes */
	unsigned int cpus_psci;		/* of them, enable-method "psci" */
	uint64_t cpu_regs;		/* bit n: a cpu with reg = <n> */
	bool psci_hvc;			/* /psci method "hvc" */
	const char *stdout_path;	/* /chosen's, or NULL */
	const char *uart_node;		/* the top-level pl011@* node's name */
	bool stdout_is_uart;		/* stdout-path is "/" + uart_node */
	uint64_t uart_base;		/* its reg */
	bool uart_primecell;		/* compatible "arm,pl011",
					 * "arm,primecell" */
	uint64_t intc[2];		/* /interrupt-controller@* reg: the
					 * first two bases (GICD, GICC; a
					 * PLIC's one) */
	uint64_t timebase_hz;		/* /cpus timebase-frequency (riscv) */
	bool isa_sstc;			/* a cpu's riscv,isa names _sstc */
	bool in_cpus;			/* (while reading) */
};

/* The arch's part of the DTB test: how its CPUs start, its console. */
void arch_dtb_checks(const struct guest_fdt *dt);

/* Read blob: false if it is not a well-formed tree. */
bool guest_fdt_read(const void *blob, struct guest_fdt *out);

/* The boot registers: x0 its device tree, x2 the end of its memory,
 * x3 what its mode needs (guest_arg). */
extern uint64_t guest_dtb, guest_ram_end, guest_arg;
extern unsigned int guest_vcpus;	/* what its configuration gives it */

/* Its device tree as read at start (all zero if it has none). */
extern struct guest_fdt guest_dt;

/* The arch's set-up from the device tree (its interrupt controller). */
void arch_guest_init(const struct guest_fdt *dt);

/* The isolation VM: an access outside its memory, which ends at
 * ram_end (arch_guest.h's probe); returns only if it was let through. */
int isolation_main(uint64_t ram_end);

/* The readonly VM: a write to its own first instruction, in memory it
 * may only read and execute; returns only if it was let through. */
int readonly_main(void);

/* Its UART (the arch's guest.mk picks pl011.c or ns16550.c): the tests,
 * its interrupt handler, and mode 8, which echoes the host console's
 * input line by line. */
extern const struct guest_test uart_tests[];
void uart_irq(void);
int console_main(void);
void uart_putc(char c);
void uart_puts(const char *s);

/* What the UART's interrupt handler (or poll) read (lib.c). */
extern volatile char rx_buf[80];
extern volatile unsigned int rx_len;
void rx_keep(char c);

/* Mode 8's loop, after the UART's set-up: each line typed echoed as
 * "got: <line>" through uart_putc(); "bye" ends it (0). Interrupts are
 * masked while it reads rx_buf; wait_input() waits for more with them
 * masked (WFI, or a poll of the UART). */
int echo_lines(void (*wait_input)(void));

/* The sysreg VM (the arch's): a write to a system register the
 * hypervisor keeps from guests; returns only if it was let through. */
int sysreg_main(void);
/* Mode 7: waits 100 ms, then resets its VM (PSCI SYSTEM_RESET). */
int reset_main(void);

#endif
