# How to run bochs-x86_64: Bochs' i440FX PC with a Skylake-X CPU (VT-x
# with EPT, x2APIC), booted from a GRUB ISO that multiboot-loads the
# image; scripts/run-bochs.sh makes the ISO and the bochsrc in $(objtree).
EMU := bochs
EMU_PKG := bochs
EMU_FLAGS := -cpu corei7_skylake_x
EMU_KERNEL := $(objtree)/vireo.elf32
EMU_EXIT := serial-log
# What the CPU model offers that the boot log shows (its flags cannot say).
EMU_CPU_HAS := vmx ept x2apic
