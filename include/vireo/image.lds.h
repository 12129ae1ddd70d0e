/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor image layout, shared by every architecture's vireo.lds.S
 * (which names its OUTPUT_ARCH and includes this). Entry code first, then
 * text, rodata with the driver tables, data, bss, early tables and the
 * boot stack - each of text, rodata and data in its own segment, so none
 * is writable and executable.
 *
 * bss, early tables and stack are @nobits sections inside the RW segment
 * (not NOLOAD): loaders see the image's whole memory size and keep their
 * own data (multiboot info, DTB) out of it, yet the file stays small.
 */
#include <vireo/page.h>

ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
}

/* A table of driver descriptors, walked from __start_x to __stop_x. */
#define DRIVER_TABLE(name)                                                  \
	__start_##name = .;                                                 \
	KEEP(*(name))                                                       \
	__stop_##name = .;

SECTIONS
{
	. = CONFIG_LOAD_ADDR;
	_start_image = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	} :text
	. = ALIGN(PAGE_SIZE);
	__rodata_start = .;
	.rodata : {
		*(.rodata .rodata.* .srodata .srodata.*)
		. = ALIGN(8);
		DRIVER_TABLE(vireo_drivers)
	} :rodata
	. = ALIGN(PAGE_SIZE);
	__data_start = .;
	/* riscv GCC puts small objects in .sdata/.sbss: keep them here. */
	.data : { *(.data .data.* .sdata .sdata.*) } :data
	. = ALIGN(16);
	.bss : {
		__bss_start = .;
		*(.bss .bss.* .sbss .sbss.* .scommon COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	/* Used by entry code before it clears BSS (x86 boot page tables). */
	. = ALIGN(PAGE_SIZE);
	.boot_early : { KEEP(*(.boot_pgtable)) }
	/* Left unmapped by hal/paging.c, so a boot stack overflow faults. */
	. = ALIGN(PAGE_SIZE);
	__stack_guard = .;
	. += PAGE_SIZE;
	/* Each head.S reserves CONFIG_STACK_SIZE in .boot_stack. */
	.stack : {
		KEEP(*(.boot_stack))
		/* any CONFIG_STACK_SIZE: the ABIs want the top 16-byte aligned */
		. = ALIGN(16);
		__boot_stack_top = .;
	}
	_end = .;
	__image_size = _end - _start_image;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
