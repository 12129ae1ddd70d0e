// SPDX-License-Identifier: MIT
/*
 * ARM PrimeCell PL011 UART (ARM DDI 0183). The firmware or QEMU has
 * already set the baud rate, so only the FIFOs and enables are set.
 * Output is polled; input is polled or, once the HAL asks, by interrupt.
 */
#include <hal/console.h>
#include <hal/driver.h>
#include <vireo/errno.h>
#include <vireo/io.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIFLS 0x34
#define UARTIMSC 0x38

#define FR_TXFF BIT(5)	/* transmit FIFO full */
#define FR_BUSY BIT(3)	/* still transmitting */
#define FR_RXFE BIT(4)	/* receive FIFO empty */
#define LCRH_FEN BIT(4)
#define LCRH_WLEN8 (3 << 5)
#define CR_UARTEN BIT(0)
#define CR_TXE BIT(8)
#define CR_RXE BIT(9)
#define IFLS_RX_1_8 (0 << 3)	/* RX interrupt at 2 of 16 characters */
#define IFLS_TX_1_2 (2 << 0)	/* the reset value; TX interrupts stay off */
#define INT_RX BIT(4)		/* RXIM/RXIC: FIFO reached the level */
#define INT_RT BIT(6)		/* RTIM/RTIC: characters waited 32 bit times */

static void pl011_putc(struct console *con, char c)
{
	while (readl(con->base + UARTFR) & FR_TXFF)
		;
	writel((uint8_t)c, con->base + UARTDR);
}

static void pl011_flush(struct console *con)
{
	while (readl(con->base + UARTFR) & FR_BUSY)
		;
}

/*
 * Reading is also what ends the receive interrupts (DDI 0183): RX clears
 * once the FIFO is read below its level, RT once it is read empty. The
 * handler calls this until -1, so no UARTICR write is needed (one could
 * clear the interrupt of a character that arrived meanwhile).
 */
static int pl011_getc(struct console *con)
{
	if (readl(con->base + UARTFR) & FR_RXFE)
		return -1;
	return (int)(readl(con->base + UARTDR) & 0xff);
}

/*
 * RX at a low level for bursts, RT for the single typed character. No
 * UARTICR write first: RX is raised as the FIFO reaches its level, so
 * clearing it with characters already waiting would leave them unseen
 * until more come - never, once the FIFO is full (QEMU stops feeding).
 * An interrupt left over from before only makes the handler drain.
 */
static void pl011_rx_irq_enable(struct console *con)
{
	writel(IFLS_RX_1_8 | IFLS_TX_1_2, con->base + UARTIFLS);
	writel(INT_RX | INT_RT, con->base + UARTIMSC);
}

static struct console pl011_console = {
	.name = "pl011",
	.putc = pl011_putc,
	.getc = pl011_getc,
	.rx_irq_enable = pl011_rx_irq_enable,
	.flush = pl011_flush,
};

static int pl011_probe(const struct device *dev)
{
	struct console *con = &pl011_console;

	if (dev->space != DEVICE_MMIO)
		return -EINVAL;	/* memory mapped only */
	con->base = dev->base;
	writel(0, con->base + UARTIMSC);
	writel(LCRH_FEN | LCRH_WLEN8, con->base + UARTLCR_H);
	writel(CR_UARTEN | CR_TXE | CR_RXE, con->base + UARTCR);
	console_set(con);
	return 0;
}

static const char *const pl011_compatible[] = { "arm,pl011", NULL };

DRIVER(pl011, .name = "pl011", .kind = DRIVER_CONSOLE,
       .compatible = pl011_compatible, .probe = pl011_probe);
