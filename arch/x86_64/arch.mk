# x86_64: toolchain and image facts for the top Makefile.
# The host gcc targets x86_64 already; elsewhere use Debian's cross gcc.
ifeq ($(shell uname -m),x86_64)
ARCH_CROSS_COMPILE :=
ARCH_CROSS_PKG := gcc binutils
else
ARCH_CROSS_COMPILE := x86_64-linux-gnu-
ARCH_CROSS_PKG := gcc-x86-64-linux-gnu
endif
CLANG_TARGET := x86_64-unknown-none-elf
# No FP/SSE state in the hypervisor (nothing saves it on exceptions) and
# no red zone (exceptions push onto the interrupted stack). The image is
# linked below 2 GiB, so the small code model's 32-bit addresses reach it.
ARCH_CFLAGS := -m64 -mcmodel=small -mno-red-zone -mno-sse -mno-mmx \
	-mno-80387 -mgeneral-regs-only -fno-asynchronous-unwind-tables
# 4 KiB segment alignment keeps the multiboot header within the first
# 8 KiB of the file.
ARCH_LDFLAGS := -m elf_x86_64 -z max-page-size=0x1000
# QEMU -kernel loads multiboot images only from an ELF32: the same
# contents with 32-bit ELF headers.
ARCH_IMAGE := vireo.elf32
ARCH_IMAGE_FLAGS := -O elf32-i386
