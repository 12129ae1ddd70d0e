# How to run qemu-virt-aarch64: QEMU's virt machine with EL2 and GICv2.
EMU := qemu-system-aarch64
EMU_PKG := qemu-system-arm
EMU_FLAGS := -M virt,virtualization=on,gic-version=2 -cpu cortex-a57 \
	-semihosting-config enable=on,target=native
EMU_KERNEL := $(objtree)/vireo.bin
EMU_EXIT := plain
# QEMU virt's RAM starts here (the Image is placed relative to it).
EMU_RAM_BASE := 0x40000000
