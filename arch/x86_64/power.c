// SPDX-License-Identifier: MIT
/*
 * x86_64 power off. The isa-debug-exit driver, which carries the status,
 * has run before this. Without ACPI tables parsed, the fallback is the
 * PM1a control register where QEMU's SeaBIOS puts it (PM base 0x600, on
 * q35 and on the i440fx "pc" machine): SLP_EN with SLP_TYP 0 is QEMU's
 * soft power off, which exits with status 0.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <hal/power.h>

#define QEMU_PM1A_CNT 0x604
#define PM1_SLP_EN 0x2000
/* QEMU acts on the request a little later; don't report failure before. */
#define POWER_OFF_WAIT_TSC (1ull << 26)

void arch_power_off(int status)
{
	uint64_t start;

	if (!IS_ENABLED(CONFIG_X86_EMU_POWEROFF))
		return;
	outw(PM1_SLP_EN, QEMU_PM1A_CNT);
	start = rdtsc();
	while (rdtsc() - start < POWER_OFF_WAIT_TSC)
		cpu_relax();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
