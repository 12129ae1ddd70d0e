# riscv64: toolchain and image facts for the top Makefile.
ARCH_CROSS_COMPILE := riscv64-linux-gnu-
ARCH_CROSS_PKG := gcc-riscv64-linux-gnu
CLANG_TARGET := riscv64-unknown-elf
# No FP in the hypervisor (so no F/D state to save around guests): rv64imac
# with the soft-float ABI. GCC 12 needs Zicsr/Zifencei spelled out for csr*
# and fence.i; clang 14 rejects those names but implies them.
# -mno-relax: ld.lld 14 cannot do RISC-V linker relaxation, and without it
# nothing relies on gp, so head.S need not set it.
ARCH_CFLAGS := -march=rv64imac$(if $(LLVM),,_zicsr_zifencei) -mabi=lp64 \
	-mcmodel=medany -mno-relax
ARCH_LDFLAGS :=
# QEMU -kernel and OpenSBI take the ELF as it is.
ARCH_IMAGE :=
ARCH_IMAGE_FLAGS :=
