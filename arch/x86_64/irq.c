// SPDX-License-Identifier: MIT
/*
 * This CPU's interrupt mask (hal/irq.h): RFLAGS.IF. The vectors arrive in
 * boot/exceptions.S, which calls irq_handle(vector): the local APIC has
 * already told the CPU which one it is.
 */
#include <asm/processor.h>
#include <hal/irq.h>

void irq_local_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

void irq_local_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

unsigned long irq_local_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

void irq_local_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		irq_local_enable();
	else
		irq_local_disable();
}

/*
 * hlt with interrupts masked would sleep for good (only NMI, INIT and
 * SMI wake it), so unmask for the wait itself. STI holds interrupts off
 * until the instruction after it has run: one that came after the
 * caller last looked for work is therefore not taken before the hlt
 * (which would then sleep with the work pending) but wakes it, and is
 * taken right there, between hlt and cli. The caller's mask comes back
 * as it was.
 */
void cpu_wait_for_interrupt(void)
{
	unsigned long flags = irq_local_save();

	__asm__ volatile("sti; hlt; cli" : : : "memory");
	irq_local_restore(flags);
}
