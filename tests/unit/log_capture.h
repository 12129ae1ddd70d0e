/* SPDX-License-Identifier: MIT */
/*
 * printk for host tests that check what a driver said: everything
 * printed since log_capture_reset() is kept (up to 8 KiB) for
 * log_text(); panic() fails the running test. Link log_capture.c
 * instead of host_log.c.
 */
#ifndef LOG_CAPTURE_H
#define LOG_CAPTURE_H

void log_capture_reset(void);
const char *log_text(void);

#endif
