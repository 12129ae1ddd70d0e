# SPDX-License-Identifier: MIT
# The test guests (CONFIG_VM_TEST_GUESTS): the arch-neutral bodies and the
# arch's runtime, compiled by the image's own rules and compiler (gcc or
# LLVM=1), linked at the guest's address and made a flat binary that
# core/test_guests_bin.S embeds. $(objtree)/tests/guests/guest.elf keeps
# the symbols (the boot test reads isolation_probe_insn from it).
# The arch's guest.mk names its runtime's files (guest-arch-src, in its
# directory) and its UART's model (guest-uart: pl011 or ns16550).
include $(srctree)/tests/guests/arch/$(ARCH)/guest.mk
guest-src := tests/guests/lib.c tests/guests/tests.c tests/guests/fdt.c \
	tests/guests/$(guest-uart).c \
	tests/guests/passthrough.c \
	$(addprefix tests/guests/arch/$(ARCH)/,$(guest-arch-src))
guest-objs := $(addprefix $(objtree)/,$(addsuffix .o,$(basename $(guest-src))))
guest-lds := $(srctree)/tests/guests/arch/$(ARCH)/guest.lds
guest-elf := $(objtree)/tests/guests/guest.elf
guest-bin := $(objtree)/tests/guests/guest.bin
$(foreach o,$(guest-src),$(eval cflags-$(basename $(o)).o := \
	-I$(srctree)/tests/guests -I$(srctree)/tests/guests/arch/$(ARCH)))

quiet_cmd_guest_ld = LD      $(call rel,$@)
      cmd_guest_ld = $(LD) -nostdlib -static -no-pie --build-id=none \
	-T $(guest-lds) -o $@ $(guest-objs)
quiet_cmd_guest_bin = OBJCOPY $(call rel,$@)
      cmd_guest_bin = $(OBJCOPY) -O binary $< $@

$(guest-elf): $(guest-objs) $(guest-lds) FORCE
	$(call if_changed,guest_ld)
$(guest-bin): $(guest-elf) FORCE
	$(call if_changed,guest_bin)
$(objtree)/core/test_guests_bin.o: $(guest-bin)

guest-targets := $(guest-objs) $(guest-elf) $(guest-bin)
