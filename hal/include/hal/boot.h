/* SPDX-License-Identifier: MIT */
/*
 * The hand-over from an architecture's entry code to the HAL.
 *
 * arch/<arch>/boot/ sets a stack and clears BSS, the arch's C entry
 * fills struct boot_info and calls hal_boot(), which brings the machine
 * up in a fixed, logged order (docs/boot-log.md).
 */
#ifndef HAL_BOOT_H
#define HAL_BOOT_H

#include <vireo/memmap.h>

#define BOOT_RAM_MAX 8
#define BOOT_CPUS_MAX 64

struct boot_info {
	paddr_t dtb;		/* device tree from the firmware, 0: none */
	/*
	 * RAM as the boot loader reported it, where the firmware passes no
	 * device tree (x86 multiboot): written into the built-in DTB's
	 * /memory, so the rest of Vireo reads RAM from the DT alone.
	 */
	struct mem_region ram[BOOT_RAM_MAX];
	int ram_count;
	unsigned long cpu_id;	/* hardware id of the boot CPU */
	/* The clock's counter at entry (CNTPCT, time, TSC): the boot's length
	 * is logged from it; under QEMU -icount, in instructions. */
	uint64_t entry_counter;
	/*
	 * The CPUs' hardware ids, where the firmware lists them outside the
	 * device tree (x86: the ACPI MADT); used when the DT's /cpus is empty.
	 */
	unsigned long cpus[BOOT_CPUS_MAX];
	int cpu_count;
	/* Non-NULL: what is wrong with that list, one line cpus_init()
	 * prints when it uses the list (nothing is printed before then). */
	const char *cpus_note;
	const char *mode;	/* privilege level reached: "el2", "hs", "long" */
	/* Non-NULL: why Vireo cannot run in this mode (printed, then off). */
	const char *mode_error;
};

__noreturn void hal_boot(const struct boot_info *bi);

/* The validated device tree (NULL before it is checked), for the arch
 * code that reads firmware nodes such as /psci. */
const void *boot_fdt(void);

/* The clock at the hypervisor's entry, in ns of time_now_ns() (set once
 * the clock runs, before the ready line). */
uint64_t boot_entry_ns(void);

#endif
