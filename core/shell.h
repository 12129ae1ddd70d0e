/* SPDX-License-Identifier: MIT */
/* The console command prompt (CONFIG_SHELL). */
#ifndef CORE_SHELL_H
#define CORE_SHELL_H

/* Read and run commands until "off"; returns its status. */
int shell_run(void);

#endif
