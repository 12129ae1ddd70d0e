# SPDX-License-Identifier: MIT
# The build proper: collect objects from per-directory Makefiles, compile,
# link, make the board image, run it. Included by the top Makefile once
# .config is known.

pound := \#
squote := '
comma := ,

# What the architecture requires of the board (arch.mk's ARCH_CHECK: one
# line naming the broken rule, read now that board.mk is).
arch-check := $(strip $(ARCH_CHECK))
ifneq ($(arch-check),)
$(error vireo: $(arch-check))
endif

# ---------------------------------------------------------------------------
# Object lists. A directory Makefile is a list:
#   obj-y += foo.o          always
#   obj-$(CONFIG_BAR) += bar.o
#   obj-y += subdir/        descend
#   CFLAGS_foo.o := ...     extra flags for one object
define read-dir
obj-y :=
$(foreach v,$(filter CFLAGS_%,$(.VARIABLES)),$(eval undefine $(v)))
include $(srctree)/$(1)/Makefile
objs-in-$(1) := $$(addprefix $(1)/,$$(filter %.o,$$(obj-y)))
dirs-in-$(1) := $$(addprefix $(1)/,$$(patsubst %/,%,$$(filter %/,$$(obj-y))))
$$(foreach o,$$(filter %.o,$$(obj-y)),$$(eval cflags-$(1)/$$(o) := $$(CFLAGS_$$(o))))
endef

collect = $(eval $(call read-dir,$(1)))$(objs-in-$(1)) \
	$(foreach d,$(dirs-in-$(1)),$(call collect,$(d)))

top-dirs := arch/$(ARCH) hal lib drivers core
obj-rel := $(strip $(foreach d,$(top-dirs),$(call collect,$(d))))
objs := $(addprefix $(objtree)/,$(obj-rel))
ifdef CONFIG_VM_TEST_GUESTS
include $(srctree)/tests/guests/guests.mk
endif

# ---------------------------------------------------------------------------
# Flags
VIREO_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -fno-common \
	-fno-stack-protector -fno-pie -fno-pic -fno-strict-aliasing \
	-O2 -g -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -fdiagnostics-color=never \
	-fmacro-prefix-map=$(srctree)/= \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I$(srctree)/include -I$(srctree)/hal/include \
	-I$(srctree)/arch/$(ARCH)/include -I$(srctree)/lib/libfdt \
	-I$(objtree)/include \
	-include $(autoconf) $(ARCH_CFLAGS) $(KCFLAGS)
VIREO_AFLAGS := -D__ASSEMBLY__ $(filter-out -std=gnu11 -Wstrict-prototypes \
	-Wmissing-prototypes,$(VIREO_CFLAGS))
VIREO_LDFLAGS := -nostdlib -static -no-pie --no-dynamic-linker \
	--build-id=none $(ARCH_LDFLAGS)

rel = $(patsubst $(objtree)/%,%,$(1))
# The generated assembly offsets (below)
asm-offsets := $(objtree)/include/generated/asm-offsets.h
asm-offsets-s := $(objtree)/arch/$(ARCH)/asm-offsets.s

src-of = $(patsubst $(objtree)/%,$(srctree)/%,$(1))

# ---------------------------------------------------------------------------
# Kbuild-style command machinery: quiet/verbose echo, and rebuild when the
# command line changed even if no file did (saved in .<target>.cmd).
cmdfile = $(dir $@).$(notdir $@).cmd
depfile = $(dir $@).$(notdir $@).d
str-ne = $(subst $(strip $(1)),,$(strip $(2)))$(subst $(strip $(2)),,$(strip $(1)))
changed = $(filter-out FORCE,$?)$(call str-ne,$(savedcmd_$@),$(cmd_$(1)))
esc-cmd = $(subst $(squote),'\'',$(subst $(pound),$$(pound),$(subst $$,$$$$,$(cmd_$(1)))))
ifeq ($(V),1)
echo-cmd = echo '$(esc-cmd)';
else
echo-cmd = $(if $(quiet_cmd_$(1)),echo '  $(call esc-quiet,$(1))';)
esc-quiet = $(subst $(squote),'\'',$(quiet_cmd_$(1)))
endif

# if_changed: run cmd_$(1) when a prerequisite is newer or the command changed
if_changed = $(if $(changed),@set -e; mkdir -p $(dir $@); $(echo-cmd) $(cmd_$(1)); \
	printf '%s\n' 'savedcmd_$@ := $(esc-cmd)' > $(cmdfile),@:)
# if_changed_dep: the same, recording header and CONFIG_ dependencies too
if_changed_dep = $(if $(changed),@set -e; mkdir -p $(dir $@); $(echo-cmd) $(cmd_$(1)); \
	$(srctree)/scripts/fixdep.sh $(depfile) $@ $< $(objtree) '$(esc-cmd)' > $(cmdfile); \
	rm -f $(depfile),@:)

c_flags = $(VIREO_CFLAGS) $(cflags-$(call rel,$@)) -MMD -MF $(depfile)
a_flags = $(VIREO_AFLAGS) $(cflags-$(call rel,$@)) -MMD -MF $(depfile)

quiet_cmd_cc = CC      $(call rel,$@)
      cmd_cc = $(CC) $(c_flags) -c -o $@ $<
quiet_cmd_as = AS      $(call rel,$@)
      cmd_as = $(CC) $(a_flags) -c -o $@ $<
quiet_cmd_cpp_lds = LDS     $(call rel,$@)
      cmd_cpp_lds = $(CC) $(a_flags) -E -P -x c -o $@ $<
quiet_cmd_ld = LD      $(call rel,$@)
      cmd_ld = $(LD) $(VIREO_LDFLAGS) -T $(lds) -Map $(objtree)/vireo.map -o $@ $(objs)

$(objtree)/%.o: $(srctree)/%.c FORCE | $(autoconf)
	$(call if_changed_dep,cc)

# Assembly may include the generated offsets: they exist before any is
# built, and -MMD then records which files do.
$(objtree)/%.o: $(srctree)/%.S FORCE | $(autoconf) $(asm-offsets)
	$(call if_changed_dep,as)

lds := $(objtree)/arch/$(ARCH)/vireo.lds
$(lds): $(srctree)/arch/$(ARCH)/vireo.lds.S FORCE | $(autoconf) $(asm-offsets)
	$(call if_changed_dep,cpp_lds)

# ---------------------------------------------------------------------------
# Assembly offsets of C structures: arch/$(ARCH)/asm-offsets.c compiled to
# assembly, its "@@asm-offset SYM value" markers (vireo/asm_offsets.h)
# made into #defines. Its .cmd file records the headers it read, so a
# changed structure regenerates the header and rebuilds its users.

quiet_cmd_cc_s = CC      $(call rel,$@)
      cmd_cc_s = $(CC) $(c_flags) -S -o $@ $<
quiet_cmd_offsets = GEN     $(call rel,$@)
      cmd_offsets = { echo '/* Generated from $(call rel,$<): do not edit. */'; \
	echo '$(pound)ifndef GENERATED_ASM_OFFSETS_H'; \
	echo '$(pound)define GENERATED_ASM_OFFSETS_H'; \
	sed -n 's/.*@@asm-offset \([A-Za-z0-9_]*\) \([0-9]*\).*/$(pound)define \1 \2/p' $<; \
	echo '$(pound)endif'; } > $@

$(asm-offsets-s): $(srctree)/arch/$(ARCH)/asm-offsets.c FORCE | $(autoconf)
	$(call if_changed_dep,cc_s)

$(asm-offsets): $(asm-offsets-s) FORCE
	$(call if_changed,offsets)

$(objtree)/vireo.elf: $(objs) $(lds) FORCE
	$(call if_changed,ld)

# The board image (ARCH_IMAGE from arch.mk: vireo.bin, vireo.elf32, ...)
all: $(objtree)/vireo.elf $(if $(ARCH_IMAGE),$(objtree)/$(ARCH_IMAGE)) \
	$(objtree)/compile_commands.json

# every object the build compiles, the test guests' too
$(objtree)/compile_commands.json: $(objs) $(guest-objs) $(srctree)/scripts/gen_compile_commands.py
	$(Q)$(PYTHON) $(srctree)/scripts/gen_compile_commands.py $@ $(objs) $(guest-objs)

cmd-files := $(wildcard $(foreach f,$(objs) $(guest-targets) $(lds) $(asm-offsets-s) $(asm-offsets) \
	$(objtree)/vireo.elf $(objtree)/builtin.dtb $(objtree)/vm-config.dtb \
	$(objtree)/$(ARCH_IMAGE),$(dir $(f)).$(notdir $(f)).cmd))
-include $(cmd-files)

# ---------------------------------------------------------------------------
# Running under the board's emulator (board.mk: EMU, EMU_PKG, EMU_FLAGS,
# EMU_KERNEL, EMU_EXIT, and EMU_MEM/EMU_SMP for the defaults of MEM/SMP).
MEM ?= $(or $(EMU_MEM),256M)
SMP ?= $(or $(EMU_SMP),1)
GDB_PORT ?= 1234
ifeq ($(EMU),bochs)
# Bochs has no -kernel and no exit status: scripts/run-bochs.sh takes the
# same options, boots the image from a GRUB ISO made in $(objtree) and
# reads the status from the serial log. RUN_ARGS are bochsrc lines, with
# ';' between them.
emu-cmd = $(strip $(srctree)/scripts/run-bochs.sh -o $(objtree) $(EMU_FLAGS) \
	-m $(MEM) -smp $(SMP) -kernel $(EMU_KERNEL) \
	$(if $(RUN_TIMEOUT),-timeout $(RUN_TIMEOUT)) $(if $(RUN_ARGS),'$(RUN_ARGS)'))
else
emu-cmd = $(EMU) $(EMU_FLAGS) -m $(MEM) -smp $(SMP) -nographic -no-reboot \
	-kernel $(EMU_KERNEL) $(RUN_ARGS)
endif

PHONY += run debug
run: all
	@echo "  RUN     $(emu-cmd)"
	$(Q)$(srctree)/scripts/run.sh -o $(objtree) "$(EMU_EXIT)" "$(EMU_PKG)" $(emu-cmd)

ifeq ($(EMU),bochs)
# Debian builds Bochs with its own debugger, which excludes the gdb stub.
debug:
	@echo "vireo: make debug: not supported on board $(BOARD) (Bochs has no gdb stub; its own debugger: bochs -f $(objtree)/bochsrc after make run)" >&2
	@exit 1
else
debug: all
	@echo "  DEBUG   $(emu-cmd) -S -gdb tcp::$(GDB_PORT)"
	@echo "  In another terminal:"
	@echo "    gdb-multiarch -ex 'target remote :$(GDB_PORT)' $(objtree)/vireo.elf"
	$(Q)$(srctree)/scripts/run.sh -o $(objtree) "$(EMU_EXIT)" "$(EMU_PKG)" $(emu-cmd) -S -gdb tcp::$(GDB_PORT)
endif

# ---------------------------------------------------------------------------
# Board image made from vireo.elf (arch.mk: ARCH_IMAGE, ARCH_IMAGE_FLAGS)
ifneq ($(ARCH_IMAGE),)
quiet_cmd_image = OBJCOPY $(call rel,$@)
      cmd_image = $(OBJCOPY) $(ARCH_IMAGE_FLAGS) $< $@
$(objtree)/$(ARCH_IMAGE): $(objtree)/vireo.elf FORCE
	$(call if_changed,image)
endif

# ---------------------------------------------------------------------------
# The built-in device tree: a dts/ name, or a .dts/.dtb path (Kconfig
# BUILTIN_DTB_SOURCE), becomes $(objtree)/builtin.dtb for hal/builtin_dtb.S.
ifdef CONFIG_BUILTIN_DTB
dtb-src := $(patsubst "%",%,$(CONFIG_BUILTIN_DTB_SOURCE))
dtb-file := $(if $(filter %.dts %.dtb,$(dtb-src)),$(if $(filter /%,$(dtb-src)),$(dtb-src),$(srctree)/$(dtb-src)),$(srctree)/dts/$(dtb-src).dts)
ifeq ($(wildcard $(dtb-file)),)
$(error vireo: CONFIG_BUILTIN_DTB_SOURCE: no such file: $(dtb-file))
endif
ifneq ($(filter %.dts,$(dtb-file)),)
ifeq ($(shell command -v dtc),)
$(error vireo: 'dtc' not found; install it: apt-get install device-tree-compiler)
endif
quiet_cmd_dtb = DTC     $(call rel,$@)
      cmd_dtb = dtc -q -I dts -O dtb -o $@ $<
else
quiet_cmd_dtb = COPY    $(call rel,$@)
      cmd_dtb = cp $< $@
endif
$(objtree)/builtin.dtb: $(dtb-file) FORCE
	$(call if_changed,dtb)
$(objtree)/hal/builtin_dtb.o: $(objtree)/builtin.dtb
endif

# The VM configuration (Kconfig VM_CONFIG): a configs/vms/ name or a .dts
# path, compiled into $(objtree)/vm-config.dtb for core/vm_config_blob.S.
vm-config-src := $(patsubst "%",%,$(CONFIG_VM_CONFIG))
ifneq ($(vm-config-src),)
vm-config-file := $(if $(filter %.dts,$(vm-config-src)),$(if $(filter /%,$(vm-config-src)),$(vm-config-src),$(srctree)/$(vm-config-src)),$(srctree)/configs/vms/$(vm-config-src).dts)
ifeq ($(wildcard $(vm-config-file)),)
$(error vireo: CONFIG_VM_CONFIG: no such file: $(vm-config-file))
endif
quiet_cmd_vm_config = DTC     $(call rel,$@)
      cmd_vm_config = dtc -q -I dts -O dtb -o $@ $<
$(objtree)/vm-config.dtb: $(vm-config-file) FORCE
	$(call if_changed,vm_config)
$(objtree)/core/vm_config_blob.o: $(objtree)/vm-config.dtb
endif
