// SPDX-License-Identifier: MIT
/*
 * core/vm_console.c: where host console input goes. Ctrl-A (0x01) three
 * times in a row switches hypervisor -> each VM with a UART -> hypervisor
 * (Xen's console does the same), each switch announced by one line;
 * fewer Ctrl-A are passed on. Input for a VM reaches its virtual PL011
 * (core/vdev_pl011.c, linked), the hypervisor's console_input_keep().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hal/console.h>
#include "../../core/vm.h"
#include "../../core/vm_console.h"
#include "log_capture.h"

/* what the hypervisor kept, and the hook the router set */
static char kept[64];
static unsigned int nkept;
static console_input_hook hook;

void console_input_keep(char c)
{
	kept[nkept++] = c;
}

/* the hypervisor's input wakes the boot CPU's loop (its shell) */
static unsigned int polls;

void sched_poll_request(void)
{
	polls++;
}

void console_set_input_hook(console_input_hook h)
{
	hook = h;
}

void irq_local_enable(void)
{
}

void irq_local_disable(void)
{
}

int vcpu_pend_irq(struct vcpu *v, unsigned int virq)
{
	return 0;
}

int vcpu_clear_irq(struct vcpu *v, unsigned int virq)
{
	return 0;
}

void vm_console_putc(struct vm *vm, char c)
{
}

static struct vm_config cfg_a = { .name = "a", .uart = true };
/* b's UART is a 16550: input reaches either model */
static struct vm_config cfg_b = { .name = "b", .uart = true,
				  .uart_model = VM_UART_NS16550 };
static struct vm vm_a, vm_b;

static void type(const char *s)
{
	while (*s)
		hook((unsigned char)*s++);
	hook(CONSOLE_INPUT_IDLE);
}

/* Has vm's UART a received byte? PL011 FR.RXFE clear, 16550 LSR.DR. */
static bool rx_ready(struct vm *vm)
{
	uint64_t v;

	if (vm->cfg->uart_model == VM_UART_NS16550) {
		assert_null(vdev_ns16550_ops.read(&vm->uart.ns16550, 5, 1, &v));
		return v & 0x01;
	}
	assert_null(vdev_pl011_ops.read(&vm->uart.pl011, 0x18, 4, &v));
	return !(v & 0x10);
}

/* What vm's UART received, as a string. */
static const char *received(struct vm *vm)
{
	static char buf[64];
	unsigned int n = 0;
	uint64_t v;

	while (rx_ready(vm)) {
		if (vm->cfg->uart_model == VM_UART_NS16550)
			assert_null(vdev_ns16550_ops.read(&vm->uart.ns16550, 0,
							  1, &v));
		else
			assert_null(vdev_pl011_ops.read(&vm->uart.pl011, 0, 4,
							&v));
		buf[n++] = (char)v;
	}
	buf[n] = 0;
	return buf;
}

#define LINE(where) "vireo: console input: " where " (Ctrl-A x3 to switch)\n"

static void test_cycle(void **state)
{
	vm_a.cfg = &cfg_a;
	vm_b.cfg = &cfg_b;
	vpl011_init(&vm_a.uart.pl011, &vm_a, &vm_a.vcpus[0], 0);
	vns16550_init(&vm_b.uart.ns16550, &vm_b, &vm_b.vcpus[0], 0, 0);
	assert_null(hook);
	log_capture_reset();
	vm_console_attach(&vm_a);
	vm_console_attach(&vm_b);
	assert_non_null(hook);
	assert_null(vm_console_target());
	/* the first VM that can take input: where it goes, how to switch */
	assert_string_equal(log_text(), LINE("hypervisor"));

	polls = 0;
	type("ls");				/* the hypervisor's */
	assert_int_equal(polls, 1);		/* at the end of the burst */
	log_capture_reset();
	type("\1\1\1");
	assert_string_equal(log_text(), LINE("vm a"));
	assert_ptr_equal(vm_console_target(), &vm_a);
	polls = 0;
	type("hi\r");
	assert_string_equal(received(&vm_a), "hi\r");
	assert_int_equal(polls, 0);		/* the VM's: not for the shell */
	/* one at a time, as a slow typist sends them */
	log_capture_reset();
	type("\1");
	type("\1");
	assert_string_equal(log_text(), "");
	type("\1");
	assert_string_equal(log_text(), LINE("vm b"));
	type("yo");
	assert_string_equal(received(&vm_b), "yo");
	assert_string_equal(received(&vm_a), "");
	/* two Ctrl-A then a character: all three are the VM's */
	type("\1\1x");
	assert_string_equal(received(&vm_b), "\1\1x");
	log_capture_reset();
	type("\1\1\1");
	assert_string_equal(log_text(), LINE("hypervisor"));
	type("\1z");
	kept[nkept] = 0;
	assert_string_equal(kept, "ls\1z");
	assert_string_equal(received(&vm_a), "");
	assert_string_equal(received(&vm_b), "");
}

/* A VM that goes away with the input gives it back to the hypervisor. */
static void test_detach(void **state)
{
	type("\1\1\1\1\1\1");			/* hypervisor -> a -> b */
	assert_ptr_equal(vm_console_target(), &vm_b);
	log_capture_reset();
	vm_console_detach(&vm_a);		/* not the target: kept */
	assert_string_equal(log_text(), "");
	assert_ptr_equal(vm_console_target(), &vm_b);
	vm_console_detach(&vm_b);
	assert_string_equal(log_text(), LINE("hypervisor"));
	assert_null(vm_console_target());
	nkept = 0;
	log_capture_reset();
	type("\1\1\1q");			/* no VM: stays */
	assert_string_equal(log_text(), LINE("hypervisor"));
	assert_int_equal(nkept, 1);
	assert_int_equal(kept[0], 'q');
	log_capture_reset();
	vm_console_attach(&vm_a);		/* said once, not again */
	assert_string_equal(log_text(), "");
	vm_console_detach(&vm_a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_detach),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
