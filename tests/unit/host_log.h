/* SPDX-License-Identifier: MIT */
/*
 * printk for host tests (host_log.c): printed, and kept since
 * log_capture_reset() (the latest 4-8 KiB) for log_text(), so a test can
 * check what a driver said; panic() fails the running test.
 */
#ifndef HOST_LOG_H
#define HOST_LOG_H

void log_capture_reset(void);
const char *log_text(void);

#endif
