// SPDX-License-Identifier: MIT
/*
 * core/vdev_pl011.c, the virtual PL011, against the PL011 TRM (ARM DDI
 * 0183G, r1p5): register offsets, bits and reset values of its chapter
 * 3, the interrupt conditions of 2.8, the peripheral and PrimeCell IDs
 * (3.3.14-15: UARTPeriphID0-3 0x11 0x10 0x34 0x00, UARTPCellID0-3 0x0D
 * 0xF0 0x05 0xB1), and what Linux's amba-pl011 driver relies on: a 16-bit
 * access, RXFE on an empty FIFO, RX/RT cleared by reading, not by ICR.
 * A fake vCPU records the level of its interrupt line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../core/vm.h"

#define VIRQ 33

/* DDI 0183 3.2: offsets */
#define DR 0x000
#define RSR 0x004
#define FR 0x018
#define ILPR 0x020
#define IBRD 0x024
#define FBRD 0x028
#define LCR_H 0x02c
#define CR 0x030
#define IFLS 0x034
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044
#define DMACR 0x048
/* bits: FR 3.3.3, LCR_H 3.3.7, CR 3.3.8, interrupts 3.3.10-14 */
#define FR_BUSY 0x08
#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define FEN 0x10
#define LBE 0x80
#define RXI 0x10
#define TXI 0x20
#define RTI 0x40
#define OEI 0x400
#define IFLS_RX(sel) ((sel) << 3)

static struct {
	bool level;
	unsigned int changes;
	char out[64];
	unsigned int nout;
} fake;

int vcpu_pend_irq(struct vcpu *v, unsigned int virq)
{
	assert_int_equal(virq, VIRQ);
	fake.level = true;
	fake.changes++;
	return 0;
}

int vcpu_clear_irq(struct vcpu *v, unsigned int virq)
{
	assert_int_equal(virq, VIRQ);
	fake.level = false;
	fake.changes++;
	return 0;
}

void vm_console_putc(struct vm *vm, char c)
{
	fake.out[fake.nout++] = c;
}

static struct vm vm;
static struct vdev_pl011 *u = &vm.uart.pl011;

static uint64_t rd(uint64_t off)
{
	uint64_t v = 0xdead;

	assert_null(vdev_pl011_ops.read(u, off, 4, &v));
	return v;
}

static void wr(uint64_t off, uint64_t v)
{
	assert_null(vdev_pl011_ops.write(u, off, 4, v));
}

static int reset(void **state)
{
	memset(&fake, 0, sizeof(fake));
	vpl011_init(u, &vm, &vm.vcpus[0], VIRQ);
	return 0;
}

static void receive(const char *s)
{
	while (*s)
		assert_true(vpl011_receive(u, *s++));
}

static void test_reset_values(void **state)
{
	assert_int_equal(rd(CR), 0x300);	/* TXE, RXE; UARTEN off */
	assert_int_equal(rd(IFLS), 0x12);	/* 1/2 both ways */
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(LCR_H), 0);
	assert_int_equal(rd(IBRD), 0);
	assert_int_equal(rd(FBRD), 0);
	assert_int_equal(rd(ILPR), 0);
	assert_int_equal(rd(IMSC), 0);
	assert_int_equal(rd(RIS), 0);
	assert_int_equal(rd(MIS), 0);
	assert_int_equal(rd(DMACR), 0);
	assert_int_equal(rd(RSR), 0);
	assert_int_equal(fake.changes, 0);
}

/* Linux's amba bus: each ID register's low byte, little end first. */
static void test_id_registers(void **state)
{
	static const uint8_t want[8] = { 0x11, 0x10, 0x34, 0x00,
					 0x0d, 0xf0, 0x05, 0xb1 };
	uint32_t pid = 0, cid = 0;
	int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0 + 4 * i), want[i]);
	for (i = 0; i < 4; i++) {
		pid |= (uint32_t)(rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cid |= (uint32_t)(rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	assert_int_equal(pid & 0xfff, 0x011);		/* part: PL011 */
	assert_int_equal((pid >> 12) & 0xff, 0x41);	/* designer: ARM */
	assert_int_equal((pid >> 20) & 0xf, 3);		/* revision: r1p5 */
	assert_int_equal(cid, 0xb105f00d);
	wr(0xfe0, 0);				/* read-only */
	assert_int_equal(rd(0xfe0), 0x11);
}

static void test_registers_keep_their_width(void **state)
{
	wr(IBRD, 0x12345);
	assert_int_equal(rd(IBRD), 0x2345);	/* 16 bits */
	wr(FBRD, 0xff);
	assert_int_equal(rd(FBRD), 0x3f);	/* 6 bits */
	wr(LCR_H, 0x1ff);
	assert_int_equal(rd(LCR_H), 0xff);
	wr(IFLS, 0xff);
	assert_int_equal(rd(IFLS), 0x3f);
	wr(IMSC, 0xffff);
	assert_int_equal(rd(IMSC), 0x7ff);
	wr(DMACR, 0xff);
	assert_int_equal(rd(DMACR), 7);
	wr(ILPR, 0x1ab);
	assert_int_equal(rd(ILPR), 0xab);
}

/* Written characters reach the console line; the FIFO never fills. */
static void test_transmit(void **state)
{
	unsigned int i;

	for (i = 0; i < 40; i++) {
		wr(DR, 'a' + i % 26);
		assert_int_equal(rd(FR) & (FR_TXFF | FR_BUSY | FR_TXFE),
				 FR_TXFE);
	}
	assert_int_equal(fake.nout, 40);
	assert_memory_equal(fake.out, "abcdefghij", 10);
}

/*
 * TX asserts as written data leaves the FIFO (a transition through the
 * level, 2.8.1 Note): not at reset even when enabled, but after a write;
 * cleared by TXIC. The line follows MIS.
 */
static void test_tx_interrupt(void **state)
{
	wr(CR, 0x301);
	wr(IMSC, TXI);
	assert_int_equal(rd(RIS) & TXI, 0);
	assert_false(fake.level);
	wr(DR, 'x');
	assert_int_equal(rd(RIS) & TXI, TXI);
	assert_int_equal(rd(MIS), TXI);
	assert_true(fake.level);
	wr(ICR, TXI);
	assert_int_equal(rd(RIS) & TXI, 0);
	assert_false(fake.level);
	/* masked: RIS shows it, MIS and the line do not */
	wr(IMSC, 0);
	wr(DR, 'y');
	assert_int_equal(rd(RIS) & TXI, TXI);
	assert_int_equal(rd(MIS), 0);
	assert_false(fake.level);
	wr(IMSC, TXI);			/* unmasked: the line rises */
	assert_true(fake.level);
}

/* 32 entries with FEN: RXFF at 32, order kept, RXFE once read empty. */
static void test_rx_fifo_full_and_empty(void **state)
{
	unsigned int i;

	wr(LCR_H, FEN | 0x60);
	for (i = 0; i < 31; i++)
		assert_true(vpl011_receive(u, (char)('A' + i)));
	assert_int_equal(rd(FR) & (FR_RXFF | FR_RXFE), 0);
	assert_true(vpl011_receive(u, '!'));
	assert_int_equal(rd(FR) & (FR_RXFF | FR_RXFE), FR_RXFF);
	for (i = 0; i < 31; i++)
		assert_int_equal(rd(DR), 'A' + i);
	assert_int_equal(rd(FR) & (FR_RXFF | FR_RXFE), 0);
	assert_int_equal(rd(DR), '!');
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
	assert_int_equal(rd(DR) & 0xff, 0);	/* empty: nothing */
}

/* Without FEN the FIFO is one character deep (3.3.7): full at one;
 * what the host sends meanwhile waits and comes next. */
static void test_rx_without_fifo(void **state)
{
	receive("ab");
	assert_int_equal(rd(FR) & (FR_RXFF | FR_RXFE), FR_RXFF);
	assert_int_equal(rd(RIS) & RXI, RXI);	/* at its level of one */
	assert_int_equal(rd(DR), 'a');
	assert_int_equal(rd(FR) & (FR_RXFF | FR_RXFE), FR_RXFF);
	assert_int_equal(rd(DR), 'b');
	assert_int_equal(rd(FR) & (FR_RXFF | FR_RXFE), FR_RXFE);
	assert_int_equal(rd(RIS) & RXI, 0);
}

/* RX asserts when the FIFO reaches its trigger level (IFLS RXIFLSEL:
 * 1/2 of 32 = 16), a transition, and clears as it is read below it or
 * by RXIC (2.8.2). */
static void test_rx_trigger_level(void **state)
{
	unsigned int i;

	wr(LCR_H, FEN);
	wr(IMSC, RXI);
	for (i = 0; i < 15; i++)
		vpl011_receive(u, 'r');
	assert_int_equal(rd(RIS) & RXI, 0);
	assert_false(fake.level);
	vpl011_receive(u, 'r');
	assert_int_equal(rd(RIS) & RXI, RXI);
	assert_true(fake.level);
	rd(DR);					/* 15 left: below */
	assert_int_equal(rd(RIS) & RXI, 0);
	assert_false(fake.level);
	vpl011_receive(u, 'r');			/* 16 again: reached */
	assert_int_equal(rd(RIS) & RXI, RXI);
	/* cleared while at or above it, it waits for the next crossing */
	wr(ICR, RXI);
	vpl011_receive(u, 'r');
	assert_int_equal(rd(RIS) & RXI, 0);
	assert_false(fake.level);
	/* 1/8: 4 characters */
	wr(IFLS, IFLS_RX(0));
	while (!(rd(FR) & FR_RXFE))
		rd(DR);
	receive("abc");
	assert_int_equal(rd(RIS) & RXI, 0);
	receive("d");
	assert_int_equal(rd(RIS) & RXI, RXI);
}

/* RT: characters below the level and the line idle (2.8.3); cleared by
 * reading the FIFO empty, or by RTIC. */
static void test_rx_timeout(void **state)
{
	wr(LCR_H, FEN);
	wr(IMSC, RXI | RTI);
	vpl011_rx_idle(u);			/* empty: no timeout */
	assert_int_equal(rd(RIS) & RTI, 0);
	receive("hi");
	assert_int_equal(rd(RIS) & (RXI | RTI), 0);
	assert_false(fake.level);
	vpl011_rx_idle(u);
	assert_int_equal(rd(RIS) & (RXI | RTI), RTI);
	assert_true(fake.level);
	assert_int_equal(rd(DR), 'h');
	assert_int_equal(rd(RIS) & RTI, RTI);	/* one left */
	assert_int_equal(rd(DR), 'i');
	assert_int_equal(rd(RIS) & RTI, 0);
	assert_false(fake.level);
	receive("x");
	vpl011_rx_idle(u);
	assert_true(fake.level);
	wr(ICR, RTI);
	assert_int_equal(rd(RIS) & RTI, 0);
	assert_false(fake.level);
	assert_int_equal(rd(FR) & FR_RXFE, 0);	/* still there */
	assert_true(vpl011_rx_irq_enabled(u));
	wr(IMSC, TXI);
	assert_false(vpl011_rx_irq_enabled(u));
}

/* Past the FIFO and the backlog: overrun, RSR OE and OEIS; ECR clears
 * RSR (3.3.2), OEIC the interrupt. */
static void test_overrun(void **state)
{
	unsigned int i;

	wr(LCR_H, FEN);
	for (i = 0; i < VPL011_FIFO + VUART_BACKLOG; i++)
		assert_true(vpl011_receive(u, (char)i));
	assert_int_equal(rd(RSR), 0);
	assert_false(vpl011_receive(u, 'z'));
	assert_int_equal(rd(RSR) & 0x8, 0x8);
	assert_int_equal(rd(RIS) & OEI, OEI);
	wr(RSR, 0);
	assert_int_equal(rd(RSR), 0);
	wr(ICR, OEI);
	assert_int_equal(rd(RIS) & OEI, 0);
	/* nothing taken was lost, in order */
	for (i = 0; i < VPL011_FIFO + VUART_BACKLOG; i++)
		assert_int_equal(rd(DR) & 0xff, i & 0xff);
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
}

/* LBE: what is written is received, not sent (3.3.8). */
static void test_loopback(void **state)
{
	wr(LCR_H, FEN);
	wr(CR, 0x301 | LBE);
	wr(IMSC, RTI);
	wr(DR, 'L');
	assert_int_equal(fake.nout, 0);
	assert_true(fake.level);		/* RT: one, then idle */
	assert_int_equal(rd(DR), 'L');
	assert_false(fake.level);
}

/* 8 and 16-bit accesses work (Linux reads DR and FR with 16); others,
 * and offsets with no register, are refused. */
static void test_access_widths(void **state)
{
	uint64_t v;

	assert_null(vdev_pl011_ops.read(u, CR, 2, &v));
	assert_int_equal(v, 0x300);
	assert_null(vdev_pl011_ops.read(u, CR, 1, &v));
	assert_int_equal(v, 0x00);
	assert_null(vdev_pl011_ops.write(u, DR, 1, 'q'));
	assert_int_equal(fake.out[0], 'q');
	assert_non_null(vdev_pl011_ops.read(u, CR, 8, &v));
	assert_non_null(vdev_pl011_ops.read(u, CR + 2, 2, &v));
	assert_non_null(vdev_pl011_ops.write(u, DR + 1, 1, 'q'));
	assert_non_null(vdev_pl011_ops.read(u, 0x008, 4, &v));
	assert_non_null(vdev_pl011_ops.write(u, 0x04c, 4, 0));
	assert_non_null(vdev_pl011_ops.read(u, 0x1000 - 0x24, 4, &v));
}

/* No line (a polled UART): the interrupt state is kept, nothing driven. */
static void test_polled(void **state)
{
	vpl011_init(u, &vm, &vm.vcpus[0], 0);
	wr(IMSC, TXI);
	wr(DR, 'p');
	assert_int_equal(rd(MIS), TXI);
	assert_int_equal(fake.changes, 0);
	assert_false(vpl011_rx_irq_enabled(u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset_values, reset),
		cmocka_unit_test_setup(test_id_registers, reset),
		cmocka_unit_test_setup(test_registers_keep_their_width, reset),
		cmocka_unit_test_setup(test_transmit, reset),
		cmocka_unit_test_setup(test_tx_interrupt, reset),
		cmocka_unit_test_setup(test_rx_fifo_full_and_empty, reset),
		cmocka_unit_test_setup(test_rx_without_fifo, reset),
		cmocka_unit_test_setup(test_rx_trigger_level, reset),
		cmocka_unit_test_setup(test_rx_timeout, reset),
		cmocka_unit_test_setup(test_overrun, reset),
		cmocka_unit_test_setup(test_loopback, reset),
		cmocka_unit_test_setup(test_access_widths, reset),
		cmocka_unit_test_setup(test_polled, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
