// SPDX-License-Identifier: MIT
/*
 * Vireo's libfdt: writing a property's value in place, same length only,
 * so no offset in the blob moves (x86 writes the RAM size into the
 * built-in DTB's /memory this way).
 */
#include <vireo/string.h>
#include "fdt_internal.h"

int fdt_setprop_inplace_namelen_partial(void *fdt, int nodeoffset,
					const char *name, int namelen,
					uint32_t idx, const void *val,
					int len)
{
	void *propval;
	int proplen;

	propval = fdt_getprop_namelen_w(fdt, nodeoffset, name, namelen,
					&proplen);
	if (!propval)
		return proplen;
	/*
	 * libfdt checks idx + len in 32 bits, where it can wrap, and takes
	 * a corrupt negative length as huge: both would write outside the
	 * value, so both are refused here.
	 */
	if (len < 0 || proplen < 0 ||
	    (uint64_t)idx + (uint32_t)len > (uint32_t)proplen)
		return -FDT_ERR_NOSPACE;
	memcpy((char *)propval + idx, val, (size_t)len);
	return 0;
}

int fdt_setprop_inplace(void *fdt, int nodeoffset, const char *name,
			const void *val, int len)
{
	int proplen;

	if (!fdt_getprop(fdt, nodeoffset, name, &proplen))
		return proplen;
	if (proplen != len)
		return -FDT_ERR_NOSPACE;
	return fdt_setprop_inplace_namelen_partial(fdt, nodeoffset, name,
						   (int)strlen(name), 0,
						   val, len);
}
