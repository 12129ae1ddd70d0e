/* SPDX-License-Identifier: MIT */
/*
 * A virtual 16550A UART (National Semiconductor PC16550D data sheet) for
 * a VM, architecture-neutral: eight byte registers, spaced 1 << reg_shift
 * apart in MMIO (riscv's "ns16550a" node) or at eight I/O ports (x86's
 * COM1 at 0x3f8, VM_EXIT_PIO), as struct vdev_ops. Its interrupt is a
 * level line of the VM's interrupt controller (raised while IIR says one
 * is pending, optional), its transmitter the VM's console line ("[vm]
 * text"), its receiver fed from the host console (core/vm_console.c).
 * The transmitter drains at once: THRE and TEMT stay set and each write
 * to THR raises the THR-empty interrupt again. What a full receive FIFO
 * cannot take waits in a backlog, as if the line had flow control; past
 * it, overrun.
 */
#ifndef CORE_VDEV_NS16550_H
#define CORE_VDEV_NS16550_H

#include <vireo/types.h>
#include "vdev_uart.h"

#define VNS16550_REGS 8
#define VNS16550_FIFO 16	/* 16550A: 16 bytes each way */

struct vm;
struct vcpu;

struct vdev_ns16550 {
	struct vm *vm;			/* whose console line it writes */
	struct vcpu *vcpu;		/* whose interrupt line it drives */
	unsigned int virq;		/* the line; 0: none (polled) */
	unsigned int reg_shift;		/* MMIO: register n at n << shift */
	bool level;			/* the line as last driven */
	uint8_t ier, lcr, mcr, lsr, scr, fcr, dll, dlm;
	bool thr_empty_irq;		/* THRE interrupt pending */
	bool timeout_irq;		/* character timeout pending */
	struct vuart_rx rx;
};

extern const struct vdev_ops vdev_ns16550_ops;

/* Reset state (data sheet table III: "Master Reset") for vm, its line
 * virq of vcpu (0: none), registers 1 << reg_shift bytes apart. */
void vns16550_init(struct vdev_ns16550 *u, struct vm *vm, struct vcpu *vcpu,
		   unsigned int virq, unsigned int reg_shift);

/*
 * VM lock: vns16550_receive() and vns16550_rx_idle() run in the host
 * console's receive interrupt (core/vm_console.c), the register accesses
 * on the exit path of the VM's vCPUs, as for the PL011 (vdev_pl011.h).
 */

/* A character from the host for the guest: into the receive FIFO, or the
 * backlog when it is full; false if both are (overrun: dropped). */
bool vns16550_receive(struct vdev_ns16550 *u, char c);

/* The host has no more input for now: in FIFO mode, characters below
 * the trigger level raise the character timeout interrupt. */
void vns16550_rx_idle(struct vdev_ns16550 *u);

#define VNS16550_IER_RDI 0x01	/* received data available */

/* Does the guest take input by interrupt? A vCPU waiting in WFI/HLT may
 * then be woken by the host's input. */
static inline bool vns16550_rx_irq_enabled(const struct vdev_ns16550 *u)
{
	return u->virq && (u->ier & VNS16550_IER_RDI);
}

#endif
