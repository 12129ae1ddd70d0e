// SPDX-License-Identifier: MIT
/*
 * hal/irq.c and the console's input by interrupt (hal/console.c), with
 * two fake interrupt controllers wired up by tests/unit/dts/irq.dts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host_cpu.h"
#include "host_dtb.h"
#include "host_log.h"
#include <hal/console.h>
#include <hal/irq.h>
#include <libfdt.h>
#include <vireo/errno.h>

#define NR_IRQS 64	/* CONFIG_NR_IRQS: the table */
#define GIC_IRQS 48	/* the root controller has fewer */
#define IPI 1

/* What a fake controller was asked to do. */
struct fake_chip {
	struct irqchip chip;
	bool enabled[NR_IRQS];
	unsigned int eois[16], neois;
	unsigned int pending[8], npending;	/* ack() hands these out */
	unsigned int ipis_to[4], nipis;
	unsigned int cpu_inits;
};

static struct fake_chip gic, pic;
static void *fdt;

static struct fake_chip *fake(unsigned int irq, struct fake_chip *f)
{
	assert_true(irq < NR_IRQS);
	return f;
}

static void gic_enable(unsigned int irq)
{
	fake(irq, &gic)->enabled[irq] = true;
}

static void gic_disable(unsigned int irq)
{
	fake(irq, &gic)->enabled[irq] = false;
}

static unsigned int gic_ack(void)
{
	return gic.npending ? gic.pending[--gic.npending] : IRQ_NONE;
}

static void gic_eoi(unsigned int irq)
{
	gic.eois[gic.neois++ % 16] = irq;
}

static void gic_send_ipi(unsigned int cpu)
{
	gic.ipis_to[gic.nipis++ % 4] = cpu;
}

static void gic_cpu_init(unsigned int cpu)
{
	gic.cpu_inits++;
}

/* GIC-like: <type num flags>, type 0 = shared (32 + num), 1 = per-CPU. */
static int gic_xlate(const uint32_t *cells, int ncells, unsigned int *irq)
{
	if (ncells != 3 || cells[0] > 1)
		return -EINVAL;
	*irq = cells[1] + (cells[0] ? 16 : 32);
	return 0;
}

static void pic_enable(unsigned int irq)
{
	fake(irq, &pic)->enabled[irq] = true;
}

static void pic_disable(unsigned int irq)
{
	fake(irq, &pic)->enabled[irq] = false;
}

static void pic_eoi(unsigned int irq)
{
	pic.eois[pic.neois++ % 16] = irq;
}

static int pic_xlate(const uint32_t *cells, int ncells, unsigned int *irq)
{
	*irq = cells[0];
	return 0;
}

static int node(const char *path)
{
	int off = fdt_path_offset(fdt, path);

	assert_true(off >= 0);
	return off;
}

static void test_nothing_before_a_controller(void **state)
{
	unsigned int irq;

	fdt = dtb_load("irq", NULL);
	assert_int_equal(irq_cpu_init(0), -ENODEV);
	assert_string_equal(irqchip_name(), "none");
	assert_int_equal(irq_of_node(fdt, node("/soc/uart@4000"), 0, &irq), -ENODEV);
	assert_int_equal(irq_register(3, NULL, NULL), -EINVAL);
	/* no controller: nothing is asked, nothing handled or counted */
	irq_dispatch();
	for (irq = 0; irq < CONFIG_NR_IRQS; irq++)
		assert_int_equal(irq_count(irq), 0);
}

/* An x86 local APIC: numbers are vectors 0..255, IPIs near the top. */
static void test_ipi_beyond_the_table_is_refused(void **state)
{
	static struct irqchip apic = { .name = "apic", .nr_irqs = 256,
				       .ipi_irq = 0xf0, .send_ipi = gic_send_ipi };

	log_capture_reset();
	irqchip_register(&apic);
	assert_null(irqchip_root());
	assert_non_null(strstr(log_text(), "irq: apic: its IPIs arrive on 240, "
				      "beyond CONFIG_NR_IRQS=64"));
}

static void test_register_controllers(void **state)
{
	gic.chip = (struct irqchip){ .name = "fake-gic",
		.node = node("/intc@1000"), .nr_irqs = GIC_IRQS, .ipi_irq = IPI,
		.cpu_init = gic_cpu_init, .enable = gic_enable,
		.disable = gic_disable, .ack = gic_ack, .eoi = gic_eoi,
		.send_ipi = gic_send_ipi, .xlate = gic_xlate };
	pic.chip = (struct irqchip){ .name = "fake-pic",
		.node = node("/intc@2000"), .nr_irqs = 16,
		.enable = pic_enable, .disable = pic_disable, .eoi = pic_eoi,
		.xlate = pic_xlate };
	irqchip_register(&gic.chip);
	irqchip_register(&pic.chip);
	assert_string_equal(irqchip_name(), "fake-gic");
	assert_ptr_equal(irqchip_root(), &gic.chip);
	assert_int_equal(irq_cpu_init(0), 0);
	assert_int_equal(gic.cpu_inits, 1);
	assert_true(gic.enabled[IPI]);	/* IPIs are taken from the start */
}

static void test_specifiers(void **state)
{
	unsigned int irq = 999;

	/* interrupts, with the parent inherited from the root */
	assert_int_equal(irq_of_node(fdt, node("/soc/uart@4000"), 0, &irq), 0);
	assert_int_equal(irq, 37);
	assert_int_equal(irq_of_node(fdt, node("/soc/uart@4000"), 1, &irq), -ENOENT);
	assert_int_equal(irq_of_node(fdt, node("/soc/two@5000"), 1, &irq), 0);
	assert_int_equal(irq, 18);
	/* interrupts-extended: each entry names its controller */
	assert_int_equal(irq_of_node(fdt, node("/soc/ext@6000"), 0, &irq), 0);
	assert_int_equal(irq, 7);
	assert_int_equal(irq_of_node(fdt, node("/soc/ext@6000"), 1, &irq), 0);
	assert_int_equal(irq, 19);
	assert_int_equal(irq_of_node(fdt, node("/soc/ext@6000"), 2, &irq), -ENOENT);
	/* messages name the property the node has */
	assert_string_equal(irq_property(fdt, node("/soc/ext@6000")), "interrupts-extended");
	assert_string_equal(irq_property(fdt, node("/soc/uart@4000")), "interrupts");
	/* wrong in the tree */
	assert_int_equal(irq_of_node(fdt, node("/soc/orphan@7000"), 0, &irq), -EINVAL);
	assert_int_equal(irq_of_node(fdt, node("/soc/short@8000"), 0, &irq), -ENOENT);
	assert_int_equal(irq_of_node(fdt, node("/soc/unserved@9000"), 0, &irq), -ENODEV);
	assert_int_equal(irq_of_node(fdt, node("/soc/big@a000"), 0, &irq), -ERANGE);
	assert_int_equal(irq_of_node(fdt, node("/soc/badext@b000"), 0, &irq), -EINVAL);
	assert_int_equal(irq_of_node(fdt, node("/soc/quiet@c000"), 0, &irq), -ENOENT);
	/* a controller's last number is served, its nr_irqs is not */
	assert_int_equal(irq_of_node(fdt, node("/soc/edge@d000"), 0, &irq), 0);
	assert_int_equal(irq, 15);
	assert_int_equal(irq_of_node(fdt, node("/soc/edge@d000"), 1, &irq), -ERANGE);
	assert_int_equal(irq_of_node(fdt, node("/soc/edge@d000"), 2, &irq), 0);
	assert_int_equal(irq, GIC_IRQS - 1);
	assert_int_equal(irq_of_node(fdt, node("/soc/edge@d000"), 3, &irq), -ERANGE);
}

static unsigned int handled[8], nhandled;
static void *handled_arg;

static void handler(unsigned int irq, void *arg)
{
	handled[nhandled++ % 8] = irq;
	handled_arg = arg;
}

static void test_dispatch_runs_handler_then_eoi(void **state)
{
	int cookie;

	assert_int_equal(irq_register(37, handler, &cookie), 0);
	assert_int_equal(irq_register(37, handler, NULL), -EBUSY);
	/* both sides of the table's end, and of the controller's */
	assert_int_equal(irq_register(NR_IRQS, handler, NULL), -EINVAL);
	assert_int_equal(irq_register(NR_IRQS - 1, handler, NULL), 0);
	assert_int_equal(irq_count(NR_IRQS), 0);
	assert_int_equal(irq_enable(GIC_IRQS - 1), 0);
	assert_true(gic.enabled[GIC_IRQS - 1]);
	assert_int_equal(irq_enable(GIC_IRQS), -EINVAL);
	assert_false(gic.enabled[GIC_IRQS]);
	assert_int_equal(irq_disable(NR_IRQS), -EINVAL);
	assert_int_equal(irq_enable(37), 0);
	assert_true(gic.enabled[37]);
	gic.neois = nhandled = 0;
	gic.pending[0] = 37;
	gic.pending[1] = 37;
	gic.npending = 2;
	irq_dispatch();
	assert_int_equal(nhandled, 2);
	assert_ptr_equal(handled_arg, &cookie);
	assert_int_equal(gic.neois, 2);
	assert_int_equal(gic.eois[0], 37);
	assert_int_equal(irq_count(37), 2);
	assert_int_equal(irq_disable(37), 0);
	assert_false(gic.enabled[37]);
}

static void test_numbers_go_to_their_controller(void **state)
{
	unsigned int irq;

	assert_int_equal(irq_of_node(fdt, node("/soc/ext@6000"), 0, &irq), 0);
	assert_int_equal(irq_register(irq, handler, NULL), 0);
	assert_int_equal(irq_enable(irq), 0);
	assert_true(pic.enabled[7]);
	assert_false(gic.enabled[7]);
	pic.neois = gic.neois = 0;
	irq_handle(7);
	assert_int_equal(pic.neois, 1);
	assert_int_equal(gic.neois, 0);
}

static void test_unexpected_interrupt_is_disabled(void **state)
{
	gic.enabled[40] = true;
	gic.neois = 0;
	nhandled = 0;
	irq_handle(40);
	assert_false(gic.enabled[40]);
	assert_int_equal(gic.neois, 1);
	assert_int_equal(nhandled, 0);
	irq_handle(500);	/* out of range: reported, nothing touched */
	assert_int_equal(gic.neois, 1);
}

/* A handler removed (a VM that had the interrupt is gone): the number
 * is free to register again, and unhandled meanwhile. */
static void test_unregister_frees_the_number(void **state)
{
	int cookie;

	assert_int_equal(irq_register(41, handler, NULL), 0);
	assert_int_equal(irq_register(41, handler, &cookie), -EBUSY);
	irq_unregister(41);
	nhandled = 0;
	gic.enabled[41] = true;
	irq_handle(41);		/* nobody's: disabled, as any stray one */
	assert_int_equal(nhandled, 0);
	assert_false(gic.enabled[41]);
	assert_int_equal(irq_register(41, handler, &cookie), 0);
	irq_handle(41);
	assert_int_equal(nhandled, 1);
	assert_ptr_equal(handled_arg, &cookie);
	irq_unregister(41);
	irq_unregister(NR_IRQS);	/* past the table: nothing */
}

static unsigned int ran_on;

static void call(void *arg)
{
	ran_on = this_cpu()->id + *(unsigned int *)arg;
}

static void test_ipi_runs_posted_call(void **state)
{
	unsigned int add = 100;

	gic.nipis = 0;
	irq_send_ipi(1);
	assert_int_equal(gic.nipis, 1);
	assert_int_equal(gic.ipis_to[0], 1);

	/* on CPU 1: the IPI runs what was posted, once */
	host_cpu_self = 1;
	host_cpus[1].call_arg = &add;
	host_cpus[1].call_fn = call;
	gic.neois = 0;
	irq_handle(IPI);
	assert_int_equal(ran_on, 101);
	assert_null(host_cpus[1].call_fn);
	assert_int_equal(host_cpus[1].calls_done, 1);
	assert_int_equal(gic.neois, 1);
	irq_handle(IPI);	/* nothing posted: nothing runs */
	assert_int_equal(host_cpus[1].calls_done, 1);
	host_cpu_self = 0;
}

/* A console device holding the characters "typed" at it. */
static char typed[400];
static size_t ntyped, nread;
static bool rx_on;

static int fake_getc(struct console *con)
{
	return nread < ntyped ? (unsigned char)typed[nread++] : -1;
}

static void fake_putc(struct console *con, char c)
{
}

static void fake_rx_enable(struct console *con)
{
	rx_on = true;
}

static struct console fake_con = { .name = "fake", .putc = fake_putc,
	.getc = fake_getc, .rx_irq_enable = fake_rx_enable };

static void type(const char *s, size_t n)
{
	memcpy(typed + ntyped, s, n);
	ntyped += n;
}

static void test_console_input_by_interrupt(void **state)
{
	char many[300];

	console_set(&fake_con);
	type("x", 1);
	assert_int_equal(console_getc(), 'x');	/* polled until set up */
	/* the stdout node's first interrupt: <0 6 4> */
	assert_int_equal(console_rx_irq_init(fdt), 0);
	assert_true(rx_on);
	assert_true(gic.enabled[38]);
	type("hi", 2);
	assert_int_equal(console_getc(), -1);	/* not read until it interrupts */
	irq_handle(38);
	assert_int_equal(console_getc(), 'h');
	assert_int_equal(console_getc(), 'i');
	assert_int_equal(console_getc(), -1);

	/* more than the buffer holds: the first 256 are kept, in order */
	for (size_t i = 0; i < sizeof(many); i++)
		many[i] = (char)('a' + i % 26);
	type(many, sizeof(many));
	irq_handle(38);
	assert_int_equal(nread, ntyped);	/* the device was drained */
	for (int i = 0; i < 256; i++)
		assert_int_equal(console_getc(), 'a' + i % 26);
	assert_int_equal(console_getc(), -1);
}

/* What the input hook saw, CONSOLE_INPUT_IDLE as '|'. */
static char hooked[16];
static size_t nhooked;

/* Keeps the digits for console_getc(), takes the rest. */
static void hook(int c)
{
	hooked[nhooked++] = c == CONSOLE_INPUT_IDLE ? '|' : (char)c;
	if (c >= '0' && c <= '9')
		console_input_keep((char)c);
}

/* The receive interrupt hands every character to the hook, in order,
 * then says the device is idle; only what it keeps reaches getc. */
static void test_console_input_hook(void **state)
{
	assert_true(console_input_by_irq());	/* the test before set it up */
	console_set_input_hook(hook);
	type("a1b2", 4);
	irq_handle(38);
	type("c", 1);
	irq_handle(38);
	hooked[nhooked] = 0;
	assert_string_equal(hooked, "a1b2|c|");
	assert_int_equal(console_getc(), '1');
	assert_int_equal(console_getc(), '2');
	assert_int_equal(console_getc(), -1);
	console_set_input_hook(NULL);	/* back to the buffer alone */
	type("d", 1);
	irq_handle(38);
	assert_int_equal(nhooked, 7);
	assert_int_equal(console_getc(), 'd');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_before_a_controller),
		cmocka_unit_test(test_ipi_beyond_the_table_is_refused),
		cmocka_unit_test(test_register_controllers),
		cmocka_unit_test(test_specifiers),
		cmocka_unit_test(test_dispatch_runs_handler_then_eoi),
		cmocka_unit_test(test_numbers_go_to_their_controller),
		cmocka_unit_test(test_unexpected_interrupt_is_disabled),
		cmocka_unit_test(test_unregister_frees_the_number),
		cmocka_unit_test(test_ipi_runs_posted_call),
		cmocka_unit_test(test_console_input_by_interrupt),
		cmocka_unit_test(test_console_input_hook),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
