/* SPDX-License-Identifier: MIT */
/*
 * For arch/<arch>/asm-offsets.c only: that file is compiled to assembly
 * (-S), never to an object, and scripts/build.mk turns each marker
 * below into a "#define SYM value" line of
 * $(objtree)/include/generated/asm-offsets.h, which assembly includes.
 * So an offset or size .S files use is always the C compiler's.
 */
#ifndef VIREO_ASM_OFFSETS_H
#define VIREO_ASM_OFFSETS_H

#include <vireo/types.h>

/* A constant expression, emitted as "@@asm-offset SYM value". */
#define ASM_CONST(sym, val) \
	__asm__ volatile("\n.ascii \"@@asm-offset " #sym " %c0\"" : : "i"(val))

#define ASM_OFFSET(sym, type, member) ASM_CONST(sym, offsetof(type, member))
#define ASM_SIZE(sym, type) ASM_CONST(sym, sizeof(type))

#endif
