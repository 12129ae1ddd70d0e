// SPDX-License-Identifier: MIT
/* Vireo's libfdt: error names, spelt as libfdt 1.6.1 spells them. */
#include "fdt_internal.h"

static const char *const fdt_errnames[] = {
	[FDT_ERR_NOTFOUND] = "FDT_ERR_NOTFOUND",
	[FDT_ERR_EXISTS] = "FDT_ERR_EXISTS",
	[FDT_ERR_NOSPACE] = "FDT_ERR_NOSPACE",
	[FDT_ERR_BADOFFSET] = "FDT_ERR_BADOFFSET",
	[FDT_ERR_BADPATH] = "FDT_ERR_BADPATH",
	[FDT_ERR_BADPHANDLE] = "FDT_ERR_BADPHANDLE",
	[FDT_ERR_BADSTATE] = "FDT_ERR_BADSTATE",
	[FDT_ERR_TRUNCATED] = "FDT_ERR_TRUNCATED",
	[FDT_ERR_BADMAGIC] = "FDT_ERR_BADMAGIC",
	[FDT_ERR_BADVERSION] = "FDT_ERR_BADVERSION",
	[FDT_ERR_BADSTRUCTURE] = "FDT_ERR_BADSTRUCTURE",
	[FDT_ERR_BADLAYOUT] = "FDT_ERR_BADLAYOUT",
	[FDT_ERR_INTERNAL] = "FDT_ERR_INTERNAL",
	[FDT_ERR_BADNCELLS] = "FDT_ERR_BADNCELLS",
	[FDT_ERR_BADVALUE] = "FDT_ERR_BADVALUE",
	[FDT_ERR_BADOVERLAY] = "FDT_ERR_BADOVERLAY",
	[FDT_ERR_NOPHANDLES] = "FDT_ERR_NOPHANDLES",
	[FDT_ERR_BADFLAGS] = "FDT_ERR_BADFLAGS",
	/* 1.6.1's table has no FDT_ERR_ALIGNMENT: "<unknown error>" */
};

const char *fdt_strerror(int errval)
{
	if (errval > 0)
		return "<valid offset/length>";
	if (errval == 0)
		return "<no error>";
	if (errval > -(int)(sizeof(fdt_errnames) / sizeof(fdt_errnames[0])) &&
	    fdt_errnames[-errval])
		return fdt_errnames[-errval];
	return "<unknown error>";
}
