# aarch64: toolchain and image facts for the top Makefile.
ARCH_CROSS_COMPILE := aarch64-linux-gnu-
ARCH_CROSS_PKG := gcc-aarch64-linux-gnu
CLANG_TARGET := aarch64-none-elf
# No FP/SIMD in the hypervisor; the MMU is off at first, where unaligned
# accesses fault, so the compiler must not make any.
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
ARCH_LDFLAGS :=
# QEMU passes the DTB in x0 only to an image with the arm64 Image header.
ARCH_IMAGE := vireo.bin
ARCH_IMAGE_FLAGS := -O binary
# QEMU's -kernel (hw/arm/boot.c, 7.2) puts an image with the arm64 Image
# header at the start of RAM + text_offset, 2 MiB higher when text_offset
# is below 4 KiB, and boot/head.S says text_offset = LOAD_ADDR & 0x1fffff.
# An image linked anywhere else runs at the wrong address and prints
# nothing, so a QEMU board gives where its RAM starts (EMU_RAM_BASE in
# board.mk) and scripts/build.mk stops with ARCH_CHECK's line, if any.
ARCH_CHECK = $(if $(filter qemu-system-%,$(EMU)),$(if $(EMU_RAM_BASE),$(shell \
	load=$$(($(CONFIG_LOAD_ADDR))) ram=$$(($(EMU_RAM_BASE))); \
	off=$$((load & 0x1fffff)); want=$$((ram + off)); \
	[ $$off -ge 4096 ] || want=$$((want + 0x200000)); \
	[ $$load -eq $$want ] || printf '%s' "CONFIG_LOAD_ADDR=$(CONFIG_LOAD_ADDR): \
QEMU places the arm64 Image at RAM ($(EMU_RAM_BASE)) + text_offset \
(LOAD_ADDR & 0x1fffff, + 2 MiB if below 4 KiB): link at $$(printf 0x%x $$want)"),\
boards/$(BOARD)/board.mk: no EMU_RAM_BASE (the start of the emulator's RAM) to check CONFIG_LOAD_ADDR against))
