// SPDX-License-Identifier: MIT
/*
 * The test guests' 16550A, driven as Linux's 8250 driver drives one,
 * through the arch's accessors of its eight registers (arch_guest.h:
 * uart_read8(reg), uart_write8(reg, value); MMIO or I/O ports), its
 * interrupt UART_VIRQ (none where the arch defines GUEST_UART_POLLED).
 * Register map, bits and reset values from the PC16550D data sheet, not
 * from Vireo's model. Tests: the reset values, the divisor latch, output
 * through THR, the THR-empty interrupt, and reception by loopback (MCR
 * bit 4): the character timeout for a few bytes, the received-data
 * interrupt at the FIFO's trigger level. Mode 8 echoes what the host
 * console types at it.
 */
#include "guest.h"

#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define SCR 7
#define IER_RDI 0x01
#define IER_THRI 0x02
#define IIR_NONE 0x01
#define IIR_ID 0x0f
#define IIR_RDA 0x04
#define IIR_TIMEOUT 0x0c
#define IIR_THRE 0x02
#define FCR_FIFO_TRIGGER4 0x41	/* FIFOs on, receive trigger 4 bytes */
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define MCR_OUT2 0x08		/* PC convention: interrupts out */
#define MCR_LOOP 0x10
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

static volatile unsigned int uart_irqs, thre_irqs, last_iir;

void uart_putc(char c)
{
	while (!(uart_read8(LSR) & LSR_THRE))
		;
	uart_write8(THR, (uint8_t)c);
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

/* What came in, read while LSR says DR (polled: with interrupts masked). */
static void drain_rx(void)
{
	while (uart_read8(LSR) & LSR_DR)
		rx_keep((char)uart_read8(RBR));
}

/* As the 8250 driver: IIR names the cause, then the data is read. */
void uart_irq(void)
{
	unsigned int iir = uart_read8(IIR);

	uart_irqs++;
	last_iir = iir & IIR_ID;
	if (last_iir == IIR_THRE)
		thre_irqs++;
	drain_rx();
}

static void uart_setup(unsigned int mcr, unsigned int ier)
{
	uart_write8(IER, 0);
	uart_write8(LCR, LCR_8N1);
	uart_write8(FCR, FCR_FIFO_TRIGGER4 | 0x06);	/* both cleared */
	uart_write8(MCR, mcr);
	rx_len = uart_irqs = thre_irqs = last_iir = 0;
	uart_write8(IER, ier);
}

static void test_ns16550_output(void)
{
	uart_write8(IER, 0);
	expect_eq("LSR idle (THRE, TEMT)", uart_read8(LSR) & 0x61,
		  LSR_THRE | LSR_TEMT);
	uart_write8(SCR, 0xa5);
	expect_eq("SCR holds what was written", uart_read8(SCR), 0xa5);
	/* 115200 baud from 1.8432 MHz: divisor 1 */
	uart_write8(LCR, LCR_DLAB | LCR_8N1);
	uart_write8(DLL, 1);
	uart_write8(DLM, 0);
	expect_eq("DLL", uart_read8(DLL), 1);
	expect_eq("DLM", uart_read8(DLM), 0);
	uart_write8(LCR, LCR_8N1);
	expect_eq("IER again once DLAB is clear", uart_read8(IER), 0);
	uart_setup(MCR_OUT2, 0);
	expect_eq("IIR with FIFOs on, nothing pending", uart_read8(IIR),
		  0xc0 | IIR_NONE);
	uart_puts("hello through the 16550\n");
	expect_eq("LSR after output", uart_read8(LSR) & 0x61,
		  LSR_THRE | LSR_TEMT);
}

#ifndef GUEST_UART_POLLED
/* Unmask, let what is pending in, mask again. */
static void take_interrupts(void)
{
	irq_unmask();
	irq_mask();
}

static void test_ns16550_interrupts(void)
{
	virq_enable(UART_VIRQ);
	/* THRE: enabling it with THR empty fires once */
	uart_setup(MCR_OUT2, IER_THRI);
	take_interrupts();
	expect_eq("THRE interrupts", thre_irqs, 1);
	take_interrupts();
	expect_eq("THRE once IIR was read", thre_irqs, 1);
	/* looped back, below the trigger: the character timeout */
	uart_setup(MCR_OUT2 | MCR_LOOP, IER_RDI);
	uart_puts("abc");
	expect_eq("interrupts while masked", uart_irqs, 0);
	take_interrupts();
	expect_eq("interrupts taken for 3", uart_irqs, 1);
	expect_eq("their cause (IIR)", last_iir, IIR_TIMEOUT);
	expect_eq("characters read", rx_len, 3);
	expect_eq("first", rx_buf[0], 'a');
	expect_eq("last", rx_buf[2], 'c');
	take_interrupts();
	expect_eq("interrupts after it was read", uart_irqs, 1);
	/* at the trigger level: received data available */
	uart_write8(IER, 0);
	uart_puts("WXYZ");
	expect_eq("IIR at the level", uart_read8(IIR) & IIR_ID, IIR_NONE);
	uart_write8(IER, IER_RDI);
	take_interrupts();
	expect_eq("interrupts taken for 4", uart_irqs, 2);
	expect_eq("their cause", last_iir, IIR_RDA);
	expect_eq("characters read in all", rx_len, 7);
	expect_eq("the 4th", rx_buf[6], 'Z');
	uart_setup(MCR_OUT2, 0);
	virq_disable(UART_VIRQ);
}
#endif

const struct guest_test uart_tests[] = {
	{ "ns16550_output", test_ns16550_output },
#ifndef GUEST_UART_POLLED
	{ "ns16550_interrupts", test_ns16550_interrupts },
#endif
	{ NULL, NULL },
};


/* Mode 8: what the host console types, line by line, by the received
 * data and timeout interrupts in WFI (or polled). */
int console_main(void)
{
#ifdef GUEST_UART_POLLED
	uart_setup(MCR_OUT2, 0);
	return echo_lines(drain_rx);
#else
	virq_enable(UART_VIRQ);
	uart_setup(MCR_OUT2, IER_RDI);
	return echo_lines(wfi);
#endif
}
