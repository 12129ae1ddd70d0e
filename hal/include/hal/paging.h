/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own address space, built with the page-table engine
 * (include/vireo/pgtable.h) from the memory map and the bound devices.
 * Identity mapped (VA == PA):
 *   text        read-only, executable
 *   rodata      read-only
 *   data, bss, boot stack, and all other usable RAM   read-write, never executable
 *   the firmware's device tree                         read-only
 *   the page below the boot stack                      unmapped (guard)
 *   device MMIO of the bound devices                  read-write, device memory
 * Nothing else is mapped: a stray access faults and panics with what was
 * hit (hal_describe_address()).
 */
#ifndef HAL_PAGING_H
#define HAL_PAGING_H

#include <hal/memory.h>
#include <vireo/pgtable.h>

/* Build the tables and switch to them; 0 or a negative errno (printed). */
int paging_init(const struct memory_info *mem);

/* Map device registers [base, base + size) for a driver (page rounded).
 * Before paging_init the range is only recorded; 0 or -errno. */
int paging_map_device(paddr_t base, uint64_t size);

/* "hypervisor text", "rodata", "data", "RAM", "device" or "unmapped":
 * for fault messages. */
const char *hal_describe_address(uint64_t va);

/* Implemented by arch/<arch>: the format and engine flags of the
 * hypervisor's stage-1 tables on this CPU. */
const struct pgtable_format *arch_paging_format(unsigned int *flags);

/* Implemented by arch/<arch>: load root (TTBR0_EL2 / satp / CR3), set
 * up memory attributes and permission checks (MAIR, NX, WP), turn the
 * MMU on if it is off and flush the TLB. Returns only once running on
 * the new tables. */
void arch_paging_enable(paddr_t root);

/* The root of the hypervisor's tables (paging_init() made it), for the
 * secondary CPUs' arch_paging_enable(). */
paddr_t paging_root(void);

#endif
