// SPDX-License-Identifier: MIT
/*
 * 16550-compatible UART, memory mapped ("ns16550", DT "ns16550a") or on
 * x86 I/O ports ("ns16550-io", DT "pnpPNP,501"). Output is polled; input
 * is polled or, once rx_irq_enable() is called, interrupts. The MMIO flavour
 * keeps the firmware's baud rate and honours the DT's reg-shift; the PC
 * port is set to 115200 8N1 from its standard 1.8432 MHz clock.
 */
#include <hal/console.h>
#include <hal/driver.h>
#include <libfdt.h>
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

static uint8_t uart_in(struct console *con, unsigned reg)
{
#ifdef CONFIG_UART_16550_IO
	return inb((uint16_t)(con->base + reg));
#else
	return readb(con->base + (reg << con->reg_shift));
#endif
}

static void uart_out(struct console *con, unsigned reg, uint8_t val)
{
#ifdef CONFIG_UART_16550_IO
	outb(val, (uint16_t)(con->base + reg));
#else
	writeb(val, con->base + (reg << con->reg_shift));
#endif
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

#ifdef CONFIG_UART_16550_IO
static const char *const uart_compatible[] = { "pnpPNP,501", NULL };
#define UART_NAME "ns16550-io"
#else
static const char *const uart_compatible[] = { "ns16550a", "ns16550", NULL };
#define UART_NAME "ns16550"
#endif

static struct console uart_console = {
	.name = UART_NAME,
	.putc = ns16550_putc,
	.getc = ns16550_getc,
	.rx_irq_enable = ns16550_rx_irq_enable,
	.flush = ns16550_flush,
};

static unsigned dt_reg_shift(const struct device *dev)
{
	const fdt32_t *shift;
	int len;

	if (!dev->fdt)
		return 0;
	shift = fdt_getprop(dev->fdt, dev->node, "reg-shift", &len);
	return shift && len == 4 ? fdt32_to_cpu(*shift) & 3 : 0;
}

static int ns16550_probe(const struct device *dev)
{
	struct console *con = &uart_console;

	con->base = dev->base;
	con->reg_shift = dt_reg_shift(dev);
	uart_out(con, UART_IER, 0);
	if (IS_ENABLED(CONFIG_UART_16550_IO)) {
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

DRIVER(ns16550, .name = UART_NAME, .kind = DRIVER_CONSOLE,
       .pio = IS_ENABLED(CONFIG_UART_16550_IO),
       .compatible = uart_compatible, .probe = ns16550_probe);
