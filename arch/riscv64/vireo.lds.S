/* SPDX-License-Identifier: MIT */
/* riscv64 image layout: entry first (OpenSBI jumps to the load address),
 * then text, rodata, data, bss, stack, each segment with its own rights. */
OUTPUT_ARCH(riscv)
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
		*(.rodata .rodata.* .srodata .srodata.*)
		. = ALIGN(8);
		__start_vireo_earlycon = .;
		KEEP(*(vireo_earlycon))
		__stop_vireo_earlycon = .;
		__start_vireo_poweroff = .;
		KEEP(*(vireo_poweroff))
		__stop_vireo_poweroff = .;
	} :rodata
	. = ALIGN(4096);
	/* GCC puts small objects in .sdata/.sbss; keep them with the rest. */
	.data : { *(.data .data.* .sdata .sdata.*) } :data
	. = ALIGN(16);
	/*
	 * Not NOLOAD: the ELF is the image, so its RW segment should cover
	 * bss and stack (QEMU's loader then zeroes and reserves them). The
	 * stack is a @nobits section from head.S, as ld.lld would store an
	 * output section made only of ". +=" in the file.
	 */
	.bss : {
		__bss_start = .;
		*(.bss .bss.* .sbss .sbss.* .scommon COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(4096);
	.stack : {
		KEEP(*(.boot_stack))
		__boot_stack_top = .;
	}
	_end = .;
	__image_size = _end - _start_image;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
