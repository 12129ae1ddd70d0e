// SPDX-License-Identifier: MIT
/* Names of error numbers for messages (see include/vireo/errno.h). */
#include <vireo/errno.h>

static const char *const names[] = {
	[EPERM] = "EPERM",	[ENOENT] = "ENOENT",	[EIO] = "EIO",
	[ENOMEM] = "ENOMEM",	[EBUSY] = "EBUSY",	[EEXIST] = "EEXIST",
	[ENODEV] = "ENODEV",	[EINVAL] = "EINVAL",	[ENOSPC] = "ENOSPC",
	[ERANGE] = "ERANGE",	[ENOSYS] = "ENOSYS",	[ETIMEDOUT] = "ETIMEDOUT",
};

const char *errno_name(int err)
{
	unsigned int e = err < 0 ? -(unsigned int)err : (unsigned int)err;

	if (!e)
		return "success";
	if (e < sizeof(names) / sizeof(names[0]) && names[e])
		return names[e];
	return "unknown error";
}
