/* SPDX-License-Identifier: MIT */
/* Error numbers as in Linux, returned negated (-EINVAL); 0 is success. */
#ifndef VIREO_ERRNO_H
#define VIREO_ERRNO_H

#define EPERM 1		/* operation not permitted */
#define ENOENT 2	/* no such entry */
#define EIO 5		/* I/O error */
#define ENOMEM 12	/* out of memory */
#define EBUSY 16	/* resource busy */
#define EEXIST 17	/* already exists */
#define ENODEV 19	/* no such device */
#define EINVAL 22	/* invalid argument */
#define ENOSPC 28	/* no space left (in a fixed-size table) */
#define ERANGE 34	/* value out of range */
#define ENOSYS 38	/* not implemented */
#define ETIMEDOUT 110	/* no answer in time */

/*
 * The symbol of an error number, for messages: errno_name(-ENODEV) and
 * errno_name(ENODEV) are "ENODEV"; 0 is "success", a number without a
 * name here "unknown error". Every message that reports an error code
 * prints it this way, never as a bare number.
 */
const char *errno_name(int err);

#endif
