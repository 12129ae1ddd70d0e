// SPDX-License-Identifier: MIT
/*
 * ARM PrimeCell PL011 UART (ARM DDI 0183). Polled; the firmware or QEMU
 * has already set the baud rate, so only the FIFOs and enables are set.
 */
#include <hal/console.h>
#include <hal/driver.h>
#include <vireo/io.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIMSC 0x38

#define FR_TXFF BIT(5)	/* transmit FIFO full */
#define FR_RXFE BIT(4)	/* receive FIFO empty */
#define LCRH_FEN BIT(4)
#define LCRH_WLEN8 (3 << 5)
#define CR_UARTEN BIT(0)
#define CR_TXE BIT(8)
#define CR_RXE BIT(9)

static void pl011_putc(struct console *con, char c)
{
	while (readl(con->base + UARTFR) & FR_TXFF)
		;
	writel((uint8_t)c, con->base + UARTDR);
}

static int pl011_getc(struct console *con)
{
	if (readl(con->base + UARTFR) & FR_RXFE)
		return -1;
	return (int)(readl(con->base + UARTDR) & 0xff);
}

static struct console pl011_console = {
	.name = "pl011",
	.putc = pl011_putc,
	.getc = pl011_getc,
};

static int pl011_probe(const struct device *dev)
{
	struct console *con = &pl011_console;

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
