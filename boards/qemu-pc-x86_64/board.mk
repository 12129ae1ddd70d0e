# How to run qemu-pc-x86_64: QEMU's pc machine (i440FX + PIIX, SeaBIOS)
# with AMD-V and nested paging (TCG), multiboot from -kernel, and the
# isa-debug-exit port for the exit status.
EMU := qemu-system-x86_64
EMU_PKG := qemu-system-x86
EMU_FLAGS := -M pc -cpu qemu64,+svm,+npt -net none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
EMU_KERNEL := $(objtree)/vireo.elf32
EMU_EXIT := isa-debug-exit
