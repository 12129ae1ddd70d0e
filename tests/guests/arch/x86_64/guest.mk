# SPDX-License-Identifier: MIT
# The x86_64 test guests' runtime (tests/guests/guests.mk): PVH entry to
# long mode, the local APIC and the IDT; a PC's 16550 at port 0x3f8.
guest-arch-src := tests.c start.S lapic.c
guest-uart := ns16550
