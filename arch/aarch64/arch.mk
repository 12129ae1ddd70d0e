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
