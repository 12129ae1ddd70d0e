// SPDX-License-Identifier: MIT
/*
 * Soft power off through the ACPI PM1a control register, at the I/O port
 * the board's firmware programmed (SeaBIOS on QEMU q35/pc: 0x604).
 * SLP_EN with SLP_TYP 0 is QEMU's S5; the status is lost (QEMU exits 0),
 * so boards list it after a driver that carries the status.
 */
#include <asm/processor.h>
#include <hal/power.h>
#include <vireo/io.h>

#define PM1_SLP_EN 0x2000
/* QEMU acts on the request a little later; don't report failure before. */
#define POWER_OFF_WAIT_TSC (1ull << 26)

static void acpi_pm1_power_off(int status)
{
	uint64_t start;

	outw(PM1_SLP_EN, CONFIG_ACPI_PM1A_CNT_PORT);
	start = rdtsc();
	while (rdtsc() - start < POWER_OFF_WAIT_TSC)
		cpu_relax();
}

POWEROFF_DRIVER(acpi_pm1, "acpi-pm1", acpi_pm1_power_off);
