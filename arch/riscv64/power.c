// SPDX-License-Identifier: MIT
/*
 * riscv64 power off through SBI. SRST carries only "failure" or not, so
 * an exact status needs a power-off driver (sifive_test), which
 * hal_power_off() tries first. The legacy shutdown call covers firmware
 * older than SBI 0.3.
 */
#include <asm/csr.h>
#include <asm/sbi.h>
#include <hal/power.h>

void arch_power_off(int status)
{
	if (IS_ENABLED(CONFIG_RISCV_SBI_SRST))
		sbi_ecall(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_TYPE_SHUTDOWN,
			  status ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
	sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
}

void arch_halt(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		__asm__ volatile("wfi");
}
