// SPDX-License-Identifier: MIT
/*
 * riscv64 interrupt mask (hal/irq.h) and the interrupt half of the trap
 * entry: sstatus.SIE masks every interrupt taken in HS mode; the
 * individual causes are enabled in sie by hart_irq.c.
 */
#include <asm/csr.h>
#include <asm/irq.h>
#include <asm/trap.h>
#include <hal/irq.h>
#include <vireo/log.h>

void irq_local_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

void irq_local_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

unsigned long irq_local_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

void irq_local_restore(unsigned long flags)
{
	if (flags & SSTATUS_SIE)
		csr_set(sstatus, SSTATUS_SIE);
}

/*
 * wfi wakes on any interrupt pending in sie, even with SIE clear; the
 * caller takes it when it unmasks (hal/irq.h).
 */
void cpu_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

void riscv_interrupt(unsigned long scause)
{
	switch (scause & ~SCAUSE_INTERRUPT) {
	case IRQ_S_EXT:
		irq_dispatch();
		break;
	case IRQ_S_SOFT:
		/*
		 * Cleared before the handler, not at its end: an IPI sent
		 * while the handler runs (the next cpu_call) must stay
		 * pending rather than be wiped out with this one.
		 */
		csr_clear(sip, SIP_SSIP);
		irq_handle(RISCV_IRQ_SOFT);
		break;
	case IRQ_S_TIMER:
		irq_handle(RISCV_IRQ_TIMER);
		break;
	default:
		panic("unexpected interrupt: scause %#lx", scause);
	}
}
