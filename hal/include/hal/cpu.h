/* SPDX-License-Identifier: MIT */
/*
 * CPUs: their ids, per-CPU state, bringing the secondaries up, and
 * running work on another CPU.
 *
 * The CPUs come from the device tree's /cpus (cpu nodes, "reg" = the
 * hardware id: MPIDR affinity, hart id, APIC id), or where the firmware
 * gives no tree from what it lists instead (x86: the ACPI MADT, passed in
 * struct boot_info). The boot CPU is logical CPU 0, the others follow in
 * the order listed, up to CONFIG_NR_CPUS; the rest are reported and left
 * off.
 */
#ifndef HAL_CPU_H
#define HAL_CPU_H

#include <asm/arch_cpu.h>
#include <hal/boot.h>
#include <vireo/timer_list.h>
#include <vireo/types.h>

typedef void (*cpu_call_fn)(void *arg);

struct cpu {
	unsigned int id;		/* logical: 0 is the boot CPU */
	unsigned long hwid;		/* MPIDR affinity, hart id or APIC id */
	bool online;			/* set by the CPU itself, last */
	uintptr_t stack_top;		/* its hypervisor stack */
	struct timer_list timers;	/* its software timers (hal/time.c) */
	/* cpu_call(): one call posted to this CPU, run by its IPI handler */
	cpu_call_fn call_fn;
	void *call_arg;
	unsigned long calls_done;	/* calls it has run */
	struct arch_cpu arch;		/* the arch's own (asm/arch_cpu.h) */
};

/* The calling CPU's state, in O(1) from any context (arch/<arch>/cpu.c). */
struct cpu *this_cpu(void);

/* CPU by logical id, NULL if there is no such CPU. */
struct cpu *cpu_get(unsigned int id);
/* CPUs found (at most CONFIG_NR_CPUS), CPUs online. */
unsigned int cpu_count(void);
unsigned int cpu_online_count(void);

/*
 * Find the CPUs (the DT's /cpus, else bi->cpus) and make the calling
 * one, bi->cpu_id, logical CPU 0 and this_cpu(). 0 or -errno.
 */
int cpus_init(const void *fdt, const struct boot_info *bi);

/*
 * Start every other CPU, one at a time, each given CONFIG_STACK_SIZE of
 * stack from the page allocator; each reports itself online. Returns the
 * number online (the boot CPU included).
 */
unsigned int cpus_start(void);

/*
 * Run fn(arg) on CPU id (by IPI, in its interrupt context) and wait until
 * it has run; on the calling CPU itself fn just runs. 0, -ENODEV (no
 * such CPU online) or -ETIMEDOUT (no answer within a second). Call with
 * interrupts enabled: two CPUs calling each other must each take the
 * other's IPI while waiting.
 */
int cpu_call(unsigned int id, cpu_call_fn fn, void *arg);

/* Wait for interrupts and take them, forever: a CPU with nothing else
 * to do (the core's idle loop). */
__noreturn void cpu_idle(void);

/*
 * The architecture's part (arch/<arch>/cpu.c).
 *
 * arch_cpu_set_this(): make c this_cpu() on the calling CPU.
 * arch_cpu_start(): start CPU c so that it enters hal_cpu_entry(c) on
 * c->stack_top, with the hypervisor's vectors and page tables
 * (paging_root()) loaded and this_cpu() == c. 0 once the firmware or
 * the CPU accepted the request; the HAL waits for c->online. Otherwise
 * -errno, and why it failed written to why (without the CPU's name:
 * the HAL reports CPUs that failed alike in one line); nothing printed.
 */
void arch_cpu_set_this(struct cpu *c);
int arch_cpu_start(struct cpu *c, char *why, size_t len);

/* Where a secondary CPU starts in C: it sets itself up, goes online
 * and enters the core (core_cpu_main(), vireo/core.h). */
__noreturn void hal_cpu_entry(struct cpu *c);

#endif
