# SPDX-License-Identifier: MIT
#
# Vireo top-level Makefile: a small Kbuild.
#
#   make <board>_defconfig     configure for a board (make help lists them)
#   make                       build $(O)/vireo.elf and the board's image
#   make run / make debug      boot it in the board's emulator
#   make check                 every test
#
# Variables: O=dir (out-of-tree), V=1 (full commands), CROSS_COMPILE=,
# LLVM=1 (clang + lld), MEM= SMP= RUN_ARGS= (for run/debug).

VERSION := 0.1.0

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:
.DELETE_ON_ERROR:

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
O ?= .
objtree := $(abspath $(O))
export srctree objtree

ifeq ($(V),1)
  Q :=
else
  Q := @
endif

KCONFIG_CONFIG ?= $(objtree)/.config
export KCONFIG_CONFIG

# The Python that can import kconfiglib (pyenv's python3 often cannot).
PYTHON = $(eval PYTHON := $(shell $(srctree)/scripts/find-python.sh || echo false))$(PYTHON)

default-board := qemu-virt-aarch64
boards := $(sort $(patsubst %_defconfig,%,$(notdir $(wildcard $(srctree)/defconfigs/*_defconfig))))

no-config-goals := help clean distclean check bench mrproper
config-goals := $(filter %config,$(MAKECMDGOALS))
build-goals := $(filter-out $(no-config-goals) %config,$(MAKECMDGOALS))

PHONY := all FORCE
all:

ifneq ($(config-goals),)
ifneq ($(filter-out %config,$(MAKECMDGOALS)),)
# "make foo_defconfig all": one goal after the other, like Kbuild.
mixed-goals := 1
endif
endif

ifdef mixed-goals
PHONY += __sequential
$(MAKECMDGOALS): __sequential
	@:
__sequential:
	$(Q)set -e; for g in $(MAKECMDGOALS); do \
		$(MAKE) -f $(srctree)/Makefile $$g; done
else

# ---------------------------------------------------------------------------
# Configuration
kconfig = cd $(objtree) && srctree=$(srctree) $(PYTHON) $(srctree)/scripts/kconfig.py $(srctree)/Kconfig
kconfig-mod = cd $(objtree) && srctree=$(srctree) $(PYTHON) -m

PHONY += defconfig menuconfig guiconfig oldconfig olddefconfig savedefconfig listnewconfig
%_defconfig: | $(objtree)/
	$(Q)test -f $(srctree)/defconfigs/$@ || \
		{ echo "vireo: no board '$*' (make help lists the boards)" >&2; exit 1; }
	$(Q)$(kconfig) defconfig $(srctree)/defconfigs/$@

ifeq ($(DEFCONFIG),)
defconfig: $(default-board)_defconfig
else
defconfig: | $(objtree)/
	$(Q)$(kconfig) defconfig $(DEFCONFIG)
endif

olddefconfig: | $(objtree)/
	$(Q)$(kconfig) olddefconfig

savedefconfig: | $(objtree)/
	$(Q)$(kconfig) savedefconfig $(objtree)/defconfig

menuconfig guiconfig oldconfig listnewconfig: | $(objtree)/
	$(Q)$(kconfig-mod) $@ $(srctree)/Kconfig

# KCONFIG_SEED=n repeats a randconfig; KCONFIG_ALLCONFIG=file keeps the
# values it gives (as in Linux).
PHONY += randconfig allnoconfig allyesconfig alldefconfig
randconfig: | $(objtree)/
	$(Q)$(kconfig) randconfig

allnoconfig allyesconfig alldefconfig: | $(objtree)/
	$(Q)$(kconfig-mod) $@ $(srctree)/Kconfig

$(objtree)/:
	$(Q)mkdir -p $@

# ---------------------------------------------------------------------------
# Build
ifneq ($(build-goals)$(if $(MAKECMDGOALS),,all),)

autoconf := $(objtree)/include/generated/autoconf.h
auto-conf := $(objtree)/include/config/auto.conf

ifeq ($(wildcard $(KCONFIG_CONFIG)),)
$(error vireo: no configuration in $(objtree); run 'make <board>_defconfig' or 'make defconfig' first (make help lists boards))
endif

include $(auto-conf)
-include $(objtree)/include/config/auto.conf.cmd

# Any change to .config or a Kconfig file refreshes auto.conf, autoconf.h
# and the per-symbol files under include/config/ that fixdep points at.
$(auto-conf): $(KCONFIG_CONFIG) $(kconfig-files)
	@echo "  SYNC    include/config/auto.conf"
	$(Q)$(kconfig) syncconfig $(objtree)/include/config $(autoconf)
	$(Q)touch $@

$(autoconf): $(auto-conf)

ARCH := $(patsubst "%",%,$(CONFIG_ARCH))
BOARD := $(patsubst "%",%,$(CONFIG_BOARD))

ifneq ($(ARCH),)
include $(srctree)/arch/$(ARCH)/arch.mk
include $(srctree)/boards/$(BOARD)/board.mk
include $(srctree)/scripts/toolchain.mk
include $(srctree)/scripts/build.mk
endif

endif # build goals

# ---------------------------------------------------------------------------
# Tests, cleaning, help

PHONY += check bench clean distclean mrproper help
check:
	$(Q)$(srctree)/scripts/check.sh

bench:
	$(Q)$(srctree)/scripts/bench.sh

clean:
	$(Q)test ! -d $(objtree) || find $(objtree) \
		\( -name '*.o' -o -name '.*.cmd' -o -name '*.d' -o -name '*.lds' -o -name asm-offsets.s \) \
		-not -path '*/.git/*' -not -path '$(srctree)/tests/*' -delete
	$(Q)rm -f $(addprefix $(objtree)/,vireo.elf vireo.bin vireo.elf32 vireo.map builtin.dtb .builtin.dtb.cmd \
		compile_commands.json .vireo.elf.cmd .vireo.bin.cmd .vireo.elf32.cmd \
		vireo.iso iso.log bochsrc bochs.log bochs.out serial.log \
		tests/guests/guest.elf tests/guests/guest.bin)
	$(Q)rm -rf $(objtree)/iso-root
	$(Q)rm -rf $(objtree)/tests-out

distclean mrproper: clean
	$(Q)rm -rf $(objtree)/include/config $(objtree)/include/generated
	$(Q)rm -f $(KCONFIG_CONFIG) $(KCONFIG_CONFIG).old $(objtree)/defconfig

help:
	@echo 'Configuration:'
	@echo '  <board>_defconfig - configure for a board (see below)'
	@echo '  defconfig         - configure for the default board ($(default-board))'
	@echo '                      or from DEFCONFIG=path/to/file'
	@echo '  menuconfig        - change the configuration in a terminal UI'
	@echo '  guiconfig         - the same in a Tk window (needs python3-tk)'
	@echo '  oldconfig         - ask about new symbols only'
	@echo '  olddefconfig      - take defaults for new symbols'
	@echo '  savedefconfig     - write the minimal config to $$(O)/defconfig'
	@echo '  listnewconfig     - list symbols the .config does not set yet'
	@echo '  randconfig        - random choices (KCONFIG_SEED=n repeats one,'
	@echo '                      KCONFIG_ALLCONFIG=file keeps its values)'
	@echo '  allnoconfig       - every option off that can be'
	@echo '  allyesconfig      - every option on that can be'
	@echo '  alldefconfig      - every option at its default'
	@echo
	@echo 'Build and run:'
	@echo '  all               - build vireo.elf and the board image (default)'
	@echo '  run               - boot the image in the board emulator; fails unless status 0'
	@echo '                      (status N: last line "vireo: run: status N", $$(O)/run.status)'
	@echo '  debug             - the same, waiting for gdb (prints the gdb command)'
	@echo '  compile_commands.json - for clangd and other tools (also built by all)'
	@echo
	@echo 'Tests and cleaning:'
	@echo '  check             - unit, Kconfig, build and boot tests'
	@echo '  bench             - per board: sizes, build time, instructions to ready, VM exits'
	@echo '                      (SMP=n, BENCH_BOARDS="a b"; docs/performance.md)'
	@echo '  clean             - remove build products, keep .config'
	@echo '  distclean         - remove .config and generated files too'
	@echo
	@echo 'Boards:'
	@$(foreach b,$(boards),echo '  $(b)_defconfig';)
	@echo
	@echo 'Variables:'
	@echo '  O=dir             - build in dir, keep the source tree clean'
	@echo '  V=1               - print full command lines'
	@echo '  CROSS_COMPILE=pfx - GCC toolchain prefix (default per architecture)'
	@echo '  LLVM=1            - build with clang and ld.lld (LLVM=-14: versioned names)'
	@echo '  MEM=256M SMP=1    - memory size and CPU count for run and debug'
	@echo '                      (a board may change the defaults: EMU_MEM, EMU_SMP)'
	@echo '  RUN_ARGS="..."    - extra emulator options for run and debug'
	@echo '                      (Bochs boards: bochsrc lines, ; between them)'
	@echo '  RUN_TIMEOUT=60    - seconds before run gives up (Bochs boards)'
	@echo '  GDB_PORT=1234     - gdb server port for debug'

endif # mixed-goals

.PHONY: $(PHONY)
FORCE:
