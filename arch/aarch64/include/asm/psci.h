/* SPDX-License-Identifier: MIT */
/*
 * The one PSCI client (Arm DEN 0022): CPU_ON to start secondaries,
 * SYSTEM_OFF to power off. The conduit follows one rule:
 *
 *   The device tree's /psci "method" names it ("smc" or "hvc"). From
 *   EL2 only "smc" reaches the firmware (an HVC traps to Vireo itself),
 *   so "hvc" there is refused. Without a usable answer - no validated
 *   tree yet, no /psci node, no or a refused method - CPU_ON fails with
 *   that cause (reported once for all CPUs by the HAL) and SYSTEM_OFF,
 *   which must still be tried, uses the conduit the exception level
 *   implies: SMC at EL2, HVC at EL1 (firmware behind a hypervisor).
 *
 * Function ids are PSCI 0.2's (SMC64 CPU_ON, SMC32 SYSTEM_OFF); a PSCI
 * 0.1 node ("arm,psci" alone) gives CPU_ON's id in its "cpu_on".
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <stddef.h>
#include <stdint.h>

#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u

enum psci_conduit { PSCI_SMC, PSCI_HVC };

struct cpu;

/*
 * Start CPU c at entry (physical) with context (x0): 0, or -errno with
 * the cause written to why (the HAL reports CPUs that failed alike in
 * one line).
 */
int psci_cpu_on(const struct cpu *c, uintptr_t entry, uintptr_t context,
		char *why, size_t len);

/* Ask the firmware to power off; returns only if it did not. */
void psci_system_off(void);

/* SMC Calling Convention: function id and arguments in x0-x3, result
 * in w0. Host unit tests provide the firmware. */
#ifdef VIREO_FAKE_IO
int32_t psci_fw_call(enum psci_conduit conduit, uint32_t fn, uint64_t a1,
		     uint64_t a2, uint64_t a3);
#else
#define SMCCC_CALL(insn, x0, x1, x2, x3)                                    \
	__asm__ volatile(insn " #0"                                         \
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)           \
			 :                                                  \
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",\
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory")

static inline int32_t psci_fw_call(enum psci_conduit conduit, uint32_t fn,
				   uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (conduit == PSCI_HVC)
		SMCCC_CALL("hvc", x0, x1, x2, x3);
	else
		SMCCC_CALL("smc", x0, x1, x2, x3);
	return (int32_t)x0;
}
#endif

#endif
