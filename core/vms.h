/* SPDX-License-Identifier: MIT */
#ifndef CORE_VMS_H
#define CORE_VMS_H

/* Run the VMs of the built-in VM configuration (Kconfig VM_CONFIG), all
 * at once, until every one has stopped: POWER_OFF_OK when each stopped
 * with status 0, else POWER_OFF_ERROR (a VM faulted, stopped non-zero or
 * was refused). */
int vms_run(void);

#endif
