// SPDX-License-Identifier: MIT
/*
 * x86_64 power off. The isa-debug-exit driver, which carries the status,
 * has run before this. Without ACPI tables parsed, the fallback is the
 * PM1a control register where the emulators' firmware puts it: writing
 * SLP_EN with SLP_TYP 0 is QEMU's soft power off (exit status 0).
 */
#include <asm/io.h>
#include <hal/power.h>

#define PM1_SLP_EN 0x2000
#define Q35_PM1A_CNT 0x604	/* ICH9 PMBASE 0x600, set by SeaBIOS */
#define PIIX4_PM1A_CNT 0xb004	/* PIIX4 PMBASE 0xb000 (QEMU -M pc) */

void arch_power_off(int status)
{
	if (IS_ENABLED(CONFIG_X86_EMU_POWEROFF)) {
		outw(PM1_SLP_EN, Q35_PM1A_CNT);
		outw(PM1_SLP_EN, PIIX4_PM1A_CNT);
	}
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
