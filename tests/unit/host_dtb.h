/* SPDX-License-Identifier: MIT */
/*
 * The device trees host tests read: tests/unit/dts/<name>.dts, compiled
 * by the Makefile into $DTB_DIR/<name>.dtb.
 */
#ifndef HOST_DTB_H
#define HOST_DTB_H

#include <stddef.h>

/* The blob in a malloc()ed buffer (with 64 bytes to spare), its size in
 * *size if size is not NULL; fails the running test if it is missing. */
void *dtb_load(const char *name, size_t *size);

#endif
