/* SPDX-License-Identifier: MIT */
/*
 * A virtual ARM PrimeCell PL011 UART (ARM DDI 0183, r1p5) for a VM,
 * architecture-neutral: its registers are emulated MMIO (struct vdev_ops),
 * its interrupt a level line of the VM's interrupt controller (raised
 * while UARTRIS & UARTIMSC is non-zero), its transmitter the VM's
 * console line ("[vm] text" on the host console), its receiver fed from
 * the host console (core/console.c). The transmit FIFO drains at once:
 * TXFE stays set, TXFF and BUSY clear, and each character written makes
 * the TX interrupt assert (the FIFO passes through its trigger level,
 * DDI 0183 2.8.1). What a full receive FIFO cannot take waits in a
 * backlog, as if the line had flow control; past it, overrun.
 */
#ifndef CORE_VDEV_PL011_H
#define CORE_VDEV_PL011_H

#include <vireo/types.h>
#include "vdev_uart.h"

#define VPL011_SIZE 0x1000
#define VPL011_FIFO 32		/* r1p5: 32 entries each way */

struct vm;
struct vcpu;

struct vdev_pl011 {
	struct vm *vm;			/* whose console line it writes */
	struct vcpu *vcpu;		/* whose interrupt line it drives */
	unsigned int virq;		/* the line; 0: none (polled) */
	bool level;			/* the line as last driven */
	uint16_t cr, lcr_h, ifls, imsc, ris, ibrd, fbrd, dmacr, ilpr, rsr;
	struct vuart_rx rx;		/* data | error bits, as UARTDR */
};

extern const struct vdev_ops vdev_pl011_ops;

/* Reset state (DDI 0183 3.2) for vm, its line virq of vcpu (0: none). */
void vpl011_init(struct vdev_pl011 *u, struct vm *vm, struct vcpu *vcpu,
		 unsigned int virq);

/*
 * VM lock: vpl011_receive() and vpl011_rx_idle() run in the host
 * console's receive interrupt (core/vm_console.c), the register accesses
 * on the exit path of the VM's vCPUs: both change the same state and
 * may raise the line (vcpu_pend_irq(), then the vCPU needs a kick when
 * it runs or waits on another CPU).
 */

/* A character from the host for the guest: into the receive FIFO, or the
 * backlog when the FIFO is full; false if both are (overrun: dropped). */
bool vpl011_receive(struct vdev_pl011 *u, char c);

/* The host has no more input for now: the receive line is idle, so the
 * receive timeout (RTRIS) asserts if the FIFO holds characters. */
void vpl011_rx_idle(struct vdev_pl011 *u);

#define VPL011_INT_RX (1U << 4)	/* UARTRIS/IMSC RX, RT bits */
#define VPL011_INT_RT (1U << 6)

/* Does the guest take input by interrupt (RXIM or RTIM set)? A vCPU
 * waiting in WFI may then be woken by the host's input. */
static inline bool vpl011_rx_irq_enabled(const struct vdev_pl011 *u)
{
	return u->virq && (u->imsc & (VPL011_INT_RX | VPL011_INT_RT));
}

#endif
