/* SPDX-License-Identifier: MIT */
/*
 * x86_64 image layout: multiboot header and 32-bit entry first, then
 * text, rodata, data, bss, the boot page tables and the stack.
 */
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = CONFIG_LOAD_ADDR;
	_start_image = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	} :text
	. = ALIGN(4096);
	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__start_vireo_earlycon = .;
		KEEP(*(vireo_earlycon))
		__stop_vireo_earlycon = .;
		__start_vireo_poweroff = .;
		KEEP(*(vireo_poweroff))
		__stop_vireo_poweroff = .;
	} :rodata
	. = ALIGN(4096);
	.data : { *(.data .data.*) } :data
	. = ALIGN(16);
	/*
	 * Not NOLOAD: the RW segment's memory size must cover bss, page
	 * tables and stack, or QEMU puts the multiboot information there.
	 * They are @nobits sections, so they take no room in the file.
	 */
	.bss : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	/* Outside BSS: head.S uses them before clearing BSS. */
	. = ALIGN(4096);
	.boot_pgtable : { KEEP(*(.boot_pgtable)) }
	. = ALIGN(4096);
	.stack : {
		KEEP(*(.boot_stack))
		__boot_stack_top = .;
	}
	_end = .;
	__image_size = _end - _start_image;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
