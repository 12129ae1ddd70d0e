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
	 * As libfdt: in 32 bits, so a corrupt negative length passes for a
	 * huge one and idx + len may wrap...
	 */
	if ((uint32_t)proplen < (uint32_t)len + idx)
		return -FDT_ERR_NOSPACE;
	/* ...but where libfdt would then write outside the blob, refuse */
	if (len < 0 || (uint64_t)fdt_pos_(fdt, propval) + idx + (uint32_t)len >
		       fdt_totalsize(fdt))
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
