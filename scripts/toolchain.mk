# SPDX-License-Identifier: MIT
# Compiler selection. arch.mk provides ARCH_CROSS_COMPILE, ARCH_CROSS_PKG
# and CLANG_TARGET; LLVM=1 switches every tool to clang/lld/llvm-*.

ifeq ($(LLVM),)
CROSS_COMPILE ?= $(ARCH_CROSS_COMPILE)
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
SIZE := $(CROSS_COMPILE)size
toolchain-pkg := $(if $(CROSS_COMPILE),$(ARCH_CROSS_PKG),gcc binutils)
else
llvm-suffix := $(if $(filter 1,$(LLVM)),,$(LLVM))
CC := clang$(llvm-suffix) --target=$(CLANG_TARGET)
LD := ld.lld$(llvm-suffix)
OBJCOPY := llvm-objcopy$(llvm-suffix)
SIZE := llvm-size$(llvm-suffix)
toolchain-pkg := clang lld llvm
endif

# A missing tool is one line naming the Debian package.
$(foreach t,$(firstword $(CC)) $(LD) $(OBJCOPY),\
  $(if $(shell command -v $(t)),,\
    $(error vireo: '$(t)' not found; install it: apt-get install $(toolchain-pkg))))
