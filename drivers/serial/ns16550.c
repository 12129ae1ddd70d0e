// SPDX-License-Identifier: MIT
/*
 * 16550-compatible UART ("ns16550"), memory mapped (DT "ns16550a") or on
 * x86 I/O ports (DT "pnpPNP,501"), whichever its resource says (struct
 * device's space). Output is polled; input is polled or, once
 * rx_irq_enable() is called, interrupts. Memory mapped, it keeps the
 * firmware's baud rate and honours the DT's reg-shift and reg-io-width
 * (1 or 4 bytes); on ports it is the PC's COM port, set to 115200 8N1
 * from its standard 1.8432 MHz clock.
 */
#include <hal/console.h>
#include <hal/driver.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/io.h>

#define UART_RBR 0	/* receive buffer (read) */
#define UART_THR 0	/* transmit holding (write) */
#define UART_DLL 0	/* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1	/* divisor latch high (DLAB=1) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define IER_ERBFI BIT(0)	/* interrupt on received data */
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DATA_READY BIT(0)
#define LSR_THR_EMPTY BIT(5)
#define LSR_TX_EMPTY BIT(6)	/* holding and shift registers both empty */

/* How the registers are reached: set by probe. */
static enum device_space uart_space;
static unsigned int uart_io_width = 1;	/* MMIO access size in bytes */

static uint8_t uart_in(struct console *con, unsigned reg)
{
	uintptr_t addr = con->base + (reg << con->reg_shift);

#ifdef ARCH_HAS_PORT_IO
	if (uart_space == DEVICE_IOPORT)
		return inb((uint16_t)addr);
#endif
	return uart_io_width == 4 ? (uint8_t)readl(addr) : readb(addr);
}

static void uart_out(struct console *con, unsigned reg, uint8_t val)
{
	uintptr_t addr = con->base + (reg << con->reg_shift);

#ifdef ARCH_HAS_PORT_IO
	if (uart_space == DEVICE_IOPORT) {
		outb(val, (uint16_t)addr);
		return;
	}
#endif
	if (uart_io_width == 4)
		writel(val, addr);
	else
		writeb(val, addr);
}

static void ns16550_putc(struct console *con, char c)
{
	while (!(uart_in(con, UART_LSR) & LSR_THR_EMPTY))
		;
	uart_out(con, UART_THR, (uint8_t)c);
}

static void ns16550_flush(struct console *con)
{
	while (!(uart_in(con, UART_LSR) & LSR_TX_EMPTY))
		;
}

static int ns16550_getc(struct console *con)
{
	if (!(uart_in(con, UART_LSR) & LSR_DATA_READY))
		return -1;
	return uart_in(con, UART_RBR);
}

/*
 * Interrupt while received data waits (IER.ERBFI); reading RBR until
 * LSR.DR is clear ends it. On the PC, MCR.OUT2 gates the line to the
 * interrupt controller: probe already set it.
 */
static void ns16550_rx_irq_enable(struct console *con)
{
	uart_out(con, UART_IER, IER_ERBFI);
}

static const char *const uart_compatible[] = {
	"ns16550a", "ns16550", "pnpPNP,501", NULL
};

static struct console uart_console = {
	.name = "ns16550",
	.putc = ns16550_putc,
	.getc = ns16550_getc,
	.rx_irq_enable = ns16550_rx_irq_enable,
	.flush = ns16550_flush,
};

/* A single-cell property of the device's node, or fallback. */
static uint32_t dt_u32(const struct device *dev, const char *name,
		      uint32_t fallback)
{
	uint32_t val;

	return dev->fdt && !dt_read_u32(dev->fdt, dev->node, name, &val) ?
		val : fallback;
}

static int ns16550_probe(const struct device *dev)
{
	struct console *con = &uart_console;
	bool ports = dev->space == DEVICE_IOPORT;
	uint32_t shift = dt_u32(dev, "reg-shift", 0);
	uint32_t width = dt_u32(dev, "reg-io-width", 1);

#ifndef ARCH_HAS_PORT_IO
	if (ports)
		return -EINVAL;	/* no I/O ports on this arch */
#endif
	/* I/O ports are bytes one apart */
	if (shift > 3 || (width != 1 && width != 4) ||
	    (ports && (shift || width != 1)))
		return -EINVAL;
	uart_space = dev->space;
	uart_io_width = width;
	con->base = dev->base;
	con->reg_shift = shift;
	uart_out(con, UART_IER, 0);
	if (ports) {
		uart_out(con, UART_LCR, LCR_DLAB);
		uart_out(con, UART_DLL, 1);	/* 1843200 / (16 * 1) = 115200 */
		uart_out(con, UART_DLM, 0);
	}
	uart_out(con, UART_LCR, LCR_8N1);
	uart_out(con, UART_FCR, FCR_ENABLE_CLEAR);
	uart_out(con, UART_MCR, MCR_DTR_RTS_OUT2);
	console_set(con);
	return 0;
}

DRIVER(ns16550, .name = "ns16550", .kind = DRIVER_CONSOLE,
       .compatible = uart_compatible, .probe = ns16550_probe);
