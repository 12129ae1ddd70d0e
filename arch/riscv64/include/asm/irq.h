/* SPDX-License-Identifier: MIT */
/*
 * Interrupt numbers on riscv64 (the "irq" of hal/irq.h), as the PLIC
 * driver (drivers/irqchip/plic.c) hands them out:
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

#define RISCV_IRQ_SOFT		IRQ_S_SOFT	/* IPIs (SBI send_ipi) */
#define RISCV_IRQ_TIMER		IRQ_S_TIMER	/* this hart's timer */
#define RISCV_IRQ_LOCAL_NR	16		/* local numbers 0..15 */
#define RISCV_IRQ_PLIC(src)	(RISCV_IRQ_LOCAL_NR + (src))

#endif
