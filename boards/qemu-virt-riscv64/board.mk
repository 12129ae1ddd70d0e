# How to run qemu-virt-riscv64: QEMU's virt machine with OpenSBI (from
# qemu-system-data) entering Vireo in HS mode; the default CPU has H.
EMU := qemu-system-riscv64
EMU_PKG := qemu-system-misc
EMU_FLAGS := -M virt -bios default
EMU_KERNEL := $(objtree)/vireo.elf
EMU_EXIT := plain
