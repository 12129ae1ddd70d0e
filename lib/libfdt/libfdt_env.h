/* SPDX-License-Identifier: MIT */
/*
 * The environment Vireo's libfdt needs: fixed-width types and the
 * big-endian <-> CPU conversions, with nothing from a C library, so the
 * same headers serve the freestanding hypervisor and host tests (no
 * <limits.h> either: GCC's wants a C library's under -nostdinc).
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

/*
 * Plain shifts rather than __builtin_bswap*: rv64 without Zbb would make
 * that a libgcc call, and the compilers recognise this pattern anyway.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define fdt_swab16_(x)	(x)
#define fdt_swab32_(x)	(x)
#define fdt_swab64_(x)	(x)
#else
#define fdt_swab16_(x)	((uint16_t)(((x) >> 8) | ((x) << 8)))
#define fdt_swab32_(x)	((((x) & 0xff000000u) >> 24) | (((x) & 0x00ff0000u) >> 8) | \
			 (((x) & 0x0000ff00u) << 8) | (((x) & 0x000000ffu) << 24))
#define fdt_swab64_(x)	(((uint64_t)fdt_swab32_((uint32_t)(x)) << 32) | \
			 fdt_swab32_((uint32_t)((x) >> 32)))
#endif

static inline uint16_t fdt16_to_cpu(fdt16_t x)
{
	return fdt_swab16_(x);
}

static inline fdt16_t cpu_to_fdt16(uint16_t x)
{
	return fdt_swab16_(x);
}

static inline uint32_t fdt32_to_cpu(fdt32_t x)
{
	return fdt_swab32_(x);
}

static inline fdt32_t cpu_to_fdt32(uint32_t x)
{
	return fdt_swab32_(x);
}

static inline uint64_t fdt64_to_cpu(fdt64_t x)
{
	return fdt_swab64_(x);
}

static inline fdt64_t cpu_to_fdt64(uint64_t x)
{
	return fdt_swab64_(x);
}

#endif /* LIBFDT_ENV_H */
