/* SPDX-License-Identifier: MIT */
/*
 * Interrupt numbers on riscv64 (the "irq" of hal/irq.h), as the root
 * controller's driver (the PLIC, drivers/irqchip/plic.c) hands them out:
 *
 *   0 .. 15        the hart-local interrupts, numbered as their scause
 *                  code: 1 supervisor software (IPIs), 5 supervisor timer.
 *                  Per CPU: enabling one sets its sie bit on the calling
 *                  CPU only.
 *   16 + s         PLIC source s (1 .. riscv,ndev); the DT's
 *                  interrupts = <10> is number 26.
 *
 * Local numbers first, because they are fixed while the PLIC's size comes
 * from the DT: the trap entry and the timer driver use these constants
 * without asking the controller, and the PLIC's range is simply offset.
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <asm/csr.h>
#include <vireo/types.h>

#define RISCV_IRQ_SOFT		IRQ_S_SOFT	/* IPIs (SBI send_ipi) */
#define RISCV_IRQ_TIMER		IRQ_S_TIMER	/* this hart's timer */
#define RISCV_IRQ_LOCAL_NR	16		/* local numbers 0..15 */
#define RISCV_IRQ_PLIC(src)	(RISCV_IRQ_LOCAL_NR + (src))

/*
 * The hart-local interrupts (arch/riscv64/hart_irq.c), which no
 * controller sees. The root controller's driver forwards the local
 * numbers here and uses hart_send_ipi as its IPI; the H extension's
 * virtual interrupts (hvip) belong beside them, not in a driver.
 */
/* On this hart: IPIs on, and the external line if external (the
 * controller has a context for the hart). */
void hart_irq_cpu_init(bool external);
/* A local number (RISCV_IRQ_SOFT, RISCV_IRQ_TIMER) on or off on this
 * hart only; any other number is reported and changes nothing. */
void hart_irq_enable(unsigned int irq);
void hart_irq_disable(unsigned int irq);
/* An IPI (RISCV_IRQ_SOFT) to logical CPU cpu through the SBI; a
 * failure is reported, an unknown CPU ignored. */
void hart_send_ipi(unsigned int cpu);

#endif
