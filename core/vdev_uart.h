/* SPDX-License-Identifier: MIT */
/*
 * What the virtual UARTs (vdev_pl011.h, vdev_ns16550.h) share: a receive
 * FIFO of the model's depth with a backlog behind it, as if the line had
 * flow control, and the level interrupt line they drive.
 */
#ifndef CORE_VDEV_UART_H
#define CORE_VDEV_UART_H

#include <vireo/types.h>

#define VUART_FIFO_MAX 32	/* the deepest model's (PL011 r1p5) */
#define VUART_BACKLOG 128	/* host input waiting for FIFO room */

struct vcpu;

struct vuart_rx {
	uint16_t fifo[VUART_FIFO_MAX];	/* a byte | the model's error bits */
	unsigned int head, count;
	char backlog[VUART_BACKLOG];
	unsigned int bl_head, bl_count;
};

enum vuart_put { VUART_IN_FIFO, VUART_IN_BACKLOG, VUART_OVERRUN };

/* c into the FIFO (depth places now) if it has room and nothing waits
 * before it, else into the backlog, else neither. */
enum vuart_put vuart_rx_put(struct vuart_rx *q, unsigned int depth, char c);

/* The oldest entry of a non-empty FIFO, taken out. */
uint16_t vuart_rx_take(struct vuart_rx *q);

/* The backlog into the FIFO while it has room (depth places). */
void vuart_rx_refill(struct vuart_rx *q, unsigned int depth);

/* Empty the FIFO (the backlog stays). */
static inline void vuart_rx_clear(struct vuart_rx *q)
{
	q->count = 0;
}

/* Drive line virq of vcpu to want if *level differs (0: no line):
 * vcpu_pend_irq() or vcpu_clear_irq()'s result, *level updated on 0. */
int vuart_drive_line(struct vcpu *vcpu, unsigned int virq, bool *level,
		     bool want);

#endif
