// SPDX-License-Identifier: MIT
/* This CPU's interrupt mask (hal/irq.h): PSTATE.I, through DAIF. */
#include <asm/sysreg.h>
#include <hal/irq.h>

/*
 * The ISB makes a pending interrupt be taken here: unmasking by MSR is
 * only certain to take effect at the next context synchronization, and
 * callers may mask again at once (enable; disable to take what woke WFI).
 */
void irq_local_enable(void)
{
	__asm__ volatile("msr daifclr, #2; isb" : : : "memory");
}

void irq_local_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

unsigned long irq_local_save(void)
{
	unsigned long flags = read_sysreg(daif);

	irq_local_disable();
	return flags;
}

void irq_local_restore(unsigned long flags)
{
	if (flags & DAIF_I)
		irq_local_disable();
	else
		irq_local_enable();
}

void cpu_wait_for_interrupt(void)
{
	/* WFI wakes on a pending interrupt even while PSTATE.I masks it;
	 * the DSB lets earlier stores drain first, as the architecture
	 * recommends before WFI. */
	__asm__ volatile("dsb sy; wfi" : : : "memory");
}
