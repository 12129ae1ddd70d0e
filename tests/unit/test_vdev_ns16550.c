// SPDX-License-Identifier: MIT
/*
 * core/vdev_ns16550.c, the virtual 16550A, against the PC16550D data
 * sheet: the register map of table II (DLAB selecting DLL/DLM), the reset
 * values of table III (IER 0, IIR 0x01, LCR 0, MCR 0, LSR 0x60), the
 * interrupt identification and priorities of table IV (line status 0x06,
 * received data 0x04, character timeout 0x0C, THR empty 0x02; IIR bits
 * 7:6 set in FIFO mode), the FCR trigger levels (1, 4, 8, 14) and the
 * loopback wiring of MCR bit 4. A fake vCPU records the interrupt line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../core/vm.h"

#define VIRQ 42

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
#define MSR 6
#define SCR 7

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
static struct vdev_ns16550 *u = &vm.uart.ns16550;

static uint64_t rd(unsigned int reg)
{
	uint64_t v = 0xdead;

	assert_null(vdev_ns16550_ops.read(u, reg, 1, &v));
	return v;
}

static void wr(unsigned int reg, uint64_t v)
{
	assert_null(vdev_ns16550_ops.write(u, reg, 1, v));
}

static int reset(void **state)
{
	memset(&fake, 0, sizeof(fake));
	vns16550_init(u, &vm, &vm.vcpus[0], VIRQ, 0);
	return 0;
}

static void receive(const char *s)
{
	while (*s)
		assert_true(vns16550_receive(u, *s++));
}

static void test_reset_values(void **state)
{
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(IIR), 0x01);	/* no interrupt pending */
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(LSR), 0x60);	/* THRE, TEMT */
	/* the modem inputs asserted, as over a null-modem cable */
	assert_int_equal(rd(MSR) & 0xb0, 0xb0);
	assert_int_equal(fake.changes, 0);
}

/* LCR.DLAB turns offsets 0 and 1 into the divisor latch. */
static void test_divisor_latch(void **state)
{
	wr(IER, 0x05);
	wr(LCR, 0x83);
	wr(DLL, 0x01);
	wr(DLM, 0x00);
	assert_int_equal(rd(DLL), 0x01);
	assert_int_equal(rd(DLM), 0x00);
	assert_int_equal(fake.nout, 0);		/* DLL is not THR */
	wr(LCR, 0x03);
	assert_int_equal(rd(IER), 0x05);
	assert_int_equal(rd(LCR), 0x03);
	wr(SCR, 0x5a);
	assert_int_equal(rd(SCR), 0x5a);
}

static void test_transmit(void **state)
{
	wr(THR, 'h');
	wr(THR, 'i');
	assert_memory_equal(fake.out, "hi", 2);
	assert_int_equal(fake.nout, 2);
	assert_int_equal(rd(LSR) & 0x60, 0x60);	/* drained at once */
}

/* THRE: raised by enabling it with THR empty, cleared by reading IIR
 * while it is the one named, raised again by the next write to THR. */
static void test_thr_empty_interrupt(void **state)
{
	wr(IER, 0x02);
	assert_true(fake.level);
	assert_int_equal(rd(IIR), 0x02);
	assert_false(fake.level);
	assert_int_equal(rd(IIR), 0x01);
	wr(THR, 'x');
	assert_true(fake.level);
	wr(IER, 0x00);
	assert_false(fake.level);
}

/* Without FIFOs the receiver holds one byte; the rest waits. */
static void test_receive_without_fifo(void **state)
{
	wr(IER, 0x01);
	receive("abc");
	assert_true(fake.level);
	assert_int_equal(rd(IIR), 0x04);
	assert_int_equal(rd(LSR) & 0x01, 0x01);	/* DR */
	assert_int_equal(rd(RBR), 'a');
	assert_int_equal(rd(RBR), 'b');
	assert_int_equal(rd(RBR), 'c');
	assert_false(fake.level);
	assert_int_equal(rd(LSR) & 0x01, 0);
	assert_int_equal(rd(IIR), 0x01);
	assert_int_equal(rd(RBR), 0);		/* empty: reads 0 */
}

/* FIFO mode, trigger 14: below it only the timeout, at it the data. */
static void test_fifo_trigger_and_timeout(void **state)
{
	wr(FCR, 0xc1);
	wr(IER, 0x01);
	assert_int_equal(rd(IIR), 0xc1);	/* FIFOs on, none pending */
	receive("0123456789abc");		/* 13 */
	assert_false(fake.level);
	vns16550_rx_idle(u);
	assert_true(fake.level);
	assert_int_equal(rd(IIR), 0xcc);	/* character timeout */
	assert_int_equal(rd(RBR), '0');		/* a read ends it */
	assert_false(fake.level);
	receive("de");				/* 14 now */
	assert_int_equal(rd(IIR), 0xc4);
	wr(FCR, 0xc3);				/* clear the receive FIFO */
	assert_int_equal(rd(LSR) & 0x01, 0);
	assert_false(fake.level);
}

/* Each trigger level of FCR bits 7:6. */
static void test_trigger_levels(void **state)
{
	static const unsigned int level[4] = { 1, 4, 8, 14 };
	unsigned int t, i;

	for (t = 0; t < 4; t++) {
		reset(state);
		wr(FCR, t << 6 | 1);
		wr(IER, 0x01);
		for (i = 1; i < level[t]; i++)
			assert_true(vns16550_receive(u, 'x'));
		assert_int_equal(rd(IIR) & 0x0f, 0x01);
		assert_true(vns16550_receive(u, 'x'));
		assert_int_equal(rd(IIR) & 0x0f, 0x04);
	}
}

/* Past FIFO and backlog: overrun, the line status interrupt first
 * (highest priority), cleared by reading LSR. */
static void test_overrun(void **state)
{
	unsigned int i;

	wr(FCR, 0x01);
	wr(IER, 0x05);
	for (i = 0; i < VNS16550_FIFO + VUART_BACKLOG; i++)
		assert_true(vns16550_receive(u, 'a'));
	assert_false(vns16550_receive(u, 'b'));
	assert_int_equal(rd(IIR), 0xc6);
	assert_int_equal(rd(LSR) & 0x03, 0x03);	/* OE, DR */
	assert_int_equal(rd(LSR) & 0x02, 0);	/* read: cleared */
	assert_int_equal(rd(IIR), 0xc4);
	for (i = 0; i < VNS16550_FIFO + VUART_BACKLOG; i++)
		assert_int_equal(rd(RBR), 'a');	/* none lost but the last */
	assert_int_equal(rd(LSR) & 0x01, 0);
}

/* MCR bit 4: THR to RBR, the modem outputs to its inputs. */
static void test_loopback(void **state)
{
	wr(MCR, 0x10 | 0x0f);
	assert_int_equal(rd(MSR) & 0xf0, 0xf0);
	wr(MCR, 0x10 | 0x02);			/* RTS only: CTS */
	assert_int_equal(rd(MSR) & 0xf0, 0x10);
	wr(MCR, 0x10 | 0x01);			/* DTR only: DSR */
	assert_int_equal(rd(MSR) & 0xf0, 0x20);
	wr(THR, 'L');
	assert_int_equal(fake.nout, 0);
	assert_int_equal(rd(RBR), 'L');
}

/* reg-shift 2: registers 4 bytes apart, read a byte or a word. */
static void test_register_stride(void **state)
{
	uint64_t v;

	vns16550_init(u, &vm, &vm.vcpus[0], VIRQ, 2);
	assert_null(vdev_ns16550_ops.read(u, LSR * 4, 4, &v));
	assert_int_equal(v, 0x60);
	assert_null(vdev_ns16550_ops.write(u, SCR * 4, 1, 0x33));
	assert_null(vdev_ns16550_ops.read(u, SCR * 4, 1, &v));
	assert_int_equal(v, 0x33);
	assert_non_null(vdev_ns16550_ops.read(u, 1, 1, &v));
	assert_non_null(vdev_ns16550_ops.read(u, 0, 8, &v));
	assert_non_null(vdev_ns16550_ops.read(u, 8 * 4, 1, &v));
	vns16550_init(u, &vm, &vm.vcpus[0], VIRQ, 0);
	assert_non_null(vdev_ns16550_ops.read(u, LSR, 2, &v));
	assert_non_null(vdev_ns16550_ops.write(u, 8, 1, 0));
}

/* Without a line (polled) nothing is raised. */
static void test_polled(void **state)
{
	vns16550_init(u, &vm, &vm.vcpus[0], 0, 0);
	wr(IER, 0x03);
	receive("p");
	assert_int_equal(fake.changes, 0);
	assert_false(vns16550_rx_irq_enabled(u));
	assert_int_equal(rd(RBR), 'p');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset_values, reset),
		cmocka_unit_test_setup(test_divisor_latch, reset),
		cmocka_unit_test_setup(test_transmit, reset),
		cmocka_unit_test_setup(test_thr_empty_interrupt, reset),
		cmocka_unit_test_setup(test_receive_without_fifo, reset),
		cmocka_unit_test_setup(test_fifo_trigger_and_timeout, reset),
		cmocka_unit_test_setup(test_trigger_levels, reset),
		cmocka_unit_test_setup(test_overrun, reset),
		cmocka_unit_test_setup(test_loopback, reset),
		cmocka_unit_test_setup(test_register_stride, reset),
		cmocka_unit_test_setup(test_polled, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
