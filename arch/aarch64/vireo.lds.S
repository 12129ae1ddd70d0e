/* SPDX-License-Identifier: MIT */
/* aarch64 image layout: Image header first, then text, data, bss, stacks. */
OUTPUT_ARCH(aarch64)
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
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(4096);
	.stack (NOLOAD) : {
		. += CONFIG_STACK_SIZE;
		__boot_stack_top = .;
	}
	_end = .;
	__image_size = _end - _start_image;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
