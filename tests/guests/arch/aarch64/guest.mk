# SPDX-License-Identifier: MIT
# The aarch64 test guests' runtime (tests/guests/guests.mk): QEMU virt's
# GICv2 and PL011.
guest-arch-src := tests.c start.S gic.c
guest-uart := pl011
