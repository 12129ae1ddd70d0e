// SPDX-License-Identifier: MIT
/*
 * Soft power off through the ACPI PM1a control register at the I/O port
 * the firmware programmed (DT "vireo,acpi-pm1-control"; SeaBIOS on QEMU
 * q35/pc puts it at 0x604). SLP_EN with SLP_TYP 0 is QEMU's S5. The status
 * is lost (QEMU exits 0), so device trees list it after a device that
 * carries the status.
 */
#include <asm/processor.h>
#include <hal/driver.h>
#include <hal/power.h>
#include <vireo/errno.h>
#include <vireo/io.h>

#define PM1_SLP_EN 0x2000
/* QEMU acts on the request a little later; don't report failure before. */
#define POWER_OFF_WAIT_TSC (1ull << 26)

static void acpi_pm1_power_off(struct poweroff *p, int status)
{
	uint64_t start;

	outw(PM1_SLP_EN, (uint16_t)p->base);
	start = rdtsc();
	while (rdtsc() - start < POWER_OFF_WAIT_TSC)
		cpu_relax();
}

static struct poweroff acpi_pm1 = {
	.name = "acpi-pm1",
	.power_off = acpi_pm1_power_off,
};

static int acpi_pm1_probe(const struct device *dev)
{
	if (dev->space != DEVICE_IOPORT)
		return -EINVAL;	/* it is an I/O port */
	acpi_pm1.base = dev->base;
	poweroff_register(&acpi_pm1);
	return 0;
}

static const char *const acpi_pm1_compatible[] = {
	"vireo,acpi-pm1-control", NULL
};

DRIVER(acpi_pm1, .name = "acpi-pm1", .kind = DRIVER_POWEROFF,
       .compatible = acpi_pm1_compatible, .probe = acpi_pm1_probe);
