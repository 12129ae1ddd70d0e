// SPDX-License-Identifier: MIT
/*
 * aarch64 power off. PSCI SYSTEM_OFF carries no status, so a failure
 * status goes through semihosting SYS_EXIT when enabled; the PSCI
 * conduit is asm/psci.h's rule.
 */
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <hal/power.h>

#define SEMIHOST_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static void semihosting_exit(int status)
{
	static uint64_t block[2];
	register uint64_t x0 __asm__("x0") = SEMIHOST_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uint64_t)block;

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uint64_t)status;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

void arch_power_off(int status)
{
	static bool tried_semihosting;

	if (IS_ENABLED(CONFIG_ARM_SEMIHOSTING_EXIT) && !tried_semihosting) {
		tried_semihosting = true;
		semihosting_exit(status);
	}
	psci_system_off();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}
