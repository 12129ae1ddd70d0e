// SPDX-License-Identifier: MIT
/*
 * The hart-local interrupts (asm/irq.h): the supervisor software
 * interrupt (IPIs, sent through the SBI), the timer, and the line from
 * the external controller, each a bit of this hart's sie. No interrupt
 * controller sees them; the root controller's driver forwards the local
 * numbers here.
 */
#include <asm/irq.h>
#include <asm/sbi.h>
#include <hal/cpu.h>
#include <vireo/log.h>

void hart_irq_cpu_init(bool external)
{
	csr_set(sie, SIE_SSIE | (external ? SIE_SEIE : 0));
}

/* The sie bit of a local number a driver may switch, or 0 (reported). */
static unsigned long local_bit(unsigned int irq)
{
	unsigned long bit = irq < RISCV_IRQ_LOCAL_NR ? BIT(irq) : 0;

	if (!(bit & (SIE_SSIE | SIE_STIE))) {
		pr_warn("irq: no hart-local interrupt %u (only %u and %u)\n", irq,
			RISCV_IRQ_SOFT, RISCV_IRQ_TIMER);
		return 0;
	}
	return bit;
}

void hart_irq_enable(unsigned int irq)
{
	csr_set(sie, local_bit(irq));
}

void hart_irq_disable(unsigned int irq)
{
	csr_clear(sie, local_bit(irq));
}

void hart_send_ipi(unsigned int cpu)
{
	struct cpu *c = cpu_get(cpu);
	long err;

	if (!c)
		return;
	err = sbi_send_ipi(1, c->hwid);
	if (err)
		pr_err("irq: IPI to cpu%u (hart %lu) failed: %s (%ld)\n", cpu,
		       c->hwid, sbi_strerror(err), err);
}
