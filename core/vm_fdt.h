/* SPDX-License-Identifier: MIT */
/*
 * The device tree each guest gets (docs/vm-config.md "The guest's device
 * tree"), generated from its configuration with libfdt's sequential
 * writer: /memory, /cpus (enable-method psci), /psci (0.2, hvc), the
 * arch timer and the GIC if it has one, its PL011 with a fixed clock,
 * /chosen (stdout-path, bootargs).
 */
#ifndef CORE_VM_FDT_H
#define CORE_VM_FDT_H

#include "vm.h"

/* What the configuration reserves for it in guest memory. */
#define VM_FDT_MAX 4096

/* Write cfg's tree into buf (size bytes): 0, or a libfdt error
 * (-FDT_ERR_NOSPACE when it does not fit). */
int vm_fdt_build(const struct vm_config *cfg, void *buf, int size);

#endif
