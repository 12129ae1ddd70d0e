// SPDX-License-Identifier: MIT
/*
 * The PVH boot protocol's data (hal/vcpu.h vcpu_boot_data()): struct
 * hvm_start_info version 1, its memory map (RAM as E820 type 1, ROM as
 * reserved, 2) and the command line, as Xen's
 * public header arch-x86/hvm/start_info.h lays them out (the ABI Linux,
 * Xen and QEMU share). The vCPU starts in 32-bit protected mode with
 * paging off and ebx = its guest-physical address (virt/vcpu.c).
 */
#include <hal/vcpu.h>
#include <vireo/errno.h>
#include <vireo/string.h>

#define HVM_START_MAGIC 0x336ec578u	/* "xEn3" */
#define HVM_START_VERSION 1
#define E820_RAM 1
#define E820_RESERVED 2		/* its ROM: there, but not the OS's to use */

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;			/* version 1 */
	uint32_t memmap_entries, reserved;
};

struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "start_info v1");
_Static_assert(sizeof(struct hvm_memmap_entry) == 24, "memmap entry");

int vcpu_boot_data(void *buf, size_t size, uint64_t gpa,
		   const struct vcpu_boot_mem *mem, unsigned int nr,
		   const char *cmdline)
{
	struct hvm_start_info *si = buf;
	struct hvm_memmap_entry *map = (void *)(si + 1);
	size_t at = sizeof(*si) + nr * sizeof(*map);
	size_t cmd_len = cmdline ? strlen(cmdline) + 1 : 0;
	unsigned int i;

	if (at + cmd_len > size)
		return -ENOSPC;
	memset(buf, 0, size);
	*si = (struct hvm_start_info){
		.magic = HVM_START_MAGIC,
		.version = HVM_START_VERSION,
		.memmap_paddr = gpa + sizeof(*si),
		.memmap_entries = nr,
	};
	for (i = 0; i < nr; i++)
		map[i] = (struct hvm_memmap_entry){ mem[i].gpa, mem[i].size,
			mem[i].read_only ? E820_RESERVED : E820_RAM, 0 };
	if (cmdline) {
		memcpy((char *)buf + at, cmdline, cmd_len);
		si->cmdline_paddr = gpa + at;
	}
	return 0;
}
