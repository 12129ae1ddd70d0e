// SPDX-License-Identifier: MIT
/* The receive FIFO and the line of the virtual UARTs (vdev_uart.h). */
#include <hal/vcpu.h>
#include "vdev_uart.h"

static void fifo_push(struct vuart_rx *q, char c)
{
	q->fifo[(q->head + q->count++) % VUART_FIFO_MAX] = (uint8_t)c;
}

enum vuart_put vuart_rx_put(struct vuart_rx *q, unsigned int depth, char c)
{
	if (q->count < depth && !q->bl_count) {
		fifo_push(q, c);
		return VUART_IN_FIFO;
	}
	if (q->bl_count == VUART_BACKLOG)
		return VUART_OVERRUN;
	q->backlog[(q->bl_head + q->bl_count++) % VUART_BACKLOG] = c;
	return VUART_IN_BACKLOG;
}

uint16_t vuart_rx_take(struct vuart_rx *q)
{
	uint16_t v = q->fifo[q->head];

	q->head = (q->head + 1) % VUART_FIFO_MAX;
	q->count--;
	return v;
}

void vuart_rx_refill(struct vuart_rx *q, unsigned int depth)
{
	while (q->bl_count && q->count < depth) {
		fifo_push(q, q->backlog[q->bl_head]);
		q->bl_head = (q->bl_head + 1) % VUART_BACKLOG;
		q->bl_count--;
	}
}

int vuart_drive_line(struct vcpu *vcpu, unsigned int virq, bool *level,
		     bool want)
{
	int err;

	if (!virq || want == *level)
		return 0;
	err = (want ? vcpu_pend_irq : vcpu_clear_irq)(vcpu, virq);
	if (!err)
		*level = want;
	return err;
}
