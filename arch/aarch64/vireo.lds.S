/* SPDX-License-Identifier: MIT */
OUTPUT_ARCH(aarch64)
#include <vireo/image.lds.h>
