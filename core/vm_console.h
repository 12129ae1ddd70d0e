/* SPDX-License-Identifier: MIT */
/*
 * Console input switching (docs/vm-config.md "Console input"): the host
 * console's input goes to the hypervisor (console_getc(): its shell) or
 * to one VM's virtual UART. Ctrl-A three times in a row switches, as
 * Xen's console does: hypervisor -> each VM with a UART, in the order
 * they were created -> hypervisor, each switch announced by one line
 * "vireo: console input: vm <name> (Ctrl-A x3 to switch)" or "...:
 * hypervisor (...)". Fewer than three Ctrl-A before another character
 * are passed on to where input goes. Input is routed from the host
 * console's receive interrupt (hal/console.h console_set_input_hook).
 */
#ifndef CORE_VM_CONSOLE_H
#define CORE_VM_CONSOLE_H

#include <vireo/types.h>

#define VM_CONSOLE_SWITCH_CHAR 0x01	/* Ctrl-A */
#define VM_CONSOLE_SWITCH_COUNT 3

struct vm;

/* vm (with a UART) may take input from now on / no more: detaching the
 * VM input goes to sends it back to the hypervisor. */
void vm_console_attach(struct vm *vm);
void vm_console_detach(struct vm *vm);

/* One character of host input (or CONSOLE_INPUT_IDLE): the hook
 * vm_console_attach() sets. */
void vm_console_input(int c);

/* The VM input goes to now, NULL for the hypervisor. */
struct vm *vm_console_target(void);

#endif
