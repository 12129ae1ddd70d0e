/* SPDX-License-Identifier: MIT */
/* The console command prompt (CONFIG_SHELL). */
#ifndef CORE_SHELL_H
#define CORE_SHELL_H

#define SHELL_GO_ON (-1)

/* Read and run commands until "off"; returns its status. */
int shell_run(void);

/* The same without waiting for input (the VMs run meanwhile, core/vms.c):
 * the banner and prompt, then each character typed; shell_feed() returns
 * "off"'s status once typed, else SHELL_GO_ON. */
void shell_start(void);
int shell_feed(int c);

#endif
