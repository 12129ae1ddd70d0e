// SPDX-License-Identifier: MIT
/*
 * The test guests' PL011, driven as a guest for QEMU's virt machine
 * drives its UART (GUEST_UART_BASE, interrupt UART_VIRQ: arch_guest.h).
 * Offsets, bits and ID values from the PL011 TRM (ARM DDI 0183, r1p5),
 * not from Vireo's model. Tests: output through UARTDR, and interrupts
 * by loopback (UARTCR.LBE): RT for a few characters, RX at the FIFO's
 * trigger level, taken through the VM's interrupt controller. Mode 8
 * echoes what the host console types at it.
 */
#include "guest.h"

#define UART(off) (GUEST_UART_BASE + (off))
#define DR UART(0x000)
#define FR UART(0x018)
#define LCR_H UART(0x02c)
#define CR UART(0x030)
#define IFLS UART(0x034)
#define IMSC UART(0x038)
#define RIS UART(0x03c)
#define MIS UART(0x040)
#define ICR UART(0x044)
#define PERIPHID(n) UART(0xfe0 + 4 * (n))
#define PCELLID(n) UART(0xff0 + 4 * (n))
#define FR_BUSY 0x08
#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define FR_TXFE 0x80
#define LCRH_FEN_8N1 0x70	/* FEN, WLEN 8 bits */
#define CR_ON 0x301		/* UARTEN, TXE, RXE */
#define CR_LBE 0x80
#define IFLS_RX_HALF (2 << 3)	/* 16 of 32 */
#define INT_RX 0x10
#define INT_TX 0x20
#define INT_RT 0x40

/* What the interrupt handler read, and how often it ran. */
static volatile unsigned int uart_irqs, rx_status;

void uart_putc(char c)
{
	while (mmio_read32(FR) & FR_TXFF)
		;
	mmio_write32(DR, (unsigned char)c);
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

/* Read until RXFE, as Linux's driver does: RX and RT end by reading. */
void uart_irq(void)
{
	uart_irqs++;
	rx_status = (unsigned int)mmio_read32(MIS);
	while (!(mmio_read32(FR) & FR_RXFE)) {
		rx_keep((char)mmio_read32(DR));
	}
}

static void uart_setup(unsigned int cr, unsigned int imsc)
{
	mmio_write32(CR, 0);
	mmio_write32(LCR_H, LCRH_FEN_8N1);
	mmio_write32(IFLS, IFLS_RX_HALF);
	mmio_write32(IMSC, imsc);
	mmio_write32(CR, cr);
	rx_len = uart_irqs = rx_status = 0;
}

static void test_pl011_output(void)
{
	static const uint8_t ids[8] = { 0x11, 0x10, 0x34, 0x00,
					0x0d, 0xf0, 0x05, 0xb1 };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		expect_eq("UARTPeriphID", mmio_read32(PERIPHID(i)), ids[i]);
		expect_eq("UARTPCellID", mmio_read32(PCELLID(i)), ids[4 + i]);
	}
	uart_setup(CR_ON, 0);
	uart_puts("hello through the PL011\n");
	expect_eq("FR after output (TXFE, not BUSY)",
		  mmio_read32(FR) & (FR_TXFE | FR_BUSY | FR_TXFF), FR_TXFE);
	expect_eq("FR RXFE with nothing received", mmio_read32(FR) & FR_RXFE,
		  FR_RXFE);
	/* 16-bit accesses, as Linux's amba-pl011 makes them */
	expect_eq("CR by a 16-bit read", mmio_read16(CR), CR_ON);
	mmio_write32(CR, 0);
}

/* Unmask, let what is pending in, mask again. */
static void take_interrupts(void)
{
	irq_unmask();
	irq_mask();
}

static void test_pl011_rx_interrupt(void)
{
	unsigned int i;

	virq_enable(UART_VIRQ);
	uart_setup(CR_ON | CR_LBE, INT_RX | INT_RT);
	uart_puts("abc");		/* looped back: below the level */
	expect_eq("RIS after 3 (RT)", mmio_read32(RIS) & (INT_RX | INT_RT),
		  INT_RT);
	expect_eq("interrupts while masked", uart_irqs, 0);
	take_interrupts();
	expect_eq("interrupts taken for 3", uart_irqs, 1);
	expect_eq("their cause (MIS)", rx_status, INT_RT);
	expect_eq("characters read", rx_len, 3);
	expect_eq("first", rx_buf[0], 'a');
	expect_eq("last", rx_buf[2], 'c');
	expect_eq("MIS once read", mmio_read32(MIS), 0);
	take_interrupts();
	expect_eq("interrupts after it was read", uart_irqs, 1);
	/* 16: the trigger level, RX (and RT) */
	for (i = 0; i < 16; i++)
		uart_putc((char)('A' + i));
	expect_eq("RX at the level", mmio_read32(RIS) & INT_RX, INT_RX);
	take_interrupts();
	expect_eq("interrupts taken for 16", uart_irqs, 2);
	expect_eq("characters read in all", rx_len, 19);
	expect_eq("the 16th", rx_buf[18], 'P');
	/* masked in the UART: pending in RIS, no interrupt */
	mmio_write32(IMSC, 0);
	uart_putc('z');
	take_interrupts();
	expect_eq("interrupts with IMSC 0", uart_irqs, 2);
	expect_eq("polled", mmio_read32(DR) & 0xff, 'z');
	mmio_write32(ICR, 0x7ff);
	expect_eq("RIS after ICR", mmio_read32(RIS), 0);
	mmio_write32(CR, 0);
	virq_disable(UART_VIRQ);
}

const struct guest_test uart_tests[] = {
	{ "pl011_output", test_pl011_output },
	{ "pl011_rx_interrupt", test_pl011_rx_interrupt },
	{ NULL, NULL },
};

/*
 * Mode 8: what the host console types, line by line, by the UART's RX
 * and RT interrupts. It waits in WFI: only host input can end the wait.
 */
int console_main(void)
{
	virq_enable(UART_VIRQ);
	uart_setup(CR_ON, INT_RX | INT_RT);
	return echo_lines(wfi);
}
