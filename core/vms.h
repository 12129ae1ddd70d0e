/* SPDX-License-Identifier: MIT */
#ifndef CORE_VMS_H
#define CORE_VMS_H

#include <vireo/types.h>

/* Run the VMs of the built-in VM configuration (Kconfig VM_CONFIG), all
 * at once, until every one has stopped: POWER_OFF_OK when each stopped
 * with status 0, else POWER_OFF_ERROR (a VM faulted, stopped non-zero or
 * was refused). */
int vms_run(void);

/* With CONFIG_SHELL the shell runs meanwhile (vms_run() returns "off"'s
 * status): its VM commands, "vms" and "vm stop|start|reset <name>".
 * False for a command that is not one of them. */
bool vms_command(int argc, char **argv);

#endif
