/* SPDX-License-Identifier: MIT */
/*
 * Console logging with levels from Kconfig (CONFIG_LOG_LEVEL): messages
 * above the configured level are compiled out. panic() prints the reason
 * with its file and line and powers off with a failure status.
 */
#ifndef VIREO_LOG_H
#define VIREO_LOG_H

#include <vireo/types.h>

#define LOG_ERR 0
#define LOG_WARN 1
#define LOG_INFO 2
#define LOG_DEBUG 3

/* Print to the console, no prefix. Returns the number of characters. */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
/*
 * From now on other CPUs may print too: printk takes a lock. Not before,
 * since early on (aarch64 with the MMU off) atomics may not work.
 */
void printk_lock_start(void);

#define pr_level(level, fmt, ...)                                      \
	do {                                                           \
		if ((level) <= CONFIG_LOG_LEVEL)                       \
			printk(fmt, ##__VA_ARGS__);                    \
	} while (0)

#define pr_err(fmt, ...) pr_level(LOG_ERR, "vireo: error: " fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) pr_level(LOG_WARN, "vireo: warning: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) pr_level(LOG_INFO, "vireo: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) pr_level(LOG_DEBUG, "vireo: debug: " fmt, ##__VA_ARGS__)
/* How the boot ended (ready, power off): at every level, runners read it. */
#define pr_always(fmt, ...) printk("vireo: " fmt, ##__VA_ARGS__)

void __panic(const char *file, int line, const char *fmt, ...)
	__printf(3, 4) __noreturn;
#define panic(fmt, ...) __panic(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif
