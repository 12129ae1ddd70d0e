# SPDX-License-Identifier: MIT
# The riscv64 test guests' runtime (tests/guests/guests.mk): QEMU virt's
# PLIC and 16550.
guest-arch-src := tests.c start.S plic.c
guest-uart := ns16550
