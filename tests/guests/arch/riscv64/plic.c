// SPDX-License-Identifier: MIT
/*
 * The test guests' PLIC driver, as an OS's is: where its device tree's
 * interrupt-controller node says, context n for hart n (the guest's
 * interrupts-extended: each hart's S-mode external interrupt). Offsets
 * from the RISC-V PLIC specification v1.0.0; interrupt causes from the
 * privileged spec (scause: 1 software, 5 timer, 9 external).
 */
#include "guest.h"

#define PRIORITY(src) (4 * (uint64_t)(src))
#define ENABLE(ctx) (0x2000 + 0x80 * (uint64_t)(ctx))
#define THRESHOLD(ctx) (0x200000 + 0x1000 * (uint64_t)(ctx))
#define CLAIM(ctx) (THRESHOLD(ctx) + 4)
#define SIE_SSIE (1UL << 1)
#define SIE_SEIE (1UL << 9)

static uint64_t plic;

void arch_guest_init(const struct guest_fdt *dt)
{
	plic = dt->intc[0];
}

uint64_t counter_frequency(void)
{
	return guest_dt.timebase_hz;
}

void plic_set_priority(unsigned int src, unsigned int prio)
{
	mmio_write32(plic + PRIORITY(src), prio);
}

void plic_set_threshold(unsigned int prio)
{
	mmio_write32(plic + THRESHOLD(this_hart()), prio);
}

/* Source virq for this hart at priority 1, its external interrupt on. */
void virq_enable(unsigned int virq)
{
	uint64_t en = plic + ENABLE(this_hart());

	plic_set_priority(virq, 1);
	plic_set_threshold(0);
	mmio_write32(en, (uint32_t)mmio_read32(en) | 1u << virq);
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SEIE) : "memory");
}

void virq_disable(unsigned int virq)
{
	uint64_t en = plic + ENABLE(this_hart());

	mmio_write32(en, (uint32_t)mmio_read32(en) & ~(1u << virq));
}

unsigned int plic_claim(void)
{
	return (unsigned int)mmio_read32(plic + CLAIM(this_hart()));
}

void plic_complete(unsigned int src)
{
	mmio_write32(plic + CLAIM(this_hart()), src);
}

/* Software and timer interrupts are the arch's (tests.c); each external
 * one claimed, handled, completed. */
void arch_irq(uint64_t scause)
{
	unsigned int code = (unsigned int)(scause & 0xff), src;

	if (code != 9) {
		arch_guest_irq(code == 1 ? ARCH_IRQ_SOFT : ARCH_IRQ_TIMER, 0,
			       this_hart());
		return;
	}
	while ((src = plic_claim())) {
		guest_irq(src, 0, this_hart());
		plic_complete(src);
	}
}
