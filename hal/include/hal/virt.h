/* SPDX-License-Identifier: MIT */
/* Hardware virtualization support of this CPU. */
#ifndef HAL_VIRT_H
#define HAL_VIRT_H

#include <vireo/types.h>

/*
 * Implemented by arch/<arch>: write the detected features as a comma
 * separated list ("el2", "h", "svm,npt", "vmx,ept") or "none" to buf.
 * Returns true if the CPU can run guests with hardware support.
 */
bool arch_virt_features(char *buf, size_t size);

#endif
