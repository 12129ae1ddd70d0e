// SPDX-License-Identifier: MIT
/*
 * Where host console input goes (vm_console.h). The state is the host
 * console's, one for the machine: the VMs that have a UART, which one
 * has the input, and how many Ctrl-A came in a row.
 */
#include <hal/console.h>
#include <hal/irq.h>
#include <vireo/log.h>
#include "sched.h"
#include "vm.h"
#include "vm_config.h"
#include "vm_console.h"

static struct {
	struct vm *vms[VM_MAX_VMS];	/* with a UART, in creation order */
	unsigned int nr;
	int target;			/* index in vms[], -1: hypervisor */
	unsigned int switches;		/* Ctrl-A in a row so far */
	bool told;			/* the first VM's line was printed */
} in = { .target = -1 };

struct vm *vm_console_target(void)
{
	return in.target < 0 ? NULL : in.vms[in.target];
}

static void announce(void)
{
	struct vm *vm = vm_console_target();

	if (vm)
		pr_info("console input: vm %s (Ctrl-A x3 to switch)\n",
			vm->cfg->name);
	else
		pr_info("console input: hypervisor (Ctrl-A x3 to switch)\n");
}

/* VM lock: c (or CONSOLE_INPUT_IDLE) into vm's UART, of its model. */
static void uart_input(struct vm *vm, int c)
{
	bool idle = c == CONSOLE_INPUT_IDLE;

	if (vm->cfg->uart_model == VM_UART_NS16550) {
		if (idle)
			vns16550_rx_idle(&vm->uart.ns16550);
		else
			vns16550_receive(&vm->uart.ns16550, (char)c);
	} else if (idle) {
		vpl011_rx_idle(&vm->uart.pl011);
	} else {
		vpl011_receive(&vm->uart.pl011, (char)c);
	}
}

/* In the host console's receive interrupt: the target VM's UART, which
 * its vCPUs' exits use too, under the VM's lock (the line it raises
 * kicks the vCPU, vcpu_kick()); the hypervisor's input wakes the boot
 * CPU's loop, which feeds the shell (core/vms.c). */
static void deliver(int c)
{
	struct vm *vm = vm_console_target();

	if (!vm) {
		if (c != CONSOLE_INPUT_IDLE)
			console_input_keep((char)c);
		else
			sched_poll_request();
		return;
	}
	spin_lock(&vm->lock);
	uart_input(vm, c);
	spin_unlock(&vm->lock);
}

/* The next in the cycle: hypervisor, each VM, hypervisor. */
static void switch_input(void)
{
	deliver(CONSOLE_INPUT_IDLE);	/* the old target's burst ended */
	in.target = in.target + 1 < (int)in.nr ? in.target + 1 : -1;
	announce();
}

void vm_console_input(int c)
{
	if (c == VM_CONSOLE_SWITCH_CHAR) {
		if (++in.switches == VM_CONSOLE_SWITCH_COUNT) {
			in.switches = 0;
			switch_input();
		}
		return;
	}
	/* an idle line keeps the count: a slow typist's Ctrl-A come one
	 * interrupt each */
	if (c != CONSOLE_INPUT_IDLE)
		for (; in.switches; in.switches--)
			deliver(VM_CONSOLE_SWITCH_CHAR);
	deliver(c);
}

/* VM lock: the receive interrupt reads the list; on this CPU it is
 * held off while the list changes (callers run with interrupts on:
 * vm_create, vm_destroy), another CPU's needs the lock. */
void vm_console_attach(struct vm *vm)
{
	if (in.nr == VM_MAX_VMS)
		return;		/* the configuration has at most as many */
	irq_local_disable();
	in.vms[in.nr++] = vm;
	irq_local_enable();
	console_set_input_hook(vm_console_input);
	if (!in.told) {		/* once: how to reach it, as Xen says */
		in.told = true;
		announce();
	}
}

void vm_console_detach(struct vm *vm)
{
	unsigned int at, i;
	bool had_input;

	for (at = 0; at < in.nr && in.vms[at] != vm; at++)
		;
	if (at == in.nr)
		return;
	irq_local_disable();
	had_input = in.target == (int)at;
	for (i = at; i + 1 < in.nr; i++)
		in.vms[i] = in.vms[i + 1];
	in.nr--;
	if (had_input)
		in.target = -1;
	else if (in.target > (int)at)
		in.target--;
	irq_local_enable();
	if (had_input)
		announce();
}
