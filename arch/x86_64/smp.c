// SPDX-License-Identifier: MIT
/*
 * Starting an x86 CPU: INIT, then two start-up IPIs carrying the page it
 * starts from in real mode, with the waits of Intel's MultiProcessor
 * Specification (B.4): 10 ms after INIT, 200 us after each start-up IPI.
 * The local APIC driver sends them (lapic_send_icr()).
 */
#include <asm/apic.h>
#include <asm/smp.h>
#include <hal/time.h>
#include <vireo/errno.h>

#define START_INIT_DELAY_NS (10 * NSEC_PER_MSEC)
#define START_SIPI_DELAY_NS 200000
#define REAL_MODE_PAGES 0x100	/* the start-up vector: a page below 1 MiB */

int x86_start_cpu(unsigned long apic_id, paddr_t entry_page)
{
	uint32_t vector = (uint32_t)(entry_page >> 12);
	uint32_t startup = APIC_ICR_STARTUP | APIC_ICR_ASSERT | vector;
	int err;

	if (entry_page & 0xfff || vector >= REAL_MODE_PAGES)
		return -EINVAL;
	if (!IS_ENABLED(CONFIG_X2APIC) || !lapic_ready())
		return -ENODEV;
	err = lapic_send_icr(apic_id, APIC_ICR_INIT | APIC_ICR_ASSERT);
	if (err)
		return err;
	time_delay_ns(START_INIT_DELAY_NS);
	for (int i = 0; i < 2 && !err; i++) {
		err = lapic_send_icr(apic_id, startup);
		time_delay_ns(START_SIPI_DELAY_NS);
	}
	return err;
}
