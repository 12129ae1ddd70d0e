// SPDX-License-Identifier: MIT
/*
 * The virtual 16550A (vdev_ns16550.h). Registers, bits, reset values and
 * the interrupt priorities are those of the PC16550D data sheet (tables
 * II to IV). No line errors happen (there is no line to break) but
 * overrun, and the modem lines never change outside loopback, so the
 * modem status interrupt never fires: CTS, DSR and DCD read as asserted,
 * as a null-modem cable to the host console would make them.
 */
#include "vdev_ns16550.h"
#include "vm.h"

#define RBR_THR 0		/* DLL with LCR.DLAB */
#define IER 1			/* DLM with LCR.DLAB */
#define IIR_FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

#define IER_RDI VNS16550_IER_RDI
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MASK 0x0f
#define IIR_NONE 0x01
#define IIR_RLS 0x06		/* highest priority ... */
#define IIR_RDA 0x04
#define IIR_TIMEOUT 0x0c
#define IIR_THRE 0x02		/* ... lowest that can fire */
#define IIR_FIFOS 0xc0
#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_TRIGGER 0xc0
#define LCR_DLAB 0x80
#define MCR_LOOP 0x10
#define MCR_MASK 0x1f
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_DCD 0x80

/* FCR bits 7:6: the receive trigger level in bytes. */
static const uint8_t trigger_bytes[] = { 1, 4, 8, 14 };

static bool fifo_on(const struct vdev_ns16550 *u)
{
	return u->fcr & FCR_ENABLE;
}

static unsigned int fifo_depth(const struct vdev_ns16550 *u)
{
	return fifo_on(u) ? VNS16550_FIFO : 1;	/* else the holding register */
}

static unsigned int rx_level(const struct vdev_ns16550 *u)
{
	return fifo_on(u) ? trigger_bytes[u->fcr >> 6] : 1;
}

/* IIR's interrupt identification: the highest-priority pending one. */
static uint8_t pending(const struct vdev_ns16550 *u)
{
	if ((u->ier & IER_RLSI) && (u->lsr & LSR_OE))
		return IIR_RLS;
	if ((u->ier & IER_RDI) && u->rx.count >= rx_level(u))
		return IIR_RDA;
	if ((u->ier & IER_RDI) && u->timeout_irq)
		return IIR_TIMEOUT;
	if ((u->ier & IER_THRI) && u->thr_empty_irq)
		return IIR_THRE;
	return IIR_NONE;
}

/* The line follows IIR: raised while an interrupt is pending. */
static int update_irq(struct vdev_ns16550 *u)
{
	return vuart_drive_line(u->vcpu, u->virq, &u->level,
				pending(u) != IIR_NONE);
}

void vns16550_init(struct vdev_ns16550 *u, struct vm *vm, struct vcpu *vcpu,
		   unsigned int virq, unsigned int reg_shift)
{
	*u = (struct vdev_ns16550){ .vm = vm, .vcpu = vcpu, .virq = virq,
				    .reg_shift = reg_shift,
				    .lsr = LSR_THRE | LSR_TEMT };
}

bool vns16550_receive(struct vdev_ns16550 *u, char c)
{
	bool taken = vuart_rx_put(&u->rx, fifo_depth(u), c) != VUART_OVERRUN;

	if (!taken)
		u->lsr |= LSR_OE;
	update_irq(u);
	return taken;
}

void vns16550_rx_idle(struct vdev_ns16550 *u)
{
	if (fifo_on(u) && u->rx.count)
		u->timeout_irq = true;
	update_irq(u);
}

/* Reading RBR takes the oldest byte and ends the character timeout. */
static uint8_t read_rbr(struct vdev_ns16550 *u)
{
	uint8_t c;

	if (!u->rx.count)
		return 0;
	c = (uint8_t)vuart_rx_take(&u->rx);
	u->timeout_irq = false;
	vuart_rx_refill(&u->rx, fifo_depth(u));
	return c;
}

/* Reading IIR while THRE is the one it names clears that interrupt. */
static uint8_t read_iir(struct vdev_ns16550 *u)
{
	uint8_t id = pending(u);

	if (id == IIR_THRE)
		u->thr_empty_irq = false;
	return id | (fifo_on(u) ? IIR_FIFOS : 0);
}

/* Reading LSR clears its error bits (overrun). */
static uint8_t read_lsr(struct vdev_ns16550 *u)
{
	uint8_t lsr = u->lsr | (u->rx.count ? LSR_DR : 0);

	u->lsr &= (uint8_t)~LSR_OE;
	return lsr;
}

/* In loopback the modem inputs are MCR's outputs: RTS to CTS, DTR to
 * DSR, OUT1 to RI, OUT2 to DCD (data sheet, MCR bit 4). */
static uint8_t read_msr(const struct vdev_ns16550 *u)
{
	uint8_t m = u->mcr;

	if (!(u->mcr & MCR_LOOP))
		return MSR_CTS | MSR_DSR | MSR_DCD;
	return (uint8_t)((m & 0x02) << 3 | (m & 0x01) << 5 | (m & 0x04) << 4 |
			 (m & 0x08) << 4);
}

static uint8_t reg_read(struct vdev_ns16550 *u, unsigned int reg)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR:
		return dlab ? u->dll : read_rbr(u);
	case IER:
		return dlab ? u->dlm : u->ier;
	case IIR_FCR:
		return read_iir(u);
	case LCR:
		return u->lcr;
	case MCR:
		return u->mcr;
	case LSR:
		return read_lsr(u);
	case MSR:
		return read_msr(u);
	default:
		return u->scr;
	}
}

/* A byte written to THR: to the console line, or back in (loopback);
 * the holding register empties at once, so THRE fires again. */
static void write_thr(struct vdev_ns16550 *u, char c)
{
	if (u->mcr & MCR_LOOP) {
		vns16550_receive(u, c);
		vns16550_rx_idle(u);
	} else {
		vm_console_putc(u->vm, c);
	}
	u->thr_empty_irq = true;
}

/* Enabling (or disabling) the FIFOs clears them; so do FCR's clear bits. */
static void write_fcr(struct vdev_ns16550 *u, uint8_t v)
{
	if ((v ^ u->fcr) & FCR_ENABLE || v & FCR_CLEAR_RX) {
		vuart_rx_clear(&u->rx);
		u->timeout_irq = false;
	}
	u->fcr = v & (FCR_ENABLE | FCR_TRIGGER);
	vuart_rx_refill(&u->rx, fifo_depth(u));
}

/* Setting IER's THRI with the holding register empty fires THRE. */
static void write_ier(struct vdev_ns16550 *u, uint8_t v)
{
	if (v & ~u->ier & IER_THRI)
		u->thr_empty_irq = true;
	u->ier = v & IER_MASK;
}

static void reg_write(struct vdev_ns16550 *u, unsigned int reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR:
		if (dlab)
			u->dll = v;
		else
			write_thr(u, (char)v);
		break;
	case IER:
		if (dlab)
			u->dlm = v;
		else
			write_ier(u, v);
		break;
	case IIR_FCR:
		write_fcr(u, v);
		break;
	case LCR:
		u->lcr = v;
		break;
	case MCR:
		u->mcr = v & MCR_MASK;
		break;
	case SCR:
		u->scr = v;
		break;
	default:		/* LSR, MSR: read-only (factory test) */
		break;
	}
}

/* One register at a time, at its place: a byte, or up to the stride of
 * its registers (reg-io-width 4 with reg-shift 2); the upper bits of a
 * wider access read 0 and are ignored on writes. */
static const char *reg_of(const struct vdev_ns16550 *u, uint64_t off,
			  unsigned int width, unsigned int *reg)
{
	uint64_t stride = 1ULL << u->reg_shift;

	if (off % stride || (width != 1 && width > stride) ||
	    off / stride >= VNS16550_REGS)
		return "16550 access not within one of its registers";
	*reg = (unsigned int)(off / stride);
	return NULL;
}

static const char *ns16550_read(void *state, uint64_t off, unsigned int width,
				uint64_t *value)
{
	struct vdev_ns16550 *u = state;
	unsigned int reg;
	const char *why = reg_of(u, off, width, &reg);

	if (why)
		return why;
	*value = reg_read(u, reg);
	return update_irq(u) ? "16550 interrupt cannot reach the vCPU" : NULL;
}

static const char *ns16550_write(void *state, uint64_t off, unsigned int width,
				 uint64_t value)
{
	struct vdev_ns16550 *u = state;
	unsigned int reg;
	const char *why = reg_of(u, off, width, &reg);

	if (why)
		return why;
	reg_write(u, reg, (uint8_t)value);
	return update_irq(u) ? "16550 interrupt cannot reach the vCPU" : NULL;
}

const struct vdev_ops vdev_ns16550_ops = {
	.name = "ns16550",
	.read = ns16550_read,
	.write = ns16550_write,
};
