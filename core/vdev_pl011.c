// SPDX-License-Identifier: MIT
/*
 * The virtual PL011 (vdev_pl011.h). Register offsets, bits and reset
 * values are those of the PL011 TRM (ARM DDI 0183G, r1p5, chapter 3).
 * Two departures, both as QEMU's virt machine behaves, so guests built
 * for it run: UARTEN, TXE and RXE are kept but do not gate transmission
 * or reception (Linux's earlycon writes to a UART it never enabled), and
 * no error but overrun ever happens (there is no line to break).
 */
#include "vdev_pl011.h"
#include "vm.h"

#define UARTDR 0x000
#define UARTRSR 0x004		/* read: RSR; write: ECR */
#define UARTFR 0x018
#define UARTILPR 0x020
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTPERIPHID0 0xfe0	/* ...3 at 0xfec, PCellID0-3 0xff0-0xffc */

#define DR_OE BIT(11)
#define RSR_OE BIT(3)
#define FR_RXFE BIT(4)
#define FR_TXFF BIT(5)
#define FR_RXFF BIT(6)
#define FR_TXFE BIT(7)
#define LCRH_FEN BIT(4)
#define CR_LBE BIT(7)
#define CR_RESET 0x0300		/* RXE, TXE */
#define IFLS_RESET 0x12		/* both at 1/2 */
#define INT_RX VPL011_INT_RX
#define INT_TX BIT(5)
#define INT_RT VPL011_INT_RT
#define INT_OE BIT(10)
#define INT_ALL 0x7ff

/* UARTPeriphID0-3 (part 0x011, designer 0x41 ARM, revision 3 = r1p5)
 * and UARTPCellID0-3 (0xb105f00d), a byte per register */
static const uint8_t id_regs[8] = { 0x11, 0x10, 0x34, 0x00,
				    0x0d, 0xf0, 0x05, 0xb1 };

/* Trigger levels of IFLS's 3-bit fields, in eighths: 1/8 ... 7/8. */
static const uint8_t eighths[] = { 1, 2, 4, 6, 7 };

static unsigned int fifo_depth(const struct vdev_pl011 *u)
{
	return u->lcr_h & LCRH_FEN ? VPL011_FIFO : 1;	/* else one place */
}

/* The receive FIFO's trigger level in characters (1 without FIFO). */
static unsigned int rx_level(const struct vdev_pl011 *u)
{
	unsigned int sel = (u->ifls >> 3) & 7;

	if (!(u->lcr_h & LCRH_FEN))
		return 1;
	return VPL011_FIFO * (sel < 5 ? eighths[sel] : eighths[4]) / 8;
}

/* The line follows UARTMIS: raised while non-zero, lowered at zero. */
static int update_irq(struct vdev_pl011 *u)
{
	return vuart_drive_line(u->vcpu, u->virq, &u->level,
				(u->ris & u->imsc) != 0);
}

/* RX asserts as the FIFO reaches its level, not while it is above it
 * (DDI 0183 2.8.2; Linux's driver drains the FIFO at startup for this):
 * after count, by what came in, the FIFO holds rx.count. */
static void rx_arrived(struct vdev_pl011 *u, unsigned int count)
{
	unsigned int level = rx_level(u);

	if (count < level && u->rx.count >= level)
		u->ris |= INT_RX;
}

/* Backlog into the FIFO while it has room. */
static void refill(struct vdev_pl011 *u)
{
	unsigned int count = u->rx.count;

	vuart_rx_refill(&u->rx, fifo_depth(u));
	rx_arrived(u, count);
}

void vpl011_init(struct vdev_pl011 *u, struct vm *vm, struct vcpu *vcpu,
		 unsigned int virq)
{
	*u = (struct vdev_pl011){ .vm = vm, .vcpu = vcpu, .virq = virq,
				  .cr = CR_RESET, .ifls = IFLS_RESET };
}

bool vpl011_receive(struct vdev_pl011 *u, char c)
{
	unsigned int count = u->rx.count;
	bool taken = vuart_rx_put(&u->rx, fifo_depth(u), c) != VUART_OVERRUN;

	if (taken) {
		rx_arrived(u, count);
	} else {
		u->rsr |= RSR_OE;
		u->ris |= INT_OE;
		if (u->rx.count)	/* the newest character's error */
			u->rx.fifo[(u->rx.head + u->rx.count - 1) %
				   VUART_FIFO_MAX] |= DR_OE;
	}
	update_irq(u);
	return taken;
}

void vpl011_rx_idle(struct vdev_pl011 *u)
{
	if (u->rx.count)
		u->ris |= INT_RT;
	update_irq(u);
}

/* Reading the FIFO below its level clears RX, reading it empty RT. */
static uint64_t read_dr(struct vdev_pl011 *u)
{
	uint16_t v;

	if (!u->rx.count)
		return 0;
	v = vuart_rx_take(&u->rx);
	refill(u);
	if (u->rx.count < rx_level(u))
		u->ris &= ~INT_RX;
	if (!u->rx.count)
		u->ris &= ~INT_RT;
	return v;
}

static uint64_t read_fr(const struct vdev_pl011 *u)
{
	uint64_t fr = FR_TXFE;		/* it drains at once: never TXFF */

	if (!u->rx.count)
		fr |= FR_RXFE;
	if (u->rx.count >= fifo_depth(u))
		fr |= FR_RXFF;
	return fr;
}

/* The registers that only hold what is written (their width's bits). */
static const struct {
	uint16_t off, mask;
	size_t field;
} plain[] = {
	{ UARTILPR, 0xff, offsetof(struct vdev_pl011, ilpr) },
	{ UARTIBRD, 0xffff, offsetof(struct vdev_pl011, ibrd) },
	{ UARTFBRD, 0x3f, offsetof(struct vdev_pl011, fbrd) },
	{ UARTLCR_H, 0xff, offsetof(struct vdev_pl011, lcr_h) },
	{ UARTCR, 0xffff, offsetof(struct vdev_pl011, cr) },
	{ UARTIFLS, 0x3f, offsetof(struct vdev_pl011, ifls) },
	{ UARTIMSC, INT_ALL, offsetof(struct vdev_pl011, imsc) },
	{ UARTDMACR, 0x7, offsetof(struct vdev_pl011, dmacr) },
};

static uint16_t *plain_reg(struct vdev_pl011 *u, uint64_t off,
			   uint16_t *mask)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(plain); i++) {
		if (plain[i].off == off) {
			*mask = plain[i].mask;
			return (uint16_t *)((char *)u + plain[i].field);
		}
	}
	return NULL;
}

static const char *reg_read(struct vdev_pl011 *u, uint64_t off,
			    uint64_t *value)
{
	uint16_t mask, *reg = plain_reg(u, off, &mask);

	if (reg)
		*value = *reg;
	else if (off == UARTDR)
		*value = read_dr(u);
	else if (off == UARTRSR)
		*value = u->rsr;
	else if (off == UARTFR)
		*value = read_fr(u);
	else if (off == UARTRIS)
		*value = u->ris;
	else if (off == UARTMIS)
		*value = u->ris & u->imsc;
	else if (off == UARTICR)
		*value = 0;		/* write-only */
	else if (off >= UARTPERIPHID0)
		*value = id_regs[(off - UARTPERIPHID0) / 4];
	else
		return "no PL011 register there";
	return NULL;
}

/* A character written: to the console line, or back in (loopback);
 * through the emptied FIFO the TX interrupt asserts. */
static void write_dr(struct vdev_pl011 *u, char c)
{
	if (u->cr & CR_LBE) {
		vpl011_receive(u, c);
		vpl011_rx_idle(u);
	} else {
		vm_console_putc(u->vm, c);
	}
	u->ris |= INT_TX;
}

static const char *reg_write(struct vdev_pl011 *u, uint64_t off,
			     uint64_t value)
{
	uint16_t mask, *reg = plain_reg(u, off, &mask);

	if (reg) {
		*reg = value & mask;
		if (off == UARTLCR_H)	/* FEN on: the FIFO has room again */
			refill(u);
	} else if (off == UARTDR) {
		write_dr(u, (char)value);
	} else if (off == UARTRSR) {
		u->rsr = 0;		/* ECR: any value clears */
	} else if (off == UARTICR) {
		u->ris &= (uint16_t)~value;
	} else if (off != UARTFR && off != UARTRIS && off != UARTMIS &&
		   off < UARTPERIPHID0) {
		return "no PL011 register there";
	}	/* the others are read-only: ignored */
	return NULL;
}

/* APB: 8, 16 or 32-bit accesses to a whole register (Linux uses 16). */
static const char *check_access(uint64_t off, unsigned int width)
{
	if (off % 4 || (width != 1 && width != 2 && width != 4))
		return "PL011 access not 8, 16 or 32 bits at a register";
	return NULL;
}

static const char *pl011_read(void *state, uint64_t off, unsigned int width,
			      uint64_t *value)
{
	struct vdev_pl011 *u = state;
	const char *why = check_access(off, width);

	why = why ?: reg_read(u, off, value);
	if (why)
		return why;
	if (width < 4)
		*value &= (1ULL << (8 * width)) - 1;
	return update_irq(u) ? "PL011 interrupt cannot reach the vCPU" : NULL;
}

static const char *pl011_write(void *state, uint64_t off, unsigned int width,
			       uint64_t value)
{
	struct vdev_pl011 *u = state;
	const char *why = check_access(off, width);

	if (width < 4)
		value &= (1ULL << (8 * width)) - 1;
	why = why ?: reg_write(u, off, value);
	if (why)
		return why;
	return update_irq(u) ? "PL011 interrupt cannot reach the vCPU" : NULL;
}

const struct vdev_ops vdev_pl011_ops = {
	.name = "pl011",
	.read = pl011_read,
	.write = pl011_write,
};
