// SPDX-License-Identifier: MIT
/* The active console, character output, and input by interrupt. */
#include <hal/console.h>
#include <hal/irq.h>
#include <vireo/dt.h>
#include <vireo/errno.h>

#define RX_SIZE 256	/* a power of two: indexes wrap by masking */

static struct console *active;

/* Input taken by the receive interrupt, read by console_getc(). */
static struct {
	char buf[RX_SIZE];
	unsigned int head, tail;	/* written by the handler, by readers */
	bool irq;			/* input comes by interrupt */
	unsigned long dropped;
	console_input_hook hook;	/* who sees the input first */
} rx;


void console_set(struct console *con)
{
	active = con;
}

static bool mid_line;		/* the last character out was not \n */

bool console_mid_line(void)
{
	return mid_line;
}

void console_putc(char c)
{
	if (!active)
		return;
	mid_line = c != '\n';
	if (c == '\n')
		active->putc(active, '\r');
	active->putc(active, c);
}

void console_flush(void)
{
	if (active && active->flush)
		active->flush(active);
}

int console_getc(void)
{
	unsigned int tail;
	int c;

	if (!rx.irq)
		return active && active->getc ? active->getc(active) : -1;
	tail = rx.tail;
	if (tail == __atomic_load_n(&rx.head, __ATOMIC_ACQUIRE))
		return -1;
	c = (unsigned char)rx.buf[tail & (RX_SIZE - 1)];
	__atomic_store_n(&rx.tail, tail + 1, __ATOMIC_RELEASE);
	return c;
}

const char *console_name(void)
{
	return active ? active->name : "none";
}

/* Into the buffer console_getc() reads; what does not fit is dropped. */
void console_input_keep(char c)
{
	unsigned int head = rx.head;

	if (head - __atomic_load_n(&rx.tail, __ATOMIC_ACQUIRE) == RX_SIZE) {
		rx.dropped++;
		return;
	}
	rx.buf[head & (RX_SIZE - 1)] = c;
	__atomic_store_n(&rx.head, head + 1, __ATOMIC_RELEASE);
}

void console_set_input_hook(console_input_hook hook)
{
	__atomic_store_n(&rx.hook, hook, __ATOMIC_RELEASE);
}

/* Drain the device, through the hook if there is one. */
static void rx_interrupt(unsigned int irq, void *arg)
{
	console_input_hook hook = __atomic_load_n(&rx.hook, __ATOMIC_ACQUIRE);
	int c;

	while ((c = active->getc(active)) >= 0) {
		if (hook)
			hook(c);
		else
			console_input_keep((char)c);
	}
	if (hook)
		hook(CONSOLE_INPUT_IDLE);
}

bool console_input_by_irq(void)
{
	return rx.irq;
}

int console_rx_irq_init(const void *fdt)
{
	int node = dt_stdout_node(fdt), err;
	unsigned int irq;

	if (!active || !active->rx_irq_enable || !active->getc || node < 0)
		return -ENODEV;
	err = irq_of_node(fdt, node, 0, &irq);
	if (!err)
		err = irq_register(irq, rx_interrupt, NULL);
	if (err)
		return err;
	rx.irq = true;
	active->rx_irq_enable(active);
	return irq_enable(irq);
}
