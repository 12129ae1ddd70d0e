# How to run qemu-microvm-x86_64: QEMU's microvm machine (no PCI; an
# ISA serial port, I/O APIC, PIT and RTC; qboot firmware, which loads
# -kernel's multiboot image), with AMD-V and nested paging (TCG), and the
# isa-debug-exit port for the exit status.
EMU := qemu-system-x86_64
EMU_PKG := qemu-system-x86
EMU_FLAGS := -M microvm -cpu qemu64,+svm,+npt -net none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
EMU_KERNEL := $(objtree)/vireo.elf32
EMU_EXIT := isa-debug-exit
