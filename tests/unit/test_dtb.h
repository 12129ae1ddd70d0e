/* SPDX-License-Identifier: MIT */
/* Device trees for host tests: $DTB_DIR/<name>.dtb (tests/unit/Makefile). */
#ifndef TEST_DTB_H
#define TEST_DTB_H

/* The tree in a malloc'ed 64 KiB buffer (free it); exits if missing. */
void *test_dtb_load(const char *name);

#endif
