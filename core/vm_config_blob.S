/* SPDX-License-Identifier: MIT */
/* The VM configuration (Kconfig VM_CONFIG), compiled by the build into
 * $(objtree)/vm-config.dtb. Read only: the parsed VMs point into it. */
	.section .rodata.vm_config, "a"
	.balign	8
	.globl	__vm_config_start
__vm_config_start:
	.incbin	VM_CONFIG_DTB

	.section .note.GNU-stack, "", %progbits
