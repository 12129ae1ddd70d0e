// SPDX-License-Identifier: MIT
/*
 * x86_64 power off. Without firmware tables parsed there is no generic
 * way: the power-off drivers (isa-debug-exit, ACPI PM1a) have run before
 * this, so all that is left is to halt.
 */
#include <asm/processor.h>
#include <hal/power.h>

void arch_power_off(int status)
{
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
